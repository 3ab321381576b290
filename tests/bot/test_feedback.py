"""The question log and votes, /unanswered, /stats, /export and /forget-me, against the fake."""

from __future__ import annotations

import asyncio
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from bot_harness import citebot
from discord_fake import payloads

from bot.app.client import Citebot
from bot.feedback.offline import open_db
from bot.state.live_knowledge import LiveKnowledge

Fake = Any
MANAGE_GUILD = 1 << 5
pytestmark = pytest.mark.usefixtures("each_store")  # SQLite, then PostgreSQL


def moderator() -> dict[str, Any]:
    return payloads.member(permissions=MANAGE_GUILD)


def member() -> dict[str, Any]:
    return payloads.member(permissions=0)


def custom_ids(payload: dict[str, Any]) -> list[str]:
    return [c["custom_id"] for row in payload.get("components", []) for c in row["components"]]


async def rows(bot: Citebot, sql: str, *params: Any) -> list[tuple[Any, ...]]:
    """Query the bot's store on its own thread, after every queued write."""
    return await bot.feedback.read(lambda conn: conn.execute(sql, params).fetchall())


async def test_questions_are_logged_with_a_hashed_user(
    discord_fake: Fake, shared_knowledge: LiveKnowledge
) -> None:
    async with citebot(discord_fake, shared_knowledge) as bot:
        await discord_fake.slash("ask", question="when did stalin die")
        await discord_fake.slash("ask", question="whats the best way to learn guitar")
        logged = await rows(
            bot,
            "SELECT guild_id, channel_id, user_hash, question, answered, kind, section"
            " FROM questions ORDER BY id",
        )
    user_id = discord_fake.user["id"]
    assert [(r[3], r[4]) for r in logged] == [
        ("when did stalin die", 1),
        ("whats the best way to learn guitar", 0),
    ]
    assert logged[0][0] == int(discord_fake.guild["id"])
    assert logged[0][1] == int(discord_fake.channel["id"])
    assert logged[0][2] == bot.feedback.hash_user(int(user_id)) == logged[1][2]
    assert user_id not in logged[0][2]
    assert logged[0][6].startswith("Stalinism")
    assert logged[1][5] == "none"
    assert logged[1][6] is None


async def test_votes_are_recorded_one_per_user_and_can_be_changed(
    discord_fake: Fake, shared_knowledge: LiveKnowledge
) -> None:
    async with citebot(discord_fake, shared_knowledge, private=False) as bot:
        resp = await discord_fake.slash("ask", question="what is stalinism")
        _, _, up, down = custom_ids(resp.json["data"])
        await discord_fake.click(resp.message, up)
        first = await rows(bot, "SELECT user_hash, vote FROM votes")
        await discord_fake.click(resp.message, down)
        changed = await rows(bot, "SELECT user_hash, vote FROM votes")
        other = payloads.member(permissions=0)
        await discord_fake.click(resp.message, up, member=other)
        both = await rows(bot, "SELECT user_hash, vote FROM votes ORDER BY vote")
    me = bot.feedback.hash_user(int(discord_fake.user["id"]))
    assert first == [(me, 1)]
    assert changed == [(me, -1)]
    assert both == [(me, -1), (bot.feedback.hash_user(int(other["user"]["id"])), 1)]


async def ask_and_vote_down(fake: Fake, question: str) -> None:
    resp = await fake.slash("ask", question=question, private=False)
    ids = custom_ids(resp.json["data"])
    if ids and ids[-1].startswith("cb:vote:down"):
        await fake.click(resp.message, ids[-1])


async def test_unanswered_groups_near_duplicates_most_frequent_first(
    discord_fake: Fake, shared_knowledge: LiveKnowledge
) -> None:
    async with citebot(discord_fake, shared_knowledge, cooldown_questions=100) as bot:
        for question in ("who is lysenko", "who was lysenko?", "who is Lysenko"):
            await ask_and_vote_down(discord_fake, question)
        for question in ("what did the purges cost", "What did the purges cost?"):
            await discord_fake.slash("ask", question=question)  # declined
        await discord_fake.slash("ask", question="whats the best way to learn guitar")
        await discord_fake.slash("ask", question="when did stalin die")  # answered, no vote
        await rows(bot, "SELECT 1")  # every write done
        refused = await discord_fake.slash("unanswered", member=member())
        resp = await discord_fake.slash("unanswered", member=moderator())
    assert refused.json["data"]["content"].startswith("Only moderators")
    data = resp.json["data"]
    assert data["flags"] == 64
    lines = data["embeds"][0]["description"].splitlines()
    assert len(lines) == 3
    assert lines[0].startswith("**#1** ×3 “who is lysenko”")
    assert "3 👎" in lines[0]
    assert "+1 phrasing" in lines[0]
    assert lines[1].startswith("**#2** ×2 “")
    assert "2 declined" in lines[1]
    assert "guitar" in lines[2]
    ids = custom_ids(data)
    assert len(ids) == 6  # per group: "Add to FAQ" and a moderator's "Pick answer"
    assert [i.split(":")[1] for i in ids] == ["faqadd", "learnpick"] * 3


