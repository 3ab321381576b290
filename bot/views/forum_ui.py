"""The "✅ Solved" / "❌ Not it" buttons under a forum answer: only the post's author or a
moderator may press them. Their custom_id carries the answer key and the author's id, so
they keep working after a restart."""

from __future__ import annotations

import asyncio
import logging
import re
from typing import TYPE_CHECKING, Any, cast

import discord
from discord import ui

from bot.feedback import StoreUnavailable
from bot.views import render
from bot.views.checks import is_moderator
from bot.views.components import Guarded
from bot.views.kept import NOT_CONFIRMED, NOT_KEPT, WRITE_WAIT

if TYPE_CHECKING:
    from bot.app.client import Citebot

log = logging.getLogger("citebot.forum")
NONE = discord.AllowedMentions.none()
SOLVED_TAG = "solved"


def _bot(interaction: discord.Interaction) -> Citebot:
    return cast("Citebot", interaction.client)


async def _say(interaction: discord.Interaction, text: str) -> None:
    await interaction.response.send_message(text, ephemeral=True, allowed_mentions=NONE)


def _allowed(interaction: discord.Interaction, owner_id: int) -> bool:
    """The post's author, or a moderator of the server."""
    if interaction.user.id == owner_id:
        return True
    roles = _bot(interaction).servers.get(interaction.guild_id).moderator_roles
    return interaction.guild_id is not None and is_moderator(interaction, roles)


def solved_tag(thread: discord.Thread) -> discord.ForumTag | None:
    """The forum's "Solved" tag, if it has one (matched by name, case-insensitively)."""
    parent = thread.parent
    if not isinstance(parent, discord.ForumChannel):
        return None
    return next((t for t in parent.available_tags if t.name.casefold() == SOLVED_TAG), None)


async def apply_solved(thread: discord.Thread) -> bool:
    """Add the Solved tag (PATCH applied_tags); False, with one log line, if it can't."""
    tag = solved_tag(thread)
    if tag is None:
        return False
    if tag in thread.applied_tags:
        return True
    try:
        await thread.add_tags(tag, reason="solved, said the asker")
    except discord.HTTPException as exc:
        log.warning("could not tag post %s as solved (needs Manage Threads): %s", thread.id, exc)
        return False
    return True


class ForumButton(
    Guarded,
    ui.DynamicItem[ui.Button[Any]],
    template=r"cb:forum:(?P<what>ok|no):(?P<key>[0-9a-f]{12}):(?P<owner>[0-9]{1,20})",
):
    """✅ Solved or ❌ Not it, for the post's author (or a moderator)."""

    def __init__(self, what: str, key: str, owner_id: int) -> None:
        label, style = (
            ("✅ Solved", discord.ButtonStyle.success)
            if what == "ok"
            else ("❌ Not it", discord.ButtonStyle.secondary)
        )
        super().__init__(
            ui.Button(label=label, style=style, custom_id=f"cb:forum:{what}:{key}:{owner_id}")
        )
        self.what, self.key, self.owner_id = what, key, owner_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: ui.Item[Any], match: re.Match[str], /
    ) -> ForumButton:
        return cls(match["what"], match["key"], int(match["owner"]))

    async def run(self, interaction: discord.Interaction) -> None:
        if not _allowed(interaction, self.owner_id):
            await _say(interaction, "Only the post's author or a moderator can say that.")
            return
        bot = _bot(interaction)
        record = bot.feedback.confirm_answer if self.what == "ok" else bot.feedback.reject_answer
        try:
            await asyncio.wait_for(record(self.key, self.owner_id), WRITE_WAIT)
        except StoreUnavailable:
            await _say(interaction, NOT_KEPT.format(what="that"))
            return
        except TimeoutError:
            await _say(interaction, NOT_CONFIRMED.format(what="that"))
            return
        if self.what == "ok":
            answer = bot.recent.get(self.key)
            if answer is not None and interaction.guild_id is not None:  # the asker's own 👍
                moderator = is_moderator(
                    interaction, bot.servers.get(interaction.guild_id).moderator_roles
                )
                await bot.learned.confirm(interaction.guild_id, answer, self.owner_id, 1, moderator)
            thread = interaction.channel
            tagged = isinstance(thread, discord.Thread) and await apply_solved(thread)
            log.info("forum answer %s confirmed (tagged: %s)", self.key, tagged)
            await _say(
                interaction, "Glad it helped; marked as solved." if tagged else "Glad it helped."
            )
            return
        answer = bot.recent.get(self.key)
        if answer is None or len(answer.excerpts) < 2:
            await _say(interaction, "Thanks, noted; I have nothing closer to offer.")
            return
        await interaction.response.send_message(
            "Noted. The next closest passages:",
            embed=render.more_embed(bot.knowledge.kb, answer),
            allowed_mentions=NONE,
        )


def forum_view(key: str, owner_id: int) -> ui.View:
    """✅ Solved / ❌ Not it under a forum answer."""
    view = ui.View(timeout=None)
    view.add_item(ForumButton("ok", key, owner_id))
    view.add_item(ForumButton("no", key, owner_id))
    return view
