"""Discord's markup in a question is no part of what is asked."""

from __future__ import annotations

from typing import Any

from bot_harness import citebot

from bot.state.live_knowledge import LiveKnowledge
from bot.views.question_text import plain_question

Fake = Any


def test_mentions_emoji_timestamps_and_command_links_are_dropped() -> None:
    asked = (
        "<@123456789012345678> <@!42> <@&77> <:thinking:987654321098765432> "
        "when did <a:dance:555> stalin die <#112233445566778899> <t:1700000000:R> </ask:99>"
    )
    assert plain_question(asked) == "when did stalin die"
    assert plain_question("a <b> c and <3") == "a <b> c and <3"  # no Discord markup
    assert plain_question("x " * 400) == ("x " * 150)[:300]


async def test_a_question_with_emoji_and_pings_is_answered_as_its_words(
    discord_fake: Fake, shared_knowledge: LiveKnowledge
) -> None:
    async with citebot(discord_fake, shared_knowledge) as bot:
        assert bot.user is not None
        me = discord_fake.bot_user
        await discord_fake.send_message(
            f"<@{bot.user.id}> <:thinking:987654321098765432> when did stalin die <@42>",
            mentions=[me],
        )
        reply = await discord_fake.wait_for("POST", r"/channels/\d+/messages", timeout=5)
        slash = await discord_fake.slash("ask", question="when did stalin die <a:dance:555>")
    assert reply.json["content"] == "**Q:** when did stalin die"
    assert reply.json["embeds"][0]["url"].startswith("https://en.wikipedia.org/")
    assert slash.json["data"]["content"] == "**Q:** when did stalin die"
    assert slash.json["data"]["embeds"][0]["url"].startswith("https://en.wikipedia.org/")
