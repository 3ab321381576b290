"""Browsing: /topics, /topic, /faq and /help."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot import components, render, sections

if TYPE_CHECKING:
    from bot.client import Citebot

NONE = discord.AllowedMentions.none()
Choices = list[app_commands.Choice[str]]


class TopicsCog(commands.Cog):
    """What citebot knows, browsable without asking a question."""

    def __init__(self, bot: Citebot) -> None:
        self.bot = bot

    def _private(self, interaction: discord.Interaction) -> bool:
        return self.bot.settings.private_in(interaction.guild_id)

    async def _send(self, interaction: discord.Interaction, embed: discord.Embed) -> None:
        await interaction.response.send_message(
            embed=embed, ephemeral=self._private(interaction), allowed_mentions=NONE
        )

    @app_commands.command(name="topics")
    async def topics(self, interaction: discord.Interaction) -> None:
        """List the topics I can quote from."""
        embed, view = components.topics_message(self.bot.store.kb, 0)
        await interaction.response.send_message(
            embed=embed, view=view, ephemeral=self._private(interaction), allowed_mentions=NONE
        )

    @app_commands.command(name="topic")
    @app_commands.describe(name="The topic (start typing to search)")
    async def topic(self, interaction: discord.Interaction, name: str) -> None:
        """Show a topic's summary, quoted from the source, with a link to the full section."""
        kb = self.bot.store.kb
        section = sections.find_section(kb, name)
        if section is None:
            await interaction.response.send_message(
                f"I have no topic like “{render.plain(render.clip(name, 100))}”. Try `/topics`.",
                ephemeral=True,
                allowed_mentions=NONE,
            )
            return
        await self._send(interaction, render.section_embed(kb, section))

    @topic.autocomplete("name")
    async def topic_choices(self, interaction: discord.Interaction, current: str) -> Choices:
        found = self.bot.store.kb.find_sections(current[:100], limit=25)
        return [
            app_commands.Choice(
                name=render.clip(s.display_path, render.CHOICE),
                value=sections.section_key(s.id),
            )
            for s in found[:25]
        ]

    @app_commands.command(name="faq")
    @app_commands.describe(question="A common question (start typing to search)")
    async def faq(self, interaction: discord.Interaction, question: str) -> None:
        """Show a frequently asked question and its answer, quoted from the source."""
        kb = self.bot.store.kb
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
        await self._send(interaction, render.faq_embed(kb, entry))

    @faq.autocomplete("question")
    async def faq_choices(self, interaction: discord.Interaction, current: str) -> Choices:
        entries = self.bot.store.kb.find_faq(current[:100], limit=25)
        return [
            app_commands.Choice(name=render.clip(e.question, render.CHOICE), value=e.id)
            for e in entries[:25]
            if 0 < len(e.id) <= render.CHOICE
        ]

    @app_commands.command(name="help")
    async def help(self, interaction: discord.Interaction) -> None:
        """What I know, how to ask me, and whose text I quote."""
        await self._send(interaction, render.help_embed(self.bot.store.kb))
