"""Answers, sections and reports -> Discord embeds and text, never past a Discord limit.

Pure functions: knowledge in, `discord.Embed` / `str` out, no I/O, so every limit is unit-tested.
"""

from __future__ import annotations

import math
import re
import time
from collections.abc import Mapping, Sequence

import discord
from discord.utils import escape_markdown, escape_mentions

import knowledge
from bot.cluster.state import Process

CONTENT = 2000
TITLE = 256
DESCRIPTION = 4096
FOOTER = 1024  # Discord allows 2048; less keeps title + description + footer under 6000
FIELD_NAME = 256
FIELD_VALUE = 1024
FIELDS = 25
EMBED_TOTAL = 6000
LABEL = 80
CHOICE = 100
ELLIPSIS = "…"
ANSWERED = discord.Colour(0x5865F2)
DECLINED = discord.Colour(0x99AAB5)
PAGE_LINES = 20
_SENTENCE_END = re.compile(r"[.!?…][\"”’')\]]*(?=\s)")


def _cut(text: str, room: int) -> str:
    """The longest prefix within `room` ending at a sentence end, else at a word break."""
    ends = [m.end() for m in _SENTENCE_END.finditer(text[: room + 1]) if m.end() <= room]
    if ends and ends[-1] >= room // 3:
        return text[: ends[-1]]
    space = text.rfind(" ", 0, room + 1)
    head = text[:space] if space >= room // 3 else text[:room]
    return head.rstrip("\\ ")


def clip(text: str, limit: int, link: str | None = None) -> str:
    """`text` within `limit`: cut at a sentence boundary, marked with … and the link if given."""
    if len(text) <= limit:
        return text
    tail = f" {ELLIPSIS}" + (f" [read on]({link})" if link else "")
    if len(tail) >= limit // 2:
        tail = f" {ELLIPSIS}"
    return _cut(text, limit - len(tail)) + tail


def plain(text: str) -> str:
    """Text from a user or a source, escaped so it can neither format nor mention."""
    return escape_mentions(escape_markdown(text))


def quote(
    text: str,
    limit: int,
    link: str | None = None,
    markup: str = "text",
    references: Mapping[str, str] | None = None,
) -> str:
    """A verbatim excerpt as a block quote.

    Plain text is shown as written (markdown escaped), its hard-wrapped lines joined. A Markdown or
    reStructuredText excerpt is shown as its author meant it: prose quoted with its links
    as links, code blocks (and tables) as code blocks; cut at a sentence or line, never past
    `limit`.
    """
    if markup == "text":
        body = escape_markdown(knowledge.unwrapped(text))
        lines = body.count("\n") + 1
        body = clip(body, limit - 2 * lines, link)
        return "\n".join(f"> {line}" for line in body.split("\n"))
    shown = knowledge.segments(text, markup, references)
    return _fit([_shown(s) for s in shown], limit, link)


def _shown(segment: knowledge.Segment) -> tuple[str, str]:
    """("text" | "code", what Discord is sent) for one segment of an excerpt."""
    if segment.kind == "code":
        return "code", segment.text.replace("```", "ˋˋˋ")
    runs = []
    for run, target in knowledge.links(segment.text):
        label = escape_mentions(run.replace("||", "|\u200b|"))
        if target is not None and target.web:
            label = f"[{label.replace('[', '(').replace(']', ')')}]({target.url})"
        runs.append(label)
    return "text", "".join(runs)


def _fit(parts: list[tuple[str, str]], limit: int, link: str | None) -> str:
    """Quoted prose and fenced code, whole parts while they fit, the next one cut."""
    tail = f"{ELLIPSIS} [read on]({link})" if link and len(link) < limit // 3 else ELLIPSIS
    out: list[str] = []
    used = 0
    for number, (kind, body) in enumerate(parts):
        whole = _block(kind, body)
        last = number == len(parts) - 1
        room = limit - used - (0 if last else len(tail) + 1)
        if len(whole) <= room:
            out.append(whole)
            used += len(whole) + 1
            continue
        room = limit - used - len(tail) - 1
        if kind == "text" and room > 20:
            out.append(_block(kind, clip(body, room - 2 * (body.count("\n") + 1))))
        elif kind == "code" and room > 20:
            kept = body[: room - 12].rsplit("\n", 1)[0]
            out.append(_block(kind, kept + "\n" + ELLIPSIS))
        out.append(tail)
        break
    return "\n".join(out)[:limit]


def _block(kind: str, body: str) -> str:
    if kind == "code":
        return f"```\n{body}\n```"
    return "\n".join(f"> {line}" for line in body.split("\n"))


def question_line(question: str) -> str:
    """The echoed question above an answer: escaped, no mention can ping through it."""
    return clip(f"**Q:** {plain(' '.join(question.split()))}", CONTENT)


