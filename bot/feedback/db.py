"""One database connection as every query sees it, SQLite or PostgreSQL.

Queries are written once, with `?` placeholders and SQL both engines speak; the few places
where the engines differ (a day from unix seconds, the schema version, notifications) are
methods here. Both connections run in autocommit mode: a query is its own transaction
unless it runs inside `transaction()`.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from typing import Any, Literal, Protocol

Dialect = Literal["sqlite", "postgresql"]


class Cursor(Protocol):
    """What a query returns: sqlite3's and psycopg's cursors both have this shape."""

    @property
    def rowcount(self) -> int: ...
    def fetchone(self) -> Any: ...
    def fetchall(self) -> list[Any]: ...


class Db(ABC):
    """A connection with `?` placeholders on both engines; subclasses say what differs."""

    dialect: Dialect

    def __init__(self, conn: Any) -> None:
        self.conn = conn
        self.origin = ""  # the process that writes through it, named in its notifications

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Cursor:
        cursor: Cursor = self.conn.execute(sql, tuple(params))
        return cursor

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        """One statement for many rows (PostgreSQL sends them in one pipeline)."""
        self.conn.executemany(sql, rows)

    @abstractmethod
    def transaction(self) -> AbstractContextManager[Db]:
        """Everything inside commits together, or not at all."""

    @abstractmethod
    def script(self, sql: str) -> None:
        """Several statements without parameters (a migration)."""

    @abstractmethod
    def day(self, column: str) -> str:
        """SQL for the UTC day (YYYY-MM-DD) of a unix-seconds column."""

    def lock_schema(self) -> None:
        """Inside a transaction: hold off every other process's migrations until it ends."""
        self.lock("schema")

    @abstractmethod
    def lock(self, name: str) -> None:
        """Inside a transaction: hold off every other holder of `name` until it ends."""

    @abstractmethod
    def schema_version(self) -> int:
        """How many migrations this database has had."""

    @abstractmethod
    def set_schema_version(self, version: int) -> None: ...

    def notify(self, kind: str, **data: object) -> None:  # noqa: B027  (SQLite: nobody to tell)
        """Tell every other process what changed (delivered when the transaction commits)."""

    def payload(self, kind: str, **data: object) -> str:
        return json.dumps({"kind": kind, "from": self.origin, **data}, separators=(",", ":"))

    def close(self) -> None:
        self.conn.close()


class SqliteDb(Db):
    """SQLite: one file, one process; notifications have nobody to reach."""

    dialect: Dialect = "sqlite"
    conn: sqlite3.Connection

    @contextmanager
    def transaction(self) -> Iterator[Db]:
        self.conn.execute("BEGIN IMMEDIATE")  # take the write lock up front: no upgrade deadlock
        try:
            yield self
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    def script(self, sql: str) -> None:
        # Statement by statement: executescript would commit the transaction we are in.
        statement = ""
        for line in sql.splitlines(keepends=True):
            statement += line
            if sqlite3.complete_statement(statement):
                self.conn.execute(statement)
                statement = ""

    def day(self, column: str) -> str:
        return f"date({column}, 'unixepoch')"

    def lock(self, name: str) -> None:
        """BEGIN IMMEDIATE already holds the database's one write lock."""

    def schema_version(self) -> int:
        return int(self.conn.execute("PRAGMA user_version").fetchone()[0])

    def set_schema_version(self, version: int) -> None:
        self.conn.execute(f"PRAGMA user_version = {int(version)}")


def as_psycopg(sql: str) -> str:
    """`?` placeholders -> psycopg's `%s` (a literal `%` doubled)."""
    return sql.replace("%", "%%").replace("?", "%s")


class PostgresDb(Db):
    """PostgreSQL through psycopg 3; `channel` is where this schema's notifications travel."""

    dialect: Dialect = "postgresql"

    def __init__(self, conn: Any, channel: str) -> None:
        super().__init__(conn)
        self.channel = channel

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Cursor:
        if not params:
            cursor: Cursor = self.conn.execute(sql)
        else:
            cursor = self.conn.execute(as_psycopg(sql), tuple(params))
        return cursor

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        with self.conn.cursor() as cursor:
            cursor.executemany(as_psycopg(sql), rows)

    @contextmanager
    def transaction(self) -> Iterator[Db]:
        with self.conn.transaction():
            yield self

    def script(self, sql: str) -> None:
        self.conn.execute(sql)  # no parameters: the simple protocol runs several statements

    def day(self, column: str) -> str:
        return f"to_char(to_timestamp({column}) AT TIME ZONE 'UTC', 'YYYY-MM-DD')"

    def lock(self, name: str) -> None:
        # An advisory lock per schema, so schemas side by side (tests') don't wait on each other.
        key = hashlib.sha256(f"{name}:{self.channel}".encode()).digest()[:8]
        self.execute("SELECT pg_advisory_xact_lock(?)", (int.from_bytes(key, signed=True),))

    def schema_version(self) -> int:
        self.execute("CREATE TABLE IF NOT EXISTS citebot_schema (version INTEGER NOT NULL)")
        row = self.execute("SELECT max(version) FROM citebot_schema").fetchone()
        return int(row[0] or 0)

    def set_schema_version(self, version: int) -> None:
        self.execute("DELETE FROM citebot_schema")
        self.execute("INSERT INTO citebot_schema (version) VALUES (?)", (version,))

    def notify(self, kind: str, **data: object) -> None:
        self.execute("SELECT pg_notify(?, ?)", (self.channel, self.payload(kind, **data)))
