"""Help forums: new posts answered once in their thread; ✅ / ❌ for the author or a moderator."""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
from bot_harness import citebot, pings_no_one
from discord_fake import FakeDiscord, payloads, redirect_discord

from bot.app.client import Citebot
from bot.state.live_knowledge import LiveKnowledge

Payload = dict[str, Any]


class Forum:
    """A fake guild with a help forum (tags Solved, Bug) and three members."""

    def __init__(self, fake: FakeDiscord, forum: Payload, mod: Payload, other: Payload) -> None:
        self.fake, self.forum, self.mod, self.other = fake, forum, mod, other


SEND_IN_THREADS, MANAGE_THREADS = 1 << 38, 1 << 34


@asynccontextmanager
async def forum_guild(bot_permissions: int) -> AsyncIterator[Forum]:
    """The fake with a guild holding a forum; the bot's role has ``bot_permissions``."""
    gid = payloads.snowflake()
    forum = payloads.forum_channel(guild_id=gid, tags=("Bug", "Solved"))
    mod = payloads.member(
        user=payloads.user(username="mod"),
        permissions=payloads.permissions.DEFAULT | payloads.permissions.MANAGE_GUILD,
    )
    other = payloads.member(user=payloads.user(username="carol"))
    fake = FakeDiscord(guilds=[])
    bot_role = payloads.role(name="citebot", permissions=bot_permissions)
    bot_member = payloads.member(user=fake.bot_user, roles=[bot_role["id"]])
    guild = payloads.guild(
        id=gid,
        channels=[payloads.text_channel(guild_id=gid), forum],
        roles=[bot_role],
        members=[fake.member, mod, other, bot_member],
    )
    fake.state.add_guild(guild)
    async with fake:
        with redirect_discord(fake.base_url, fake.gateway_url):
            yield Forum(fake, forum, mod, other)


@pytest.fixture
async def forum() -> AsyncIterator[Forum]:
    async with forum_guild(payloads.permissions.DEFAULT | SEND_IN_THREADS | MANAGE_THREADS) as f:
        yield f


def replies(fake: FakeDiscord, thread: Payload) -> list[Any]:
    return fake.find("POST", f"/channels/{thread['id']}/messages")


async def post(bot: Citebot, f: Forum, title: str, body: str = "") -> tuple[Payload, Payload]:
    waiting = bot.wait_for("forum_handled", timeout=5)
    thread, starter = await f.fake.create_post(f.forum, title, body)
    await waiting
    return thread, starter


def settings(f: Forum) -> dict[str, Any]:
    return {"answer_channels": frozenset({int(f.forum["id"])})}


async def test_a_new_post_is_answered_once_in_its_thread(
    forum: Forum, shared_knowledge: LiveKnowledge
) -> None:
    f = forum
    async with citebot(f.fake, shared_knowledge, **settings(f)) as bot:
        thread, starter = await post(bot, f, "when did stalin die?", "Reading about the 1950s.")
        sent = replies(f.fake, thread)
        assert len(sent) == 1
        body = sent[0].json
        assert pings_no_one(body["allowed_mentions"])
        best = shared_knowledge.kb.answer("when did stalin die").excerpts[0]
        assert body["embeds"][0]["description"].replace("\\", "") == f"> {best.text}"
        ids = [c["custom_id"] for row in body["components"] for c in row["components"]]
        owner = f.fake.user["id"]
        assert [i.rsplit(":", 2)[0] for i in ids] == ["cb:forum:ok", "cb:forum:no"]
        assert all(i.endswith(f":{owner}") for i in ids)

        # a follow-up, the same thread again (no newly_created), the starter delivered twice
        waiting = bot.wait_for("forum_handled", timeout=5)
        await f.fake.send_message("when did stalin die", channel=thread)
        await waiting
        await f.fake.dispatch("THREAD_CREATE", thread)
        waiting = bot.wait_for("forum_handled", timeout=5)
        await f.fake.dispatch("MESSAGE_CREATE", starter)
        await waiting
        assert len(replies(f.fake, thread)) == 1


async def test_an_unsure_post_and_a_post_elsewhere_get_no_reply(
    forum: Forum, shared_knowledge: LiveKnowledge
) -> None:
    f = forum
    async with citebot(f.fake, shared_knowledge, **settings(f)) as bot:
        thread, _ = await post(bot, f, "how do i bake sourdough bread", "mine is flat")
        assert replies(f.fake, thread) == []
    async with citebot(f.fake, shared_knowledge) as bot:  # the forum is not an answer channel
        thread, _ = await post(bot, f, "when did stalin die?")
        assert replies(f.fake, thread) == []


