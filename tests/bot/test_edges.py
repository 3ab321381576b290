"""Edges: sharding, `citebot sync`, DMs, unexpected errors, every kind of gateway drop."""

from __future__ import annotations

import asyncio
import json
import logging
from pathlib import Path
from typing import Any

import discord
import pytest
from bot_harness import citebot, settings_for
from discord_fake import payloads

import knowledge
from bot.app.cli import main
from bot.app.client import ShardedCitebot, create_bot, intents_for
from bot.state.live_knowledge import LiveKnowledge
from bot.state.recent_answers import RecentAnswers
from bot.state.settings import Settings
from bot.views import components

Fake = Any


async def test_shards_auto_asks_discord_and_identifies_as_a_shard(
    discord_fake: Fake, shared_knowledge: LiveKnowledge
) -> None:
    async with citebot(discord_fake, shared_knowledge, shards="auto") as bot:
        assert isinstance(bot, ShardedCitebot)
        resp = await discord_fake.slash("ask", question="when did stalin die")
    assert discord_fake.find("GET", r"/gateway/bot$")
    assert discord_fake.gateway.identifies[0]["shard"] == [0, 1]
    assert resp.json["data"]["embeds"]


async def test_a_number_of_shards_is_passed_on(shared_knowledge: LiveKnowledge) -> None:
    bot = create_bot(Settings(shards=3, feedback_path=None), shared_knowledge)
    assert isinstance(bot, ShardedCitebot)
    assert bot.shard_count == 3


def test_message_content_intent_follows_the_config() -> None:
    assert not intents_for(Settings()).message_content
    assert intents_for(Settings(answer_channels=frozenset({1}))).message_content
    assert intents_for(Settings(message_content=True)).message_content
    channels_without = Settings(answer_channels=frozenset({1}), message_content=False)
    assert not intents_for(channels_without).message_content
    assert not intents_for(Settings()).members


@pytest.mark.parametrize("guild", [True, False])
async def test_citebot_sync_on_purpose(
    discord_fake: Fake, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, guild: bool
) -> None:
    config = tmp_path / "config.yaml"
    config.write_text(
        f"discord: {{api_base_url: '{discord_fake.base_url}', "
        f"gateway_url: '{discord_fake.gateway_url}', dev_guild_id: 1}}\n"
    )
    monkeypatch.setenv("DISCORD_TOKEN", "fake-token")
    args = ["sync", "--config", str(config)] + (
        ["--guild", discord_fake.guild["id"]] if guild else []
    )
    assert await asyncio.to_thread(main, args) == 0
    puts = discord_fake.find("PUT", r"/applications/")
    assert len(puts) == 1
    where = f"/guilds/{discord_fake.guild['id']}/" if guild else f"/{discord_fake.application_id}/"
    assert where + "commands" in puts[0].path
    assert {c["name"] for c in puts[0].json} >= {"ask", "topics", "reload", "Ask citebot"}


async def test_dms_answer_and_refuse_server_only_commands(
    discord_fake: Fake, shared_knowledge: LiveKnowledge
) -> None:
    async with citebot(discord_fake, shared_knowledge, dev_guild_id=None, sync_on_start=True):
        asked = await discord_fake.slash("ask", question="when did stalin die", dm=True)
        reload = await discord_fake.slash("reload", dm=True)
    assert asked.json["data"]["embeds"]
    assert reload.json["data"]["content"] == "That only works in a server."


@pytest.mark.citebot_errors
async def test_an_unexpected_error_is_logged_and_answered_briefly(
    discord_fake: Fake, citebot_error_log: list[logging.LogRecord]
) -> None:
    store = LiveKnowledge()

    def broken(question: str, **_: Any) -> knowledge.Answer:
        raise RuntimeError("engine bug")

    store.kb.answer = broken  # type: ignore[method-assign]
    async with citebot(discord_fake, store):
        resp = await discord_fake.slash("ask", question="when did stalin die")
    data = resp.json["data"]
    assert data["content"] == "Something went wrong on my side; it has been logged."
    assert data["flags"] == 64
    assert "Traceback" not in str(resp.json)
    assert [r.getMessage() for r in citebot_error_log] == ["command ask failed"]


@pytest.mark.parametrize("how", ["close", "reconnect", "invalid_session"])
async def test_every_kind_of_drop_is_survived(
    discord_fake: Fake, shared_knowledge: LiveKnowledge, how: str
) -> None:
    async with citebot(discord_fake, shared_knowledge):
        await discord_fake.drop_connection(how=how)
        await discord_fake.wait_for_resume(timeout=10)
        resp = await discord_fake.slash("ask", question="when did stalin die")
    assert resp.json["data"]["embeds"]


