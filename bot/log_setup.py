"""Logging for `citebot run` and `citebot sync`: DEBUG means citebot's own debug lines.

discord.py's debug lines carry raw gateway and REST payloads: user ids and names, message and
question text, interaction tokens (in callback URLs). A log holding them is out of
`/forget-me`'s reach, so at DEBUG the other libraries stay at INFO unless the operator asks
for their debug output by name (`CITEBOT_DISCORD_DEBUG=1`), and then a warning says what the
log will hold (docs/privacy.md).
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


def configure(level: str, env: Mapping[str, str] | None = None) -> None:
    """Log to stderr at `level`; at DEBUG, warn once about what the log holds."""
    env = os.environ if env is None else env
    if level != "DEBUG":
        logging.basicConfig(level=level, format=FORMAT)
        return
    everything = env.get(DISCORD_DEBUG_ENV) == "1"
    logging.basicConfig(level=logging.DEBUG if everything else logging.INFO, format=FORMAT)
    log.setLevel(logging.DEBUG)
    log.warning(LET_IN if everything else KEPT_OUT)
