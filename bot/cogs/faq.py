"""/faq show (everyone), /faq add and /faq remove (moderators): the curated FAQ in Discord."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

import knowledge
from bot.state.curate import CurateError
from bot.views import render
from bot.views.checks import moderator_check
from bot.views.faq_ui import FaqModal, edited, refusal

if TYPE_CHECKING:
    from bot.app.client import Citebot

NONE = discord.AllowedMentions.none()
Choices = list[app_commands.Choice[str]]


class FaqCog(commands.GroupCog, group_name="faq"):
    """Frequently asked questions: read by everyone, curated by moderators."""

    def __init__(self, bot: Citebot) -> None:
        self.bot = bot
        super().__init__()

    @app_commands.command(name="show")
    @app_commands.describe(question="A common question (start typing to search)")
    async def show(self, interaction: discord.Interaction, question: str) -> None:
        """Show a frequently asked question and its answer, quoted from the source."""
        kb = self.bot.knowledge.kb
        entry = kb.faq_entry(question)
        if entry is None:
            found = kb.find_faq(question, limit=1)
            entry = found[0] if found else None
        if entry is None:
            await interaction.response.send_message(
                "No FAQ entry matches that. Try `/ask` instead.",
                ephemeral=True,
                allowed_mentions=NONE,
            )
            return
        await interaction.response.send_message(
            embed=render.faq_embed(kb, entry),
            ephemeral=self.bot.servers.get(interaction.guild_id).private,
            allowed_mentions=NONE,
        )

    @show.autocomplete("question")
    async def show_choices(self, interaction: discord.Interaction, current: str) -> Choices:
        return _choices(self.bot.knowledge.kb.find_faq(current[:100], limit=25))

    @app_commands.command(name="add")
    @app_commands.guild_only()
    @app_commands.check(moderator_check)
    async def add(self, interaction: discord.Interaction) -> None:
        """Moderators: add a question answered by a verbatim quote (a form opens)."""
        await interaction.response.send_modal(FaqModal())

    @app_commands.command(name="remove")
    @app_commands.guild_only()
    @app_commands.check(moderator_check)
    @app_commands.describe(entry="The curated entry to remove (start typing to search)")
    async def remove(self, interaction: discord.Interaction, entry: str) -> None:
        """Moderators: remove a curated FAQ entry and reload the knowledge."""
        await interaction.response.defer(ephemeral=True, thinking=True)
        try:
            edit = await self.bot.faq_editor.remove(entry, interaction.guild_id)
            message = edited(edit, "removed")
        except knowledge.KnowledgeError as exc:
            message = refusal(exc).replace("Not added", "Not removed")
        except CurateError as exc:
            message = render.clip(str(exc), render.CONTENT)
        await interaction.followup.send(message, ephemeral=True, allowed_mentions=NONE)

    @remove.autocomplete("entry")
    async def remove_choices(self, interaction: discord.Interaction, current: str) -> Choices:
        entries = self.bot.faq_editor.editable()
        if current.strip():
            wanted = current.casefold()
            entries = [e for e in entries if wanted in f"{e.id} {e.question}".casefold()]
        return _choices(entries)


def _choices(entries: list[knowledge.FaqEntry]) -> Choices:
    return [
        app_commands.Choice(name=render.clip(e.question, render.CHOICE), value=e.id)
        for e in entries
        if 0 < len(e.id) <= render.CHOICE
    ][:25]
