"""`citebot run --check-config`: what `citebot run` would do, said without connecting.

The config is already validated and the knowledge loaded when this runs; it reports the
result so a server owner can check a deployment (or a change) before starting the bot.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import discord

from bot.app.client import intents_for
from bot.state.live_knowledge import Loaded
from bot.state.settings import DISCORD_API, DISCORD_GATEWAY, TOKEN_ENV, Settings


def report(config: Path | None, settings: Settings, loaded: Loaded) -> list[str]:
    """The lines to print: where each setting that matters comes from and what it does."""
    kb = loaded.kb
    counts = ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in loaded.counts.items())
    how = "read from the cache" if kb.from_cache else "built"
    return [
        f"config: {config.resolve() if config else 'none (every setting at its default)'}",
        f"token: {_token(settings)}",
        f"knowledge: {kb.source} ({how} in {loaded.seconds:.2f} s): {counts}",
        f"{kb.meaning_status}",
        f"threshold: {settings.threshold if settings.threshold is not None else kb.threshold}"
        f" (channels: {settings.channel_threshold})",
        f"intents: {_intents(settings)}",
        f"permissions: {_permissions(settings)}",
        f"commands: {_sync(settings)}",
        f"shards: {_shards(settings)}",
        f"question log: {_database(settings)}",
        f"Discord: {_endpoints(settings)}",
    ]


def _token(settings: Settings) -> str:
    if os.environ.get(TOKEN_ENV):
        return f"set in {TOKEN_ENV} (not checked: Discord is not contacted)"
    if settings.token:
        return "set in the config (not checked: Discord is not contacted)"
    return f"MISSING: export {TOKEN_ENV}=<your bot token>"


def _intents(settings: Settings) -> str:
    intents = intents_for(settings)
    names = [name for name, on in intents if on]
    text = ", ".join(names)
    if intents.message_content:
        text += " (message content is privileged: enable it in the Developer Portal)"
    return text


def _permissions(settings: Settings) -> str:
    """What the bot's role needs; a help forum in the answer channels needs two more."""
    base = "View Channels, Send Messages, Embed Links, Read Message History"
    if not settings.answer_channels:
        return base
    return (
        f"{base}; for a help forum in answers.channels also Send Messages in Threads"
        " (to answer posts) and Manage Threads (to apply its Solved tag), and the"
        " message content intent (to read a post's body)"
    )


def _sync(settings: Settings) -> str:
    if settings.dev_guild_id is not None:
        return f"synced at start to guild {settings.dev_guild_id} (discord.dev_guild_id)"
    if settings.sync_on_start:
        return "synced globally at start (discord.sync_on_start)"
    return "not synced at start: run `citebot sync` once"


def _database(settings: Settings) -> str:
    days = settings.retention_days
    kept = f"kept {days} days" if days else "kept forever"
    if settings.feedback_url is not None:  # shown without its password, if it has one
        where = re.sub(r"//([^:/@]+):[^@/]*@", r"//\1:***@", settings.feedback_url)
        return f"PostgreSQL at {where} ({kept}; shared with the other processes)"
    if settings.feedback_path is None:
        return "in memory only (feedback.database: null)"
    return f"{Path(settings.feedback_path).resolve()} ({kept})"


def _shards(settings: Settings) -> str:
    if settings.shard_ids is not None:
        ids = ", ".join(map(str, settings.shard_ids))
        return f"{ids} of {settings.shard_count} (this process only; it never syncs commands)"
    return str(settings.shards or "one connection, no sharding")


def _endpoints(settings: Settings) -> str:
    if settings.api_base_url == DISCORD_API and settings.gateway_url == DISCORD_GATEWAY:
        return f"{DISCORD_API} (discord.py {discord.__version__})"
    return f"{settings.api_base_url}, gateway {settings.gateway_url} (not Discord's own)"