async def test_solved_by_the_author_tags_the_post_and_confirms_the_answer(
    forum: Forum, shared_knowledge: LiveKnowledge
) -> None:
    f = forum
    async with citebot(f.fake, shared_knowledge, **settings(f)) as bot:
        thread, _ = await post(bot, f, "what is stalinism")
        answer = replies(f.fake, thread)[0].response
        ok = next(
            c["custom_id"] for row in answer["components"] for c in row["components"]
            if c["custom_id"].startswith("cb:forum:ok")
        )  # fmt: skip
        refused = await f.fake.click(answer["id"], ok, member=f.other, channel=thread)
        assert refused.json["data"]["flags"] == 64
        assert "author or a moderator" in refused.json["data"]["content"]
        assert f.fake.find("PATCH", f"/channels/{thread['id']}") == []

        done = await f.fake.click(answer["id"], ok)
        assert "solved" in done.json["data"]["content"]
        patch = f.fake.last("PATCH", f"/channels/{thread['id']}")
        solved = next(t["id"] for t in f.forum["available_tags"] if t["name"] == "Solved")
        assert patch.json == {"applied_tags": [solved]}
        key = ok.split(":")[3]
        votes = await bot.feedback.read(
            lambda db: db.execute("SELECT vote FROM votes WHERE answer_key = ?", (key,)).fetchall()
        )
        assert [tuple(v) for v in votes] == [(1,)]
        learned = await bot.feedback.read(
            lambda db: db.execute("SELECT question, status FROM learned").fetchall()
        )
        assert [row[1] for row in learned] == ["pending"]  # the asker's 👍: one of two
        assert "stalinism" in learned[0][0].casefold()


async def test_not_it_by_a_moderator_records_the_miss_and_offers_more(
    forum: Forum, shared_knowledge: LiveKnowledge
) -> None:
    f = forum
    async with citebot(f.fake, shared_knowledge, **settings(f)) as bot:
        thread, _ = await post(bot, f, "what was the great purge", "and why did it happen")
        answer = replies(f.fake, thread)[0].response
        no = next(
            c["custom_id"] for row in answer["components"] for c in row["components"]
            if c["custom_id"].startswith("cb:forum:no")
        )  # fmt: skip
        refused = await f.fake.click(answer["id"], no, member=f.other, channel=thread)
        assert "author or a moderator" in refused.json["data"]["content"]

        more = await f.fake.click(answer["id"], no, member=f.mod, channel=thread)
        data = more.json["data"]
        assert pings_no_one(data["allowed_mentions"])
        fields = data["embeds"][0]["fields"]
        assert fields
        assert all(fl["value"] for fl in fields)
        key = no.split(":")[3]
        votes = await bot.feedback.read(
            lambda db: db.execute("SELECT vote FROM votes WHERE answer_key = ?", (key,)).fetchall()
        )
        assert [tuple(v) for v in votes] == [(-1,)]
        assert f.fake.find("PATCH", f"/channels/{thread['id']}") == []


async def test_a_missing_permission_is_one_clear_log_line(
    shared_knowledge: LiveKnowledge, caplog: pytest.LogCaptureFixture
) -> None:
    async with (
        forum_guild(payloads.permissions.DEFAULT) as f,
        citebot(f.fake, shared_knowledge, **settings(f)) as bot,
    ):
        await post(bot, f, "what is stalinism")
        await post(bot, f, "when did stalin die?")
    lines = [r.getMessage() for r in caplog.records if r.name == "citebot.forum"]
    assert lines == [
        f"help forum {f.forum['id']}: the bot lacks Send Messages in Threads (to answer posts)",
        f"help forum {f.forum['id']}: the bot lacks Manage Threads (to apply the Solved tag)",
    ]
    assert all(r.exc_info is None for r in caplog.records if r.name == "citebot.forum")


async def test_with_the_permissions_nothing_is_logged(
    forum: Forum, shared_knowledge: LiveKnowledge, caplog: pytest.LogCaptureFixture
) -> None:
    async with citebot(forum.fake, shared_knowledge, **settings(forum)) as bot:
        await post(bot, forum, "what is stalinism")
    assert [
        r for r in caplog.records if r.name == "citebot.forum" and r.levelname == "WARNING"
    ] == []


