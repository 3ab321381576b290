"""The FAQ editing UI: the "Add to FAQ" modal and the button under /unanswered that opens it."""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING, Any, cast

import discord
from discord import ui

import knowledge
from bot.feedback import StoreUnavailable
from bot.feedback.reports import group_of
from bot.state.curate import CurateError, Edit
from bot.views import render
from bot.views.checks import is_moderator
from bot.views.errors import GENERIC_ERROR, send_private

if TYPE_CHECKING:
    from bot.app.client import Citebot

log = logging.getLogger("citebot.faq")
NONE = discord.AllowedMentions.none()
NOT_MODERATOR = "Only moderators (Manage Server, or a moderator role) can do that."


def refusal(error: knowledge.KnowledgeError) -> str:
    """Why an entry was refused, in the loader's words (the closest sentence included)."""
    lines = [f"• {render.plain(p.reason)}" for p in error.problems[:5]]
    return render.clip("Not added: the loader refused it.\n" + "\n".join(lines), render.CONTENT)


def edited(edit: Edit, verb: str) -> str:
    counts = edit.change
    return (
        f"FAQ entry `{edit.entry_id}` {verb}; knowledge reloaded (`{counts.old_fingerprint}` → "
        f"`{counts.new_fingerprint}`, {counts.seconds:.2f} s). It answers from now on."
    )


class FaqModal(ui.Modal, title="Add to the FAQ"):
    """Question, alternate phrasings, the verbatim quote that answers, optional section."""

    question: ui.TextInput[FaqModal] = ui.TextInput(
        label="Question", custom_id="question", max_length=300
    )
    alternates: ui.TextInput[FaqModal] = ui.TextInput(
        label="Other ways to ask it (one a line)",
        custom_id="alternates",
        style=discord.TextStyle.paragraph,
        required=False,
        max_length=1500,
    )
    quote: ui.TextInput[FaqModal] = ui.TextInput(
        label="The answer: a verbatim quote of the text",
        custom_id="quote",
        style=discord.TextStyle.paragraph,
        max_length=2000,
    )
    section: ui.TextInput[FaqModal] = ui.TextInput(
        label="Section (optional)", custom_id="section", required=False, max_length=200
    )

    def __init__(self, question: str = "", alternates: list[str] | None = None) -> None:
        super().__init__(timeout=None)
        self.question.default = question[:300] or None
        self.alternates.default = "\n".join(alternates or [])[:1500] or None

    async def on_submit(self, interaction: discord.Interaction) -> None:
        bot = cast("Citebot", interaction.client)
        if not is_moderator(interaction, bot.servers.get(interaction.guild_id).moderator_roles):
            await send_private(interaction, NOT_MODERATOR)
            return
        await interaction.response.defer(ephemeral=True, thinking=True)
        alternates = [a.strip() for a in self.alternates.value.splitlines() if a.strip()]
        try:
            edit = await bot.faq_editor.add(
                self.question.value, alternates, self.quote.value, self.section.value,
                interaction.guild_id,
            )  # fmt: skip
        except knowledge.KnowledgeError as exc:
            message = refusal(exc)
        except CurateError as exc:
            message = render.clip(str(exc), render.CONTENT)
        else:
            message = edited(edit, "added")
        await interaction.followup.send(message, ephemeral=True, allowed_mentions=NONE)

    async def on_error(  # type: ignore[override]  # Modal's own signature has no item
        self, interaction: discord.Interaction, error: Exception, /
    ) -> None:
        log.error("the FAQ modal failed", exc_info=error)
        await send_private(interaction, GENERIC_ERROR)


class AddToFaq(ui.DynamicItem[ui.Button[Any]], template=r"cb:faqadd:(?P<id>[0-9]+)"):
    """Under a /unanswered group: opens the modal with the group's phrasings filled in."""

    def __init__(self, question_id: int, number: int = 0) -> None:
        super().__init__(
            ui.Button(
                label=f"#{number} Add to FAQ" if number else "Add to FAQ",
                style=discord.ButtonStyle.success,
                custom_id=f"cb:faqadd:{question_id}",
            )
        )
        self.question_id = question_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: ui.Item[Any], match: re.Match[str], /
    ) -> AddToFaq:
        return cls(int(match["id"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        bot = cast("Citebot", interaction.client)
        guild_id = interaction.guild_id
        if guild_id is None or not is_moderator(
            interaction, bot.servers.get(guild_id).moderator_roles
        ):
            await send_private(interaction, NOT_MODERATOR)
            return
        try:
            group = await bot.feedback.read(lambda conn: group_of(conn, self.question_id, guild_id))
        except StoreUnavailable:
            group = None
        if group is None:
            await send_private(interaction, "That question is no longer in the log.")
            return
        others = [p for p, _ in group.phrasings.most_common(10) if p != group.question]
        await interaction.response.send_modal(FaqModal(group.question, others))
