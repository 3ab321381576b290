"""The gateway websocket: the client's event stream and its session lifecycle.

Plays HELLO, heartbeat ACKs, IDENTIFY -> READY -> GUILD_CREATE, RESUME -> RESUMED
with replay of events the client missed, and the ways Discord drops a connection,
so tests can check that the client comes back and keeps answering.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

from aiohttp import WSMsgType, web

from .payloads import Payload, snowflake

_log = logging.getLogger(__name__)

DropHow = Literal["abort", "close", "reconnect", "invalid_session"]

DISPATCH, HEARTBEAT, IDENTIFY, PRESENCE, RESUME, RECONNECT = 0, 1, 2, 3, 6, 7
REQUEST_MEMBERS, INVALID_SESSION, HELLO, HEARTBEAT_ACK = 8, 9, 10, 11
#: The intents a bot must enable in the Developer Portal: members, presences, message content.
PRIVILEGED_INTENTS = 1 << 1 | 1 << 8 | 1 << 15
DISALLOWED_INTENTS = 4014  # the close code when IDENTIFY asks for one that is not enabled
CLIENT_ENDS = (1000, 1001)  # close codes after which Discord forgets the session


class World(Protocol):
    """What the gateway reads from the fake's state."""

    @property
    def application_id(self) -> str: ...
    @property
    def bot_user(self) -> Payload: ...
    @property
    def guilds(self) -> list[Payload]: ...
    @property
    def gateway_url(self) -> str: ...
    @property
    def shard_count(self) -> int: ...


@dataclass
class Session:
    """A gateway session: survives its websocket so RESUME can replay what was missed."""

    id: str
    token: str
    shard: tuple[int, int] | None
    seq: int = 0
    events: list[Payload] = field(default_factory=list)
    ws: web.WebSocketResponse | None = None
    request: web.Request | None = None
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    #: The client closed it for good (close code 1000 or 1001): it gets no more events.
    ended: bool = False

    @property
    def shard_id(self) -> int:
        return self.shard[0] if self.shard else 0


