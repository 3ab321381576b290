"""What processes share besides the question log: heartbeats, FAQ edits, the reload generation.

Plain functions over a `Db`, run on the feedback store's thread. Each change that other
processes must apply is written together with its notification, in one transaction: the
notification is delivered when the change is committed, never before.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from typing import Any

from bot.feedback import Db

HEARTBEAT_EVERY = 5.0  # seconds between a process's heartbeats
ALIVE_WITHIN = 3 * HEARTBEAT_EVERY  # a process not heard from for this long is counted dead
GENERATION = "reload_generation"


@dataclass(frozen=True, slots=True)
class Process:
    """One running citebot, as its heartbeat row says."""

    id: str
    host: str
    pid: int
    shards: str
    knowledge: str
    started_at: float
    seen_at: float


@dataclass(frozen=True, slots=True)
class FaqEdit:
    """A moderator's /faq add or /faq remove, applied in order over the folder's FAQ file."""

    id: int
    action: str  # "add" or "remove"
    entry_id: str
    entry: dict[str, Any] | None  # add: the entry


@dataclass(frozen=True, slots=True)
class Version:
    """What a process has applied: the reload generation and the last FAQ edit."""

    generation: int = 0
    last_edit: int = 0


def beat(db: Db, p: Process) -> None:
    db.execute(
        "INSERT INTO processes (id, host, pid, shards, knowledge, started_at, seen_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET"
        " shards = excluded.shards, knowledge = excluded.knowledge, seen_at = excluded.seen_at",
        (p.id, p.host, p.pid, p.shards, p.knowledge, p.started_at, p.seen_at),
    )


def leave(db: Db, process_id: str) -> None:
    """A clean stop: the process is gone at once, not after ALIVE_WITHIN."""
    db.execute("DELETE FROM processes WHERE id = ?", (process_id,))


def alive(db: Db) -> list[Process]:
    """Processes heard from lately (dead rows older than a day are cleared on the way)."""
    now = time.time()
    db.execute("DELETE FROM processes WHERE seen_at < ?", (now - 86400,))
    rows = db.execute(
        "SELECT id, host, pid, shards, knowledge, started_at, seen_at FROM processes"
        " WHERE seen_at >= ? ORDER BY started_at, id",
        (now - ALIVE_WITHIN,),
    ).fetchall()
    return [
        Process(str(r[0]), str(r[1]), int(r[2]), str(r[3]), str(r[4]), r[5], r[6]) for r in rows
    ]


def faq_edits(db: Db) -> list[FaqEdit]:
    rows = db.execute("SELECT id, action, entry_id, entry FROM faq_edits ORDER BY id").fetchall()
    return [
        FaqEdit(int(i), str(action), str(entry_id), json.loads(entry) if entry else None)
        for i, action, entry_id, entry in rows
    ]


def save_faq_edit(db: Db, after: int, edit: FaqEdit, guild_id: int | None) -> int | None:
    """Append an edit if none was made since edit `after`; its id, or None (retry)."""
    with db.transaction():
        db.lock("faq_edits")
        last = db.execute("SELECT COALESCE(MAX(id), 0) FROM faq_edits").fetchone()[0]
        if int(last) != after:
            return None
        entry = json.dumps(edit.entry, ensure_ascii=False) if edit.entry is not None else None
        db.execute(
            "INSERT INTO faq_edits (made_at, guild_id, action, entry_id, entry)"
            " VALUES (?, ?, ?, ?, ?)",
            (time.time(), guild_id, edit.action, edit.entry_id, entry),
        )
        new = db.execute("SELECT MAX(id) FROM faq_edits").fetchone()[0]
        db.notify("faq", edit=int(new))
    return int(new)


def version(db: Db) -> Version:
    generation = db.execute("SELECT value FROM meta WHERE key = ?", (GENERATION,)).fetchone()
    last = db.execute("SELECT COALESCE(MAX(id), 0) FROM faq_edits").fetchone()[0]
    return Version(int(generation[0]) if generation else 0, int(last))


def bump_generation(db: Db) -> int:
    """A /reload: the generation goes up by one and every other process is told."""
    with db.transaction():
        db.execute(
            "INSERT INTO meta (key, value) VALUES (?, '1') ON CONFLICT (key) DO UPDATE"
            " SET value = CAST(CAST(meta.value AS INTEGER) + 1 AS TEXT)",
            (GENERATION,),
        )
        found = db.execute("SELECT value FROM meta WHERE key = ?", (GENERATION,)).fetchone()
        db.notify("reload", generation=int(found[0]))
    return int(found[0])
