"""The feedback store: one thread owns the SQLite connection; the event loop never waits on it.

Writes (a question asked, a vote) are queued and return at once; the writer thread commits
them in batches. Reads (/stats, /export, ...) are queued too and awaited. If the database is
unavailable (locked, disk full, corrupt) the failure is logged once, the affected writes are
dropped, answering goes on, and a later success is logged as a recovery.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import logging
import queue
import sqlite3
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from bot.feedback import privacy, schema

log = logging.getLogger("citebot.feedback")
T = TypeVar("T")
DAY = 86400.0
_STOP = object()


class StoreUnavailable(Exception):
    """A read could not be served: the database is unavailable (the reason is logged)."""


@dataclass(frozen=True, slots=True)
class Question:
    """One question as it is stored (the user already hashed)."""

    asked_at: float
    guild_id: int | None
    channel_id: int | None
    user_hash: str
    question: str
    answered: bool
    confidence: float
    kind: str
    section: str | None
    answer_key: str


@dataclass(slots=True)
class _Read:
    fn: Callable[[sqlite3.Connection], Any]
    future: concurrent.futures.Future[Any]


Write = Callable[[sqlite3.Connection], object]


class FeedbackStore:
    """Questions, votes and per-server settings in one SQLite file (None: in memory)."""

    def __init__(
        self,
        path: Path | None,
        *,
        retention_days: int | None = 90,
        timeout: float = 2.0,
        purge_every: float = 3600.0,
    ) -> None:
        self.path = path
        self.retention_days = retention_days
        self._timeout = timeout
        self._purge_every = purge_every
        self._salt: bytes | None = None  # read (or made) on first use, not at construction
        self._queue: queue.SimpleQueue[object] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._conn: sqlite3.Connection | None = None
        self._failing = False
        self._lost = 0
        self._last_purge = 0.0

    # -- the event loop's side ------------------------------------------------------------

    def start(self) -> None:
        """Start the writer thread; it opens (creating, migrating, purging) the database."""
        if self._thread is None:
            self.hash_user(0)  # the salt exists before the first row does
            self._thread = threading.Thread(target=self._run, name="citebot-feedback", daemon=True)
            self._thread.start()

    def close(self) -> None:
        """Write what is queued, then stop the thread and close the database."""
        if self._thread is not None:
            self._queue.put(_STOP)
            self._thread.join()
            self._thread = None

    @property
    def lost(self) -> int:
        """Writes dropped since the store became unavailable (0 while it is fine)."""
        return self._lost

    def hash_user(self, user_id: int) -> str:
        if self._salt is None:
            self._salt = privacy.load_salt(self.path)
        return privacy.user_hash(self._salt, user_id)

    def write(self, fn: Write) -> None:
        """Queue a write; never blocks, never raises."""
        self._queue.put(fn)

    async def read(self, fn: Callable[[sqlite3.Connection], T]) -> T:
        """Run `fn` on the store's connection, after every write queued before it."""
        future: concurrent.futures.Future[T] = concurrent.futures.Future()
        self._queue.put(_Read(fn, future))
        return await asyncio.wrap_future(future)

    def record(self, question: Question) -> None:
        self.write(lambda conn: _insert_question(conn, question))

    def vote(self, answer_key: str, user_id: int, vote: int) -> None:
        """One vote per user per answer: a second vote replaces the first."""
        voter = self.hash_user(user_id)
        self.write(lambda conn: _upsert_vote(conn, answer_key, voter, vote))

    async def forget(self, user_id: int) -> tuple[int, int]:
        """Delete a user's questions and votes; (questions, votes) deleted."""
        return await self.read(lambda conn: forget_user(conn, self.hash_user(user_id)))

    # -- the writer thread ------------------------------------------------------------------

    def _run(self) -> None:
        try:
            while True:
                try:
                    job = self._queue.get(timeout=min(self._purge_every, 600.0))
                except queue.Empty:
                    self._maybe_purge()
                    continue
                batch = [job]
                while len(batch) < 500 and not isinstance(job, _Read) and job is not _STOP:
                    try:
                        job = self._queue.get_nowait()
                    except queue.Empty:
                        break
                    batch.append(job)
                if not self._process(batch):
                    return
        finally:
            if self._conn is not None:
                self._conn.close()
                self._conn = None

    def _process(self, batch: list[object]) -> bool:
        """Commit the writes of a batch together, then serve its read; False on stop."""
        writes = [j for j in batch if not isinstance(j, _Read) and j is not _STOP]
        if writes:
            self._guard(lambda conn: _apply(conn, writes), len(writes))
        last = batch[-1]
        if isinstance(last, _Read):
            self._serve(last)
        else:
            self._maybe_purge()
        return last is not _STOP

    def _serve(self, read: _Read) -> None:
        if not read.future.set_running_or_notify_cancel():
            return
        try:
            result = self._guard(read.fn, 0, reraise=True)
        except Exception as exc:  # handed to the awaiting coroutine
            read.future.set_exception(
                StoreUnavailable(str(exc)) if isinstance(exc, sqlite3.Error) else exc
            )
        else:
            read.future.set_result(result)

    def _guard(
        self, fn: Callable[[sqlite3.Connection], T], writes: int, *, reraise: bool = False
    ) -> T | None:
        """Run `fn` on an open connection; report an unavailable database once."""
        try:
            result = fn(self._connection())
        except sqlite3.Error as exc:
            self._lost += writes
            self._fail(exc)
            if reraise:
                raise
            return None
        except Exception:
            if reraise:
                raise
            log.exception("feedback write failed")  # a bug: keep the thread serving
            return None
        if self._failing and writes:  # a read alone proves little (WAL reads pass a write lock)
            self._failing = False
            log.warning("feedback store available again (%d records were lost)", self._lost)
            self._lost = 0
        return result

    def _fail(self, exc: sqlite3.Error) -> None:
        if not self._failing:
            self._failing = True
            log.error(
                "feedback store %s unavailable (%s): questions are still answered, "
                "but not recorded until it recovers",
                self.path or ":memory:",
                exc,
            )
        if self._conn is not None and not isinstance(exc, sqlite3.OperationalError):
            self._conn.close()  # corrupt or refused: open afresh next time
            self._conn = None

    def _connection(self) -> sqlite3.Connection:
        if self._conn is None:
            self._conn = connect(self.path, timeout=self._timeout)
            self._last_purge = 0.0
            self._maybe_purge()
        return self._conn

    def _maybe_purge(self) -> None:
        now = time.time()
        if self.retention_days is None or now - self._last_purge < self._purge_every:
            return
        self._last_purge = now
        days = self.retention_days
        deleted = self._guard(lambda conn: purge(conn, now - days * DAY), 0)
        if deleted:
            log.info("retention: deleted %d questions older than %d days", deleted, days)


