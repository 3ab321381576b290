"""The feedback store: one thread owns the database connection; the event loop never waits on it.

Writes (a question asked, a vote, a setting) are queued and return at once; the writer thread
commits them in batches. Reads (/stats, /export, ...) are queued too and awaited. The database
is SQLite (a path, the default) or PostgreSQL (a `postgresql://` URL): same schema, same
queries, same behaviour. If it is unavailable (locked, unreachable, disk full, corrupt) the
failure is logged once, the affected writes are dropped, answering goes on, and a later success
is logged as a recovery. A damaged salt records nothing at all (see privacy.py).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import logging
import os
import queue
import secrets
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, TypeVar

from bot.feedback import learning, postgres, privacy
from bot.feedback.db import Db
from bot.feedback.schema import SchemaError
from bot.feedback.sqlite import SqliteBackend

log = logging.getLogger("citebot.feedback")
T = TypeVar("T")
DAY = 86400.0
_STOP = object()
Database = Path | str | None  # a SQLite file, a postgresql:// URL, or None (memory)


class StoreUnavailable(Exception):
    """A read could not be served: the database is unavailable (the reason is logged)."""


class Backend(Protocol):
    """What differs between SQLite and PostgreSQL, seen from the writer thread."""

    name: str
    errors: tuple[type[Exception], ...]

    def open(self) -> tuple[Db, bytes]: ...
    def keeps(self, db: Db, exc: Exception) -> bool: ...


def backend_for(database: Database, timeout: float) -> Backend:
    if isinstance(database, str):
        if not postgres.is_url(database):
            raise ValueError(f"not a postgresql:// URL: {database!r}")
        return postgres.PostgresBackend(database, timeout=max(timeout, 5.0))
    return SqliteBackend(database, timeout=timeout)


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
    fn: Callable[[Db], Any]
    future: concurrent.futures.Future[Any]
    writes: int = 0  # 1 for a write whose caller waits to hear that it was kept


Write = Callable[[Db], object]


class FeedbackStore:
    """Questions, votes, per-server settings and shared state, in SQLite or PostgreSQL."""

    def __init__(
        self,
        database: Database,
        *,
        retention_days: int | None = 90,
        timeout: float = 2.0,
        purge_every: float = 3600.0,
    ) -> None:
        self.database = database
        self.retention_days = retention_days
        self._backend = backend_for(database, timeout)
        self._unavailable: tuple[type[Exception], ...] = (*self._backend.errors, SchemaError)
        self.shared = isinstance(database, str)  # PostgreSQL: other processes may share it
        self.origin = f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(3)}"
        self._purge_every = purge_every
        self._salt: bytes | None = None  # read (or made) when the database opens
        self._queue: queue.SimpleQueue[object] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._db: Db | None = None
        self._failing = False
        self._disabled: str | None = None
        self._retry_at = 0.0
        self._lost = 0
        self._last_purge = 0.0

    @property
    def name(self) -> str:
        """The database as logs name it (a path, or a URL without its password)."""
        return self._backend.name

    # -- the event loop's side ------------------------------------------------------------

    def start(self) -> None:
        """Start the writer thread; it opens (creating, migrating, purging) the database."""
        if self._thread is None:
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
        """The user's stored stand-in; "" while there is no salt (then nothing is recorded)."""
        salt = self._salt
        return privacy.user_hash(salt, user_id) if salt is not None else ""

    def write(self, fn: Write) -> None:
        """Queue a write; never blocks, never raises."""
        self._queue.put(fn)

    async def read(self, fn: Callable[[Db], T]) -> T:
        """Run `fn` on the store's connection, after every write queued before it."""
        future: concurrent.futures.Future[T] = concurrent.futures.Future()
        self._queue.put(_Read(fn, future))
        return await asyncio.wrap_future(future)

    async def commit(self, fn: Callable[[Db], T]) -> T:
        """A write the caller waits on, to tell its user: `fn` runs in one transaction after
        every write queued before it (so `fn` opens no transaction of its own); StoreUnavailable
        if the database could not keep it."""

        def kept(db: Db) -> T:
            with db.transaction():
                return fn(db)

        future: concurrent.futures.Future[T] = concurrent.futures.Future()
        self._queue.put(_Read(kept, future, writes=1))
        return await asyncio.wrap_future(future)

    def record(self, question: Question) -> None:
        if not question.user_hash:  # no salt: never store a question without its hash
            self._lost += 1
            return
        self._queue.put(question)  # rows of a batch go in with one executemany

    async def vote(self, answer_key: str, user_id: int, vote: int) -> None:
        """One vote per user per answer, a second replacing the first; StoreUnavailable if
        it could not be kept (the voter is told)."""
        voter = self.hash_user(user_id)
        if not voter:
            raise StoreUnavailable("no salt: nothing is recorded")
        await self.commit(lambda db: _upsert_vote(db, answer_key, voter, vote))

    async def confirm_answer(self, answer_key: str, user_id: int) -> None:
        """The asker says this answer solved their question (forum ✅): their own 👍
        (StoreUnavailable if it could not be kept)."""
        await self.vote(answer_key, user_id, 1)

    async def reject_answer(self, answer_key: str, user_id: int) -> None:
        """The asker says this answer missed (forum ❌): a 👎, so it shows in /unanswered."""
        await self.vote(answer_key, user_id, -1)

    async def forget(self, user_id: int) -> tuple[int, int]:
        """Delete a user's questions and votes; (questions, votes) deleted."""
        return await self.read(lambda db: forget_user(db, self.hash_user(user_id)))

    # -- the writer thread ------------------------------------------------------------------

    def _run(self) -> None:
        try:
            self._guard(lambda db: None, 0)  # open at once: the salt and schema are ready early
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
            if self._db is not None:
                self._db.close()
                self._db = None

    def _process(self, batch: list[object]) -> bool:
        """Commit the writes of a batch together, then serve its read; False on stop."""
        writes = [j for j in batch if not isinstance(j, _Read) and j is not _STOP]
        if writes:
            self._guard(lambda db: _apply(db, writes), len(writes))
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
            result = self._guard(read.fn, read.writes, reraise=True)
        except Exception as exc:  # handed to the awaiting coroutine
            read.future.set_exception(exc)
        else:
            read.future.set_result(result)

    def _guard(self, fn: Callable[[Db], T], writes: int, *, reraise: bool = False) -> T | None:
        """Run `fn` on an open connection; report an unavailable database once."""
        try:
            result = fn(self._connection())
        except StoreUnavailable:
            self._lost += writes
            if reraise:
                raise
            return None
        except self._unavailable as exc:
            self._lost += writes
            self._fail(exc)
            if reraise:
                raise StoreUnavailable(str(exc)) from exc
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

    def _fail(self, exc: Exception) -> None:
        if not self._failing:
            self._failing = True
            log.error(
                "feedback store %s unavailable (%s): questions are still answered, "
                "but not recorded until it recovers",
                self.name,
                str(exc).strip(),
            )
        db = self._db
        if db is None:  # it did not open: wait a little before trying again
            self._retry_at = time.monotonic() + 1.0
        elif isinstance(exc, SchemaError) or not self._backend.keeps(db, exc):
            db.close()  # corrupt, refused or cut off: open afresh next time
            self._db = None

    def _connection(self) -> Db:
        if self._disabled is not None:
            raise StoreUnavailable(self._disabled)
        if self._db is None:
            if time.monotonic() < self._retry_at:
                raise StoreUnavailable("reconnecting")
            try:
                db, salt = self._backend.open()
            except privacy.SaltError as exc:
                self._disable(str(exc))
                raise StoreUnavailable(str(exc)) from None
            db.origin = self.origin
            self._db, self._salt = db, salt
            self._last_purge = 0.0
            self._maybe_purge()
        return self._db

    def _disable(self, reason: str) -> None:
        """A bad salt: record nothing (hashing with it would be unsafe), say so once."""
        self._disabled = reason
        log.error(
            "feedback store %s: %s. Questions are still answered, but nothing is recorded "
            "until this is fixed and citebot restarted",
            self.name,
            reason,
        )

    def _maybe_purge(self) -> None:
        now = time.time()
        if self.retention_days is None or now - self._last_purge < self._purge_every:
            return
        self._last_purge = now
        days = self.retention_days
        deleted = self._guard(lambda db: purge(db, now - days * DAY), 0)
        if deleted:
            log.info("retention: deleted %d questions older than %d days", deleted, days)


