"""The feedback store itself, on SQLite and on PostgreSQL: schema and migrations, retention,
/forget-me, failures logged once, nothing lost; then what only one engine has."""

from __future__ import annotations

import asyncio
import logging
import os
import sqlite3
import stat
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from bot_harness import citebot
from discord_fake import payloads

from bot.app.cli import main
from bot.feedback import Db, FeedbackStore, Question, StoreUnavailable, postgres
from bot.feedback.db import PostgresDb, SqliteDb
from bot.feedback.offline import open_db
from bot.feedback.privacy import salt_path
from bot.feedback.schema import MIGRATIONS, SchemaError, migrate, render
from bot.feedback.sqlite import connect
from bot.feedback.store import DAY
from bot.state.live_knowledge import LiveKnowledge

Fake = Any
Database = Path | str


def question(n: int, *, age_days: float = 0.0, user: str = "u", answered: bool = True) -> Question:
    return Question(
        time.time() - age_days * DAY, 1, 2, user, f"question {n}", answered, 0.9, "faq",
        "Stalinism › History", f"key{n}",
    )  # fmt: skip


def query(database: Database, sql: str) -> list[Any]:
    """Rows read from outside the store, as the offline commands read them."""
    with closing(open_db(database)) as db:
        return db.execute(sql).fetchall()


def writable(database: Database) -> Db:
    """A connection of the test's own, not read-only."""
    if isinstance(database, Path):
        return SqliteDb(sqlite3.connect(database, isolation_level=None))
    return PostgresDb(postgres.connect(database, timeout=5), "citebot")


def count(database: Database) -> int:
    return int(query(database, "SELECT COUNT(*) FROM questions")[0][0])


def started(database: Database, **options: Any) -> FeedbackStore:
    store = FeedbackStore(database, **options)
    store.start()
    return store


async def opened(store: FeedbackStore) -> FeedbackStore:
    await store.read(lambda db: None)  # the writer thread has opened the database
    return store


# -- both stores ------------------------------------------------------------------------------


async def test_created_on_first_start_with_every_migration_and_one_salt(
    database: Database,
) -> None:
    store = await opened(started(database))
    store.record(question(1))
    store.close()
    version = "citebot_schema" if isinstance(database, str) else None
    if version:
        assert query(database, f"SELECT version FROM {version}") == [(len(MIGRATIONS),)]
    else:
        assert query(database, "PRAGMA user_version") == [(len(MIGRATIONS),)]
    again = await opened(started(database))
    memory = await opened(started(None))
    try:
        assert again.hash_user(42) == store.hash_user(42) != memory.hash_user(42)
        assert len(store.hash_user(42)) == 32
    finally:
        again.close()
        memory.close()


def test_processes_starting_together_migrate_once_and_share_one_salt(database: Database) -> None:
    barrier = threading.Barrier(4)

    def start(_: int) -> str:
        barrier.wait()
        store = FeedbackStore(database)
        store.start()
        try:
            return asyncio.run(opened(store)).hash_user(7)
        finally:
            store.close()

    with ThreadPoolExecutor(max_workers=4) as pool:
        hashes = set(pool.map(start, range(4)))
    assert len(hashes) == 1
    assert "" not in hashes


def test_start_up_waits_out_a_lock_held_past_the_busy_timeout(tmp_path: Path) -> None:
    """Another process migrating a new file may hold it longer than the busy timeout."""
    path = tmp_path / "citebot.db"
    connect(path).close()
    locker = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    locker.execute("BEGIN EXCLUSIVE")
    release = threading.Timer(0.3, lambda: locker.execute("ROLLBACK"))
    release.start()
    try:
        with closing(connect(path, timeout=0.05)) as conn:  # fails at 0.05 s without waits
            assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    finally:
        release.join()
        locker.close()


def test_a_newer_schema_is_refused(database: Database) -> None:
    store = started(database)
    asyncio.run(opened(store))
    store.close()
    with closing(writable(database)) as db:
        db.set_schema_version(len(MIGRATIONS) + 1)
        with pytest.raises(SchemaError):
            migrate(db)


