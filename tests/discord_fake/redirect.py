"""Point discord.py at the fake, and make sure nothing else is reachable.

discord.py builds every REST URL from ``Route.BASE`` and opens the gateway at
``DiscordWebSocket.DEFAULT_GATEWAY`` (or the URL READY/``/gateway/bot`` gives it).
The loopback-only connector is the safety net: a request that escaped the redirect
fails at once instead of reaching Discord.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import aiohttp
import discord.gateway
import discord.http
import yarl

if TYPE_CHECKING:
    from aiohttp.client_reqrep import ClientRequest
    from aiohttp.connector import Connection
    from aiohttp.tracing import Trace


class NonLoopbackRequestError(RuntimeError):
    """A test tried to reach a host other than this machine.

    Deliberately not an ``aiohttp.ClientError``/``OSError``: discord.py retries those,
    which would hide the mistake behind reconnect loops.
    """


def is_loopback(host: str | None) -> bool:
    if host is None:
        return False
    if host.lower() in ("localhost", "localhost."):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


class LoopbackOnlyConnector(aiohttp.TCPConnector):
    """A TCP connector that refuses, before any DNS lookup or socket, non-loopback hosts."""

    async def connect(self, req: ClientRequest, traces: list[Trace], timeout: Any) -> Connection:
        if not is_loopback(req.url.host):
            raise NonLoopbackRequestError(
                f"test tried to reach {req.method} {req.url} - only 127.0.0.1/::1 are allowed; "
                "is discord.py redirected to the fake (redirect_discord)?"
            )
        return await super().connect(req, traces, timeout)


@contextmanager
def redirect_discord(base_url: str, gateway_url: str) -> Iterator[None]:
    """Set ``Route.BASE`` and ``DEFAULT_GATEWAY`` for the duration, then restore them."""
    route_base = discord.http.Route.BASE
    default_gateway = discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY
    discord.http.Route.BASE = base_url
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(gateway_url)
    try:
        yield
    finally:
        discord.http.Route.BASE = route_base
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = default_gateway
