"""Browsing: /topics, /topic and /help (/faq is in the faq cog)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.views import components, render, sections

if TYPE_CHECKING:
    from bot.app.client import Citebot

NONE = discord.AllowedMentions.none()
Choices = list[app_commands.Choice[str]]


class TopicsCog(commands.Cog):
    """What citebot knows, browsable without asking a question."""

    def __init__(self, bot: Citebot) -> None:
        self.bot = bot

    def _private(self, interaction: discord.Interaction) -> bool:
        return self.bot.servers.get(interaction.guild_id).private

    async def _send(self, interaction: discord.Interaction, embed: discord.Embed) -> None:
        await interaction.response.send_message(
            embed=embed, ephemeral=self._private(interaction), allowed_mentions=NONE
        )

    @app_commands.command(name="topics")
    async def topics(self, interaction: discord.Interaction) -> None:
        """List the topics I can quote from."""
        embed, view = components.topics_message(self.bot.knowledge.kb, 0)
        await interaction.response.send_message(
            embed=embed, view=view, ephemeral=self._private(interaction), allowed_mentions=NONE
        )

    @app_commands.command(name="topic")
    @app_commands.describe(name="The topic (start typing to search)")
    async def topic(self, interaction: discord.Interaction, name: str) -> None:
        """Show a topic's summary, quoted from the source, with a link to the full section."""
        kb = self.bot.knowledge.kb
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
        found = self.bot.knowledge.kb.find_sections(current[:100], limit=25)
        return [
            app_commands.Choice(
                name=render.clip(s.display_path, render.CHOICE),
                value=sections.section_key(s.id),
            )
            for s in found[:25]
        ]

    @app_commands.command(name="help")
    async def help(self, interaction: discord.Interaction) -> None:
        """What I know, how to ask me, and whose text I quote."""
        await self._send(interaction, render.help_embed(self.bot.knowledge.kb))
