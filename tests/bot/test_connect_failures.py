"""When `citebot run` cannot connect: one line that says why, and a non-zero exit (issue 10).

Discord refusing the token and an intent not enabled in the Developer Portal are played by
the loopback fake; no network is played by name resolution failing, as it does offline."""

from __future__ import annotations

import asyncio
import os
import socket
import sys
from pathlib import Path
from typing import Any

import aiohttp.resolver
import pytest
from discord_fake import FakeDiscord

from bot.app.cli import main
from bot.app.failures import INTENT_NOT_ENABLED, TEMPORARY, TOKEN_REFUSED

ROOT = Path(__file__).parents[2]


def config_for(fake: FakeDiscord, folder: Path, extra: str = "") -> Path:
    config = folder / "config.yaml"
    config.write_text(
        f"discord:\n  api_base_url: {fake.base_url}\n  gateway_url: {fake.gateway_url}\n"
        f"logging:\n  level: WARNING\n{extra}"
    )
    return config


async def citebot_run(config: Path, token: str) -> tuple[int, str]:
    """`citebot run` as a real process; its exit code and standard error."""
    env = {**os.environ, "DISCORD_TOKEN": token, "PYTHONPATH": str(ROOT)}
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-c", "import sys; from bot.app.cli import main; sys.exit(main())",
        "run", "--config", str(config),
        cwd=config.parent, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    try:
        _, err = await asyncio.wait_for(proc.communicate(), timeout=30)
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()
    assert proc.returncode is not None
    return proc.returncode, err.decode()


async def test_a_token_discord_refuses_is_one_line(tmp_path: Path) -> None:
    async with FakeDiscord(token="the-real-token") as fake:
        code, err = await citebot_run(config_for(fake, tmp_path), token="a-wrong-token")
        assert fake.last("GET", "/users/@me").status == 401
    assert code == 1
    assert err.splitlines() == [f"citebot: {TOKEN_REFUSED}"]


async def test_a_privileged_intent_not_enabled_is_one_line(tmp_path: Path) -> None:
    async with FakeDiscord(privileged_intents=0) as fake:
        channels = f"answers:\n  channels: [{fake.channel['id']}]\n"
        code, err = await citebot_run(config_for(fake, tmp_path, channels), token="a-token")
        assert fake.gateway.identifies[0]["intents"] & 1 << 15
    assert code == 1
    assert err.splitlines() == [f"citebot: {INTENT_NOT_ENABLED}"]


def test_no_network_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # Offline, every name lookup fails. aiohttp resolves through socket.getaddrinfo unless
    # aiodns is installed: then this test could not stop a lookup, so it must not run.
    assert aiohttp.resolver.DefaultResolver is aiohttp.resolver.ThreadedResolver
    asked: list[Any] = []

    def offline(host: Any, *args: Any, **kwargs: Any) -> Any:
        asked.append(host)
        raise socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution")

    monkeypatch.setattr(socket, "getaddrinfo", offline)
    monkeypatch.setenv("DISCORD_TOKEN", "a-token")
    (tmp_path / "config.yaml").write_text("logging:\n  level: WARNING\n")
    code = main(["run", "--config", str(tmp_path / "config.yaml")])
    assert asked == ["discord.com"]
    assert code == TEMPORARY
    err = capsys.readouterr().err
    assert err.splitlines() == [
        "citebot: cannot reach Discord: discord.com:443: Temporary failure in name resolution"
    ]
