"""A moderator's pick: under a /unanswered group (declined, or voted 👎), "Pick answer"
offers the engine's five best passages for the question and "none of these"; the one picked
becomes a learned answer of the server at once, with no typing of quotes."""

from __future__ import annotations

import logging
import re
import secrets
from collections import OrderedDict
from typing import TYPE_CHECKING, Any, cast

import discord
from discord import ui

from bot.feedback import StoreUnavailable, learning
from bot.feedback.reports import group_of
from bot.views import render
from bot.views.checks import is_moderator
from bot.views.errors import send_private

if TYPE_CHECKING:
    from bot.app.client import Citebot

log = logging.getLogger("citebot.learned")
NONE = discord.AllowedMentions.none()
CANDIDATES = 5
NOT_MODERATOR = "Only moderators can teach citebot an answer."
NONE_OF_THESE = "none"
# Menus waiting for a pick (key -> question and its candidates (quote, section path)).
Offer = tuple[str, tuple[tuple[str, str], ...]]
_OFFERS: OrderedDict[str, Offer] = OrderedDict()
OFFERS_KEPT = 200


def _moderator(interaction: discord.Interaction) -> bool:
    bot = cast("Citebot", interaction.client)
    guild_id = interaction.guild_id
    return guild_id is not None and is_moderator(
        interaction, bot.servers.get(guild_id).moderator_roles
    )


def offer(question: str, candidates: tuple[tuple[str, str], ...]) -> str:
    """Keep a menu's candidates under a short key (its custom_id carries only that)."""
    key = secrets.token_hex(6)
    _OFFERS[key] = (question, candidates)
    while len(_OFFERS) > OFFERS_KEPT:
        _OFFERS.popitem(last=False)
    return key


class PickAnswer(ui.DynamicItem[ui.Button[Any]], template=r"cb:learnpick:(?P<id>[0-9]+)"):
    """Opens the menu of candidate passages for one /unanswered group."""

    def __init__(self, question_id: int, number: int = 0) -> None:
        super().__init__(
            ui.Button(
                label=f"#{number} Pick answer" if number else "Pick answer",
                style=discord.ButtonStyle.primary,
                custom_id=f"cb:learnpick:{question_id}",
            )
        )
        self.question_id = question_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: ui.Item[Any], match: re.Match[str], /
    ) -> PickAnswer:
        return cls(int(match["id"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        bot = cast("Citebot", interaction.client)
        guild_id = interaction.guild_id
        if guild_id is None or not _moderator(interaction):
            await send_private(interaction, NOT_MODERATOR)
            return
        try:
            group = await bot.feedback.read(lambda db: group_of(db, self.question_id, guild_id))
        except StoreUnavailable:
            group = None
        if group is None:
            await send_private(interaction, "That question is no longer in the log.")
            return
        kb = bot.knowledge.kb
        result = kb.answer(group.question, threshold=0.0, limit=CANDIDATES)
        candidates = tuple(
            (e.text, " › ".join((e.document, *e.path))) for e in result.excerpts[:CANDIDATES]
        )
        if not candidates:
            await send_private(interaction, "I found no passage for that question.")
            return
        key = offer(group.question, candidates)
        view = ui.View(timeout=None)
        view.add_item(PickSelect(key, _options(candidates)))
        await interaction.response.send_message(
            f"Which passage answers “{render.clip(render.plain(group.question), 200)}”?",
            view=view, ephemeral=True, allowed_mentions=NONE,
        )  # fmt: skip


def _options(candidates: tuple[tuple[str, str], ...]) -> list[discord.SelectOption]:
    options = [
        discord.SelectOption(
            label=render.clip(f"{n}. {section}", render.CHOICE),
            description=render.clip(" ".join(text.split()), render.CHOICE),
            value=str(n - 1),
        )
        for n, (text, section) in enumerate(candidates, 1)
    ]
    options.append(discord.SelectOption(label="None of these", value=NONE_OF_THESE))
    return options


class PickSelect(ui.DynamicItem[ui.Select[Any]], template=r"cb:learnsel:(?P<key>[0-9a-f]{12})"):
    """The menu: the passage picked becomes the server's learned answer to the question."""

    def __init__(self, key: str, options: list[discord.SelectOption] | None = None) -> None:
        super().__init__(
            ui.Select(
                custom_id=f"cb:learnsel:{key}",
                placeholder="Pick the passage that answers it…",
                options=options or [discord.SelectOption(label="-", value="-")],
            )
        )
        self.key = key

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: ui.Item[Any], match: re.Match[str], /
    ) -> PickSelect:
        return cls(match["key"])

    async def callback(self, interaction: discord.Interaction) -> None:
        bot = cast("Citebot", interaction.client)
        guild_id = interaction.guild_id
        if guild_id is None or not _moderator(interaction):
            await send_private(interaction, NOT_MODERATOR)
            return
        found = _OFFERS.get(self.key)
        values = self.item.values
        if (
            found is None
            or not values
            or values[0] not in {*map(str, range(len(found[1]))), NONE_OF_THESE}
        ):
            await send_private(interaction, "That menu has expired: open it again (/unanswered).")
            return
        if values[0] == NONE_OF_THESE:
            await send_private(interaction, "Noted: nothing was learned.")
            return
        question, candidates = found
        quote, section = candidates[int(values[0])]
        try:
            learned_id = await bot.feedback.read(
                lambda db: learning.add(db, guild_id, question, quote, section, picked=True)
            )
        except StoreUnavailable:
            await send_private(interaction, "The feedback store is unavailable: nothing learned.")
            return
        bot.learned.changed(guild_id)
        log.info("server %s learned answer %s (a moderator's pick)", guild_id, learned_id)
        await send_private(interaction, f"Learned (#{learned_id}): {section}. /learned lists it.")
