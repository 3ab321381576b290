"""config.yaml -> Settings: defaults, types, and messages that name the key and a fix."""

from dataclasses import replace
from pathlib import Path

import pytest

from bot.state.settings import DISCORD_API, Settings, SettingsError, load, parse

EXAMPLE = Path(__file__).parents[2] / "config.example.yaml"


def test_no_config_means_defaults_and_the_token_from_the_environment() -> None:
    settings = load(None, env={"DISCORD_TOKEN": "abc"})
    assert settings.token == "abc"
    assert settings.api_base_url == DISCORD_API
    assert settings.private is True
    assert settings.knowledge_path is None
    assert settings.shards is None


def test_the_token_never_shows_in_repr() -> None:
    assert "abc" not in repr(parse({"discord": {"token": "abc"}}, env={}))


def test_the_example_config_is_valid_and_matches_the_defaults() -> None:
    # The database path is relative to the config file, so it is the one value that differs.
    expected = replace(Settings(), feedback_path=EXAMPLE.parent / "citebot.db")
    assert load(EXAMPLE, env={}) == expected


def test_feedback_settings(tmp_path: Path) -> None:
    settings = parse({"feedback": {"database": "data/f.db", "retention_days": 7}}, base=tmp_path)
    assert (settings.feedback_path, settings.retention_days) == (tmp_path / "data/f.db", 7)
    off = parse({"feedback": {"database": None, "retention_days": None}}, env={})
    assert (off.feedback_path, off.retention_days) == (None, None)
    with pytest.raises(SettingsError, match=r"feedback\.retention_days must be a positive integer"):
        parse({"feedback": {"retention_days": 0}}, env={})


def test_values_are_typed_and_paths_resolve_against_the_config(tmp_path: Path) -> None:
    config = tmp_path / "config.yaml"
    config.write_text(
        "discord: {dev_guild_id: 42, shards: auto}\n"
        "knowledge: {path: kb, channel_threshold: 0.9}\n"
        "answers: {private: false, private_guilds: {7: true}, channels: [5]}\n"
        "cooldown: {questions: 2, per_seconds: 10}\n"
        "moderators: {role_ids: [9]}\n"
        "logging: {level: debug}\n"
    )
    settings = load(config, env={})
    assert settings.knowledge_path == tmp_path / "kb"
    assert (settings.dev_guild_id, settings.shards) == (42, "auto")
    assert settings.private_in(7)
    assert not settings.private_in(8)
    assert settings.answer_channels == frozenset({5})
    assert settings.moderator_roles == frozenset({9})
    assert (settings.cooldown_questions, settings.cooldown_seconds) == (2, 10.0)
    assert settings.log_level == "DEBUG"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ({"discord": {"tokn": "x"}}, "did you mean 'discord.token'"),
        ({"knowlege": {}}, "did you mean 'knowledge'"),
        ({"answers": {"chanels": [1]}}, "did you mean 'answers.channels'"),
        ({"discord": {"dev_guild_id": "123"}}, "discord.dev_guild_id must be a Discord id"),
        ({"knowledge": {"threshold": 2}}, "knowledge.threshold must be a number from 0 to 1"),
        ({"answers": {"private": "yes"}}, "answers.private must be true or false"),
        ({"discord": {"shards": "many"}}, "discord.shards must be null"),
        ({"discord": {"api_base_url": "discord.com"}}, "discord.api_base_url must be a URL"),
        ({"moderators": {"role_ids": 5}}, "moderators.role_ids must be a list"),
        ({"logging": {"level": "LOUD"}}, "logging.level must be one of"),
        (["a"], "must be a mapping"),
    ],
)
def test_mistakes_name_the_key_and_the_fix(raw: object, expected: str) -> None:
    with pytest.raises(SettingsError, match=expected.replace("(", r"\(")):
        parse(raw, env={})


def test_broken_yaml_and_missing_files_are_reported(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("discord: [\n")
    with pytest.raises(SettingsError, match="not valid YAML"):
        load(bad, env={})
    with pytest.raises(SettingsError, match="cannot read"):
        load(tmp_path / "missing.yaml", env={})


def test_an_only_discord_section_is_enough() -> None:
    assert parse({"discord": None}, env={}) == Settings()
