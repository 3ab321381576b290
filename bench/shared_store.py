"""10,000 questions recorded through two processes sharing one PostgreSQL database.

Each of two processes answers 5,000 questions and records each one the way the bot does
(hash the user, queue the row: the store's thread writes them in batches), first with an
in-memory store (the baseline) and then with PostgreSQL. Prints answer latency as the event
loop sees it (answer + record) in both runs, the time the writer threads took to finish,
and the rows found afterwards: all 10,000 must be there.

    python bench/shared_store.py [--url postgresql://postgres@127.0.0.1:5432/test]

A schema of its own is made in that database and dropped at the end.
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import secrets
import statistics
import time
import urllib.parse
from pathlib import Path

import psycopg

import knowledge
from bot.feedback import FeedbackStore, Question

QUESTIONS = Path(__file__).with_name("questions.txt")
PER_PROCESS = 5000


def worker(database: str | None, seed: int, out: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    """Answer and record PER_PROCESS questions; send back latencies and the drain time."""
    kb = knowledge.load()
    lines = [q.strip() for q in QUESTIONS.read_text(encoding="utf-8").splitlines()]
    questions = [q for q in lines if q and not q.startswith("#")]
    store = FeedbackStore(database)
    store.start()
    asyncio.run(store.read(lambda db: None))  # opened (migrated, salt read)
    latencies = []
    for n in range(PER_PROCESS):
        question = questions[n % len(questions)]
        started = time.perf_counter()
        answer = kb.answer(question)
        store.record(
            Question(time.time(), seed, n, store.hash_user(n % 97), f"{question} #{seed}-{n}",
                     answer.answered, answer.confidence, answer.kind, None,
                     f"{seed}-{n}-{secrets.token_hex(4)}")
        )  # fmt: skip
        latencies.append(time.perf_counter() - started)
    queued = time.perf_counter()
    store.close()
    out.put((latencies, time.perf_counter() - queued))


def run(database: str | None) -> tuple[list[float], list[float], float]:
    """Two processes at once: (all latencies, drain times, wall time)."""
    ctx = multiprocessing.get_context("spawn")
    out = ctx.Queue()
    started = time.perf_counter()
    procs = [ctx.Process(target=worker, args=(database, seed, out)) for seed in (1, 2)]
    for proc in procs:
        proc.start()
    results = [out.get() for _ in procs]
    for proc in procs:
        proc.join()
    latencies = [x for lat, _ in results for x in lat]
    return latencies, [drain for _, drain in results], time.perf_counter() - started


def describe(name: str, latencies: list[float], drains: list[float], wall: float) -> None:
    ms = sorted(x * 1000 for x in latencies)
    p50, p95 = ms[len(ms) // 2], ms[int(len(ms) * 0.95)]
    print(
        f"{name:<11} {len(ms)} answers: p50 {p50:.3f} ms, p95 {p95:.3f} ms, "
        f"mean {statistics.fmean(ms):.3f} ms; writer threads done "
        f"{max(drains) * 1000:.0f} ms after the last answer; wall {wall:.1f} s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="postgresql://postgres@127.0.0.1:5432/test")
    args = parser.parse_args()
    schema = f"citebot_bench_{secrets.token_hex(4)}"
    with psycopg.connect(args.url, autocommit=True) as admin:
        admin.execute(f'CREATE SCHEMA "{schema}"')
    parts = urllib.parse.urlsplit(args.url)
    query = urllib.parse.urlencode([("options", f"-csearch_path={schema}")])
    url = urllib.parse.urlunsplit(parts._replace(query=query))
    try:
        describe("memory", *run(None))
        describe("PostgreSQL", *run(url))
        with psycopg.connect(url) as conn:
            rows = conn.execute("SELECT COUNT(*), COUNT(DISTINCT answer_key) FROM questions")
            total, distinct = rows.fetchone() or (0, 0)
        print(
            f"rows in PostgreSQL afterwards: {total} ({distinct} distinct), expected "
            f"{2 * PER_PROCESS}: {'all present' if total == 2 * PER_PROCESS else 'MISSING'}"
        )
    finally:
        with psycopg.connect(args.url, autocommit=True) as admin:
            admin.execute(f'DROP SCHEMA "{schema}" CASCADE')


if __name__ == "__main__":
    main()
