"""Moderator reports -> embeds: /stats, /unanswered and /settings, within Discord's limits."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import discord

from bot.feedback.reports import Group, Stats
from bot.state.servers import KEYS, ServerSettings
from bot.views.render import ANSWERED, DESCRIPTION, FIELD_VALUE, clip, plain

SHOWN_GROUPS = 10


def _ratio(up: int, down: int) -> str:
    votes = up + down
    return f"{up / votes:.0%} 👍" if votes else "no votes"


def stats_embed(stats: Stats) -> discord.Embed:
    """Questions, answered rate, votes, busiest sections and a per-day table."""
    embed = discord.Embed(title=f"citebot: the last {stats.days} days", colour=ANSWERED)
    embed.add_field(name="Questions", value=str(stats.questions))
    embed.add_field(name="Answered", value=f"{stats.answered} ({stats.answered_rate:.0%})")
    embed.add_field(
        name="Votes", value=f"👍 {stats.up} · 👎 {stats.down} · {_ratio(stats.up, stats.down)}"
    )
    busiest = "\n".join(f"{n} · {plain(clip(name, 120))}" for name, n in stats.sections)
    embed.add_field(
        name="Busiest sections", value=clip(busiest or "none yet", FIELD_VALUE), inline=False
    )
    rows = [f"{day}  {n:>5}  {answered / n:>4.0%}" for day, n, answered in stats.per_day[-31:]]
    table = (
        "```\nday          asked  answered\n" + "\n".join(rows) + "\n```" if rows else "none yet"
    )
    embed.add_field(
        name="Per day",
        value=table if len(table) <= FIELD_VALUE else "```\n" + "\n".join(rows[-20:]) + "\n```",
        inline=False,
    )
    return embed


def unanswered_embed(groups: Sequence[Group], days: int) -> discord.Embed:
    """The groups of unanswered questions, most frequent first, numbered like their buttons."""
    lines = []
    for number, g in enumerate(groups[:SHOWN_GROUPS], 1):
        why = ", ".join(
            part for part in (f"{g.declined} declined" if g.declined else "",
                              f"{g.downvoted} 👎" if g.downvoted else "") if part
        )  # fmt: skip
        others = len(g.phrasings) - 1
        also = f" (+{others} phrasing{'s' if others > 1 else ''})" if others else ""
        lines.append(f"**#{number}** ×{g.count} “{plain(clip(g.question, 200))}”{also} · {why}")
    text = "\n".join(lines) or "Nothing unanswered: every question got an answer nobody voted down."
    more = len(groups) - SHOWN_GROUPS
    if more > 0:
        text += f"\n… and {more} more groups (`citebot unanswered` lists them all)."
    embed = discord.Embed(
        title=f"Unanswered in the last {days} days",
        description=clip(text, DESCRIPTION),
        colour=ANSWERED,
    )
    embed.set_footer(text="Declined questions and answers voted 👎, grouped by similarity.")
    return embed


def _show(key: str, value: Any) -> str:
    if key == "answer_channels":
        return ", ".join(f"<#{c}>" for c in sorted(value)) or "none"
    if key == "moderator_roles":
        return ", ".join(f"<@&{r}>" for r in sorted(value)) or "none (Manage Server only)"
    if key == "threshold":
        return "the knowledge's own" if value is None else f"{value:.2f}"
    if key == "private":
        return "private" if value else "public"
    if key == "learn_confirmations":
        return "moderators only" if value == 0 else str(value)
    return str(value)


NAMES: Mapping[str, str] = {
    "answer_channels": "Answer channels",
    "moderator_roles": "Moderator roles",
    "private": "Replies",
    "cooldown_questions": "Cooldown: questions",
    "cooldown_seconds": "Cooldown: per seconds",
    "threshold": "Confidence threshold",
    "learn_confirmations": "Learning: askers' 👍 needed",
    "forum_topics": "Unsure forum posts",
}


def settings_embed(server: ServerSettings, note: str = "") -> discord.Embed:
    """Each setting in force here, marked as this server's own or config.yaml's default."""
    embed = discord.Embed(
        title="citebot settings for this server", description=note or None, colour=ANSWERED
    )
    for key in KEYS:
        where = "this server" if key in server.overridden else "default"
        value = clip(f"{_show(key, getattr(server, key))} ({where})", FIELD_VALUE)
        embed.add_field(name=NAMES[key], value=value)
    return embed
