"""/settings: moderators view and change this server's settings; other servers are untouched."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.feedback import StoreUnavailable
from bot.state.servers import KEYS
from bot.views.checks import moderator_check
from bot.views.kept import NOT_CONFIRMED, NOT_KEPT, WRITE_WAIT
from bot.views.render_reports import NAMES, settings_embed

if TYPE_CHECKING:
    from bot.app.client import Citebot

NONE = discord.AllowedMentions.none()
RESETS = [app_commands.Choice(name="everything", value="all")] + [
    app_commands.Choice(name=NAMES[key], value=key) for key in KEYS
]


class SettingsCog(commands.Cog):
    """Per-server overrides of config.yaml's defaults, effective at once, kept across restarts."""

    def __init__(self, bot: Citebot) -> None:
        self.bot = bot

    @app_commands.command(name="settings")
    @app_commands.default_permissions(manage_guild=True)
    @app_commands.guild_only()
    @app_commands.check(moderator_check)
    @app_commands.describe(
        private="Replies only the asker sees, by default",
        cooldown_questions="Questions each member may ask ...",
        cooldown_seconds="... per this many seconds",
        threshold="Confidence (0-1) an answer needs; below it I decline",
        learn_confirmations="Askers' 👍 that teach me an answer (0: moderators only)",
        add_channel="Treat every message in this channel (every new post in a forum) as a question",
        remove_channel="Stop treating this channel's messages (or forum's posts) as questions",
        add_role="Members with this role are moderators",
        remove_role="This role is no longer a moderator role",
        forum_topics="An unsure help-forum post gets the closest topics (else: silence)",
        reset="Back to config.yaml's default",
    )
    @app_commands.choices(reset=RESETS)
    async def settings(
        self,
        interaction: discord.Interaction,
        private: bool | None = None,
        cooldown_questions: app_commands.Range[int, 1, 1000] | None = None,
        cooldown_seconds: app_commands.Range[float, 1, 86400] | None = None,
        threshold: app_commands.Range[float, 0, 1] | None = None,
        learn_confirmations: app_commands.Range[int, 0, 100] | None = None,
        add_channel: discord.TextChannel | discord.ForumChannel | None = None,
        remove_channel: discord.TextChannel | discord.ForumChannel | None = None,
        add_role: discord.Role | None = None,
        remove_role: discord.Role | None = None,
        forum_topics: bool | None = None,
        reset: app_commands.Choice[str] | None = None,
    ) -> None:
        """View this server's settings, or change them (for this server only)."""
        assert interaction.guild_id is not None  # guild_only
        guild, book = interaction.guild_id, self.bot.servers
        current = book.get(guild)
        changes: dict[str, Any] = {}
        if reset is not None:
            changes.update(dict.fromkeys(KEYS if reset.value == "all" else [reset.value]))
        simple = {
            "private": private,
            "cooldown_questions": cooldown_questions,
            "cooldown_seconds": cooldown_seconds,
            "threshold": threshold,
            "learn_confirmations": learn_confirmations,
            "forum_topics": forum_topics,
        }
        changes.update({k: v for k, v in simple.items() if v is not None})
        if add_channel or remove_channel:
            channels = set(current.answer_channels) | ({add_channel.id} if add_channel else set())
            changes["answer_channels"] = frozenset(
                channels - ({remove_channel.id} if remove_channel else set())
            )
        if add_role or remove_role:
            roles = set(current.moderator_roles) | ({add_role.id} if add_role else set())
            changes["moderator_roles"] = frozenset(
                roles - ({remove_role.id} if remove_role else set())
            )
        saving = asyncio.ensure_future(book.change(guild, changes))
        saving.add_done_callback(lambda t: t.cancelled() or t.exception())  # read, if late
        try:
            # Shielded: past the wait the reply goes, and a late commit still takes effect.
            current = await asyncio.wait_for(asyncio.shield(saving), WRITE_WAIT)
        except StoreUnavailable:
            note = NOT_KEPT.format(what="this change")
        except TimeoutError:
            note = NOT_CONFIRMED.format(what="this change")
        else:
            note = f"Changed: {', '.join(NAMES[k] for k in changes)}." if changes else ""
        if current.answer_channels and not self.bot.intents.message_content:
            note += (
                "\nAnswer channels need the message content intent: set "
                "`discord.message_content: true` in config.yaml (and in the Developer Portal)."
            )
        await interaction.response.send_message(
            embed=settings_embed(current, note.strip()), ephemeral=True, allowed_mentions=NONE
        )
