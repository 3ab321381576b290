"""This process among others: its heartbeat, and the changes it shares and applies.

Every process writes a heartbeat row (what shards it holds, which knowledge it serves). With
PostgreSQL it also LISTENs: a /reload, a FAQ edit or a /settings change made through any
process is announced with NOTIFY when it commits, and every other process applies it by
reading the current state. After a lost connection it reads everything again.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import socket
import time
from collections.abc import Callable

import knowledge
from bot.cluster import claim, state
from bot.cluster.listener import Listener
from bot.cluster.overlay import FaqOverlay
from bot.feedback import FeedbackStore, StoreUnavailable
from bot.state.live_knowledge import Change, LiveKnowledge
from bot.state.servers import ServerBook

log = logging.getLogger("citebot.cluster")


class Cluster:
    """Heartbeats always; with a shared (PostgreSQL) store, the FAQ overlay and NOTIFY too."""

    def __init__(
        self, store: FeedbackStore, live: LiveKnowledge, servers: ServerBook, shards: str
    ) -> None:
        self.store = store
        self.live = live
        self.servers = servers
        self.shards = shards
        self.started_at = time.time()
        self.overlay = FaqOverlay(store, live.path) if store.shared else None
        # Told when a server's learned answers changed elsewhere (None: any server's).
        self.on_learned: Callable[[int | None], None] = lambda guild: None
        self.listener: Listener | None = None
        self._applied = state.Version()
        self._beating: asyncio.Task[None] | None = None

    async def start(self) -> None:
        """Apply the stored FAQ edits, start the heartbeat and (PostgreSQL) the listening."""
        if self.overlay is not None:
            with contextlib.suppress(StoreUnavailable):
                version = await self.store.read(state.version)
                if version.last_edit:
                    await self._reload("start-up")
                self._applied = version
            assert isinstance(self.store.database, str)
            self.listener = Listener(self.store.database, self._notified, self._catch_up)
            self.listener.start()
        await self._claim()
        self._beating = asyncio.create_task(self._beat(), name="citebot:heartbeat")

    async def _claim(self) -> None:
        """Refuse (ShardsTaken) when a live process holds some of these shards."""
        try:
            taken = await self.store.read(lambda db: claim.claim(db, self._row()))
        except StoreUnavailable:
            log.warning("cannot read the heartbeats: not checking for another process")
            return
        if taken:
            raise claim.ShardsTaken(claim.refusal(self.shards, taken, self.store.name))

    def _row(self) -> state.Process:
        return state.Process(
            self.store.origin, socket.gethostname(), os.getpid(), self.shards,
            self.live.kb.fingerprint, self.started_at, time.time(),
        )  # fmt: skip

    async def stop(self) -> None:
        """Stop listening and beating; the heartbeat row goes (written before the store closes)."""
        if self.listener is not None:
            await self.listener.stop()
        if self._beating is not None:
            self._beating.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._beating
        origin = self.store.origin
        self.store.write(lambda db: state.leave(db, origin))

    async def reload(self) -> Change:
        """/reload: re-read the folder (with the FAQ edits) here, then tell the others."""
        merged = await self.overlay.merged() if self.overlay is not None else None
        change = await self.live.reload(faq_text=merged.text if merged else None)
        if self.store.shared:
            try:
                await self.store.read(state.bump_generation)
            except StoreUnavailable:
                log.warning("could not tell the other processes about this reload")
        return change

    async def processes(self) -> list[state.Process] | None:
        """The live processes (None: the database cannot say now)."""
        try:
            return await self.store.read(state.alive)
        except StoreUnavailable:
            return None

    # -- applying what others did ---------------------------------------------------------

    async def _notified(self, payload: str) -> None:
        note = json.loads(payload)
        kind, own = note.get("kind"), note.get("from") == self.store.origin
        if kind == "settings" and not own:
            await self.servers.refresh(int(note["guild"]))
            log.info("settings of server %s changed by %s: applied", note["guild"], note["from"])
        elif kind == "learned" and not own:
            self.on_learned(int(note["guild"]))
            log.info("learned answers of server %s changed by %s", note["guild"], note["from"])
        elif kind in ("faq", "reload"):
            if own:  # applied already: only note the version
                with contextlib.suppress(StoreUnavailable):
                    self._applied = await self.store.read(state.version)
            else:
                await self._reload(f"{kind} from {note.get('from')}")

    async def _catch_up(self) -> None:
        """After (re)connecting: read every setting again, reload if the knowledge moved on."""
        await self.servers.load()
        self.on_learned(None)  # a missed notification is gone: read learned answers afresh
        try:
            version = await self.store.read(state.version)
        except StoreUnavailable:
            return
        if version != self._applied:
            await self._reload("catching up")

    async def _reload(self, why: str) -> None:
        try:
            version = await self.store.read(state.version)
            merged = await self.overlay.merged() if self.overlay is not None else None
            change = await self.live.reload(faq_text=merged.text if merged else None)
        except StoreUnavailable:
            log.warning("could not read the shared state (%s): the knowledge stays as it is", why)
            return
        except knowledge.KnowledgeError as exc:
            problems = "; ".join(str(p) for p in exc.problems[:5])
            log.error("reload (%s) refused, the old knowledge keeps serving: %s", why, problems)
            return
        self._applied = version
        log.info(
            "knowledge reloaded (%s): %s -> %s", why, change.old_fingerprint, change.new_fingerprint
        )

    async def _beat(self) -> None:
        while True:
            await asyncio.sleep(state.HEARTBEAT_EVERY)  # the first beat was the claim
            row = self._row()
            self.store.write(lambda db, row=row: state.beat(db, row))  # type: ignore[misc]
