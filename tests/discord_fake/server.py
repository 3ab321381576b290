"""``FakeDiscord``: the server's lifecycle and the API tests drive it with.

Starts REST and gateway on one random loopback port, holds the default world (a
guild, a channel, a member), and turns "the user runs /ask" into a dispatched
INTERACTION_CREATE whose answer the test can await.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence
from types import TracebackType
from typing import Any

from aiohttp import web

from . import limits, payloads
from .gateway import PRIVILEGED_INTENTS, DropHow, FakeGateway
from .payloads import Payload, Where
from .records import Predicate, RecordedRequest, RequestLog
from .rest import API_PREFIX, RestApi
from .state import FakeState, InteractionRecord


class FakeDiscord:
    """Discord's side on 127.0.0.1: ``async with FakeDiscord() as fake: ...``."""

    def __init__(
        self,
        *,
        application_id: str | None = None,
        bot_user: Payload | None = None,
        guilds: Sequence[Payload] | None = None,
        shard_count: int = 1,
        token: str | None = None,
        heartbeat_interval: int = 41250,
        privileged_intents: int = PRIVILEGED_INTENTS,
    ) -> None:
        self.application_id = application_id or payloads.snowflake()
        self.bot_user = bot_user or payloads.user(
            id=self.application_id, username="citebot", bot=True
        )
        self.shard_count = shard_count
        self.state = FakeState(application_id=self.application_id, bot_user=self.bot_user)
        self.log = RequestLog()
        self.gateway = FakeGateway(
            self, heartbeat_interval=heartbeat_interval, privileged_intents=privileged_intents
        )
        self.rest = RestApi(
            self.state,
            self.log,
            gateway_url=lambda: self.gateway_url,
            shard_count=lambda: self.shard_count,
            token=token,
        )
        self.user = payloads.user(username="alice")
        self.member = payloads.member(user=self.user)
        if guilds is None:
            guilds = [self._default_guild()]
        for guild in guilds:
            self.state.add_guild(guild)
        self.port = 0
        self._runner: web.AppRunner | None = None

    def _default_guild(self) -> Payload:
        gid = payloads.snowflake()
        bot_member = payloads.member(user=self.bot_user, permissions=payloads.permissions.ADMIN)
        return payloads.guild(
            id=gid,
            channels=[payloads.text_channel(guild_id=gid)],
            members=[self.member, bot_member],
        )

    @property
    def guild(self) -> Payload:
        """The first configured guild: where interactions happen unless told."""
        if not self.state.guilds:
            raise LookupError("FakeDiscord has no guild (built with guilds=[]): pass dm=True")
        return self.state.guilds[0]

    @property
    def channel(self) -> Payload:
        """The first text channel of ``guild``."""
        channel: Payload | None = next((c for c in self.guild["channels"] if c["type"] == 0), None)
        if channel is None:
            raise LookupError(f"guild {self.guild['id']} has no text channel")
        return channel

    # --- lifecycle ---------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        """REST base for ``Route.BASE`` / ``discord.api_base_url``."""
        return f"http://127.0.0.1:{self.port}{API_PREFIX}"

    @property
    def gateway_url(self) -> str:
        """Gateway for ``DEFAULT_GATEWAY`` / ``discord.gateway_url`` (also the resume URL)."""
        return f"ws://127.0.0.1:{self.port}/gateway"

    async def start(self) -> FakeDiscord:
        # aiohttp's own 1 MiB body limit would answer before the fake's file limits could.
        largest = (limits.ATTACHMENTS_MAX + 1) * limits.ATTACHMENT_SIZE_MAX
        app = web.Application(client_max_size=largest)
        app.router.add_get("/gateway", self.gateway.handle)
        self.rest.add_routes(app)
        self._runner = web.AppRunner(app, handle_signals=False)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        return self

    async def stop(self) -> None:
        await self.gateway.close_all()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> FakeDiscord:
        return await self.start()

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()

    async def wait_until_ready(self, count: int = 1, timeout: float = 5.0) -> None:
        """Until a client (e.g. a subprocess) IDENTIFYed and got READY + GUILD_CREATEs."""
        await self.gateway.wait_until_ready(count, timeout)

    # --- recorded state ----------------------------------------------------------------

    @property
    def requests(self) -> list[RecordedRequest]:
        return self.log.requests

    @property
    def guilds(self) -> list[Payload]:
        return self.state.guilds

    @property
    def messages(self) -> dict[str, Payload]:
        return self.state.messages

    @property
    def global_commands(self) -> list[Payload]:
        return self.state.global_commands

    @property
    def guild_commands(self) -> dict[str, list[Payload]]:
        return self.state.guild_commands

    def find(
        self, method: str | None = None, path: str = "", predicate: Predicate | None = None
    ) -> list[RecordedRequest]:
        return self.log.find(method, path, predicate)

    def last(self, method: str | None = None, path: str = "") -> RecordedRequest:
        return self.log.last(method, path)

    async def wait_for(
        self,
        method: str | None = None,
        path: str = "",
        *,
        timeout: float = 5.0,
        predicate: Predicate | None = None,
    ) -> RecordedRequest:
        return await self.log.wait_for(method, path, timeout=timeout, predicate=predicate)

    # --- events ------------------------------------------------------------------------

    async def dispatch(self, event: str, data: Payload, *, guild_id: str | None = None) -> None:
        await self.gateway.dispatch(event, data, guild_id=guild_id or data.get("guild_id"))

    async def send_message(
        self,
        content: str,
        *,
        author: Payload | None = None,
        member: Payload | None = None,
        channel: Payload | None = None,
        dm: bool = False,
        mentions: Sequence[Payload] = (),
        extra: Mapping[str, Any] | None = None,
    ) -> Payload:
        """A user posts ``content``: dispatch MESSAGE_CREATE, return the message.

        In the default channel by the default member unless told; ``dm=True`` posts in
        the author's DM with the bot. A ``<@bot id>`` in ``content`` adds the bot to
        ``mentions`` as Discord would.
        """
        author = author or (member or {}).get("user") or self.user
        channel = channel or (self.dm_channel(author) if dm else self.channel)
        guild_id = channel.get("guild_id")
        if guild_id and member is None:
            member = self.member if author is self.user else payloads.member(user=author)
        found = list(mentions)
        if f"<@{self.bot_user['id']}>" in content and self.bot_user not in found:
            found.append(self.bot_user)
        message = payloads.message(
            channel_id=channel["id"],
            author=author,
            content=content,
            guild_id=guild_id,
            member=member if guild_id else None,
            mentions=found,
            extra=extra,
        )
        self.state.messages[message["id"]] = message
        await self.dispatch("MESSAGE_CREATE", message, guild_id=guild_id)
        return message

    async def create_post(
        self,
        forum: Payload,
        title: str,
        body: str,
        *,
        member: Payload | None = None,
    ) -> tuple[Payload, Payload]:
        """A new forum post as Discord sends it: THREAD_CREATE (``newly_created``), then the
        starter MESSAGE_CREATE whose id is the thread's. Returns (thread, starter message)."""
        member = member or self.member
        post = payloads.thread(forum=forum, owner_id=member["user"]["id"], name=title)
        self.state.channels[post["id"]] = post
        await self.dispatch("THREAD_CREATE", {**post, "newly_created": True})
        starter = await self.send_message(
            body, member=member, channel=post, extra={"id": post["id"]}
        )
        return post, starter

    def dm_channel(self, user: Payload) -> Payload:
        """The DM channel between ``user`` and the bot (one per user, as on Discord)."""
        for channel in self.state.channels.values():
            if channel["type"] == 1 and channel["recipients"][0]["id"] == user["id"]:
                return channel
        channel = payloads.dm_channel(recipient=user)
        self.state.channels[channel["id"]] = channel
        return channel

    async def drop_connection(self, how: DropHow = "abort", shard_id: int = 0) -> None:
        """Cut the client's connection: ``abort``, ``close``, ``reconnect``, ``invalid_session``."""
        await self.gateway.drop(how, shard_id)

    async def wait_for_resume(self, timeout: float = 5.0) -> None:
        await self.gateway.wait_for_resume(timeout)

    # --- interactions ------------------------------------------------------------------

    def where(
        self,
        *,
        dm: bool = False,
        member: Payload | None = None,
        user: Payload | None = None,
        channel: Payload | None = None,
        guild: Payload | None = None,
        locale: str = "en-US",
    ) -> Where:
        """The context of an interaction: a guild channel by default, or a DM."""
        if dm:
            user = user or (member or {}).get("user") or self.user
            channel = channel or self.dm_channel(user)
            return Where(
                application_id=self.application_id, channel=channel, user=user, locale=locale
            )
        guild = guild or self.guild
        channel = channel or next(c for c in guild["channels"] if c["type"] == 0)
        return Where(
            application_id=self.application_id,
            channel=channel,
            guild_id=guild["id"],
            member=member or self.member,
            locale=locale,
        )

    def build_slash(
        self,
        name: str,
        /,
        *,
        resolved: Payload | None = None,
        autocomplete: str | None = None,
        where: Where | None = None,
        options: Mapping[str, Any] | None = None,
        **values: Any,
    ) -> Payload:
        """A chat-input command payload; ``values`` are the leaf options by name.

        Command id, guild and option types come from the synced command when there is
        one, so the payload looks exactly like Discord's. An option whose name clashes
        with a keyword here (``user``, ``channel``...) goes in ``options={...}``.
        """
        where = where or self.where()
        values = {**(options or {}), **values}
        root, *path = name.split()
        synced = self.state.find_command(root, 1, where.guild_id)
        types = _option_types(synced, path) if synced else {}
        leaves = [payloads.option(k, v, types.get(k)) for k, v in values.items()]
        command_id = synced["id"] if synced else None
        command_guild_id = synced.get("guild_id") if synced else None
        if autocomplete is not None:
            return payloads.autocomplete_interaction(
                where,
                name,
                leaves,
                autocomplete,
                resolved=resolved,
                command_id=command_id,
                command_guild_id=command_guild_id,
            )
        return payloads.slash_interaction(
            where,
            name,
            leaves,
            resolved=resolved,
            command_id=command_id,
            command_guild_id=command_guild_id,
        )

    def build_click(
        self,
        message: Payload | str,
        custom_id: str,
        *,
        values: Sequence[str] | None = None,
        where: Where | None = None,
    ) -> Payload:
        """A component interaction on a message: an id the fake knows, or a payload.

        A payload is used as given, so a test can click an altered copy (e.g. a stale
        custom_id from an older version of the message); an id reads the stored message.
        """
        if isinstance(message, str):
            found = self.state.messages.get(message)
            if found is None:
                raise LookupError(f"the fake has no message {message}")
            message = found
        stored = message
        if where is None:
            channel = self.state.channels.get(stored["channel_id"])
            where = self.where(dm=channel is None or channel["type"] == 1, channel=channel)
        return payloads.component_interaction(where, stored, custom_id, values=values)

    def build_message_command(
        self, name: str, target: Payload, *, where: Where | None = None
    ) -> Payload:
        where = where or self.where()
        synced = self.state.find_command(name, 3, where.guild_id)
        return payloads.message_command_interaction(
            where,
            name,
            target,
            command_id=synced["id"] if synced else None,
            command_guild_id=synced.get("guild_id") if synced else None,
        )

    async def interact(self, payload: Payload, *, timeout: float = 5.0) -> RecordedRequest:
        """Dispatch INTERACTION_CREATE and return the bot's first callback (even a rejected one)."""
        # setdefault: the same payload sent twice (a redelivery, two bot processes)
        # must meet the first answer's acknowledgement.
        interaction = self.state.interactions.setdefault(
            str(payload["id"]), InteractionRecord(payload)
        )
        path = rf"^/interactions/{interaction.id}/[^/]+/callback$"
        waiting = asyncio.ensure_future(self.log.wait_for("POST", path, timeout=timeout))
        await self.dispatch("INTERACTION_CREATE", payload, guild_id=payload.get("guild_id"))
        return await waiting

    async def slash(self, name: str, /, *, timeout: float = 5.0, **kwargs: Any) -> RecordedRequest:
        """Run ``/name`` with options as keywords (``where=``/``resolved=`` pass through)."""
        return await self.interact(
            self.build_slash(name, **self._where_kwargs(kwargs)), timeout=timeout
        )

    async def autocomplete(
        self, name: str, /, *, focused: str, timeout: float = 5.0, **kwargs: Any
    ) -> RecordedRequest:
        payload = self.build_slash(name, autocomplete=focused, **self._where_kwargs(kwargs))
        return await self.interact(payload, timeout=timeout)

    async def click(
        self,
        message: Payload | str,
        custom_id: str,
        *,
        values: Sequence[str] | None = None,
        timeout: float = 5.0,
        **where: Any,
    ) -> RecordedRequest:
        built_where = self.where(**where) if where else None
        payload = self.build_click(message, custom_id, values=values, where=built_where)
        return await self.interact(payload, timeout=timeout)

    async def submit_modal(
        self,
        custom_id: str,
        fields: Mapping[str, str],
        *,
        message: Payload | None = None,
        timeout: float = 5.0,
        **where: Any,
    ) -> RecordedRequest:
        payload = payloads.modal_interaction(
            self.where(**where), custom_id, fields, message=message
        )
        return await self.interact(payload, timeout=timeout)

    async def message_command(
        self, name: str, *, target: Payload, timeout: float = 5.0, **where: Any
    ) -> RecordedRequest:
        payload = self.build_message_command(name, target, where=self.where(**where))
        return await self.interact(payload, timeout=timeout)

    def _where_kwargs(self, kwargs: dict[str, Any]) -> dict[str, Any]:
        """Split context keywords (dm, member, ...) from option values."""
        context = {
            k: kwargs.pop(k)
            for k in ("dm", "member", "user", "channel", "guild", "locale")
            if k in kwargs
        }
        if context:
            kwargs["where"] = self.where(**context)
        return kwargs


def _option_types(command: Payload, path: Sequence[str]) -> dict[str, int]:
    """Option name -> type for the leaf (sub)command at ``path`` of a synced command."""
    options = command.get("options") or []
    for name in path:
        node = next((o for o in options if o["name"] == name), None)
        options = (node or {}).get("options") or []
    return {o["name"]: o["type"] for o in options}
