"""Catch what discord.py logs at ERROR: its way of reporting a failed handler.

discord.py swallows exceptions in commands, views and events and only logs them, so
a test can pass while the bot crashed. Collecting those records makes them failures.
"""

from __future__ import annotations

import asyncio
import logging
import time


class DiscordErrorLog(logging.Handler):
    """Collects ERROR (and worse) records from the ``discord`` logger tree."""

    def __init__(self, logger_name: str = "discord") -> None:
        super().__init__(level=logging.ERROR)
        self.logger = logging.getLogger(logger_name)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    def install(self) -> DiscordErrorLog:
        self.logger.addHandler(self)
        return self

    def uninstall(self) -> None:
        self.logger.removeHandler(self)

    def pop(self) -> list[logging.LogRecord]:
        """Return and forget the records, for a test that expects an error."""
        taken, self.records = self.records, []
        return taken

    async def wait(self, count: int = 1, timeout: float = 2.0) -> list[logging.LogRecord]:
        """Until ``count`` records arrived (a handler's error is logged after its reply),
        then ``pop()`` them."""
        deadline = time.monotonic() + timeout
        while len(self.records) < count:
            if time.monotonic() > deadline:
                raise TimeoutError(f"expected {count} discord.py error(s), got {len(self.records)}")
            await asyncio.sleep(0.005)
        return self.pop()

    def report(self) -> str:
        """The records as text, with tracebacks, for a failure message."""
        formatter = logging.Formatter("%(name)s %(levelname)s: %(message)s")
        return "\n".join(formatter.format(r) for r in self.records)
