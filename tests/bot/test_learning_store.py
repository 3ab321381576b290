"""Learned answers in the feedback store, on SQLite and PostgreSQL: confirmations, retiring,
stale quotes, removal, /forget-me, per server and with no user id on the answer."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bot.feedback import FeedbackStore, learning

Database = Path | str
GUILD, OTHER = 10, 20
QUOTE = "Stalin's cult of personality was central to the regime."


async def opened(database: Database) -> FeedbackStore:
    store = FeedbackStore(database)
    store.start()
    await store.read(lambda db: None)
    return store


async def run(store: FeedbackStore, fn: Any) -> Any:
    return await store.read(fn)


async def test_two_thumbs_publish_and_forget_me_takes_one_back(database: Database) -> None:
    store = await opened(database)
    alice, bob = store.hash_user(1), store.hash_user(2)
    found = await run(store, lambda db: learning.add(db, GUILD, "what was the cult", QUOTE, None))
    assert await run(store, lambda db: learning.published(db, GUILD)) == []
    up = learning.vote
    assert await run(store, lambda db: up(db, found, alice, 1, moderator=False)) == "pending"
    assert await run(store, lambda db: up(db, found, bob, 1, moderator=False)) == "published"
    assert await run(store, lambda db: learning.published(db, GUILD)) == [
        (found, "what was the cult", QUOTE)
    ]
    assert await run(store, lambda db: learning.published(db, OTHER)) == []
    await store.forget(2)  # Bob's vote goes: one 👍 is not enough
    rows = await run(store, lambda db: learning.listing(db, GUILD))
    columns = await run(
        store, lambda db: [c[0] for c in db.execute("SELECT * FROM learned").description]
    )
    store.close()
    assert [(r.status, r.up, r.down) for r in rows] == [("pending", 1, 0)]
    assert not any("user" in c for c in columns)  # the answer keeps no user id


async def test_a_moderator_publishes_and_retires_alone(database: Database) -> None:
    store = await opened(database)
    mod, user = store.hash_user(7), store.hash_user(8)
    found = await run(store, lambda db: learning.add(db, GUILD, "the cult?", QUOTE, "S › A"))
    vote = learning.vote
    assert await run(store, lambda db: vote(db, found, mod, 1, moderator=True)) == "published"
    assert await run(store, lambda db: vote(db, found, user, -1, moderator=False)) == "published"
    assert await run(store, lambda db: vote(db, found, mod, -1, moderator=True)) == "removed"
    assert await run(store, lambda db: learning.published(db, GUILD)) == []
    store.close()


async def test_the_servers_setting_says_how_many_thumbs(database: Database) -> None:
    store = await opened(database)
    users = [store.hash_user(n) for n in range(1, 4)]

    def setting(value: str) -> Any:
        return lambda db: db.execute(
            "INSERT INTO guild_settings (guild_id, key, value) VALUES (?, ?, ?)",
            (GUILD, learning.SETTING, value),
        )

    await run(store, setting("3"))
    found = await run(store, lambda db: learning.add(db, GUILD, "q", QUOTE, None))
    statuses = [
        await run(store, lambda db, u=u: learning.vote(db, found, u, 1, moderator=False))
        for u in users
    ]
    assert statuses == ["pending", "pending", "published"]
    other = await run(store, lambda db: learning.add(db, OTHER, "q", QUOTE, None))
    await run(store, lambda db: learning.vote(db, other, users[0], 1, moderator=False))
    # The other server keeps the default (2): one 👍 is not enough there either.
    assert await run(store, lambda db: learning.published(db, OTHER)) == []
    store.close()


async def test_zero_means_moderators_only_and_thumbs_down_retire(database: Database) -> None:
    store = await opened(database)
    found = await run(store, lambda db: learning.add(db, GUILD, "q", QUOTE, None))
    for n in range(1, 6):
        voter = store.hash_user(n)
        got = await run(
            store, lambda db, v=voter: learning.vote(db, found, v, 1, moderator=False, needed=0)
        )
        assert got == "pending"
    picked = await run(store, lambda db: learning.add(db, GUILD, "p", QUOTE, None, picked=True))
    down = [store.hash_user(n) for n in (11, 12)]
    got = [
        await run(store, lambda db, v=v: learning.vote(db, picked, v, -1, moderator=False))
        for v in down
    ]
    assert got == ["published", "removed"]
    store.close()


async def test_stale_answers_are_set_aside_and_come_back(database: Database) -> None:
    store = await opened(database)
    found = await run(store, lambda db: learning.add(db, GUILD, "q", QUOTE, None, picked=True))
    assert await run(store, lambda db: learning.set_stale(db, GUILD, [found], [])) == 1
    assert await run(store, lambda db: learning.published(db, GUILD)) == []
    assert await run(store, lambda db: learning.set_stale(db, GUILD, [], [found])) == 1
    assert [r[0] for r in await run(store, lambda db: learning.published(db, GUILD))] == [found]
    assert await run(store, lambda db: learning.remove(db, OTHER, found)) is False
    assert await run(store, lambda db: learning.remove(db, GUILD, found)) is True
    assert await run(store, lambda db: learning.published(db, GUILD)) == []
    store.close()
