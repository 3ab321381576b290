"""The SQLite store: one file beside the config (or memory), the default with no set-up."""

from __future__ import annotations

import sqlite3
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
    conn = sqlite3.connect(
        ":memory:" if path is None else str(path),
        timeout=timeout,
        check_same_thread=False,
        isolation_level=None,  # autocommit: Db.transaction() says where transactions are
    )
    try:
        if path is not None:
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA foreign_keys = ON")
        schema.migrate(SqliteDb(conn))
    except (sqlite3.Error, schema.SchemaError):
        conn.close()
        raise
    return conn


def open_readonly(path: Path) -> SqliteDb:
    """The database for the offline reports, read-only (the bot may be writing it)."""
    return SqliteDb(sqlite3.connect(f"file:{path}?mode=ro", uri=True, isolation_level=None))
