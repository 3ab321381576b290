"""Two `citebot run` on one config: the second does not start, so every interaction and
mention gets exactly one reply. The fake sends each event to every session holding its
shard, as Discord does, so a second process that connected would answer everything too."""

from __future__ import annotations

import asyncio
import re
import signal
import time
from pathlib import Path
from typing import Any

import process_run

from bot.cluster import claim, state
from bot.feedback import FeedbackStore


async def exits_or_connects(proc: asyncio.subprocess.Process, fake: Any) -> str:
    """The second process's whole output once it exits; fails if it connects instead."""
    ended = asyncio.ensure_future(process_run.finish(proc, timeout=30))
    connected = asyncio.ensure_future(fake.wait_until_ready(count=2, timeout=30))
    done, _ = await asyncio.wait({ended, connected}, return_when=asyncio.FIRST_COMPLETED)
    if ended not in done:
        connected.cancel()
        proc.kill()
        raise AssertionError("the second process connected: " + await ended)
    connected.cancel()
    return ended.result()


async def test_a_second_process_on_the_same_shards_refuses_in_one_line(
    discord_fake: Any, tmp_path: Path
) -> None:
    config = process_run.write_config(discord_fake, tmp_path)
    first = await process_run.start(config)
    try:
        await discord_fake.wait_until_ready(timeout=15)
        second = await process_run.start(config)
        said = await exits_or_connects(second, discord_fake)
        asked = await discord_fake.slash("ask", question="when did stalin die")
        mention = await discord_fake.send_message(
            f"<@{discord_fake.bot_user['id']}> when did stalin die"
        )
        channel = rf"^/channels/{discord_fake.channel['id']}/messages$"
        reply = await discord_fake.wait_for("POST", channel, timeout=10)
        first.send_signal(signal.SIGTERM)
        first_log = await process_run.finish(first)
    finally:
        if first.returncode is None:
            first.kill()
    assert second.returncode == 1, said
    refusals = [line for line in said.splitlines() if "not starting" in line]
    assert len(refusals) == 1, said
    assert re.search(r"citebot pid \d+ on \S+ already holds shards all", refusals[0])
    assert "Traceback" not in said
    assert process_run.TOKEN not in said
    assert asked.status == 200
    callbacks = discord_fake.find("POST", re.escape(asked.path))
    assert len(callbacks) == 1
    replies = discord_fake.find("POST", channel)
    assert [r.json["message_reference"]["message_id"] for r in replies] == [int(mention["id"])]
    assert reply.ok
    assert first.returncode == 0, first_log
    assert len(discord_fake.gateway.identifies) == 1  # the second never reached the gateway


async def test_a_process_killed_outright_does_not_block_its_restart(
    discord_fake: Any, tmp_path: Path
) -> None:
    """kill -9 leaves its heartbeat behind: a process of this machine that no longer runs
    holds nothing, so a supervisor's restart starts at once."""
    config = process_run.write_config(discord_fake, tmp_path)
    killed = await process_run.start(config)
    await discord_fake.wait_until_ready(timeout=15)
    killed.kill()
    await process_run.finish(killed)
    restarted = await process_run.start(config)
    try:
        await discord_fake.wait_until_ready(count=2, timeout=15)
        asked = await discord_fake.slash("ask", question="when did stalin die")
        restarted.send_signal(signal.SIGTERM)
        log = await process_run.finish(restarted)
    finally:
        if restarted.returncode is None:
            restarted.kill()
    assert asked.json["data"]["embeds"]
    assert restarted.returncode == 0, log
    assert "not starting" not in log


def test_which_shard_sets_overlap() -> None:
    assert not claim.overlaps("0-3 of 8", "4-7 of 8")
    assert claim.overlaps("0-3 of 8", "3,5 of 8")
    assert claim.overlaps("all", "0 of 2")  # an unsharded process holds every shard
    assert claim.overlaps("all 4", "all 4")
    assert claim.overlaps("0-1 of 2", "2-3 of 4")  # other counts spread servers otherwise
    assert claim.shard_set("0-2,5 of 8") == (8, frozenset({0, 1, 2, 5}))


async def test_the_claim_reads_and_writes_heartbeats_in_each_store(database: Any) -> None:
    """Another machine's live heartbeat on shard 1 of 2: shard 0 may start (and its first
    heartbeat is written); then shards 0-1 may not, both holders named, oldest first (and
    nothing is written)."""
    store = FeedbackStore(database)
    store.start()
    now = time.time()
    other = state.Process("b", "elsewhere", 1, "1 of 2", "k", now - 60, now)
    await store.read(lambda db: state.beat(db, other))
    mine = state.Process("a", "here", 2, "0 of 2", "k", now, now)
    free = await store.read(lambda db: claim.claim(db, mine))
    wide = state.Process("c", "here", 3, "0-1 of 2", "k", now, now)
    taken = await store.read(lambda db: claim.claim(db, wide))
    alive = await store.read(state.alive)
    store.close()
    assert free == []
    assert [p.id for p in taken] == ["b", "a"]
    assert sorted(p.id for p in alive) == ["a", "b"]
