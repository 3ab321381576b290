"""`citebot run` as a real process against the fake: start it, collect its log, stop it."""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).parents[2]
TOKEN = "secret-token-123"


def write_config(fake: Any, folder: Path, extra: str = "") -> Path:
    """A config pointing at the fake, syncing to its guild, with `extra` YAML appended."""
    config = folder / "config.yaml"
    config.write_text(
        f"discord:\n  api_base_url: {fake.base_url}\n"
        f"  gateway_url: {fake.gateway_url}\n"
        f"  dev_guild_id: {fake.guild['id']}\n" + extra
    )
    return config


async def start(
    config: Path, *args: str, env: dict[str, str] | None = None
) -> asyncio.subprocess.Process:
    """`citebot run --config CONFIG ARGS` with the token in the environment."""
    full = {**os.environ, "DISCORD_TOKEN": TOKEN, "PYTHONUNBUFFERED": "1", **(env or {})}
    full["PYTHONPATH"] = str(ROOT)
    return await asyncio.create_subprocess_exec(
        sys.executable, "-c", "import sys; from bot.app.cli import main; sys.exit(main())",
        "run", "--config", str(config), *args,
        cwd=config.parent, env=full,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip


async def finish(proc: asyncio.subprocess.Process, timeout: float = 15) -> str:
    """Wait for the process to end (killing it past `timeout`); its whole output."""
    try:
        out, err = await asyncio.wait_for(proc.communicate(), timeout)
    except TimeoutError:
        proc.kill()
        out, err = await proc.communicate()
        return (out + err).decode() + f"\n[killed: still running after {timeout} s]"
    return (out + err).decode()
