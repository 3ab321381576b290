"""Learning from askers' 👍 through the loopback Discord: two users' 👍 publish a learned
answer that the next similar question in that server gets at once, and no other server."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from bot_harness import citebot
from discord_fake import payloads

from bot.app.client import Citebot
from bot.state.live_knowledge import LiveKnowledge

Fake = Any
MANAGE_GUILD = 1 << 5
ASKED = "what happened to the kulaks"
LATER = "what became of the kulaks"
pytestmark = pytest.mark.usefixtures("each_store")  # SQLite, then PostgreSQL


def second_guild(fake: Fake) -> dict[str, Any]:
    gid = payloads.snowflake()
    guild = payloads.guild(
        id=gid, channels=[payloads.text_channel(guild_id=gid)], members=[fake.member]
    )
    fake.state.add_guild(guild)
    return guild


def up_button(payload: dict[str, Any]) -> str:
    ids = [c["custom_id"] for row in payload.get("components", []) for c in row["components"]]
    return next(i for i in ids if i.startswith("cb:vote:up"))


def top_text(resp: Any) -> str:
    return str(resp.json["data"]["embeds"][0]["description"])


async def rows(bot: Citebot, sql: str) -> list[tuple[Any, ...]]:
    return await bot.feedback.read(lambda db: db.execute(sql).fetchall())


async def test_two_askers_thumbs_teach_that_server_only(
    discord_fake: Fake, shared_knowledge: LiveKnowledge
) -> None:
    other = second_guild(discord_fake)
    alice, bob = payloads.member(permissions=0), payloads.member(permissions=0)
    async with citebot(
        discord_fake, shared_knowledge, private=False, cooldown_questions=100
    ) as bot:
        before = await discord_fake.slash("ask", question=LATER)
        asked = await discord_fake.slash("ask", question=ASKED, member=alice)
        await discord_fake.click(asked.message, up_button(asked.json["data"]), member=alice)
        pending = await rows(bot, "SELECT question, status FROM learned")
        await discord_fake.click(asked.message, up_button(asked.json["data"]), member=bob)
        published = await rows(bot, "SELECT question, status FROM learned")
        here = await discord_fake.slash("ask", question=LATER)
        there = await discord_fake.slash("ask", question=LATER, guild=other)
    assert pending == [(ASKED, "pending")]  # one user never publishes alone
    assert published == [(ASKED, "published")]
    taught = top_text(asked)
    assert top_text(before) != taught
    assert top_text(here) == taught
    assert top_text(there) == top_text(before)
    assert "allowed_mentions" in here.json["data"]
    assert here.json["data"]["allowed_mentions"] == {"parse": []}


async def test_a_moderators_thumb_publishes_alone(
    discord_fake: Fake, shared_knowledge: LiveKnowledge
) -> None:
    mod = payloads.member(permissions=MANAGE_GUILD)
    async with citebot(discord_fake, shared_knowledge, private=False) as bot:
        asked = await discord_fake.slash("ask", question=ASKED)
        await discord_fake.click(asked.message, up_button(asked.json["data"]), member=mod)
        published = await rows(bot, "SELECT status FROM learned")
        here = await discord_fake.slash("ask", question=LATER)
        await discord_fake.slash("forget-me", member=mod)
        await discord_fake.wait_for("POST", r"/webhooks/", timeout=5)
        after = await rows(bot, "SELECT status FROM learned")
        again = await discord_fake.slash("ask", question=LATER)
    assert published == [("published",)]
    assert top_text(here) == top_text(asked)
    assert after == [("pending",)]  # confirmed only by the moderator's vote: back to pending
    assert top_text(again) != top_text(asked)


CLUB = """== Boats ==
The club owns six rowing boats and two canoes.
Boats must be booked a day ahead on the noticeboard in the boathouse.

== Safety ==
Every rower must pass a swimming test before going out alone.
Life jackets hang on the hooks beside the slipway.
"""
BOOKING = "Boats must be booked a day ahead on the noticeboard in the boathouse."


async def test_a_reload_that_removes_the_passage_sets_it_aside(
    discord_fake: Fake, tmp_path: Path
) -> None:
    (tmp_path / "club.txt").write_text(CLUB)
    live = LiveKnowledge(tmp_path)
    mod = payloads.member(permissions=MANAGE_GUILD)
    async with citebot(discord_fake, live, private=False) as bot:
        asked = await discord_fake.slash("ask", question="how do i book a boat")
        assert BOOKING in top_text(asked)
        await discord_fake.click(asked.message, up_button(asked.json["data"]), member=mod)
        (tmp_path / "club.txt").write_text(CLUB.replace(BOOKING, "Boats are first come."))
        await live.reload()
        later = await discord_fake.slash("ask", question="how can i book one of the boats")
        status = await rows(bot, "SELECT status FROM learned")
    assert status == [("stale",)]
    assert BOOKING not in str(later.json["data"])


async def test_moderators_list_and_remove_what_was_learned(
    discord_fake: Fake, shared_knowledge: LiveKnowledge
) -> None:
    mod = payloads.member(permissions=MANAGE_GUILD)
    async with citebot(discord_fake, shared_knowledge, private=False) as bot:
        asked = await discord_fake.slash("ask", question=ASKED)
        await discord_fake.click(asked.message, up_button(asked.json["data"]), member=mod)
        refused = await discord_fake.slash("learned", member=payloads.member(permissions=0))
        listed = await discord_fake.slash("learned", member=mod)
        removed = await discord_fake.slash("learned", remove=1, member=mod)
        here = await discord_fake.slash("ask", question=LATER)
        status = await rows(bot, "SELECT status FROM learned")
    assert "Learned answers" not in str(refused.json["data"])
    assert refused.json["data"]["flags"] == 64
    embed = listed.json["data"]["embeds"][0]
    assert embed["description"].startswith("**1** · published · 👍 1 👎 0")
    assert ASKED in embed["description"]
    assert listed.json["data"]["flags"] == 64
    removed_text = removed.json["data"]["embeds"][0]["description"]
    assert removed_text.startswith("Removed learned answer 1.")
    assert status == [("removed",)]
    assert top_text(here) != top_text(asked)


async def test_the_server_setting_zero_leaves_it_to_moderators(
    discord_fake: Fake, shared_knowledge: LiveKnowledge
) -> None:
    mod = payloads.member(permissions=MANAGE_GUILD)
    alice, bob = payloads.member(permissions=0), payloads.member(permissions=0)
    async with citebot(discord_fake, shared_knowledge, private=False) as bot:
        shown = await discord_fake.slash("settings", learn_confirmations=0, member=mod)
        asked = await discord_fake.slash("ask", question=ASKED, member=alice)
        for who in (alice, bob):
            await discord_fake.click(asked.message, up_button(asked.json["data"]), member=who)
        askers_only = await rows(bot, "SELECT status FROM learned")
        await discord_fake.click(asked.message, up_button(asked.json["data"]), member=mod)
        with_mod = await rows(bot, "SELECT status FROM learned")
    fields = {f["name"]: f["value"] for f in shown.json["data"]["embeds"][0]["fields"]}
    assert fields["Learning: askers' 👍 needed"] == "moderators only (this server)"
    assert askers_only == [("pending",)]
    assert with_mod == [("published",)]