def test_a_thousand_questions_recorded_at_once_lose_nothing(database: Database) -> None:
    store = started(database)
    with ThreadPoolExecutor(max_workers=16) as pool:
        list(pool.map(lambda n: store.record(question(n)), range(1000)))
    store.close()
    assert count(database) == 1000


def test_retention_deletes_old_rows_at_start_up_and_periodically(database: Database) -> None:
    keep_all = started(database, retention_days=None)
    for n in range(3):
        keep_all.record(question(n, age_days=10))
    keep_all.record(question(3))
    keep_all.close()
    assert count(database) == 4
    store = started(database, retention_days=7, purge_every=0.05)
    store.record(question(4, age_days=7 - 0.5 / DAY))  # too old in 0.5 s
    both = [("question 3",), ("question 4",)]  # the old three went at start-up
    assert wait_for_rows(database, lambda rows: rows == both) == both
    assert wait_for_rows(database, lambda rows: len(rows) == 1) == [("question 3",)]
    store.close()


def wait_for_rows(database: Database, done: Callable[[list[Any]], bool]) -> list[Any]:
    """The questions once `done` says so (or after 5 s)."""
    deadline = time.monotonic() + 5
    rows = query(database, "SELECT question FROM questions ORDER BY id")
    while not done(rows) and time.monotonic() < deadline:
        time.sleep(0.02)
        rows = query(database, "SELECT question FROM questions ORDER BY id")
    return rows


async def test_forget_deletes_one_users_questions_and_votes(database: Database) -> None:
    store = await opened(started(database))
    alice, bob = store.hash_user(1), store.hash_user(2)
    store.record(question(1, user=alice))
    store.record(question(2, user=bob))
    await store.vote("key1", 2, 1)  # Bob on Alice's answer: goes with her question
    await store.vote("key2", 1, -1)  # Alice on Bob's answer: hers, goes
    await store.vote("key2", 2, 1)
    assert await store.forget(1) == (1, 1)
    left = await store.read(lambda db: db.execute("SELECT question FROM questions").fetchall())
    votes = await store.read(lambda db: db.execute("SELECT user_hash FROM votes").fetchall())
    store.close()
    assert left == [("question 2",)]
    assert votes == [(bob,)]


