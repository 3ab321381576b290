"""LISTEN on the database's channel, on a connection of its own, on the event loop.

A notification says only what changed; the handler reads the current state. When the
connection drops, notifications sent meanwhile are lost, so after every (re)connection the
`on_connect` handler reads everything again before notifications are handled.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from bot.feedback import postgres

log = logging.getLogger("citebot.cluster")
Handler = Callable[[str], Awaitable[None]]


class Listener:
    """Keeps one LISTEN connection up, reconnecting with a growing pause (0.5 s to 10 s)."""

    def __init__(
        self, url: str, on_notify: Handler, on_connect: Callable[[], Awaitable[None]]
    ) -> None:
        self.url = url
        self.channel = ""  # the schema's channel, known once connected
        self.connections = 0  # how many times it connected: a test waits for a reconnection
        self.connected = asyncio.Event()
        self._on_notify = on_notify
        self._on_connect = on_connect
        self._task: asyncio.Task[None] | None = None
        self._backend_pid: int | None = None

    @property
    def backend_pid(self) -> int | None:
        """The server process serving this connection (a test can end it)."""
        return self._backend_pid

    def start(self) -> None:
        if self._task is None:
            self._task = asyncio.create_task(self._run(), name="citebot:listen")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def _run(self) -> None:
        psycopg = postgres.driver()
        pause, failing = 0.5, False
        while True:
            try:
                conn = await psycopg.AsyncConnection.connect(
                    self.url, autocommit=True, **postgres.options(5.0)
                )
            except psycopg.Error as exc:
                if not failing:
                    log.warning("cannot listen for changes (%s): retrying", str(exc).strip())
                failing = True
                await asyncio.sleep(pause)
                pause = min(pause * 2, 10.0)
                continue
            try:
                await self._listen(conn, psycopg)
                pause, failing = 0.5, False
                async for note in conn.notifies():
                    await self._handle(note.payload)
            except psycopg.Error as exc:
                failing = True
                log.warning(
                    "lost the change notifications (%s): reconnecting; changes made meanwhile "
                    "are read when it is back",
                    str(exc).strip(),
                )
            finally:
                self.connected.clear()
                with contextlib.suppress(Exception):
                    await conn.close()

    async def _listen(self, conn: Any, psycopg: Any) -> None:
        found = await (await conn.execute("SELECT current_schema()")).fetchone()
        self.channel = postgres.channel_for(found[0] if found else None)
        await conn.execute(
            psycopg.sql.SQL("LISTEN {}").format(psycopg.sql.Identifier(self.channel))
        )
        self._backend_pid = conn.info.backend_pid
        self.connections += 1
        if self.connections > 1:
            log.info("listening for changes again: reading the current state")
        await self._on_connect()  # after LISTEN: nothing can slip between the two
        self.connected.set()

    async def _handle(self, payload: str) -> None:
        try:
            await self._on_notify(payload)
        except Exception:  # a bug in a handler must not end the listening
            log.exception("applying a change notification failed: %s", payload)
