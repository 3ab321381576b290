"""Every write command says so when the store could not keep the write: no "Changed" that a
restart would lose (a read-only SQLite file, a PostgreSQL server that is gone)."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from bot_harness import citebot
from discord_fake import payloads

import knowledge
from bot.feedback import FeedbackStore
from bot.state.live_knowledge import LiveKnowledge

Fake = Any
MANAGE_GUILD = 1 << 5
GONE = "postgresql://postgres@127.0.0.1:1/test"  # nothing listens on port 1
pytestmark = pytest.mark.citebot_errors  # the store logs, once, that it is unavailable


def moderator() -> dict[str, Any]:
    return payloads.member(permissions=MANAGE_GUILD)


def custom_ids(payload: dict[str, Any]) -> list[str]:
    return [c["custom_id"] for row in payload.get("components", []) for c in row["components"]]


@pytest.fixture
def read_only_db(tmp_path: Path) -> Iterator[Path]:
    """A migrated SQLite database its writer cannot write (file modes; for root, who ignores
    them, the file is made immutable as well)."""
    path = tmp_path / "citebot.db"
    store = FeedbackStore(path)
    store.start()
    store.close()
    files = [p for p in tmp_path.iterdir() if p.name.startswith("citebot.db")]
    for file in files:
        file.chmod(0o444)
    tmp_path.chmod(0o555)
    immutable = os.geteuid() == 0
    if immutable and shutil.which("chattr") is None:
        pytest.skip("running as root (file modes ignored) without chattr")
    if immutable:
        made = subprocess.run(["chattr", "+i", *map(str, files)], capture_output=True, check=False)
        if made.returncode != 0:
            pytest.skip(f"running as root, and chattr +i failed: {made.stderr.decode().strip()}")
    try:
        yield path
    finally:
        if immutable:
            subprocess.run(["chattr", "-i", *map(str, files)], check=False)
        tmp_path.chmod(0o755)


async def settings_are_refused(fake: Fake) -> None:
    resp = await fake.slash("settings", private=False, member=moderator())
    embed = resp.json["data"]["embeds"][0]
    text = str(embed)
    assert "Not saved: the feedback store could not keep this change" in text, text
    assert "Changed" not in text
    shown = await fake.slash("settings", member=moderator())
    assert "Changed" not in str(shown.json["data"]["embeds"][0])


async def votes_are_refused(fake: Fake) -> None:
    resp = await fake.slash("ask", question="what is stalinism", private=False)
    up = next(i for i in custom_ids(resp.json["data"]) if i.startswith("cb:vote:up"))
    voted = await fake.click(resp.message, up)
    content = voted.json["data"]["content"]
    assert content.startswith("Not saved: the feedback store could not keep your vote"), content


async def forget_me_is_refused(fake: Fake) -> None:
    await fake.slash("forget-me")
    done = await fake.wait_for("POST", r"/webhooks/", timeout=10)
    assert "Nothing was deleted" in done.json["content"]


async def test_a_read_only_sqlite_database_keeps_no_change_and_says_so(
    discord_fake: Fake, shared_knowledge: LiveKnowledge, read_only_db: Path
) -> None:
    async with citebot(
        discord_fake, shared_knowledge, feedback_path=read_only_db, feedback_url=None
    ) as bot:
        await settings_are_refused(discord_fake)
        await votes_are_refused(discord_fake)
        await forget_me_is_refused(discord_fake)
        assert bot.servers.get(int(discord_fake.guild["id"])).overridden == frozenset()


async def test_a_postgresql_server_that_is_gone_keeps_no_change_and_says_so(
    discord_fake: Fake, tmp_path: Path
) -> None:
    pytest.importorskip("psycopg")
    folder = Path(shutil.copytree(knowledge.DEFAULT_KNOWLEDGE, tmp_path / "kb"))
    store = LiveKnowledge(folder)
    async with citebot(discord_fake, store, feedback_url=GONE) as bot:
        await settings_are_refused(discord_fake)
        await votes_are_refused(discord_fake)
        await forget_me_is_refused(discord_fake)
        opened = await discord_fake.slash("faq add", member=moderator())
        await discord_fake.submit_modal(
            opened.json["data"]["custom_id"],
            {"question": "What was the Great Purge?", "alternates": "", "section": "",
             "quote": "Stalinism is the means of governing and Marxist–Leninist policies "
             "implemented in the Soviet Union (USSR) from 1927 to 1953 by Joseph Stalin."},
            member=moderator(),
        )  # fmt: skip
        done = await discord_fake.wait_for("POST", r"/webhooks/", timeout=15)
        assert "cannot be edited now" in done.json["content"], done.json["content"]
        assert bot.servers.get(int(discord_fake.guild["id"])).overridden == frozenset()
