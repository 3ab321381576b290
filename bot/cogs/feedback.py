"""Feedback: /stats, /unanswered and /export for moderators; /forget-me for anyone."""

from __future__ import annotations

import io
import time
from typing import TYPE_CHECKING

import discord
from discord import app_commands, ui
from discord.ext import commands

from bot.feedback import StoreUnavailable, reports
from bot.feedback.store import DAY
from bot.views import charts
from bot.views.checks import moderator_check
from bot.views.faq_ui import AddToFaq
from bot.views.pick_ui import PickAnswer
from bot.views.render_reports import SHOWN_GROUPS, stats_embed, unanswered_embed

if TYPE_CHECKING:
    from bot.app.client import Citebot

NONE = discord.AllowedMentions.none()
UNAVAILABLE = "The feedback store is unavailable right now (the reason is in the bot's log)."
Days = app_commands.Range[int, 1, 3650]


class FeedbackCog(commands.Cog):
    """What people asked and how the answers landed, per server."""

    def __init__(self, bot: Citebot) -> None:
        self.bot = bot

    async def _say(self, interaction: discord.Interaction, text: str) -> None:
        await interaction.response.send_message(text, ephemeral=True, allowed_mentions=NONE)

    @app_commands.command(name="stats")
    @app_commands.default_permissions(manage_guild=True)
    @app_commands.guild_only()
    @app_commands.check(moderator_check)
    @app_commands.describe(days="How many days back (default 30)")
    async def stats(self, interaction: discord.Interaction, days: Days = 30) -> None:
        """Questions, answered rate, votes and busiest sections in this server."""
        since, guild = time.time() - days * DAY, interaction.guild_id
        try:
            found = await self.bot.feedback.read(lambda c: reports.stats(c, since, guild, days))
        except StoreUnavailable:
            await self._say(interaction, UNAVAILABLE)
            return
        await charts.send_stats(interaction, stats_embed(found), found)

    @app_commands.command(name="unanswered")
    @app_commands.default_permissions(manage_guild=True)
    @app_commands.guild_only()
    @app_commands.check(moderator_check)
    @app_commands.describe(days="How many days back (default 30)")
    async def unanswered(self, interaction: discord.Interaction, days: Days = 30) -> None:
        """Declined questions and answers voted 👎, grouped, each with "Add to FAQ"."""
        since, guild = time.time() - days * DAY, interaction.guild_id
        try:
            groups = await self.bot.feedback.read(lambda c: reports.unanswered(c, since, guild))
        except StoreUnavailable:
            await self._say(interaction, UNAVAILABLE)
            return
        view = ui.View(timeout=None)
        for number, group in enumerate(groups[:SHOWN_GROUPS], 1):
            view.add_item(AddToFaq(group.question_id, number))
            view.add_item(PickAnswer(group.question_id, number))
        await interaction.response.send_message(
            embed=unanswered_embed(groups, days), view=view, ephemeral=True, allowed_mentions=NONE
        )

    @app_commands.command(name="export")
    @app_commands.default_permissions(manage_guild=True)
    @app_commands.guild_only()
    @app_commands.check(moderator_check)
    @app_commands.describe(days="How many days back (default: everything kept)")
    async def export(self, interaction: discord.Interaction, days: Days | None = None) -> None:
        """This server's question log as a CSV file."""
        since = time.time() - days * DAY if days else 0.0
        guild = interaction.guild_id
        out = io.StringIO()
        try:
            rows = await self.bot.feedback.read(lambda c: reports.export(c, out, since, guild))
        except StoreUnavailable:
            await self._say(interaction, UNAVAILABLE)
            return
        data = out.getvalue().encode("utf-8")
        if len(data) > interaction.filesize_limit:
            await self._say(interaction, "The log is too large to attach: use `citebot export`.")
            return
        await interaction.response.send_message(
            f"{rows} questions.",
            file=discord.File(io.BytesIO(data), filename="citebot-questions.csv"),
            ephemeral=True,
            allowed_mentions=NONE,
        )

    @app_commands.command(name="forget-me")
    async def forget_me(self, interaction: discord.Interaction) -> None:
        """Delete every question and vote citebot has recorded from you, in every server."""
        await interaction.response.defer(ephemeral=True, thinking=True)
        try:
            questions, votes = await self.bot.feedback.forget(interaction.user.id)
            self.bot.learned.changed()  # answers they alone confirmed went back to pending
        except StoreUnavailable:
            text = UNAVAILABLE + " Nothing was deleted; please try again later."
        else:
            text = f"Done: deleted {questions} question(s) and {votes} vote(s) recorded from you."
        await interaction.followup.send(text, ephemeral=True, allowed_mentions=NONE)
