"""The SQLite store: one file beside the config (or memory), the default with no set-up."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import time
from pathlib import Path

from bot.feedback import privacy, schema
from bot.feedback.db import Db, SqliteDb


class SqliteBackend:
    """Opens the file (creating and migrating it) with its salt file beside it."""

    errors: tuple[type[Exception], ...] = (sqlite3.Error,)

    def __init__(self, path: Path | None, *, timeout: float = 2.0) -> None:
        self.path = path
        self.name = str(path) if path is not None else ":memory:"
        self._timeout = timeout

    def open(self) -> tuple[Db, bytes]:
        """The connection and the salt; the salt first, so a bad one makes no file."""
        salt = privacy.load_salt(self.path)
        return SqliteDb(connect(self.path, timeout=self._timeout)), salt

    def keeps(self, db: Db, exc: Exception) -> bool:
        """A locked or busy database keeps its connection; anything else opens afresh."""
        return isinstance(exc, sqlite3.OperationalError)


def connect(path: Path | None, *, timeout: float = 2.0) -> sqlite3.Connection:
    """Open (creating and migrating) a feedback database; WAL so readers never block writers."""
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        _create_private(path)
    conn = sqlite3.connect(
        ":memory:" if path is None else str(path),
        timeout=timeout,
        check_same_thread=False,
        isolation_level=None,  # autocommit: Db.transaction() says where transactions are
    )
    try:
        for wait in (*SETUP_WAITS, None):
            try:
                _set_up(conn, path)
                break
            except sqlite3.OperationalError as exc:
                if wait is None or not _locked(exc):
                    raise
                time.sleep(wait)
    except (sqlite3.Error, schema.SchemaError):
        conn.close()
        raise
    return conn


def _create_private(path: Path) -> None:
    """A new database file is made readable by its owner only (0600, as the salt is): it
    holds questions. SQLite gives its -wal and -shm files the database's own mode."""
    with contextlib.suppress(FileExistsError):
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))


# Processes starting together on a new file each switch it to WAL and migrate it; one
# of them may hold the lock past another's busy timeout on a loaded machine. Set-up is
# tried again after these pauses (seconds) before "database is locked" is an error.
SETUP_WAITS = (0.05, 0.1, 0.2, 0.4, 0.8, 1.6)


def _set_up(conn: sqlite3.Connection, path: Path | None) -> None:
    """WAL for a file, foreign keys, and the schema migrated; each step may be repeated."""
    if path is not None:
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("PRAGMA foreign_keys = ON")
    schema.migrate(SqliteDb(conn))


def _locked(exc: sqlite3.OperationalError) -> bool:
    return "locked" in str(exc) or "busy" in str(exc)


def open_readonly(path: Path) -> SqliteDb:
    """The database for the offline reports, read-only (the bot may be writing it)."""
    return SqliteDb(sqlite3.connect(f"file:{path}?mode=ro", uri=True, isolation_level=None))
