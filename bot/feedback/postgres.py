"""The PostgreSQL store: one database shared by every citebot process, on any machine.

psycopg 3 (the `citebot[postgres]` extra) is imported only when a `postgresql://` URL is
configured. The schema is migrated at start-up under an advisory lock, and the user-hash
salt is a row of the database, made once under that same lock: every process hashes alike.
"""

from __future__ import annotations

import urllib.parse
from typing import Any

from bot.feedback import privacy, schema
from bot.feedback.db import Db, PostgresDb
from bot.state.settings import POSTGRES_SCHEMES

SCHEMES = POSTGRES_SCHEMES
SALT_KEY = "user_salt"
INSTALL = "pip install 'citebot[postgres]'"


class DriverMissing(Exception):
    """A PostgreSQL URL is configured, but psycopg is not installed."""


def is_url(database: object) -> bool:
    return isinstance(database, str) and database.startswith(SCHEMES)


def redact(url: str) -> str:
    """The URL as it may be logged: no password."""
    parts = urllib.parse.urlsplit(url)
    if parts.password is None:
        return url
    host = parts.netloc.rsplit("@", 1)[-1]
    user = urllib.parse.quote(parts.username or "")
    return urllib.parse.urlunsplit(parts._replace(netloc=f"{user}:***@{host}"))


def driver() -> Any:
    """The psycopg module, or DriverMissing saying how to install it."""
    try:
        import psycopg  # noqa: PLC0415  (optional: only with a PostgreSQL URL)
    except ImportError:
        raise DriverMissing(
            f"feedback.database is a PostgreSQL URL, but psycopg is not installed: {INSTALL}"
        ) from None
    return psycopg


def channel_for(schema_name: str | None) -> str:
    """The NOTIFY channel of one schema: `citebot` in `public`, else `citebot.<schema>`."""
    return "citebot" if schema_name in (None, "public") else f"citebot.{schema_name}"


# TCP keepalives: a connection whose peer vanished is noticed in about 25 s, not hours.
KEEPALIVES = {
    "keepalives": 1,
    "keepalives_idle": 10,
    "keepalives_interval": 5,
    "keepalives_count": 3,
}


def options(timeout: float) -> dict[str, Any]:
    """Connection options for every citebot connection (libpq's names)."""
    return {"connect_timeout": max(1, round(timeout)), "application_name": "citebot", **KEEPALIVES}


def connect(url: str, *, timeout: float) -> Any:
    return driver().connect(url, autocommit=True, **options(timeout))


class PostgresBackend:
    """Connects, migrates under the advisory lock, and reads (or makes) the salt row."""

    def __init__(self, url: str, *, timeout: float = 5.0) -> None:
        self.url = url
        self.name = redact(url)
        self.errors: tuple[type[Exception], ...] = (driver().Error,)
        self._timeout = timeout

    def open(self) -> tuple[Db, bytes]:
        conn = connect(self.url, timeout=self._timeout)
        try:
            found = conn.execute("SELECT current_schema()").fetchone()
            db = PostgresDb(conn, channel_for(found[0] if found else None))
            schema.migrate(db)
            return db, salt(db)
        except BaseException:
            conn.close()
            raise

    def keeps(self, db: Db, exc: Exception) -> bool:
        """A failed statement keeps a healthy connection; a broken one is opened afresh."""
        return not (db.conn.closed or db.conn.broken)


def salt(db: Db) -> bytes:
    """The install's salt row, made once under the schema lock."""
    with db.transaction():
        db.lock_schema()
        db.execute(
            "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING",
            (SALT_KEY, privacy.new_salt().hex()),
        )
        row = db.execute("SELECT value FROM meta WHERE key = ?", (SALT_KEY,)).fetchone()
    where = f"the salt (table meta, key {SALT_KEY!r})"
    return privacy.parse_salt(row[0], where, privacy.remedy("that row"))