def _apply(db: Db, writes: list[Any]) -> None:
    """One transaction for the batch: its questions first (one statement, many rows; a vote
    in the batch may need its question), then the other writes in order."""
    rows = [q for q in writes if isinstance(q, Question)]
    with db.transaction():
        if rows:
            _insert_questions(db, rows)
        for write in writes:
            if not isinstance(write, Question):
                write(db)


def _insert_questions(db: Db, rows: list[Question]) -> None:
    db.executemany(
        "INSERT INTO questions (asked_at, guild_id, channel_id, user_hash, question, answered,"
        " confidence, kind, section, answer_key) VALUES (?,?,?,?,?,?,?,?,?,?)"
        " ON CONFLICT (answer_key) DO NOTHING",
        [
            (
                q.asked_at, q.guild_id, q.channel_id, q.user_hash, q.question,
                int(q.answered), q.confidence, q.kind, q.section, q.answer_key,
            )
            for q in rows
        ],
    )  # fmt: skip


def _upsert_vote(db: Db, answer_key: str, voter: str, vote: int) -> None:
    # Only for an answer that was recorded (one older than the retention has no row).
    db.execute(
        "INSERT INTO votes (answer_key, user_hash, vote, voted_at)"
        " SELECT answer_key, ?, ?, ? FROM questions WHERE answer_key = ?"
        " ON CONFLICT (answer_key, user_hash) DO UPDATE SET"
        " vote = excluded.vote, voted_at = excluded.voted_at",
        (voter, vote, time.time(), answer_key),
    )


def forget_user(db: Db, voter: str) -> tuple[int, int]:
    """Delete one user's votes and questions (votes on those questions go with them)."""
    if not voter:
        raise StoreUnavailable("no salt: cannot tell whose rows are whose")
    with db.transaction():
        votes = db.execute("DELETE FROM votes WHERE user_hash = ?", (voter,)).rowcount
        learning.forget(db, voter)  # what they alone confirmed is pending again
        questions = db.execute("DELETE FROM questions WHERE user_hash = ?", (voter,)).rowcount
    return questions, votes


def purge(db: Db, before: float) -> int:
    """Retention: delete questions asked before `before` (unix seconds) and their votes."""
    with db.transaction():
        return db.execute("DELETE FROM questions WHERE asked_at < ?", (before,)).rowcount
