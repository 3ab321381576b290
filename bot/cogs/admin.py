"""Moderators: /reload swaps the knowledge atomically (in every process), /status shows what is
serving here and which processes are alive."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.views import render
from bot.views.checks import moderator_check

if TYPE_CHECKING:
    from bot.app.client import Citebot

NONE = discord.AllowedMentions.none()
MANAGE_GUILD = discord.Permissions(manage_guild=True)


class AdminCog(commands.Cog):
    """Hidden from members without Manage Server, and refused to them at run time too."""

    def __init__(self, bot: Citebot) -> None:
        self.bot = bot

    @app_commands.command(name="reload")
    @app_commands.default_permissions(manage_guild=True)
    @app_commands.guild_only()
    @app_commands.check(moderator_check)
    async def reload(self, interaction: discord.Interaction) -> None:
        """Re-read the knowledge folder; a broken folder keeps the old knowledge serving."""
        await interaction.response.defer(ephemeral=True, thinking=True)
        change = await self.bot.cluster.reload()  # KnowledgeError -> the tree's error handler
        embed = render.reload_embed(
            change.old_fingerprint,
            change.new_fingerprint,
            change.seconds,
            {
                "Documents": (change.documents_added, change.documents_removed),
                "Sections": (change.sections_added, change.sections_removed),
                "FAQ entries": (change.faq_added, change.faq_removed),
            },
        )
        await interaction.followup.send(embed=embed, ephemeral=True, allowed_mentions=NONE)

    @app_commands.command(name="status")
    @app_commands.default_permissions(manage_guild=True)
    @app_commands.guild_only()
    @app_commands.check(moderator_check)
    async def status(self, interaction: discord.Interaction) -> None:
        """Show the knowledge, load time, counts, uptime, latency, shards and live processes."""
        await interaction.response.defer(ephemeral=True, thinking=True)  # the database answers
        loaded = self.bot.knowledge.current
        embed = render.status_embed(
            loaded.kb.fingerprint,
            discord.utils.format_dt(loaded.loaded_at, "R"),
            loaded.seconds,
            loaded.counts,
            time.monotonic() - self.bot.started,
            self.bot.latency,
            str(loaded.kb.meaning_status),
        )
        processes = await self.bot.cluster.processes()
        render.add_processes(embed, self.bot.cluster.shards, processes, self.bot.feedback.origin)
        await interaction.followup.send(embed=embed, ephemeral=True, allowed_mentions=NONE)
