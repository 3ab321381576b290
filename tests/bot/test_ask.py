"""/ask, its buttons, the message command, mentions and answer channels, against the fake."""

from __future__ import annotations

import logging
from collections.abc import Awaitable
from typing import Any

import pytest
from bot_harness import citebot, pings_no_one
from discord_fake import payloads

from bot.app.client import Citebot
from bot.state.live_knowledge import LiveKnowledge

Fake = Any


def handled_messages(bot: Citebot, count: int) -> Awaitable[object]:
    """Until the bot has handled `count` more messages: decided, and sent any reply.

    Call it before sending (it starts listening at once), then await it."""
    seen: list[object] = []

    def enough(message: object) -> bool:
        seen.append(message)
        return len(seen) >= count

    return bot.wait_for("message_handled", check=enough, timeout=5)


def custom_ids(payload: dict[str, Any]) -> list[str]:
    return [c["custom_id"] for row in payload.get("components", []) for c in row["components"]]


async def test_ask_answers_privately_with_a_cited_verbatim_excerpt(
    discord_fake: Fake, shared_knowledge: LiveKnowledge
) -> None:
    async with citebot(discord_fake, shared_knowledge):
        resp = await discord_fake.slash("ask", question="when did stalin die")
    assert resp.status == 200
    assert resp.json["type"] == 4
    data = resp.json["data"]
    assert data["flags"] == 64
    assert pings_no_one(data["allowed_mentions"])
    assert data["content"] == "**Q:** when did stalin die"
    best = shared_knowledge.kb.answer("when did stalin die").excerpts[0]
    embed = data["embeds"][0]
    assert embed["url"] == best.url
    assert embed["title"] == " › ".join((best.document, *best.path))
    assert embed["description"].replace("\\", "") == f"> {best.text}"
    assert embed["footer"]["text"].startswith('Source: "Stalinism"')
    assert "CC BY-SA" in embed["footer"]["text"]
    ids = custom_ids(data)
    assert [i.split(":")[1] for i in ids] == ["more", "open", "vote", "vote"]


async def test_ask_public_and_the_server_default(
    discord_fake: Fake, shared_knowledge: LiveKnowledge
) -> None:
    async with citebot(discord_fake, shared_knowledge, private=False):
        public = await discord_fake.slash("ask", question="what is stalinism")
        private = await discord_fake.slash("ask", question="what is stalinism", private=True)
    assert not public.json["data"].get("flags")
    assert private.json["data"]["flags"] == 64


async def test_ask_declines_with_the_closest_topics_as_buttons(
    discord_fake: Fake, shared_knowledge: LiveKnowledge
) -> None:
    async with citebot(discord_fake, shared_knowledge, private=False):
        resp = await discord_fake.slash("ask", question="whats the best way to learn guitar")
        data = resp.json["data"]
        assert data["embeds"][0]["title"] == "Not in my knowledge"
        ids = custom_ids(data)
        assert ids
        assert all(i.startswith(("cb:open:", "cb:pick:")) for i in ids)
        click = await discord_fake.click(resp.message, ids[0])
    assert click.json["type"] == 4
    assert click.json["data"]["flags"] == 64
    assert click.json["data"]["embeds"][0]["url"].startswith("https://en.wikipedia.org/")


async def test_every_answer_button(
    discord_fake: Fake, shared_knowledge: LiveKnowledge, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="citebot")
    async with citebot(discord_fake, shared_knowledge, private=False):
        resp = await discord_fake.slash("ask", question="what is stalinism")
        more, opened, up, down = custom_ids(resp.json["data"])
        more_resp = await discord_fake.click(resp.message, more)
        open_resp = await discord_fake.click(resp.message, opened)
        up_resp = await discord_fake.click(resp.message, up)
        down_resp = await discord_fake.click(resp.message, down)
    more_embed = more_resp.json["data"]["embeds"][0]
    assert more_embed["title"] == "More from the text"
    assert (
        len(more_embed["fields"])
        == len(shared_knowledge.kb.answer("what is stalinism").excerpts) - 1
    )
    section = open_resp.json["data"]["embeds"][0]
    assert section["title"] == "Stalinism"
    assert "Read the whole section" in section["description"]
    for vote in (up_resp, down_resp):
        assert vote.json["data"]["content"] == "Thanks, noted."
        assert vote.json["data"]["flags"] == 64
    votes = [r.getMessage() for r in caplog.records if r.getMessage().startswith("vote ")]
    assert len(votes) == 2
    assert votes[0].startswith("vote up")
    assert votes[1].startswith("vote down")


async def test_everyone_in_a_question_pings_no_one(
    discord_fake: Fake, shared_knowledge: LiveKnowledge
) -> None:
    async with citebot(discord_fake, shared_knowledge, private=False):
        resp = await discord_fake.slash("ask", question="@everyone when did stalin die @here")
    data = resp.json["data"]
    assert pings_no_one(data["allowed_mentions"])
    assert "@everyone" not in data["content"]
    assert "@\u200beveryone" in data["content"]