class FakeGateway:
    """The websocket endpoint and the sessions behind it."""

    def __init__(
        self,
        world: World,
        *,
        heartbeat_interval: int = 41250,
        privileged_intents: int = PRIVILEGED_INTENTS,
    ) -> None:
        self.world = world
        self.heartbeat_interval = heartbeat_interval
        #: The privileged intents enabled for the bot in the "Developer Portal".
        self.privileged_intents = privileged_intents
        self.sessions: dict[str, Session] = {}
        #: The newest identified session per shard id (what drops act on). Dispatches go to
        #: every session holding the shard, as Discord sends them: see `holders`.
        self.current: dict[int, Session] = {}
        #: Every frame the client sent, in order (op, d).
        self.received: list[Payload] = []
        self.identifies: list[Payload] = []
        self.resumes: list[Payload] = []
        #: (path, query) of every websocket connection, e.g. to check the resume URL.
        self.connections: list[tuple[str, dict[str, str]]] = []
        self._changed = asyncio.Condition()
        self._ready_count = 0
        self._resumes_at_drop = 0

    # --- websocket handler -------------------------------------------------------------

    async def handle(self, request: web.Request) -> web.WebSocketResponse:
        self.connections.append((request.path, dict(request.query)))
        ws = web.WebSocketResponse(autoping=True)
        await ws.prepare(request)
        await ws.send_str(
            json.dumps({"op": HELLO, "d": {"heartbeat_interval": self.heartbeat_interval}})
        )
        session: Session | None = None
        try:
            async for msg in ws:
                if msg.type is not WSMsgType.TEXT:
                    continue
                frame = json.loads(msg.data)
                self.received.append(frame)
                session = await self._on_frame(frame, ws, request) or session
        except (ConnectionResetError, asyncio.CancelledError):
            pass
        finally:
            if session is not None and session.ws is ws:
                session.ws = None
                # As on Discord: a normal closure ends the session; any other can RESUME.
                session.ended = ws.close_code in CLIENT_ENDS
        return ws

    async def _on_frame(
        self, frame: Payload, ws: web.WebSocketResponse, request: web.Request
    ) -> Session | None:
        op, data = frame.get("op"), frame.get("d") or {}
        if op == HEARTBEAT:
            await ws.send_str(json.dumps({"op": HEARTBEAT_ACK, "d": None}))
        elif op == IDENTIFY:
            return await self._identify(data, ws, request)
        elif op == RESUME:
            return await self._resume(data, ws, request)
        elif op == REQUEST_MEMBERS:
            await self._members_chunk(data, ws)
        return None

    async def _identify(
        self, data: Payload, ws: web.WebSocketResponse, request: web.Request
    ) -> Session | None:
        self.identifies.append(data)
        if int(data.get("intents", 0)) & PRIVILEGED_INTENTS & ~self.privileged_intents:
            await ws.close(code=DISALLOWED_INTENTS, message=b"Disallowed intent(s).")
            return None
        shard = (int(data["shard"][0]), int(data["shard"][1])) if data.get("shard") else None
        session = Session(id=snowflake(), token=data["token"], shard=shard, ws=ws, request=request)
        self.sessions[session.id] = session
        self.current[session.shard_id] = session
        ready: Payload = {
            "v": 10,
            "user": self.world.bot_user,
            "guilds": [{"id": g["id"], "unavailable": True} for g in self._guilds_of(session)],
            "session_id": session.id,
            "resume_gateway_url": self.world.gateway_url,
            "application": {"id": self.world.application_id, "flags": 0},
            "private_channels": [],
            "relationships": [],
            "presences": [],
            "session_type": "normal",
        }
        if shard is not None:
            ready["shard"] = list(shard)
        await self._send_dispatch(session, "READY", ready)
        for guild in self._guilds_of(session):
            await self._send_dispatch(session, "GUILD_CREATE", guild)
        self._ready_count += 1
        await self._notify()
        return session

    async def _resume(
        self, data: Payload, ws: web.WebSocketResponse, request: web.Request
    ) -> Session | None:
        session = self.sessions.get(data.get("session_id") or "")
        if session is None or session.token != data.get("token"):
            await ws.send_str(json.dumps({"op": INVALID_SESSION, "d": False}))
            return None
        self.resumes.append(data)
        async with session.lock:
            session.ws, session.request = ws, request
            missed = [e for e in session.events if e["s"] > (data.get("seq") or 0)]
            for event in missed:
                await ws.send_str(json.dumps(event))
            session.seq += 1
            resumed = {"op": DISPATCH, "t": "RESUMED", "s": session.seq, "d": {}}
            session.events.append(resumed)
            await ws.send_str(json.dumps(resumed))
        await self._notify()
        return session

    async def _members_chunk(self, data: Payload, ws: web.WebSocketResponse) -> None:
        guild = next((g for g in self.world.guilds if g["id"] == str(data.get("guild_id"))), None)
        session = next((s for s in self.current.values() if s.ws is ws), None)
        if guild is None or session is None:
            return
        chunk = {
            "guild_id": guild["id"],
            "members": guild["members"],
            "chunk_index": 0,
            "chunk_count": 1,
            "not_found": [],
        }
        if data.get("nonce"):
            chunk["nonce"] = data["nonce"]
        await self._send_dispatch(session, "GUILD_MEMBERS_CHUNK", chunk)

    # --- dispatching -------------------------------------------------------------------

    def _guilds_of(self, session: Session) -> list[Payload]:
        if session.shard is None:
            return list(self.world.guilds)
        shard_id, count = session.shard
        return [g for g in self.world.guilds if (int(g["id"]) >> 22) % count == shard_id]

    def session_for(self, guild_id: str | None = None) -> Session:
        """The current session that owns ``guild_id`` (DMs go to shard 0)."""
        count = max((s.shard[1] for s in self.current.values() if s.shard), default=1)
        shard_id = (int(guild_id) >> 22) % count if guild_id else 0
        try:
            return self.current[shard_id]
        except KeyError:
            raise RuntimeError(
                f"no gateway session for shard {shard_id}: is the bot connected?"
            ) from None

    def holders(self, shard_id: int) -> list[Session]:
        """Every session holding a shard that has not ended, oldest first: two processes on
        one token (or one shard) both hold it, and Discord sends each of them every event."""
        return [s for s in self.sessions.values() if s.shard_id == shard_id and not s.ended]

    async def dispatch(self, event: str, data: Payload, *, guild_id: str | None = None) -> None:
        """Send a DISPATCH to every session holding its shard; each buffers it for replay
        while its socket is down."""
        owner = self.session_for(guild_id)
        for session in self.holders(owner.shard_id) or [owner]:
            await self._send_dispatch(session, event, data)

    async def _send_dispatch(self, session: Session, event: str, data: Payload) -> None:
        async with session.lock:
            session.seq += 1
            frame = {"op": DISPATCH, "t": event, "s": session.seq, "d": data}
            session.events.append(frame)
            if session.ws is not None and not session.ws.closed:
                try:
                    await session.ws.send_str(json.dumps(frame))
                except ConnectionError:
                    _log.debug("socket went away; %s kept for replay", event)

    # --- drops and waiting -------------------------------------------------------------

    async def drop(self, how: DropHow = "abort", shard_id: int = 0) -> None:
        """Cut the current connection of a shard the way Discord sometimes does."""
        session = self.current.get(shard_id)
        if session is None or session.ws is None:
            raise RuntimeError("no connected session to drop")
        self._resumes_at_drop = len(self.resumes)
        ws, request = session.ws, session.request
        session.ws = None
        if how == "abort":
            if request is not None and request.transport is not None:
                request.transport.abort()
        elif how == "close":
            await ws.close(code=4000, message=b"dropped by the fake")
        elif how == "reconnect":
            await ws.send_str(json.dumps({"op": RECONNECT, "d": None}))
        elif how == "invalid_session":
            await ws.send_str(json.dumps({"op": INVALID_SESSION, "d": True}))
        else:
            raise ValueError(f"unknown drop {how!r}")

    async def _notify(self) -> None:
        async with self._changed:
            self._changed.notify_all()

    async def _wait(self, done: Callable[[], bool], timeout: float, what: str) -> None:
        async def waiter() -> None:
            async with self._changed:
                await self._changed.wait_for(done)

        try:
            await asyncio.wait_for(waiter(), timeout)
        except TimeoutError:
            raise TimeoutError(f"{what} did not happen within {timeout}s") from None

    async def wait_for_resume(self, timeout: float = 5.0) -> None:
        """Until the client RESUMEd after the last ``drop``."""
        await self._wait(lambda: len(self.resumes) > self._resumes_at_drop, timeout, "RESUME")

    async def wait_until_ready(self, count: int = 1, timeout: float = 5.0) -> None:
        """Until ``count`` IDENTIFYs were answered with READY and all GUILD_CREATEs."""
        await self._wait(lambda: self._ready_count >= count, timeout, "IDENTIFY/READY")

    async def close_all(self, sessions: Sequence[Session] | None = None) -> None:
        """Close every open socket (at shutdown)."""
        for session in sessions or list(self.sessions.values()):
            if session.ws is not None:
                with contextlib.suppress(Exception):
                    await session.ws.close(code=1001)
                session.ws = None

    def last_dispatch(self, event: str) -> Any:
        """The newest frame of ``event`` sent on any session."""
        frames = [e for s in self.sessions.values() for e in s.events if e["t"] == event]
        return frames[-1] if frames else None
