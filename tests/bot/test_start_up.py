"""`citebot run` before it connects: --check-config, --version, the load's progress bar, and
no voice warnings from discord.py (issue 10)."""

from __future__ import annotations

import logging
import sys
from importlib import metadata
from pathlib import Path
from typing import Any

import discord
import pytest
from fake_terminal import FakeTerminal, screen, stray_characters

from bot.app import progress
from bot.app.cli import main
from bot.app.client import Citebot
from bot.state.live_knowledge import LiveKnowledge
from bot.state.settings import Settings

Fake = Any


def write_config(folder: Path, fake: Fake, extra: str = "") -> Path:
    config = folder / "config.yaml"
    config.write_text(
        f"discord:\n  api_base_url: {fake.base_url}\n  gateway_url: {fake.gateway_url}\n"
        f"  dev_guild_id: {fake.guild['id']}\n{extra}"
    )
    return config


async def test_check_config_says_what_would_run_and_does_not_connect(
    discord_fake: Fake,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("DISCORD_TOKEN", "secret-token-123")
    extra = (
        f"answers:\n  channels: [{discord_fake.channel['id']}]\nfeedback:\n  retention_days: 7\n"
    )
    config = write_config(tmp_path, discord_fake, extra)
    assert main(["run", "--check-config", "--config", str(config)]) == 0
    out = capsys.readouterr().out
    lines = dict(line.split(": ", 1) for line in out.splitlines() if ": " in line)
    assert lines["config"] == str(config.resolve())
    assert lines["token"].startswith("set in DISCORD_TOKEN")
    assert "sentences" in lines["knowledge"]
    assert lines["meaning (semantic extra)"].startswith("off, not asked for")
    assert "message_content" in lines["intents"]
    assert "Developer Portal" in lines["intents"]
    assert "Send Messages in Threads" in lines["permissions"]
    assert "Manage Threads" in lines["permissions"]
    assert lines["commands"].startswith(f"synced at start to guild {discord_fake.guild['id']}")
    assert lines["question log"] == f"{(tmp_path / 'citebot.db').resolve()} (kept 7 days)"
    assert discord_fake.base_url in lines["Discord"]
    assert out.rstrip().endswith("(Discord was not contacted).")
    assert "secret-token-123" not in out
    assert discord_fake.requests == []
    assert discord_fake.gateway.connections == []
    assert not (tmp_path / "citebot.db").exists()


def test_check_config_without_a_token_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("DISCORD_TOKEN", raising=False)
    monkeypatch.chdir(tmp_path)
    assert main(["run", "--check-config"]) == 2
    captured = capsys.readouterr()
    assert "config: none (every setting at its default)" in captured.out
    assert "token: MISSING: export DISCORD_TOKEN=" in captured.out
    assert "no token" in captured.err


def test_check_config_with_broken_knowledge_names_the_problem(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DISCORD_TOKEN", "a-token")
    (tmp_path / "kb").mkdir()
    (tmp_path / "kb" / "empty.txt").write_text("")
    config = tmp_path / "config.yaml"
    config.write_text("knowledge:\n  path: kb\n")
    assert main(["run", "--check-config", "--config", str(config)]) == 1
    captured = capsys.readouterr()
    assert "empty.txt" in captured.err
    assert "OK" not in captured.out


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--version"])
    assert exited.value.code == 0
    assert capsys.readouterr().out.strip() == f"citebot {metadata.version('citebot')}"


@pytest.mark.parametrize("tqdm", [True, False], ids=["tqdm", "plain"])
def test_run_shows_a_clean_progress_bar_on_a_terminal(
    tqdm: bool,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    if not tqdm:
        monkeypatch.setitem(sys.modules, "tqdm", None)  # as if citebot[progress] were absent
    err = FakeTerminal()
    monkeypatch.setattr(progress, "DELAY", 0)
    monkeypatch.setattr(sys, "stderr", err)
    monkeypatch.setenv("DISCORD_TOKEN", "a-token")
    monkeypatch.chdir(tmp_path)
    assert main(["run", "--check-config"]) == 0
    text = err.getvalue()
    assert "loading documents" in text
    assert "loading index" in text
    assert ("%|" in text) is tqdm  # tqdm's bar, or the plain one
    assert stray_characters(text) == []
    assert screen(text)[-1].strip() == ""
    assert capsys.readouterr().out


def test_no_progress_bar_when_stderr_is_not_a_terminal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(progress, "DELAY", 0)
    monkeypatch.setenv("DISCORD_TOKEN", "a-token")
    monkeypatch.chdir(tmp_path)
    assert main(["run", "--check-config"]) == 0
    assert capsys.readouterr().err == ""


def test_a_text_bot_logs_no_voice_warnings(
    shared_knowledge: LiveKnowledge,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    # discord.py warns once a process; undo an earlier test's client so this one can fail.
    monkeypatch.setattr(discord.VoiceClient, "warn_nacl", True)
    monkeypatch.setattr(discord.VoiceClient, "warn_dave", True)
    caplog.set_level(logging.WARNING, logger="discord")
    Citebot(Settings(feedback_path=None), shared_knowledge)
    assert [r.getMessage() for r in caplog.records if "voice" in r.getMessage()] == []


def test_ctrl_c_while_the_knowledge_loads_is_no_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("bot.state.live_knowledge.LiveKnowledge.__init__", interrupted)
    err = FakeTerminal()
    monkeypatch.setattr(sys, "stderr", err)
    monkeypatch.setenv("DISCORD_TOKEN", "a-token")
    monkeypatch.chdir(tmp_path)
    assert main(["run"]) == 130
    assert err.getvalue() == "\n"  # the shell's prompt on a line of its own


def test_check_config_names_a_shared_database_and_this_process_shards(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("psycopg", reason="the PostgreSQL driver (citebot[postgres]) is absent")
    monkeypatch.setenv("DISCORD_TOKEN", "secret-token-123")
    config = tmp_path / "config.yaml"
    config.write_text(
        "feedback:\n  database: postgresql://citebot:hunter2@db.example:5432/citebot\n"
    )
    argv = ["run", "--check-config", "--config", str(config), "--shard-ids", "0-1"]
    assert main([*argv, "--shard-count", "4"]) == 0
    out = capsys.readouterr().out
    lines = dict(line.split(": ", 1) for line in out.splitlines() if ": " in line)
    assert lines["question log"].startswith("PostgreSQL at postgresql://citebot:***@db.example")
    assert "hunter2" not in out
    assert lines["shards"].startswith("0, 1 of 4 (this process only")