async def test_cooldown_is_a_friendly_private_note(
    discord_fake: Fake, shared_knowledge: LiveKnowledge
) -> None:
    async with citebot(discord_fake, shared_knowledge, cooldown_questions=1, cooldown_seconds=30):
        first = await discord_fake.slash("ask", question="when did stalin die")
        second = await discord_fake.slash("ask", question="when did stalin die")
    assert first.json["data"]["embeds"]
    assert second.json["type"] == 4
    assert second.json["data"]["flags"] == 64
    assert second.json["data"]["content"].startswith("You're asking quickly; try again in")


async def test_large_knowledge_is_deferred_then_followed_up(
    discord_fake: Fake, shared_knowledge: LiveKnowledge
) -> None:
    async with citebot(discord_fake, shared_knowledge, defer_above_sentences=1):
        resp = await discord_fake.slash("ask", question="when did stalin die")
        follow = await discord_fake.wait_for("POST", r"/webhooks/", timeout=5)
    assert resp.json == {"type": 5, "data": {"flags": 64}}
    assert follow.json["embeds"][0]["url"].startswith("https://en.wikipedia.org/")
    assert pings_no_one(follow.json["allowed_mentions"])


async def test_the_message_command_answers_the_chosen_message(
    discord_fake: Fake, shared_knowledge: LiveKnowledge
) -> None:
    async with citebot(discord_fake, shared_knowledge):
        target = await discord_fake.send_message("when did stalin die")
        resp = await discord_fake.message_command("Ask citebot", target=target)
    assert resp.json["data"]["content"] == "**Q:** when did stalin die"
    assert resp.json["data"]["embeds"][0]["url"].startswith("https://en.wikipedia.org/")
    assert resp.json["data"]["flags"] == 64


async def test_a_mention_is_answered_as_a_reply_that_pings_no_one(
    discord_fake: Fake, shared_knowledge: LiveKnowledge
) -> None:
    async with citebot(discord_fake, shared_knowledge) as bot:
        assert bot.user is not None
        me = discord_fake.bot_user
        msg = await discord_fake.send_message(
            f"<@{bot.user.id}> when did stalin die", mentions=[me]
        )
        reply = await discord_fake.wait_for("POST", r"/channels/\d+/messages", timeout=5)
    assert str(reply.json["message_reference"]["message_id"]) == msg["id"]
    assert pings_no_one(reply.json["allowed_mentions"])
    assert reply.json["allowed_mentions"]["replied_user"] is False
    message_content = 1 << 15
    assert not discord_fake.gateway.identifies[0]["intents"] & message_content
    assert reply.json["embeds"][0]["url"].startswith("https://en.wikipedia.org/")
    assert reply.json["content"] == "**Q:** when did stalin die"


async def test_answer_channels_reply_only_when_sure(
    discord_fake: Fake, shared_knowledge: LiveKnowledge
) -> None:
    channel = int(discord_fake.channel["id"])
    async with citebot(discord_fake, shared_knowledge, answer_channels=frozenset({channel})) as bot:
        handled = handled_messages(bot, 2)
        await discord_fake.send_message("anyone up for pizza tonight?")
        await discord_fake.send_message("when did stalin die")
        await handled
    replies = discord_fake.find("POST", r"/channels/\d+/messages")
    assert [r.json["content"] for r in replies] == ["**Q:** when did stalin die"]


async def test_other_channels_and_bots_are_ignored(
    discord_fake: Fake, shared_knowledge: LiveKnowledge
) -> None:
    async with citebot(discord_fake, shared_knowledge) as bot:
        handled = handled_messages(bot, 2)
        await discord_fake.send_message("when did stalin die")
        await discord_fake.send_message("when did stalin die", author=payloads.user(bot=True))
        await handled
    assert discord_fake.find("POST", r"/channels/\d+/messages") == []


async def test_the_bot_resumes_after_a_dropped_connection_and_still_answers(
    discord_fake: Fake, shared_knowledge: LiveKnowledge
) -> None:
    async with citebot(discord_fake, shared_knowledge):
        await discord_fake.drop_connection(how="abort")
        await discord_fake.wait_for_resume(timeout=10)
        resp = await discord_fake.slash("ask", question="when did stalin die")
    assert resp.status == 200
    assert resp.json["data"]["embeds"]


async def test_mentions_share_the_cooldown(
    discord_fake: Fake, shared_knowledge: LiveKnowledge
) -> None:
    async with citebot(discord_fake, shared_knowledge, cooldown_questions=1) as bot:
        assert bot.user is not None
        for _ in range(2):
            await discord_fake.send_message(f"<@{bot.user.id}> when did stalin die")
            await discord_fake.wait_for("POST", r"/channels/\d+/messages", timeout=5)
    first, second = discord_fake.find("POST", r"/channels/\d+/messages")
    assert first.json["embeds"]
    assert second.json["content"].startswith("You're asking quickly; try again in")
