"""Logging for `citebot run` and `citebot sync`: DEBUG means citebot's own debug lines.

discord.py's debug lines carry raw gateway and REST payloads: user ids and names, message and
question text, interaction tokens (in callback URLs). A log holding them is out of
`/forget-me`'s reach, so at DEBUG the other libraries stay at INFO unless the operator asks
for their debug output by name (`CITEBOT_DISCORD_DEBUG=1`), and then a warning says what the
log will hold (docs/privacy.md). A reconnect attempt is one line, not discord.py's traceback.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
DISCORD_DEBUG_ENV = "CITEBOT_DISCORD_DEBUG"
log = logging.getLogger("citebot")

KEPT_OUT = (
    "logging at DEBUG: citebot's own debug lines only; discord.py and the other libraries "
    f"stay at INFO, as their debug lines hold raw user ids, names, questions and interaction "
    f"tokens ({DISCORD_DEBUG_ENV}=1 adds them; docs/privacy.md)"
)
LET_IN = (
    f"logging at DEBUG with {DISCORD_DEBUG_ENV}=1: discord.py's raw payloads are logged, with "
    "user ids, names, questions and interaction tokens, out of /forget-me's reach "
    "(docs/privacy.md); turn it off when done"
)


class OneLineReconnects(logging.Filter):
    """discord.py logs each reconnect attempt with the whole traceback of why (a refused
    connection, a timeout): during an outage that is a screenful a minute. Keep the line,
    add the reason, drop the traceback; a WARNING, since citebot goes on trying."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not str(record.msg).startswith("Attempting a reconnect") or not record.exc_info:
            return True
        exc = record.exc_info[1]
        if exc is not None:
            reason = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
            why = f"{type(exc).__name__}: {reason}" if reason else type(exc).__name__
            record.msg = f"{record.msg} ({why.replace('%', '%%')})"
        record.exc_info = record.exc_text = None
        record.levelno, record.levelname = logging.WARNING, "WARNING"
        return True


#: Where discord.py logs its reconnect attempts (a plain bot, and each shard).
RECONNECT_LOGGERS = ("discord.client", "discord.shard")


def one_line_reconnects() -> None:
    """Install the filter (once) on discord.py's reconnect loggers."""
    for name in RECONNECT_LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(f, OneLineReconnects) for f in logger.filters):
            logger.addFilter(OneLineReconnects())


def configure(level: str, env: Mapping[str, str] | None = None) -> None:
    """Log to stderr at `level`; at DEBUG, warn once about what the log holds."""
    env = os.environ if env is None else env
    one_line_reconnects()
    if level != "DEBUG":
        logging.basicConfig(level=level, format=FORMAT)
        return
    everything = env.get(DISCORD_DEBUG_ENV) == "1"
    logging.basicConfig(level=logging.DEBUG if everything else logging.INFO, format=FORMAT)
    log.setLevel(logging.DEBUG)
    log.warning(LET_IN if everything else KEPT_OUT)
