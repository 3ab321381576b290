"""One token, one holder per shard: a process does not start on shards a live one holds.

Discord sends every event of a shard to every session holding it, so two processes on one
token with overlapping shards answer everything twice. At start-up a process reads the
heartbeats (in the same transaction that writes its own first one, so two starting together
cannot both pass) and refuses, in one line, if a live process holds any of its shards.
"""

from __future__ import annotations

import os
import socket
import time

from bot.cluster.state import ALIVE_WITHIN, Process, beat
from bot.feedback import Db


class ShardsTaken(Exception):
    """Another live process holds some of this process's shards (the message says which)."""


def shard_set(label: str) -> tuple[int | None, frozenset[int] | None]:
    """A heartbeat's shards label -> (shard count, ids); None for "all" (every shard)."""
    if label.startswith("all"):
        count = label.removeprefix("all").strip()
        return (int(count) if count else None), None
    runs, _, count = label.partition(" of ")
    ids: set[int] = set()
    for run in runs.split(","):
        low, _, high = run.partition("-")
        ids.update(range(int(low), int(high or low) + 1))
    return int(count), frozenset(ids)


def overlaps(mine: str, theirs: str) -> bool:
    """Whether two processes would receive some of the same events. Different shard counts
    spread servers differently, so they are taken to overlap."""
    (count_a, ids_a), (count_b, ids_b) = shard_set(mine), shard_set(theirs)
    if ids_a is None or ids_b is None or count_a != count_b:
        return True
    return bool(ids_a & ids_b)


def gone(p: Process, host: str, pid: int) -> bool:
    """A heartbeat left by a process of this machine that no longer runs (killed, crashed;
    or a container's earlier life, which had this same pid)."""
    if p.host != host:
        return False
    if p.pid == pid:
        return True
    try:
        os.kill(p.pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:  # it runs, as another user
        return False
    return False


def claim(db: Db, row: Process) -> list[Process]:
    """Write this process's first heartbeat unless a live process holds any of its shards;
    return those that do (then nothing is written)."""
    host, pid = socket.gethostname(), os.getpid()
    with db.transaction():
        db.lock("processes")
        found = db.execute(
            "SELECT id, host, pid, shards, knowledge, started_at, seen_at FROM processes"
            " WHERE seen_at >= ? AND id <> ? ORDER BY started_at",
            (time.time() - ALIVE_WITHIN, row.id),
        ).fetchall()
        others = [Process(str(r[0]), str(r[1]), int(r[2]), str(r[3]), str(r[4]), r[5], r[6])
                  for r in found]  # fmt: skip
        taken = [p for p in others if overlaps(row.shards, p.shards) and not gone(p, host, pid)]
        if not taken:
            beat(db, row)
    return taken


def refusal(mine: str, taken: list[Process], database: str) -> str:
    """The one line `citebot run` prints when it does not start."""
    p = taken[0]
    since = time.strftime("%H:%M:%S UTC", time.gmtime(p.started_at))
    ago = max(0.0, time.time() - p.seen_at)
    more = f" (and {len(taken) - 1} more)" if len(taken) > 1 else ""
    return (
        f"not starting: citebot pid {p.pid} on {p.host}{more} already holds shards {p.shards} "
        f"(running since {since}, heard from {ago:.0f} s ago, in {database}), and this process "
        f"would hold shards {mine}: two processes on one token answer everything twice. Stop "
        "it, or give each process its own --shard-ids (docs/scaling.md)."
    )