async def test_mentions_without_a_question_get_a_hint(
    discord_fake: Fake, shared_knowledge: LiveKnowledge
) -> None:
    async with citebot(discord_fake, shared_knowledge) as bot:
        assert bot.user is not None
        me = discord_fake.bot_user
        await discord_fake.send_message(f"<@{bot.user.id}>", mentions=[me])
        reply = await discord_fake.wait_for("POST", r"/channels/\d+/messages", timeout=5)
    assert "Ask me a question" in reply.json["content"]


def test_many_suggestions_become_a_select_menu(shared_knowledge: LiveKnowledge) -> None:
    kb = shared_knowledge.kb
    names = tuple(kb.topic_name(s) for s in kb.topics[:8])
    ids = tuple(s.id for s in kb.topics[:8])
    answer = knowledge.Answer("q", False, 0.1, "none", suggestions=names, suggested_sections=ids)
    view = components.decline_view(kb, answer)
    assert view is not None
    items = view.children
    assert len(items) == 1
    assert items[0].type is discord.ComponentType.select


def test_settings_for_points_at_the_fake_only() -> None:
    class Fake:
        base_url = "http://127.0.0.1:1/api/v10"
        gateway_url = "ws://127.0.0.1:1/gateway"

        def __init__(self) -> None:
            self.guild = {"id": "5"}

    settings = settings_for(Fake())
    assert settings.api_base_url.startswith("http://127.0.0.1")
    assert settings.dev_guild_id == 5


async def test_a_direct_message_is_a_question(
    discord_fake: Fake, shared_knowledge: LiveKnowledge
) -> None:
    async with citebot(discord_fake, shared_knowledge):
        asked = await discord_fake.send_message("when did stalin die", dm=True)
        reply = await discord_fake.wait_for("POST", r"/channels/\d+/messages", timeout=5)
    assert reply.path.endswith(f"/channels/{asked['channel_id']}/messages")
    assert reply.json["embeds"][0]["url"].startswith("https://en.wikipedia.org/")


@pytest.mark.citebot_errors
async def test_a_failing_button_is_logged_and_answered_briefly(
    discord_fake: Fake, citebot_error_log: list[logging.LogRecord]
) -> None:
    store = LiveKnowledge()

    def broken(section_id: str) -> knowledge.Summary:
        raise RuntimeError("engine bug")

    store.kb.summary = broken  # type: ignore[method-assign]
    async with citebot(discord_fake, store, private=False):
        resp = await discord_fake.slash("ask", question="when did stalin die")
        opened = next(
            c["custom_id"]
            for row in resp.json["data"]["components"]
            for c in row["components"]
            if c["custom_id"].startswith("cb:open:")
        )
        click = await discord_fake.click(resp.message, opened)
    assert click.json["data"]["content"] == "Something went wrong on my side; it has been logged."
    assert click.json["data"]["flags"] == 64
    assert [r.getMessage() for r in citebot_error_log] == [f"component {opened} failed"]


def _with_custom_id(fake: Fake, message: dict[str, Any], prefix: str, custom_id: str) -> Any:
    """An older copy of a sent message whose component starting with `prefix` is renamed."""
    copy = json.loads(json.dumps(message))
    copy["id"] = payloads.snowflake()  # an older message the fake has not stored
    for row in copy["components"]:
        for component in row["components"]:
            if component.get("custom_id", "").startswith(prefix):
                component["custom_id"] = custom_id
                fake.messages[copy["id"]] = copy
                return copy
    raise LookupError(prefix)


async def test_stale_buttons_say_so(discord_fake: Fake, shared_knowledge: LiveKnowledge) -> None:
    async with citebot(discord_fake, shared_knowledge, private=False):
        resp = await discord_fake.slash("ask", question="when did stalin die")
        old_more = _with_custom_id(discord_fake, resp.message, "cb:more:", "cb:more:000000000000")
        more = await discord_fake.click(old_more, "cb:more:000000000000")
        gone = _with_custom_id(discord_fake, resp.message, "cb:open:", "cb:open:ffffffffffff")
        opened = await discord_fake.click(gone, "cb:open:ffffffffffff")
    assert more.json["data"]["content"] == "That answer is too old to expand; please ask again."
    assert opened.json["data"]["content"] == "That topic is no longer in my knowledge."
    assert more.json["data"]["flags"] == opened.json["data"]["flags"] == 64


def test_recent_answers_forget_the_oldest() -> None:
    recent = RecentAnswers(size=2)
    answers = [knowledge.Answer(f"q{i}", False, 0.0, "none") for i in range(3)]
    keys = [recent.add(a) for a in answers]
    assert recent.get(keys[0]) is None
    assert recent.get(keys[2]) is answers[2]
