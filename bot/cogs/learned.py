"""/learned (moderators): what this server has learned, and removing a learned answer."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.cogs.feedback import UNAVAILABLE
from bot.feedback import StoreUnavailable, learning
from bot.views import render
from bot.views.checks import moderator_check

if TYPE_CHECKING:
    from bot.app.client import Citebot

NONE = discord.AllowedMentions.none()
SHOWN = ("pending", "published", "stale")
PER_ANSWER = 400  # characters of one listed answer: a dozen fit in an embed


def learned_embed(rows: list[learning.Row], note: str = "") -> discord.Embed:
    """The server's learned answers, newest first, within the description's limit."""
    lines = []
    for row in reversed(rows):
        how = "picked" if row.picked else f"👍 {row.up} 👎 {row.down}"
        when = time.strftime("%Y-%m-%d", time.gmtime(row.learned_at))
        entry = (
            f"**{row.id}** · {row.status} · {how} · {when}\n"
            f"{render.plain(row.question)}\n> {render.plain(row.quote)}"
            f"\n— {render.plain(row.section or '')}"
        )
        lines.append(render.clip(entry, PER_ANSWER))
    body = "\n\n".join(lines) if lines else "Nothing learned yet: a moderator's 👍 on an answer, "
    if not lines:
        body += "or enough askers' 👍, teaches it."
    text = f"{note}\n\n{body}".strip() if note else body
    embed = discord.Embed(
        title="Learned answers", description=render.clip(text, render.DESCRIPTION)
    )
    embed.set_footer(text="Remove one with /learned remove:<number>.")
    return embed


class LearnedCog(commands.Cog):
    """A server's learned answers, for its moderators to see and undo."""

    def __init__(self, bot: Citebot) -> None:
        self.bot = bot

    @app_commands.command(name="learned")
    @app_commands.default_permissions(manage_guild=True)
    @app_commands.guild_only()
    @app_commands.check(moderator_check)
    @app_commands.describe(remove="The number of a learned answer to remove (as listed)")
    async def learned(
        self, interaction: discord.Interaction, remove: app_commands.Range[int, 1] | None = None
    ) -> None:
        """What this server has learned: questions, passages, confirmations; remove one."""
        assert interaction.guild_id is not None  # guild_only
        guild, store = interaction.guild_id, self.bot.feedback
        note = ""
        try:
            if remove is not None:
                done = await store.read(lambda db: learning.remove(db, guild, remove))
                self.bot.learned.changed(guild)
                note = f"Removed learned answer {remove}." if done else f"No answer {remove} here."
            rows = await store.read(lambda db: learning.listing(db, guild, SHOWN))
        except StoreUnavailable:
            await interaction.response.send_message(
                UNAVAILABLE, ephemeral=True, allowed_mentions=NONE
            )
            return
        await interaction.response.send_message(
            embed=learned_embed(rows, note), ephemeral=True, allowed_mentions=NONE
        )
