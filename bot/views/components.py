"""Buttons and select menus, as dynamic items: their custom_id carries what they need.

They keep working after a restart or a reload: a section is named by a short hash of its id,
and "More" / votes refer to a recent answer kept in memory (a friendly note if it has expired).
"""

from __future__ import annotations

import asyncio
import logging
import re
from typing import TYPE_CHECKING, Any, cast

import discord
from discord import ui

import knowledge
from bot.feedback import StoreUnavailable
from bot.views import render
from bot.views.checks import is_moderator
from bot.views.errors import GENERIC_ERROR, send_private
from bot.views.kept import NOT_CONFIRMED, NOT_KEPT, WRITE_WAIT
from bot.views.sections import find_section, section_key, suggested_sections

if TYPE_CHECKING:
    from bot.app.client import Citebot

log = logging.getLogger("citebot.components")
NONE = discord.AllowedMentions.none()


class Guarded:
    """Buttons and menus fail like commands do: logged, and a short private reply."""

    async def run(self, interaction: discord.Interaction) -> None:
        raise NotImplementedError

    async def callback(self, interaction: discord.Interaction) -> None:
        try:
            await self.run(interaction)
        except Exception:
            log.exception("component %s failed", getattr(self, "custom_id", "?"))
            await send_private(interaction, GENERIC_ERROR)


def _bot(interaction: discord.Interaction) -> Citebot:
    return cast("Citebot", interaction.client)


async def _reply(interaction: discord.Interaction, embed: discord.Embed) -> None:
    await interaction.response.send_message(embed=embed, ephemeral=True, allowed_mentions=NONE)


async def _show_section(interaction: discord.Interaction, key: str) -> None:
    kb = _bot(interaction).knowledge.kb
    section = find_section(kb, key)
    if section is None:
        await interaction.response.send_message(
            "That topic is no longer in my knowledge.", ephemeral=True, allowed_mentions=NONE
        )
        return
    await _reply(interaction, render.section_embed(kb, section))


class OpenSection(
    Guarded, ui.DynamicItem[ui.Button[Any]], template=r"cb:open:(?P<key>[0-9a-f]{12})"
):
    """Shows a section's summary (the "Open section" button and suggested topics)."""

    def __init__(self, key: str, label: str = "Open section") -> None:
        super().__init__(
            ui.Button(
                label=render.clip(label, render.LABEL),
                style=discord.ButtonStyle.secondary,
                custom_id=f"cb:open:{key}",
            )
        )
        self.key = key

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: ui.Item[Any], match: re.Match[str], /
    ) -> OpenSection:
        return cls(match["key"])

    async def run(self, interaction: discord.Interaction) -> None:
        await _show_section(interaction, self.key)


class MoreButton(
    Guarded, ui.DynamicItem[ui.Button[Any]], template=r"cb:more:(?P<key>[0-9a-f]{12})"
):
    """Shows the next excerpts of an answer."""

    def __init__(self, key: str) -> None:
        super().__init__(
            ui.Button(label="More", style=discord.ButtonStyle.primary, custom_id=f"cb:more:{key}")
        )
        self.key = key

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: ui.Item[Any], match: re.Match[str], /
    ) -> MoreButton:
        return cls(match["key"])

    async def run(self, interaction: discord.Interaction) -> None:
        bot = _bot(interaction)
        answer = bot.recent.get(self.key)
        if answer is None:
            await interaction.response.send_message(
                "That answer is too old to expand; please ask again.",
                ephemeral=True,
                allowed_mentions=NONE,
            )
            return
        await _reply(interaction, render.more_embed(bot.knowledge.kb, answer))


class VoteButton(
    Guarded,
    ui.DynamicItem[ui.Button[Any]],
    template=r"cb:vote:(?P<vote>up|down):(?P<key>[0-9a-f]{12})",
):
    """👍 / 👎 on an answer: one vote per user per answer, a second click replaces it."""

    def __init__(self, vote: str, key: str) -> None:
        emoji = "👍" if vote == "up" else "👎"
        super().__init__(
            ui.Button(
                emoji=emoji, style=discord.ButtonStyle.secondary, custom_id=f"cb:vote:{vote}:{key}"
            )
        )
        self.vote, self.key = vote, key

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: ui.Item[Any], match: re.Match[str], /
    ) -> VoteButton:
        return cls(match["vote"], match["key"])

    async def run(self, interaction: discord.Interaction) -> None:
        bot = _bot(interaction)
        value = 1 if self.vote == "up" else -1
        try:
            await asyncio.wait_for(
                bot.feedback.vote(self.key, interaction.user.id, value), WRITE_WAIT
            )
        except StoreUnavailable:
            text = NOT_KEPT.format(what="your vote")
        except TimeoutError:
            text = NOT_CONFIRMED.format(what="your vote")
        else:
            log.info("vote %s on answer %s", self.vote, self.key)
            text = "Thanks, noted."
        await interaction.response.send_message(text, ephemeral=True, allowed_mentions=NONE)
        if text != "Thanks, noted.":
            return  # a vote that was not kept counts toward nothing
        answer = bot.recent.get(self.key)
        if answer is not None and interaction.guild_id is not None:  # counts toward learning
            moderator = is_moderator(
                interaction, bot.servers.get(interaction.guild_id).moderator_roles
            )
            await bot.learned.confirm(interaction.guild_id, answer, interaction.user.id, value,
                                      moderator)  # fmt: skip


