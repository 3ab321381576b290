"""Shards from the command line and config, FAQ export, and catching up after a lost
notification connection (what a missed NOTIFY would have said is read again)."""

from __future__ import annotations

import asyncio
import sys
import time
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from bot_folders import WIDGET_SECTIONS, write_folder
from bot_harness import citebot

from bot.app.cli import main
from bot.app.client import ShardedCitebot, create_bot, shards_label
from bot.cluster import state
from bot.feedback import FeedbackStore
from bot.feedback.offline import open_db
from bot.state.live_knowledge import LiveKnowledge
from bot.state.settings import Settings, SettingsError, parse, with_shards

Fake = Any
QUOTE = "Widgets are pressed from recycled tin."


def test_shard_ids_from_the_command_line_make_a_sharded_bot_over_that_range(
    shared_knowledge: LiveKnowledge,
) -> None:
    settings = with_shards(Settings(feedback_path=None), "0-3", 8)
    bot = create_bot(settings, shared_knowledge)
    assert isinstance(bot, ShardedCitebot)
    assert (bot.shard_ids, bot.shard_count) == ([0, 1, 2, 3], 8)
    assert shards_label(settings) == "0-3 of 8"
    assert shards_label(with_shards(settings, "0,2,4-5", 8)) == "0,2,4-5 of 8"
    assert shards_label(Settings()) == "all"


def test_shard_settings_in_the_config() -> None:
    settings = parse({"discord": {"shard_ids": "4-7", "shard_count": 8}}, env={})
    assert (settings.shard_ids, settings.shard_count) == ((4, 5, 6, 7), 8)
    assert parse({"discord": {"shard_ids": [1, 0], "shard_count": 2}}, env={}).shard_ids == (0, 1)
    with pytest.raises(SettingsError, match=r"needs discord\.shard_count"):
        parse({"discord": {"shard_ids": "0-3"}}, env={})
    with pytest.raises(SettingsError, match="from 0 to shard_count - 1 \\(7\\); got 8"):
        parse({"discord": {"shard_ids": "0-8", "shard_count": 8}}, env={})
    with pytest.raises(SettingsError, match=r"discord\.shard_ids must be"):
        parse({"discord": {"shard_ids": "a-b", "shard_count": 8}}, env={})


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--shard-ids", "x"], "--shard-ids must be a shard id"),
        (["--shard-ids", "0-3"], "needs discord.shard_count"),
        (["--shard-ids", "8", "--shard-count", "8"], "got 8"),
        (["--shard-count", "0"], "--shard-count must be a positive integer"),
    ],
)
def test_bad_shard_options_are_one_line(
    args: list[str], message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "config.yaml"
    config.write_text("feedback:\n  database: null\n")
    assert main(["run", "--config", str(config), *args]) == 2
    err = capsys.readouterr().err
    assert message in err
    assert len(err.strip().splitlines()) == 1


def test_a_postgres_url_without_the_driver_says_how_to_install_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "psycopg", None)  # as if not installed
    config = tmp_path / "config.yaml"
    config.write_text("feedback:\n  database: postgresql://citebot@db.example/citebot\n")
    assert main(["run", "--config", str(config)]) == 2
    assert "pip install 'citebot[postgres]'" in capsys.readouterr().err


def test_faq_export_writes_the_file_with_the_stored_edits(
    postgres_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = write_folder(tmp_path / "kb", WIDGET_SECTIONS, faq="# Curated FAQ\n")
    store = FeedbackStore(postgres_url)
    store.start()
    entry = {"id": "tin", "question": "What are widgets made of?", "answer": QUOTE}
    edit = state.FaqEdit(0, "add", "tin", entry)
    saved = asyncio.run(store.read(lambda db: state.save_faq_edit(db, 0, edit, None)))
    stale = asyncio.run(store.read(lambda db: state.save_faq_edit(db, 0, edit, None)))
    store.close()
    config = tmp_path / "config.yaml"
    config.write_text(f"knowledge:\n  path: kb\nfeedback:\n  database: '{postgres_url}'\n")
    out = tmp_path / "faq.yaml"
    assert main(["faq", "export", "--config", str(config), "-o", str(out)]) == 0
    assert (saved, stale) == (1, None)  # an edit made on an older text is refused
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# Curated FAQ\n")
    assert "id: tin" in text
    assert (folder / "faq.yaml").read_text(encoding="utf-8") == "# Curated FAQ\n"
    assert "written to" in capsys.readouterr().err


async def test_a_lost_listener_reads_what_it_missed_when_it_reconnects(
    discord_fake: Fake, shared_knowledge: LiveKnowledge, postgres_url: str
) -> None:
    guild = int(discord_fake.guild["id"])
    async with citebot(discord_fake, shared_knowledge, feedback_url=postgres_url) as bot:
        listener = bot.cluster.listener
        assert listener is not None
        await asyncio.wait_for(listener.connected.wait(), 10)
        assert bot.servers.get(guild).private
        with closing(open_db(postgres_url)) as admin:  # a change whose NOTIFY is never seen
            admin.execute("SET default_transaction_read_only = off")
            admin.execute(
                "INSERT INTO guild_settings (guild_id, key, value) VALUES (?, 'private', 'false')",
                (guild,),
            )
            admin.execute("SELECT pg_terminate_backend(?)", (listener.backend_pid,))
        deadline = time.monotonic() + 15
        while listener.connections < 2 and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        await asyncio.wait_for(listener.connected.wait(), 10)
        assert listener.connections == 2
        assert not bot.servers.get(guild).private
