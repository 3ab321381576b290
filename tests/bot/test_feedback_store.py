"""The feedback store itself: schema, salt, retention, failures logged once, nothing lost."""

from __future__ import annotations

import asyncio
import logging
import os
import sqlite3
import stat
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from bot_harness import citebot
from discord_fake import payloads

from bot.cli import main
from bot.feedback import FeedbackStore, Question
from bot.feedback.privacy import salt_path
from bot.feedback.schema import MIGRATIONS, SchemaError, migrate
from bot.feedback.store import DAY, connect
from bot.live_knowledge import LiveKnowledge

Fake = Any


def question(n: int, *, age_days: float = 0.0, user: str = "u", answered: bool = True) -> Question:
    return Question(
        time.time() - age_days * DAY, 1, 2, user, f"question {n}", answered, 0.9, "faq",
        "Stalinism › History", f"key{n}",
    )  # fmt: skip


def count(db: Path) -> int:
    with sqlite3.connect(db) as conn:
        return int(conn.execute("SELECT COUNT(*) FROM questions").fetchone()[0])


def test_created_on_first_start_with_schema_wal_and_a_private_salt(tmp_path: Path) -> None:
    db = tmp_path / "data" / "citebot.db"
    store = FeedbackStore(db)
    store.start()
    store.record(question(1))
    store.close()
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert stat.S_IMODE(os.stat(salt_path(db)).st_mode) == 0o600
    again = FeedbackStore(db)
    assert again.hash_user(42) == store.hash_user(42) != FeedbackStore(None).hash_user(42)


def test_a_newer_schema_is_refused(tmp_path: Path) -> None:
    conn = connect(tmp_path / "x.db")
    conn.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 1}")
    with pytest.raises(SchemaError):
        migrate(conn)


def test_a_thousand_questions_recorded_at_once_lose_nothing(tmp_path: Path) -> None:
    db = tmp_path / "citebot.db"
    store = FeedbackStore(db)
    store.start()
    with ThreadPoolExecutor(max_workers=16) as pool:
        list(pool.map(lambda n: store.record(question(n)), range(1000)))
    store.close()
    assert count(db) == 1000


def test_retention_deletes_old_rows_at_start_up_and_periodically(tmp_path: Path) -> None:
    db = tmp_path / "citebot.db"
    keep_all = FeedbackStore(db, retention_days=None)
    keep_all.start()
    for n in range(3):
        keep_all.record(question(n, age_days=10))
    keep_all.record(question(3))
    keep_all.close()
    assert count(db) == 4
    store = FeedbackStore(db, retention_days=7, purge_every=0.05)
    store.start()
    store.record(question(4, age_days=7 - 0.3 / DAY))  # too old in 0.3 s
    time.sleep(0.1)
    with sqlite3.connect(db) as conn:
        assert [r[0] for r in conn.execute("SELECT question FROM questions")] == [
            "question 3",
            "question 4",
        ]
    deadline = time.monotonic() + 5
    while count(db) != 1 and time.monotonic() < deadline:
        time.sleep(0.05)
    store.close()
    assert count(db) == 1


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


def test_the_offline_cli_reads_the_same_database(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "citebot.db"
    store = FeedbackStore(db)
    store.start()
    store.record(question(1))
    for n, text in enumerate(("who is lysenko", "who was lysenko?"), 2):
        store.record(Question(time.time(), 1, 2, "u", text, False, 0.1, "none", None, f"k{n}"))
    store.close()
    assert main(["stats", "--database", str(db)]) == 0
    assert "3 questions, 1 answered (33%)" in capsys.readouterr().out
    assert main(["unanswered", "--database", str(db)]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].split()[0] == "2"
    assert "also ×1" in out
    assert main(["export", "--database", str(db), "--guild", "1"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("id,asked_at,guild_id")
    assert len(lines) == 4
    assert main(["stats", "--database", str(tmp_path / "none.db")]) == 1