async def test_stats_counts_answers_votes_and_sections(
    discord_fake: Fake, shared_knowledge: LiveKnowledge
) -> None:
    async with citebot(discord_fake, shared_knowledge) as bot:
        await ask_and_vote_down(discord_fake, "who is lysenko")
        await discord_fake.slash("ask", question="when did stalin die")
        await discord_fake.slash("ask", question="whats the best way to learn guitar")
        await rows(bot, "SELECT 1")
        resp = await discord_fake.slash("stats", member=moderator(), days=7)
        if resp.json["type"] == 5:  # deferred to draw the chart (tests/bot/test_stats_chart.py)
            resp = await discord_fake.wait_for("POST", r"/webhooks/")
    data = resp.json.get("data", resp.json)
    fields = {f["name"]: f["value"] for f in data["embeds"][0]["fields"]}
    assert fields["Questions"] == "3"
    assert fields["Answered"] == "2 (67%)"
    assert fields["Votes"] == "👍 0 · 👎 1 · 0% 👍"
    assert "Stalinism ›" in fields["Busiest sections"]
    assert "67%" in fields["Per day"]


async def test_export_attaches_the_log_as_csv(
    discord_fake: Fake, shared_knowledge: LiveKnowledge
) -> None:
    async with citebot(discord_fake, shared_knowledge) as bot:
        await discord_fake.slash("ask", question="=when did stalin die")
        await rows(bot, "SELECT 1")
        resp = await discord_fake.slash("export", member=moderator())
    assert resp.files == ["citebot-questions.csv"]
    assert resp.json["data"]["content"] == "1 questions."
    assert resp.json["data"]["flags"] == 64


async def test_forget_me_removes_only_that_users_rows(
    discord_fake: Fake, shared_knowledge: LiveKnowledge
) -> None:
    alice, bob = discord_fake.member, payloads.member(permissions=0)
    async with citebot(discord_fake, shared_knowledge, private=False) as bot:
        mine = await discord_fake.slash("ask", question="what is stalinism", member=alice)
        theirs = await discord_fake.slash("ask", question="when did stalin die", member=bob)
        await discord_fake.slash("ask", question="who is lysenko", member=bob)
        await discord_fake.click(theirs.message, custom_ids(theirs.json["data"])[2], member=alice)
        await discord_fake.click(mine.message, custom_ids(mine.json["data"])[3], member=bob)
        await discord_fake.click(theirs.message, custom_ids(theirs.json["data"])[2], member=bob)
        await discord_fake.slash("forget-me", member=alice)
        done = await discord_fake.wait_for("POST", r"/webhooks/", timeout=5)
        left = await rows(bot, "SELECT question, user_hash FROM questions ORDER BY id")
        votes = await rows(bot, "SELECT user_hash FROM votes")
    bob_hash = bot.feedback.hash_user(int(bob["user"]["id"]))
    # Alice's question and her vote are gone (Bob's vote on her answer went with it).
    assert done.json["content"] == "Done: deleted 1 question(s) and 1 vote(s) recorded from you."
    assert left == [("when did stalin die", bob_hash), ("who is lysenko", bob_hash)]
    assert votes == [(bob_hash,)]


async def test_concurrent_questions_lose_nothing(
    discord_fake: Fake, shared_knowledge: LiveKnowledge, tmp_path: Path
) -> None:
    db = tmp_path / "feedback.db"
    async with citebot(
        discord_fake, shared_knowledge, feedback_path=db, cooldown_questions=1000
    ) as bot:
        asks = [discord_fake.slash("ask", question=f"when did stalin die {i}") for i in range(40)]
        answers = await asyncio.gather(*asks)
    assert all(a.status == 200 for a in answers)
    database = bot.settings.feedback_database
    assert database is not None
    with closing(open_db(database)) as db:  # the bot is closed: everything queued was written
        assert db.execute("SELECT COUNT(*) FROM questions").fetchone()[0] == 40