class TopicSelect(Guarded, ui.DynamicItem[ui.Select[Any]], template=r"cb:pick:(?P<page>[0-9]+)"):
    """A select menu of topics (declined answers' suggestions and /topics pages)."""

    def __init__(self, page: int, options: list[discord.SelectOption] | None = None) -> None:
        super().__init__(
            ui.Select(
                custom_id=f"cb:pick:{page}",
                placeholder="Open a topic…",
                options=options or [discord.SelectOption(label="-", value="-")],
            )
        )

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: ui.Item[Any], match: re.Match[str], /
    ) -> TopicSelect:
        return cls(int(match["page"]))

    async def run(self, interaction: discord.Interaction) -> None:
        values = self.item.values
        await _show_section(interaction, values[0] if values else "")


def topic_options(sections: list[knowledge.Section]) -> list[discord.SelectOption]:
    """Select options (≤ 25) naming sections by path, valued by their key."""
    return [
        discord.SelectOption(
            label=render.clip(s.display_path, render.CHOICE), value=section_key(s.id)
        )
        for s in sections[:25]
    ]


def answer_view(answer: knowledge.Answer, key: str) -> ui.View:
    """More / Open section / 👍 / 👎 under an answer."""
    view = ui.View(timeout=None)
    view.add_item(MoreButton(key))
    if answer.excerpts and answer.excerpts[0].section_id:
        view.add_item(OpenSection(section_key(answer.excerpts[0].section_id)))
    view.add_item(VoteButton("up", key))
    view.add_item(VoteButton("down", key))
    return view


def decline_view(kb: knowledge.KnowledgeBase, answer: knowledge.Answer) -> ui.View | None:
    """The closest topics as buttons (a select menu when there are more than five)."""
    sections = suggested_sections(kb, answer)
    if not sections:
        return None
    view = ui.View(timeout=None)
    if len(sections) > 5:
        view.add_item(TopicSelect(0, topic_options(sections)))
        return view
    for section in sections:
        view.add_item(OpenSection(section_key(section.id), kb.topic_name(section)))
    return view


class TopicsPage(
    Guarded, ui.DynamicItem[ui.Button[Any]], template=r"cb:page:(?P<page>[0-9]+):(?P<d>[pn])"
):
    """◀ / ▶ through the /topics pages; edits the message in place."""

    def __init__(self, page: int, direction: str, disabled: bool = False) -> None:
        label = "◀ Previous" if direction == "p" else "Next ▶"
        super().__init__(
            ui.Button(label=label, custom_id=f"cb:page:{page}:{direction}", disabled=disabled)
        )
        self.page = page

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: ui.Item[Any], match: re.Match[str], /
    ) -> TopicsPage:
        return cls(int(match["page"]), match["d"])

    async def run(self, interaction: discord.Interaction) -> None:
        embed, view = topics_message(_bot(interaction).knowledge.kb, self.page)
        await interaction.response.edit_message(embed=embed, view=view, allowed_mentions=NONE)


def topics_message(kb: knowledge.KnowledgeBase, page: int) -> tuple[discord.Embed, ui.View]:
    """One page of /topics with its select menu and, if needed, page buttons."""
    pages = render.topic_pages(kb.topics)
    page = max(0, min(page, len(pages) - 1))
    view = ui.View(timeout=None)
    if pages[page]:
        view.add_item(TopicSelect(page, topic_options(pages[page])))
    if len(pages) > 1:
        view.add_item(TopicsPage(max(page - 1, 0), "p", disabled=page == 0))
        view.add_item(TopicsPage(page + 1, "n", disabled=page == len(pages) - 1))
    return render.topics_embed(kb, pages[page], page, len(pages)), view


DYNAMIC_ITEMS: tuple[type[ui.DynamicItem[Any]], ...] = (
    OpenSection,
    MoreButton,
    VoteButton,
    TopicSelect,
    TopicsPage,
)
