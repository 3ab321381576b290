"""Run a real discord.py client against the fake for the span of a test.

The same steps ``Client.start`` takes (login, then connect), split so the test can
act once the client is ready and shut it down cleanly at the end.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import TypeVar

import discord

from .server import FakeDiscord

ClientT = TypeVar("ClientT", bound=discord.Client)

#: discord.py waits this long after the last GUILD_CREATE before ``on_ready``
#: (2 s by default); on loopback every GUILD_CREATE arrives at once.
FAST_GUILD_READY_TIMEOUT = 0.05


@asynccontextmanager
async def running_bot(
    bot: ClientT,
    fake: FakeDiscord,
    *,
    token: str = "fake-token",
    timeout: float = 5.0,
    fast_ready: bool = True,
) -> AsyncIterator[ClientT]:
    """Log ``bot`` in against ``fake``, connect, wait for ready; close it on exit.

    ``fake`` must be redirected to (the ``discord_fake`` fixture does it). Raises the
    connect task's exception if the client dies before it is ready.
    """
    if fast_ready:
        # A constructor option (guild_ready_timeout) that bots built elsewhere may not
        # set; lowering it here keeps each test ~2 s shorter. Test-only private access.
        state = bot._connection
        state.guild_ready_timeout = min(state.guild_ready_timeout, FAST_GUILD_READY_TIMEOUT)
    await asyncio.wait_for(bot.login(token), timeout)
    task = asyncio.create_task(bot.connect(reconnect=True), name="discord_fake:connect")
    try:
        await _wait_ready(bot, task, timeout)
        yield bot
    finally:
        await bot.close()
        with contextlib.suppress(asyncio.CancelledError):
            await asyncio.wait_for(task, timeout)


async def _wait_ready(bot: discord.Client, task: asyncio.Task[None], timeout: float) -> None:
    ready = asyncio.ensure_future(bot.wait_until_ready())
    done, _ = await asyncio.wait(
        {ready, task}, timeout=timeout, return_when=asyncio.FIRST_COMPLETED
    )
    if ready in done:
        return
    ready.cancel()
    if task in done:
        task.result()  # raises the reason the client died
        raise RuntimeError("the client's connect() returned before it was ready")
    raise TimeoutError(f"the client was not ready within {timeout}s")
