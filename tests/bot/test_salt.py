"""A bad salt never stops answering and never weakens hashing: logged once, nothing recorded."""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

import pytest
from bot_harness import citebot
from discord_fake import payloads

from bot.feedback import privacy
from bot.feedback.privacy import salt_path
from bot.state.live_knowledge import LiveKnowledge

Fake = Any
MODERATOR = payloads.member(permissions=1 << 5)


async def ask_and_check(fake: Fake, live: LiveKnowledge, db: Path) -> tuple[Any, Any, Any]:
    """Ask, vote, look at /stats and /forget-me with the database `db`."""
    async with citebot(fake, live, feedback_path=db, private=False) as bot:
        answer = await fake.slash("ask", question="when did stalin die")
        stats = await fake.slash("stats", member=MODERATOR)
        await fake.slash("forget-me")
        forgot = await fake.wait_for("POST", r"/webhooks/", timeout=5)
        assert bot.feedback.hash_user(1) == ""  # no hash is ever made with a bad salt
    return answer, stats, forgot


@pytest.mark.citebot_errors
@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("not-hex-at-all\n", "is damaged (not hexadecimal)"),
        ("", "is damaged (0 bytes, fewer than 16)"),
        ("abcd\n", "is damaged (2 bytes, fewer than 16)"),
    ],
)
async def test_a_damaged_salt_file_is_kept_and_nothing_is_recorded(
    discord_fake: Fake,
    shared_knowledge: LiveKnowledge,
    tmp_path: Path,
    citebot_error_log: list[logging.LogRecord],
    text: str,
    reason: str,
) -> None:
    db = tmp_path / "citebot.db"
    salt_path(db).write_text(text, encoding="ascii")
    answer, stats, forgot = await ask_and_check(discord_fake, shared_knowledge, db)
    assert answer.json["data"]["embeds"][0]["url"]  # answered all the same
    assert stats.json["data"]["content"].startswith("The feedback store is unavailable")
    assert "Nothing was deleted" in forgot.json["content"]
    (error,) = [r.getMessage() for r in citebot_error_log]
    assert f"the salt file {salt_path(db)} {reason}" in error
    assert "restore it from a backup, or delete the file to make a new one" in error
    assert salt_path(db).read_text(encoding="ascii") == text  # never replaced behind one's back
    assert not db.exists()  # nothing recorded


@pytest.mark.citebot_errors
async def test_a_salt_that_cannot_be_made_is_logged_and_answering_goes_on(
    discord_fake: Fake,
    shared_knowledge: LiveKnowledge,
    tmp_path: Path,
    citebot_error_log: list[logging.LogRecord],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    folder = tmp_path / "read-only"
    folder.mkdir()
    folder.chmod(0o555)
    if os.geteuid() == 0:  # root writes anyway: make the write fail as it would for others

        def refuse(path: Path, salt: bytes) -> None:
            raise PermissionError(13, "Permission denied", str(path))

        monkeypatch.setattr(privacy, "_create", refuse)
    try:
        answer, stats, _ = await ask_and_check(discord_fake, shared_knowledge, folder / "x.db")
    finally:
        folder.chmod(0o755)
    assert answer.json["data"]["embeds"][0]["url"]
    assert stats.json["data"]["content"].startswith("The feedback store is unavailable")
    (error,) = [r.getMessage() for r in citebot_error_log]
    assert f"cannot create the salt file {folder / 'x.db.salt'} (Permission denied)" in error
    assert "nothing is recorded" in error
