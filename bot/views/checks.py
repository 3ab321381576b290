"""Who may do what: the moderator check and the per-user question cooldown."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

import discord
from discord import app_commands

if TYPE_CHECKING:
    from bot.app.client import Citebot


class NotModerator(app_commands.CheckFailure):
    """A moderator command was used by someone else (Discord only hides it, it can't refuse)."""


def is_moderator(interaction: discord.Interaction, moderator_roles: frozenset[int]) -> bool:
    """Manage Server permission, or one of the server's moderator roles."""
    if interaction.permissions.manage_guild:
        return True
    roles = getattr(interaction.user, "roles", [])
    return any(role.id in moderator_roles for role in roles)


async def moderator_check(interaction: discord.Interaction) -> bool:
    """A runtime check: `default_member_permissions` only hides a command, this refuses it."""
    bot = cast("Citebot", interaction.client)
    if interaction.guild_id is None:
        raise app_commands.NoPrivateMessage("moderator commands are for servers")
    if not is_moderator(interaction, bot.servers.get(interaction.guild_id).moderator_roles):
        raise NotModerator("moderators only")
    return True


async def question_check(interaction: discord.Interaction) -> bool:
    """The per-user question cooldown, as a check so the error handler answers it."""
    bot = cast("Citebot", interaction.client)
    server = bot.servers.get(interaction.guild_id)
    bot.limiter.check(interaction, server.cooldown_questions, server.cooldown_seconds)
    return True


class QuestionLimiter:
    """Per-user cooldown shared by /ask, the context menu and mentions, per server.

    Each server may set its own rate; a user's bucket is remade when its server's rate changes.
    """

    def __init__(self) -> None:
        self._buckets: dict[tuple[int | None, int], app_commands.Cooldown] = {}

    def retry_after(
        self, user_id: int, rate: int, per: float, guild_id: int | None = None
    ) -> float | None:
        """None if the user may ask now (and counts the question), else seconds to wait."""
        key = (guild_id, user_id)
        bucket = self._buckets.get(key)
        if bucket is None or (bucket.rate, bucket.per) != (rate, per):
            if len(self._buckets) > 10000:
                self._buckets.clear()
            bucket = self._buckets[key] = app_commands.Cooldown(rate, per)
        return bucket.update_rate_limit()

    def check(self, interaction: discord.Interaction, rate: int, per: float) -> None:
        """Raise CommandOnCooldown (answered by the error handler) when the user must wait."""
        wait = self.retry_after(interaction.user.id, rate, per, interaction.guild_id)
        if wait is not None:
            raise app_commands.CommandOnCooldown(app_commands.Cooldown(rate, per), wait)
