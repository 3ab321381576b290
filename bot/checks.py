"""Who may do what: the moderator check and the per-user question cooldown."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

import discord
from discord import app_commands

if TYPE_CHECKING:
    from bot.client import Citebot
    from bot.settings import Settings


class NotModerator(app_commands.CheckFailure):
    """A moderator command was used by someone else (Discord only hides it, it can't refuse)."""


def is_moderator(interaction: discord.Interaction, settings: Settings) -> bool:
    """Manage Server permission, or one of the configured moderator roles."""
    if interaction.permissions.manage_guild:
        return True
    roles = getattr(interaction.user, "roles", [])
    return any(role.id in settings.moderator_roles for role in roles)


async def moderator_check(interaction: discord.Interaction) -> bool:
    """A runtime check: `default_member_permissions` only hides a command, this refuses it."""
    bot = cast("Citebot", interaction.client)
    if interaction.guild_id is None:
        raise app_commands.NoPrivateMessage("moderator commands are for servers")
    if not is_moderator(interaction, bot.settings):
        raise NotModerator("moderators only")
    return True


async def question_check(interaction: discord.Interaction) -> bool:
    """The per-user question cooldown, as a check so the error handler answers it."""
    cast("Citebot", interaction.client).limiter.check(interaction)
    return True


class QuestionLimiter:
    """Per-user cooldown shared by /ask, the context menu and mentions."""

    def __init__(self, rate: int, per: float) -> None:
        self.rate, self.per = rate, per
        self._buckets: dict[int, app_commands.Cooldown] = {}

    def retry_after(self, user_id: int) -> float | None:
        """None if the user may ask now (and counts the question), else seconds to wait."""
        bucket = self._buckets.get(user_id)
        if bucket is None:
            if len(self._buckets) > 10000:
                self._buckets.clear()
            bucket = self._buckets[user_id] = app_commands.Cooldown(self.rate, self.per)
        return bucket.update_rate_limit()

    def check(self, interaction: discord.Interaction) -> None:
        """Raise CommandOnCooldown (answered by the error handler) when the user must wait."""
        wait = self.retry_after(interaction.user.id)
        if wait is not None:
            raise app_commands.CommandOnCooldown(app_commands.Cooldown(self.rate, self.per), wait)
