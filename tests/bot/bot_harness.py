"""Driving the real citebot against the loopback Discord fake, and small knowledge folders."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from bot_folders import WIDGET_SECTIONS, write_folder  # noqa: F401  (re-exported)
from discord_fake import LoopbackOnlyConnector, running_bot

from bot.app.client import Citebot, create_bot
from bot.feedback import FeedbackStore
from bot.state.live_knowledge import LiveKnowledge
from bot.state.settings import Settings


def pings_no_one(allowed: dict[str, Any]) -> bool:
    """allowed_mentions that let nothing ping: no parse types, no ids, no reply ping."""
    return (
        allowed.get("parse") == []
        and not allowed.get("users")
        and not allowed.get("roles")
        and not allowed.get("replied_user")
    )


# A PostgreSQL URL while a test runs on PostgreSQL (the `each_store` fixture sets it): every
# bot the test starts then keeps its feedback there, whatever SQLite file the test names.
DATABASE: str | None = None


def settings_for(fake: Any, **overrides: Any) -> Settings:
    """Settings pointing at the fake, syncing to its guild (the dev-guild set-up)."""
    values: dict[str, Any] = {
        "api_base_url": fake.base_url,
        "gateway_url": fake.gateway_url,
        "dev_guild_id": int(fake.guild["id"]),
        "feedback_path": None,  # in memory unless a test gives a file
        "feedback_url": DATABASE,
    }
    values.update(overrides)
    return Settings(**values)


@asynccontextmanager
async def citebot(
    fake: Any, store: LiveKnowledge, *, feedback: FeedbackStore | None = None, **overrides: Any
) -> AsyncIterator[Citebot]:
    """A real citebot logged in to the fake, ready, closed cleanly on exit."""
    settings = settings_for(fake, **overrides)
    bot = create_bot(settings, store, feedback=feedback, connector=LoopbackOnlyConnector())
    async with running_bot(bot, fake):
        yield bot
