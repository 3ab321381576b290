"""Why `citebot run` or `citebot sync` could not start, in one line a server owner can act on.

Connecting can fail for reasons outside citebot: no network, a wrong token, an intent not
enabled in the Developer Portal. Each is said in one line; a traceback would bury it.
"""

from __future__ import annotations

import aiohttp
import discord

from bot.settings import TOKEN_ENV

TOKEN_REFUSED = f"Discord refused the token; check {TOKEN_ENV}."
INTENT_NOT_ENABLED = (
    "the message content intent is not enabled for this bot. Enable it in the Developer "
    "Portal (Bot › Privileged Gateway Intents) or set discord.message_content: false."
)


def explain(exc: BaseException) -> str | None:
    """One line saying why connecting failed, or None for an error that is citebot's own."""
    if isinstance(exc, discord.LoginFailure):
        return TOKEN_REFUSED
    if isinstance(exc, discord.PrivilegedIntentsRequired):
        return INTENT_NOT_ENABLED
    if isinstance(exc, aiohttp.ClientConnectorError):  # DNS, refused, TLS: no connection
        reason = exc.os_error.strerror or str(exc.os_error) or type(exc.os_error).__name__
        return f"cannot reach Discord: {exc.host}:{exc.port}: {reason}"
    if isinstance(exc, aiohttp.ClientError | TimeoutError):
        return f"cannot reach Discord: {exc or type(exc).__name__}"
    if isinstance(exc, discord.DiscordServerError | discord.GatewayNotFound):
        return f"Discord is not answering properly: {exc}"
    return None