def _attribution(kb: knowledge.KnowledgeBase, titles: Sequence[str]) -> str:
    docs = [d for t in dict.fromkeys(titles) if (d := kb.document(t)) is not None]
    return clip("Source: " + "; ".join(d.attribution for d in docs), FOOTER) if docs else ""


def _embed(title: str, url: str | None, description: str, colour: discord.Colour) -> discord.Embed:
    return discord.Embed(
        title=clip(title, TITLE), url=url or None, description=description, colour=colour
    )


def citation(excerpt: knowledge.Excerpt) -> str:
    """document › section path, as people read it."""
    return " › ".join((excerpt.document, *excerpt.path))


def _source(kb: knowledge.KnowledgeBase, title: str) -> tuple[str, dict[str, str]]:
    """How the named document is written: `quote`'s markup and references."""
    return knowledge.written(kb.document(title))


def answer_embed(kb: knowledge.KnowledgeBase, answer: knowledge.Answer) -> discord.Embed:
    """The best excerpt verbatim, its citation linking to the section, attribution below."""
    best = answer.excerpts[0]
    shown = quote(best.text, DESCRIPTION, best.url, *_source(kb, best.document))
    embed = _embed(citation(best), best.url, shown, ANSWERED)
    embed.set_footer(text=_attribution(kb, [best.document]))
    return embed


def more_embed(kb: knowledge.KnowledgeBase, answer: knowledge.Answer) -> discord.Embed:
    """The next excerpts (after the first), one field each, within the 6000 total."""
    rest = answer.excerpts[1:5]
    embed = _embed("More from the text", None, "", ANSWERED)
    if not rest:
        embed.description = "That was everything the text says about it."
    for excerpt in rest:
        link = f"\n[{clip(citation(excerpt), 200)}]({excerpt.url})"
        source = _source(kb, excerpt.document)
        value = quote(excerpt.text, FIELD_VALUE - len(link), excerpt.url, *source) + link
        if len(link) >= FIELD_VALUE // 2:
            value = quote(excerpt.text, FIELD_VALUE, None, *source)
        embed.add_field(name=clip(citation(excerpt), FIELD_NAME), value=value, inline=False)
    embed.set_footer(text=clip(_attribution(kb, [e.document for e in rest]), 512))
    return embed


def decline_embed(answer: knowledge.Answer) -> discord.Embed:
    """The honest "not in my knowledge", pointing at the closest topics."""
    text = "Not in my knowledge: the text I quote from doesn't say."
    if answer.suggestions:
        names = ", ".join(plain(s) for s in answer.suggestions)
        text += f"\nClosest topics: {names}."
    return _embed("Not in my knowledge", None, clip(text, DESCRIPTION), DECLINED)


def section_embed(kb: knowledge.KnowledgeBase, section: knowledge.Section) -> discord.Embed:
    """A section's extractive summary, quoted, with a link to read all of it."""
    try:
        text = kb.summary(section.id).text
    except KeyError:
        text = " ".join(s.text for s in section.sentences[:3])
    link = f"\n\n[Read the whole section]({section.url})" if section.url else ""
    if len(link) > 500:
        link = ""
    source = _source(kb, section.document)
    description = quote(text, DESCRIPTION - len(link), section.url or None, *source) + link
    embed = _embed(section.display_path, section.url, description, ANSWERED)
    embed.set_footer(text=_attribution(kb, [section.document]))
    return embed


def faq_embed(kb: knowledge.KnowledgeBase, entry: knowledge.FaqEntry) -> discord.Embed:
    """A FAQ entry: its question as the title, its verbatim answer quoted, cited."""
    section = kb.section(entry.section_id)
    url = section.url if section else None
    shown = quote(entry.answer, DESCRIPTION, url, *_source(kb, section.document if section else ""))
    embed = _embed(entry.question, url, shown, ANSWERED)
    if section is not None:
        embed.add_field(name="Cited from", value=clip(section.display_path, FIELD_VALUE))
        embed.set_footer(text=_attribution(kb, [section.document]))
    return embed


def topic_pages(topics: Sequence[knowledge.Section]) -> list[list[knowledge.Section]]:
    """Topics split into pages that fit one embed and one select menu (≤ 25 options)."""
    pages: list[list[knowledge.Section]] = [[]]
    size = 0
    for section in topics:
        line = len(section.display_path) + 8
        if len(pages[-1]) >= PAGE_LINES or size + line > DESCRIPTION - 200:
            pages.append([])
            size = 0
        pages[-1].append(section)
        size += line
    return pages


def topics_embed(
    kb: knowledge.KnowledgeBase, page: Sequence[knowledge.Section], number: int, total: int
) -> discord.Embed:
    """One page of the topic list."""
    lines = [f"• {plain(clip(s.display_path, 190))}" for s in page]
    embed = _embed("Topics I can quote", None, "\n".join(lines) or "No topics.", ANSWERED)
    hint = "Pick one below, or use /topic."
    embed.set_footer(text=f"Page {number + 1} of {total} · {len(kb.topics)} topics · {hint}")
    return embed