# Posts whose titles the bundled article answers, each with a short body, and a verbatim
# substring of the passage that answers it (written for this test, not from a question set).
POSTS = [
    ("When did Stalin die?", "I keep seeing different years.", "1953"),
    ("What is Stalinism?", "New here, trying to understand the term.", "means of governing"),
    ("What was the Great Purge?", "Mentioned in my history class.", "Great Purge"),
    ("What was collectivisation of agriculture?", "How did it work?", "collectivization"),
    ("What is socialism in one country?", "Heard this doctrine named.", "socialism could be"),
    ("What was the Holodomor?", "A documentary mentioned it.", "famine"),
    ("Was there a cult of personality around Stalin?", "The propaganda.", "cult of personality"),
    ("What was the Gulag?", "Reading a memoir.", "forced labour"),
    ("How many people died in the purges?", "Looking for estimates.", "700,000"),
    ("What was Lysenkoism?", "A biology question.", "Lysenko"),
]
ROOT = Path(__file__).parents[2]


async def test_citebot_run_answers_ten_forum_posts_once_each(tmp_path: Path) -> None:
    """The real `citebot run` process: one reply per post, in its thread, quoting evidence."""
    async with forum_guild(payloads.permissions.DEFAULT | SEND_IN_THREADS | MANAGE_THREADS) as f:
        fake = f.fake
        config = tmp_path / "config.yaml"
        config.write_text(
            f"discord:\n  api_base_url: {fake.base_url}\n  gateway_url: {fake.gateway_url}\n"
            f"  dev_guild_id: {fake.guild['id']}\nanswers:\n  channels: [{f.forum['id']}]\n"
        )
        env = {**os.environ, "DISCORD_TOKEN": "t0ken", "PYTHONPATH": str(ROOT)}
        proc = await asyncio.create_subprocess_exec(
            sys.executable, "-c", "import sys; from bot.app.cli import main; sys.exit(main())",
            "run", "--config", str(config), cwd=tmp_path, env=env,
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
        )  # fmt: skip
        try:
            await fake.wait_until_ready(timeout=15)
            threads = []
            for title, body, _ in POSTS:
                thread, starter = await fake.create_post(f.forum, title, body)
                await fake.wait_for("POST", f"/channels/{thread['id']}/messages", timeout=10)
                threads.append((thread, starter))
            first, starter = threads[0]
            await fake.send_message("thanks! and when was he born?", channel=first)
            await fake.dispatch("THREAD_CREATE", first)  # re-joined: no newly_created
            last, _ = await fake.create_post(f.forum, "Who was Trotsky?", "An opponent?")
            await fake.wait_for("POST", f"/channels/{last['id']}/messages", timeout=10)
        finally:
            proc.terminate()
            out, _ = await asyncio.wait_for(proc.communicate(), timeout=15)
    sent = [replies(fake, thread) for thread, _ in threads]
    assert [len(r) for r in sent] == [1] * len(POSTS), out.decode()
    assert all(pings_no_one(r[0].json["allowed_mentions"]) for r in sent)
    quoted = [
        evidence.casefold() in r[0].json["embeds"][0]["description"].casefold()
        for r, (_, _, evidence) in zip(sent, POSTS, strict=True)
    ]
    assert sum(quoted) >= 0.7 * len(POSTS), quoted
    assert "Traceback" not in out.decode()


async def test_settings_add_channel_takes_a_forum(
    forum: Forum, shared_knowledge: LiveKnowledge
) -> None:
    f = forum
    mod = f.fake.where(member=f.mod)
    resolved = {
        "channels": {
            f.forum["id"]: {
                "id": f.forum["id"], "type": 15, "name": f.forum["name"],
                "permissions": str(payloads.permissions.ADMIN), "parent_id": None,
                "guild_id": f.fake.guild["id"],
            }
        }
    }  # fmt: skip
    async with citebot(f.fake, shared_knowledge) as bot:
        resp = await f.fake.interact(
            f.fake.build_slash("settings", add_channel=f.forum["id"], resolved=resolved, where=mod)
        )
        assert resp.json["data"]["flags"] == 64
        assert int(f.forum["id"]) in bot.servers.get(int(f.fake.guild["id"])).answer_channels
        thread, _ = await post(bot, f, "when did stalin die?")
        assert len(replies(f.fake, thread)) == 1


async def test_with_forum_topics_an_unsure_post_gets_the_closest_topics(
    forum: Forum, shared_knowledge: LiveKnowledge
) -> None:
    f = forum
    async with citebot(f.fake, shared_knowledge, forum_topics=True, **settings(f)) as bot:
        thread, _ = await post(bot, f, "what did stalin eat for breakfast", "curious")
        sent = replies(f.fake, thread)
        assert len(sent) == 1
        body = sent[0].json
        assert pings_no_one(body["allowed_mentions"])
        ids = [c["custom_id"] for row in body.get("components", []) for c in row["components"]]
        assert ids
        assert all(i.startswith(("cb:open:", "cb:pick:")) for i in ids)
