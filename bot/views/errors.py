"""One error handler for the command tree: short ephemeral replies, never a traceback."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, cast

import discord
from discord import app_commands

import knowledge
from bot.views import render
from bot.views.checks import NotModerator

if TYPE_CHECKING:
    from bot.app.client import Citebot

log = logging.getLogger("citebot.errors")
GENERIC_ERROR = "Something went wrong on my side; it has been logged."


def explain(interaction: discord.Interaction, error: app_commands.AppCommandError) -> str | None:
    """The reply for an expected failure; None for a bug (logged, answered generically)."""
    cause = error.original if isinstance(error, app_commands.CommandInvokeError) else error
    if isinstance(cause, app_commands.CommandOnCooldown):
        return f"You're asking quickly; try again in {cause.retry_after:.0f} s."
    if isinstance(cause, NotModerator):
        return "Only moderators (Manage Server, or a moderator role) can do that."
    if isinstance(cause, app_commands.NoPrivateMessage):
        return "That only works in a server."
    if isinstance(cause, app_commands.CheckFailure):
        return "You can't use that here."
    if isinstance(cause, knowledge.KnowledgeError):
        fingerprint = cast("Citebot", interaction.client).knowledge.kb.fingerprint
        return render.problems_text(cause.problems, fingerprint)
    return None


class CitebotTree(app_commands.CommandTree):
    """The command tree whose on_error turns every failure into one short private reply."""

    async def on_error(
        self, interaction: discord.Interaction, error: app_commands.AppCommandError
    ) -> None:
        message = explain(interaction, error)
        if message is None:
            command = interaction.command.qualified_name if interaction.command else "?"
            log.error("command %s failed", command, exc_info=error)
            message = GENERIC_ERROR
        await send_private(interaction, message)


async def send_private(interaction: discord.Interaction, message: str) -> None:
    """An ephemeral reply, whether or not the interaction was already answered or deferred."""
    mentions = discord.AllowedMentions.none()
    try:
        if interaction.response.is_done():
            await interaction.followup.send(message, ephemeral=True, allowed_mentions=mentions)
        else:
            await interaction.response.send_message(
                message, ephemeral=True, allowed_mentions=mentions
            )
    except discord.HTTPException:
        log.warning("could not send an error reply for interaction %s", interaction.id)
