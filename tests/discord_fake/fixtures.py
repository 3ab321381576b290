"""pytest fixtures exposing the fake (re-exported by ``tests/conftest.py``)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest

from .errorlog import DiscordErrorLog
from .redirect import LoopbackOnlyConnector, redirect_discord
from .server import FakeDiscord


@pytest.fixture
def discord_error_log() -> Iterator[DiscordErrorLog]:
    """Fails the test at teardown if discord.py logged at ERROR (``.pop()`` what you expect)."""
    handler = DiscordErrorLog().install()
    try:
        yield handler
    finally:
        handler.uninstall()
    if handler.records:
        pytest.fail("discord.py logged errors during the test:\n" + handler.report(), pytrace=False)


@pytest.fixture
async def discord_fake(discord_error_log: DiscordErrorLog) -> AsyncIterator[FakeDiscord]:
    """A started fake with discord.py redirected to it for this test."""
    async with FakeDiscord() as fake:
        with redirect_discord(fake.base_url, fake.gateway_url):
            yield fake


@pytest.fixture
async def loopback_connector() -> LoopbackOnlyConnector:
    """A connector for ``connector=``; the bot's ``close()`` closes it."""
    return LoopbackOnlyConnector()
