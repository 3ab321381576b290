"""`citebot run` as a real process against the fake, and the CLI's messages."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from bot.app.cli import main

Fake = Any
ROOT = Path(__file__).parents[2]


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT])
async def test_citebot_run_serves_and_stops_cleanly_on_a_signal(
    discord_fake: Fake, tmp_path: Path, stop: signal.Signals
) -> None:
    config = tmp_path / "config.yaml"
    config.write_text(
        f"discord:\n  api_base_url: {discord_fake.base_url}\n"
        f"  gateway_url: {discord_fake.gateway_url}\n"
        f"  dev_guild_id: {discord_fake.guild['id']}\n"
    )
    env = {**os.environ, "DISCORD_TOKEN": "secret-token-123", "PYTHONUNBUFFERED": "1"}
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-c", "import sys; from bot.app.cli import main; sys.exit(main())",
        "run", "--config", str(config),
        cwd=tmp_path, env={**env, "PYTHONPATH": str(ROOT)},
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    try:
        await discord_fake.wait_until_ready(timeout=15)
        resp = await discord_fake.slash("ask", question="when did stalin die")
        assert resp.json["data"]["embeds"]
        proc.send_signal(stop)
        out, err = await asyncio.wait_for(proc.communicate(), timeout=15)
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()
    log = (out + err).decode()
    assert proc.returncode == 0, log
    assert "shutting down" in log
    assert "stopped" in log
    assert "Traceback" not in log
    assert "voice will NOT be supported" not in log  # a text bot: no PyNaCl / davey warnings
    assert "secret-token-123" not in log


def test_run_without_a_token_says_how_to_set_one(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("DISCORD_TOKEN", raising=False)
    monkeypatch.chdir(tmp_path)
    assert main(["run"]) == 2
    err = capsys.readouterr().err
    assert "DISCORD_TOKEN" in err
    assert "citebot chat" in err


def test_a_bad_config_is_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = tmp_path / "config.yaml"
    config.write_text("answers:\n  privat: true\n")
    assert main(["run", "--config", str(config)]) == 2
    assert "did you mean 'answers.private'" in capsys.readouterr().err


def test_other_commands_go_to_the_offline_cli(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "--json", "when did stalin die"]) == 0
    assert '"answered": true' in capsys.readouterr().out.replace(": true", ": true")


def test_python_m_bot_without_a_token_points_to_the_offline_cli(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "DISCORD_TOKEN"}
    env["PYTHONPATH"] = str(ROOT)
    done = subprocess.run(
        [sys.executable, "-m", "bot"], cwd=tmp_path, env=env, capture_output=True, text=True,
        timeout=30, check=False,
    )  # fmt: skip
    assert done.returncode == 2
    assert "export DISCORD_TOKEN=" in done.stderr
    assert "citebot chat" in done.stderr
    assert "Traceback" not in done.stderr
