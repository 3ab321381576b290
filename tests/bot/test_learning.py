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


def down_button(payload: dict[str, Any]) -> str:
    ids = [c["custom_id"] for row in payload.get("components", []) for c in row["components"]]
    return next(i for i in ids if i.startswith("cb:vote:down"))


def top_text(resp: Any) -> str:
    return str(resp.json["data"]["embeds"][0]["description"])


async def rows(bot: Citebot, sql: str) -> list[tuple[Any, ...]]:
    return await bot.feedback.read(lambda db: db.execute(sql).fetchall())


async def test_two_askers_thumbs_teach_that_server_only(
    discord_fake: Fake, shared_knowledge: LiveKnowledge
) -> None:
    other = second_guild(discord_fake)
    alice, bob = payloads.member(permissions=0), payloads.member(permissions=0)
    options = {"private": False, "cooldown_questions": 100}
    async with citebot(discord_fake, shared_knowledge, **options) as bot:
        before = await discord_fake.slash("ask", question=LATER)
        asked = await discord_fake.slash("ask", question=ASKED, member=alice)
        await discord_fake.click(asked.message, up_button(asked.json["data"]), member=alice)
        pending = await rows(bot, "SELECT question, status FROM learned")
        await discord_fake.click(asked.message, up_button(asked.json["data"]), member=bob)
        published = await rows(bot, "SELECT question, status FROM learned")
        here = await discord_fake.slash("ask", question=LATER)
        there = await discord_fake.slash("ask", question=LATER, guild=other)
        for who in (payloads.member(permissions=0), payloads.member(permissions=0)):
            await discord_fake.click(here.message, down_button(here.json["data"]), member=who)
        retired = await rows(bot, "SELECT status FROM learned")
        again = await discord_fake.slash("ask", question=LATER)
    assert retired == [("removed",)]  # as many 👎 as 👍 needed retire it
    assert top_text(again) == top_text(before)
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


async def test_a_moderators_pick_from_unanswered_teaches_at_once(
    discord_fake: Fake, shared_knowledge: LiveKnowledge
) -> None:
    other = second_guild(discord_fake)
    mod, asker = payloads.member(permissions=MANAGE_GUILD), payloads.member(permissions=0)
    async with citebot(discord_fake, shared_knowledge, private=False) as bot:
        taught = top_text(await discord_fake.slash("ask", question=ASKED))
        later = await discord_fake.slash("ask", question=LATER, member=asker)
        down = next(
            c["custom_id"]
            for row in later.json["data"]["components"]
            for c in row["components"]
            if c["custom_id"].startswith("cb:vote:down")
        )
        await discord_fake.click(later.message, down, member=asker)
        await rows(bot, "SELECT 1")
        listed = await discord_fake.slash("unanswered", member=mod)
        rows_ = listed.json["data"]["components"]
        ids = [c["custom_id"] for row in rows_ for c in row["components"]]
        pick = next(i for i in ids if i.startswith("cb:learnpick:"))
        refused = await discord_fake.click(listed.message, pick, member=asker)
        menu = await discord_fake.click(listed.message, pick, member=mod)
        select = menu.json["data"]["components"][0]["components"][0]
        opening = taught.removeprefix("> ")[:40]
        wanted = next(o["value"] for o in select["options"] if o.get("description", "")
                      .startswith(opening))  # fmt: skip
        done = await discord_fake.click(menu.message, select["custom_id"], values=[wanted],
                                        member=mod)  # fmt: skip
        status = await rows(bot, "SELECT question, status, picked FROM learned")
        quote = (await rows(bot, "SELECT quote FROM learned"))[0][0]
        here = await discord_fake.slash("ask", question=LATER)
        there = await discord_fake.slash("ask", question=LATER, guild=other)
    assert refused.json["data"]["content"].startswith("Only moderators")
    assert len(select["options"]) <= 6
    assert select["options"][-1]["label"] == "None of these"
    assert done.json["data"]["content"].startswith("Learned (#1)")
    assert status == [(LATER, "published", 1)]
    assert quote.startswith(taught.removeprefix("> ")[:100])  # the passage picked
    assert top_text(here) == f"> {quote}"
    assert top_text(later) != top_text(here)
    assert top_text(there) == top_text(later)
