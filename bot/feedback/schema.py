"""The feedback database's schema, versioned: migrations run in order at start-up.

`PRAGMA user_version` holds how many migrations a database has had, so a database made by an
older citebot is brought up to date in place and a newer one is refused rather than damaged.
"""

from __future__ import annotations

import sqlite3

MIGRATIONS: tuple[str, ...] = (
    # 1: questions, votes on their answers, per-server settings.
    """
    CREATE TABLE questions (
        id          INTEGER PRIMARY KEY,
        asked_at    REAL    NOT NULL,      -- unix seconds, UTC
        guild_id    INTEGER,               -- NULL in direct messages
        channel_id  INTEGER,
        user_hash   TEXT    NOT NULL,      -- salted hash of the user id, never the id
        question    TEXT    NOT NULL,
        answered    INTEGER NOT NULL,
        confidence  REAL    NOT NULL,
        kind        TEXT    NOT NULL,
        section     TEXT,                  -- the top excerpt's document › section path
        answer_key  TEXT    NOT NULL UNIQUE -- what the answer's buttons carry
    );
    CREATE INDEX questions_by_guild_time ON questions (guild_id, asked_at);
    CREATE INDEX questions_by_time ON questions (asked_at);
    CREATE INDEX questions_by_user ON questions (user_hash);
    CREATE TABLE votes (
        answer_key  TEXT    NOT NULL REFERENCES questions (answer_key) ON DELETE CASCADE,
        user_hash   TEXT    NOT NULL,
        vote        INTEGER NOT NULL CHECK (vote IN (-1, 1)),
        voted_at    REAL    NOT NULL,
        PRIMARY KEY (answer_key, user_hash)
    );
    CREATE INDEX votes_by_user ON votes (user_hash);
    CREATE TABLE guild_settings (
        guild_id    INTEGER NOT NULL,
        key         TEXT    NOT NULL,
        value       TEXT    NOT NULL,      -- JSON
        PRIMARY KEY (guild_id, key)
    );
    """,
)


class SchemaError(sqlite3.DatabaseError):
    """The database was made by a newer citebot: refuse it rather than guess."""


def migrate(conn: sqlite3.Connection) -> int:
    """Apply the migrations this database lacks; return its schema version."""
    version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    if version > len(MIGRATIONS):
        raise SchemaError(f"database schema {version} is newer than this citebot's")
    for number, script in enumerate(MIGRATIONS[version:], version + 1):
        # One transaction per migration, the version bump included: all or nothing.
        conn.executescript(f"BEGIN;\n{script}\nPRAGMA user_version = {number};\nCOMMIT;")
    return len(MIGRATIONS)
