"""Why `citebot run` or `citebot sync` could not start, in one line a server owner can act on.

Connecting can fail for reasons outside citebot: no network, a wrong token, an intent not
enabled in the Developer Portal. Each is said in one line; a traceback would bury it.
"""

from __future__ import annotations

from typing import NamedTuple

import aiohttp
import discord

from bot.cluster.claim import ShardsTaken
from bot.state.settings import TOKEN_ENV

TOKEN_REFUSED = f"Discord refused the token; check {TOKEN_ENV}."
INTENT_NOT_ENABLED = (
    "the message content intent is not enabled for this bot. Enable it in the Developer "
    "Portal (Bot › Privileged Gateway Intents) or set discord.message_content: false."
)


class Failure(NamedTuple):
    """What to print (after "citebot: ") and the exit status."""

    message: str
    exit_code: int


REFUSED = 1  # Discord said no: retrying will not help until the owner changes something
TEMPORARY = 75  # EX_TEMPFAIL: Discord could not be reached; a supervisor may try again


def explain(exc: BaseException) -> Failure | None:
    """Why connecting failed, or None for an error that is citebot's own (a bug)."""
    if isinstance(exc, ShardsTaken):
        return Failure(str(exc), REFUSED)
    if isinstance(exc, discord.LoginFailure):
        return Failure(TOKEN_REFUSED, REFUSED)
    if isinstance(exc, discord.PrivilegedIntentsRequired):
        return Failure(INTENT_NOT_ENABLED, REFUSED)
    if isinstance(exc, aiohttp.ClientConnectorError):  # DNS, refused, TLS: no connection
        reason = exc.os_error.strerror or str(exc.os_error) or type(exc.os_error).__name__
        return Failure(f"cannot reach Discord: {exc.host}:{exc.port}: {reason}", TEMPORARY)
    if isinstance(exc, aiohttp.ClientError | TimeoutError):
        return Failure(f"cannot reach Discord: {exc or type(exc).__name__}", TEMPORARY)
    if isinstance(exc, discord.DiscordServerError | discord.GatewayNotFound):
        return Failure(f"Discord is not answering properly: {exc}", TEMPORARY)
    return None