def connect(path: Path | None, *, timeout: float = 2.0) -> sqlite3.Connection:
    """Open (creating and migrating) a feedback database; WAL so readers never block writers."""
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(
        ":memory:" if path is None else str(path), timeout=timeout, check_same_thread=False
    )
    try:
        if path is not None:
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA foreign_keys = ON")
        schema.migrate(conn)
    except sqlite3.Error:
        conn.close()
        raise
    return conn


def _apply(conn: sqlite3.Connection, writes: list[Any]) -> None:
    with conn:  # one transaction for the batch
        for write in writes:
            write(conn)


def _insert_question(conn: sqlite3.Connection, q: Question) -> None:
    conn.execute(
        "INSERT OR IGNORE INTO questions (asked_at, guild_id, channel_id, user_hash, question,"
        " answered, confidence, kind, section, answer_key) VALUES (?,?,?,?,?,?,?,?,?,?)",
        (
            q.asked_at, q.guild_id, q.channel_id, q.user_hash, q.question,
            int(q.answered), q.confidence, q.kind, q.section, q.answer_key,
        ),
    )  # fmt: skip


def _upsert_vote(conn: sqlite3.Connection, answer_key: str, voter: str, vote: int) -> None:
    # Only for an answer that was recorded (one older than the retention has no row).
    conn.execute(
        "INSERT INTO votes (answer_key, user_hash, vote, voted_at)"
        " SELECT answer_key, ?, ?, ? FROM questions WHERE answer_key = ?"
        " ON CONFLICT (answer_key, user_hash) DO UPDATE SET"
        " vote = excluded.vote, voted_at = excluded.voted_at",
        (voter, vote, time.time(), answer_key),
    )


def forget_user(conn: sqlite3.Connection, voter: str) -> tuple[int, int]:
    """Delete one user's votes and questions (votes on those questions go with them)."""
    with conn:
        votes = conn.execute("DELETE FROM votes WHERE user_hash = ?", (voter,)).rowcount
        questions = conn.execute("DELETE FROM questions WHERE user_hash = ?", (voter,)).rowcount
    return questions, votes


def purge(conn: sqlite3.Connection, before: float) -> int:
    """Retention: delete questions asked before `before` (unix seconds) and their votes."""
    with conn:
        return conn.execute("DELETE FROM questions WHERE asked_at < ?", (before,)).rowcount