def test_the_offline_cli_reads_the_same_database(
    database: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    store = started(database)
    store.record(question(1))
    for n, text in enumerate(("who is lysenko", "who was lysenko?"), 2):
        store.record(Question(time.time(), 1, 2, "u", text, False, 0.1, "none", None, f"k{n}"))
    store.close()
    assert main(["stats", "--database", str(database)]) == 0
    out = capsys.readouterr().out
    assert "3 questions, 1 answered (33%)" in out
    assert f"{time.strftime('%Y-%m-%d', time.gmtime())}       3      33%" in out
    assert main(["unanswered", "--database", str(database)]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].split()[0] == "2"
    assert "also ×1" in out
    assert main(["export", "--database", str(database), "--guild", "1"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("id,asked_at,guild_id")
    assert len(lines) == 4


# -- SQLite only --------------------------------------------------------------------------------


def test_sqlite_uses_wal_and_a_private_salt_file(tmp_path: Path) -> None:
    db = tmp_path / "data" / "citebot.db"
    store = started(db)
    store.record(question(1))
    store.close()
    assert query(db, "PRAGMA journal_mode") == [("wal",)]
    assert stat.S_IMODE(os.stat(salt_path(db)).st_mode) == 0o600
    assert len(bytes.fromhex(salt_path(db).read_text())) == 32


def test_the_offline_cli_names_a_missing_database(tmp_path: Path) -> None:
    assert main(["stats", "--database", str(tmp_path / "none.db")]) == 1


@pytest.mark.citebot_errors
async def test_a_locked_database_does_not_stop_answering_and_is_logged_once(
    discord_fake: Fake,
    shared_knowledge: LiveKnowledge,
    tmp_path: Path,
    citebot_error_log: list[logging.LogRecord],
    caplog: pytest.LogCaptureFixture,
) -> None:
    db = tmp_path / "citebot.db"
    store = FeedbackStore(db, timeout=0.05)
    async with citebot(discord_fake, shared_knowledge, feedback=store, cooldown_questions=100):
        await store.read(lambda conn: conn.execute("SELECT 1"))  # opened
        locker = sqlite3.connect(db, isolation_level=None)
        locker.execute("BEGIN EXCLUSIVE")
        answers = [
            await discord_fake.slash("ask", question="when did stalin die") for _ in range(3)
        ]
        deadline = time.monotonic() + 5
        while store.lost < 3 and time.monotonic() < deadline:
            await asyncio.sleep(0.02)
        locker.execute("ROLLBACK")
        locker.close()
        await discord_fake.slash("ask", question="when did stalin die")
        recorded = await store.read(
            lambda c: c.execute("SELECT COUNT(*) FROM questions").fetchone()
        )
    assert all(a.json["data"]["embeds"][0]["url"] for a in answers)
    assert [r.getMessage().split(" (")[0] for r in citebot_error_log] == [
        f"feedback store {db} unavailable"
    ]
    assert recorded == (1,)
    assert any("available again (3 records were lost)" in r.getMessage() for r in caplog.records)


@pytest.mark.citebot_errors
async def test_a_corrupt_database_does_not_stop_answering(
    discord_fake: Fake,
    shared_knowledge: LiveKnowledge,
    tmp_path: Path,
    citebot_error_log: list[logging.LogRecord],
) -> None:
    db = tmp_path / "citebot.db"
    db.write_bytes(b"this is not a database" * 100)
    async with citebot(discord_fake, shared_knowledge, feedback_path=db, cooldown_questions=100):
        answers = [
            await discord_fake.slash("ask", question="when did stalin die") for _ in range(3)
        ]
        stats = await discord_fake.slash("stats", member=payloads.member(permissions=1 << 5))
    assert all(a.json["data"]["embeds"] for a in answers)
    assert stats.json["data"]["content"].startswith("The feedback store is unavailable")
    assert len(citebot_error_log) == 1


def test_connect_migrates_an_old_database_in_place(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    with closing(sqlite3.connect(path)) as old:  # what citebot made before migration 2
        first = render(MIGRATIONS[0], "sqlite")
        old.executescript(first + "PRAGMA user_version = 1;")
        old.execute("INSERT INTO guild_settings VALUES (1, 'private', 'false')")
        old.commit()
    conn = connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
    assert conn.execute("SELECT COUNT(*) FROM guild_settings").fetchone()[0] == 1
    assert conn.execute("SELECT COUNT(*) FROM faq_edits").fetchone()[0] == 0
    conn.close()


# -- PostgreSQL only ----------------------------------------------------------------------------


@pytest.mark.citebot_errors
async def test_a_lost_postgres_connection_is_logged_once_and_reopened(
    postgres_url: str, citebot_error_log: list[logging.LogRecord], caplog: pytest.LogCaptureFixture
) -> None:
    store = await opened(started(postgres_url))
    store.record(question(1))
    pid = await store.read(lambda db: db.conn.info.backend_pid)
    with closing(open_db(postgres_url)) as admin:
        admin.execute("SELECT pg_terminate_backend(?)", (pid,))
    store.record(question(2))  # on the dead connection: lost, and said once
    deadline = time.monotonic() + 10
    while store.lost < 1 and time.monotonic() < deadline:
        await asyncio.sleep(0.02)
    while time.monotonic() < deadline:  # until it has reconnected
        try:
            await store.read(lambda db: db.execute("SELECT 1").fetchone())
            break
        except StoreUnavailable:
            await asyncio.sleep(0.1)
    store.record(question(3))
    rows = await store.read(lambda db: db.execute("SELECT question FROM questions").fetchall())
    store.close()
    assert sorted(rows) == [("question 1",), ("question 3",)]
    assert [r.getMessage().split(" (")[0] for r in citebot_error_log] == [
        f"feedback store {store.name} unavailable"
    ]
    assert any("available again (1 records were lost)" in r.getMessage() for r in caplog.records)


def test_the_salt_is_a_row_of_the_database_not_a_file(postgres_url: str, tmp_path: Path) -> None:
    store = started(postgres_url)
    asyncio.run(opened(store))
    store.close()
    (row,) = query(postgres_url, "SELECT value FROM meta WHERE key = 'user_salt'")
    assert len(bytes.fromhex(row[0])) == 32
    assert not list(tmp_path.iterdir())
