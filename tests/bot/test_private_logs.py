"""What an operator's files hold: no user data in a DEBUG log, no secret in a config error,
a database only its owner can read."""

from __future__ import annotations

import signal
import stat
from pathlib import Path
from typing import Any

import process_run
import pytest

from bot.feedback import FeedbackStore
from bot.state.settings import SettingsError, load, parse


async def test_a_debug_log_holds_no_user_ids_names_questions_or_tokens(
    discord_fake: Any, tmp_path: Path
) -> None:
    config = process_run.write_config(discord_fake, tmp_path, "logging:\n  level: DEBUG\n")
    proc = await process_run.start(config)
    try:
        await discord_fake.wait_until_ready(timeout=15)
        payload = discord_fake.build_slash("ask", question="when did stalin die, asks quokkafan")
        resp = await discord_fake.interact(payload)
        assert resp.json["data"]["embeds"]
        proc.send_signal(signal.SIGTERM)
    finally:
        log = await process_run.finish(proc)
    assert proc.returncode == 0, log
    user = payload["member"]["user"]
    for private in (user["id"], user["username"], "quokkafan", payload["token"]):
        assert private not in log
    assert log.count("logging at DEBUG: citebot's own debug lines only") == 1, log
    assert process_run.TOKEN not in log


def test_a_config_type_error_never_echoes_the_token() -> None:
    with pytest.raises(SettingsError) as caught:
        parse({"discord": {"token": ["mfa.very-secret-token-value"]}}, env={})
    message = str(caught.value)
    assert "discord.token must be a string or null, got a list" in message
    assert "very-secret-token-value" not in message


def test_the_database_is_made_readable_by_its_owner_only(tmp_path: Path) -> None:
    path = tmp_path / "citebot.db"
    store = FeedbackStore(path)
    store.start()
    store.write(lambda db: db.execute("SELECT 1"))
    store.close()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(Path(f"{path}.salt").stat().st_mode) == 0o600


def test_a_config_syntax_error_names_the_line_but_never_shows_it(tmp_path: Path) -> None:
    config = tmp_path / "config.yaml"
    config.write_text("discord:\n  token: mfa.very-secret-token-value: oops\n")
    with pytest.raises(SettingsError) as caught:
        load(config, env={})
    message = str(caught.value)
    assert f"{config}:2:" in message
    assert "mapping values are not allowed" in message
    assert "very-secret-token-value" not in message
