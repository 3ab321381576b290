"""What the feedback store adds to an answer, as the event loop sees it.

Answers the bundled benchmark questions with and without recording each in a real SQLite
file (WAL, in a temp folder), the way the bot does (hash the user, build the row, queue it),
and prints the added time per answer; then how long the writer thread took to commit them
all (off the event loop). The bar: under 1 ms per answer on average.

    python bench/store_overhead.py [--rounds N]
"""

from __future__ import annotations

import argparse
import secrets
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

import knowledge
from bot.feedback import FeedbackStore, Question

QUESTIONS = Path(__file__).with_name("questions.txt")


def _record(store: FeedbackStore, answer: knowledge.Answer, user_id: int) -> None:
    """What AskCog.record does for each answer (the whole of the store's cost on the loop)."""
    top = answer.excerpts[0] if answer.answered and answer.excerpts else None
    store.record(
        Question(
            time.time(), 1234, 5678, store.hash_user(user_id), answer.question,
            answer.answered, answer.confidence, answer.kind,
            " › ".join((top.document, *top.path)) if top else None, secrets.token_hex(6),
        )
    )  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    kb = knowledge.load()
    questions = [q.strip() for q in QUESTIONS.read_text(encoding="utf-8").splitlines()]
    questions = [q for q in questions if q and not q.startswith("#")]
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "citebot.db"
        store = FeedbackStore(db)
        store.start()
        answering: list[float] = []
        recording: list[float] = []
        for _ in range(args.rounds):
            for i, question in enumerate(questions):
                started = time.perf_counter()
                answer = kb.answer(question)
                answered = time.perf_counter()
                _record(store, answer, i)
                answering.append(answered - started)
                recording.append(time.perf_counter() - answered)
        queued = time.perf_counter()
        store.close()  # waits for the writer thread to commit everything queued
        drained = time.perf_counter() - queued
        with sqlite3.connect(db) as conn:
            rows = conn.execute("SELECT COUNT(*) FROM questions").fetchone()[0]
    n = len(recording)
    added = statistics.fmean(recording) * 1000
    worst = max(recording) * 1000
    p99 = statistics.quantiles(recording, n=100)[98] * 1000
    print(f"{n} answers ({len(questions)} questions x {args.rounds} rounds), {rows} rows written")
    print(f"answering:           mean {statistics.fmean(answering) * 1000:.3f} ms")
    print(f"added by the store:  mean {added:.4f} ms, p99 {p99:.4f} ms, max {worst:.3f} ms")
    print(
        f"                     per answer (bar: < 1 ms on average): {'ok' if added < 1 else 'OVER'}"
    )
    print(f"writer thread:       {drained * 1000:.0f} ms to finish after the last answer")


if __name__ == "__main__":
    main()