def help_embed(kb: knowledge.KnowledgeBase) -> discord.Embed:
    """What citebot knows, how to ask, and whose text it quotes."""
    counts = kb.counts()
    docs = ", ".join(plain(d.title) for d in kb.documents)
    knows = (
        f"{counts['documents']} document(s): {docs}\n"
        f"{counts['topics']} topics, {counts['faq']} FAQ entries"
    )
    how = (
        "`/ask question:` — I answer with a verbatim quote and where it comes from.\n"
        "Mention me with a question, or right-click a message › Apps › **Ask citebot**.\n"
        "`/topics` lists what I know; `/topic` shows one; `/faq show` finds a common question.\n"
        "When the text doesn't say, I say so instead of guessing."
    )
    embed = _embed("citebot", None, "I answer only by quoting my sources.", ANSWERED)
    embed.add_field(name="What I know", value=clip(knows, FIELD_VALUE), inline=False)
    embed.add_field(name="How to ask", value=how, inline=False)
    embed.set_footer(text=_attribution(kb, [d.title for d in kb.documents]))
    return embed


def _duration(seconds: float) -> str:
    minutes, secs = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    days, hours = divmod(hours, 24)
    return (f"{days}d " if days else "") + f"{hours}h {minutes}m {secs}s"


def status_embed(
    fingerprint: str, loaded_at: str, load_seconds: float, counts: dict[str, int],
    uptime: float, latency: float, meaning: str = "",
) -> discord.Embed:  # fmt: skip
    """Fingerprint, load time, counts, uptime and gateway latency, for moderators; and
    `meaning`, what the engine says of its optional sentence model."""
    ping = f"{latency * 1000:.0f} ms" if math.isfinite(latency) else "unknown"
    embed = _embed("citebot status", None, "", ANSWERED)
    embed.add_field(name="Knowledge", value=f"`{fingerprint}`, loaded {loaded_at}")
    embed.add_field(name="Load time", value=f"{load_seconds:.2f} s")
    embed.add_field(name="Counts", value=", ".join(f"{k} {v}" for k, v in counts.items()))
    embed.add_field(name="Uptime", value=_duration(uptime))
    embed.add_field(name="Latency", value=ping)
    if meaning:
        embed.add_field(name="Meaning", value=plain(meaning)[:1024], inline=False)
    return embed


def add_processes(
    embed: discord.Embed, shards: str, processes: Sequence[Process] | None, me: str
) -> None:
    """This process's shards, and every live process with the knowledge it serves."""
    embed.add_field(name="Shards", value=f"{shards} (this process)")
    if processes is None:
        embed.add_field(name="Processes", value="unknown: the database is unavailable")
        return
    now = time.time()
    lines = [
        f"{'**this** ' if p.id == me else ''}`{plain(p.host)}:{p.pid}` shards {p.shards}"
        f" · knowledge `{p.knowledge}` · {now - p.seen_at:.0f} s ago"
        for p in processes
    ]
    head = f"{len(processes)} alive\n"
    embed.add_field(
        name="Processes", value=clip(head + "\n".join(lines), FIELD_VALUE), inline=False
    )


def _changes(added: Sequence[str], removed: Sequence[str], limit: int) -> str:
    if not added and not removed:
        return "no change"
    parts = [f"+ {plain(x)}" for x in added] + [f"− {plain(x)}" for x in removed]
    head = f"{len(added)} added, {len(removed)} removed\n"
    return clip(head + "\n".join(parts), limit)


def reload_embed(
    old: str, new: str, seconds: float, changes: dict[str, tuple[Sequence[str], Sequence[str]]]
) -> discord.Embed:
    """What a reload changed: per kind, what was added and removed, and how long it took."""
    title = "Knowledge reloaded" if old != new else "Knowledge reloaded: nothing changed"
    text = f"`{old}` → `{new}` in {seconds:.2f} s"
    embed = _embed(title, None, text, ANSWERED)
    kinds = list(changes.items())[:FIELDS]
    room = min(FIELD_VALUE, (EMBED_TOTAL - 500) // max(len(kinds), 1) - FIELD_NAME // 4)
    for name, (added, removed) in kinds:
        embed.add_field(name=clip(name, 60), value=_changes(added, removed, room), inline=False)
    return embed


def problems_text(problems: Sequence[object], fingerprint: str, limit: int = 12) -> str:
    """A refused reload: the problems (file:line: reason) and what keeps serving."""
    lines = [f"• {plain(str(p))}" for p in problems[:limit]]
    if len(problems) > limit:
        lines.append(f"… and {len(problems) - limit} more (run `citebot check`).")
    head = f"Reload refused; the old knowledge (`{fingerprint}`) keeps serving. Problems:\n"
    return clip(head + "\n".join(lines), CONTENT)
