"""What the semantic extra costs on the bundled article, in one process: answer time with
and without it (p50, p95), the load with its shipped vectors, RSS, and embedding speed.

    python bench/semantic_cost.py     # needs the semantic extra
"""

from __future__ import annotations

import resource
import statistics
import sys
import time
from pathlib import Path

import knowledge
from knowledge.cli.evaluate import read_questions
from knowledge.semantic.encoder import shared_encoder
from knowledge.semantic.vectors import unit_texts

ROOT = Path(__file__).resolve().parent.parent


def timings(kb: knowledge.KnowledgeBase, questions: list[str]) -> tuple[float, float]:
    for q in questions[:20]:
        kb.answer(q)
    spent = []
    for q in questions:
        started = time.perf_counter()
        kb.answer(q)
        spent.append((time.perf_counter() - started) * 1000)
    spent.sort()
    return statistics.median(spent), spent[int(0.95 * (len(spent) - 1))]


def main() -> int:
    dev = ROOT.parent / "shared" / "eval" / "dev.yaml"
    questions = [q.q for q in read_questions(dev)]
    started = time.perf_counter()
    with_meaning = knowledge.load(semantic=True)
    loaded = time.perf_counter() - started
    if with_meaning.meaning is None:
        sys.exit(str(with_meaning.meaning_status))
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    plain = knowledge.load(semantic=False)
    p50, p95 = timings(plain, questions)
    s50, s95 = timings(with_meaning, questions)
    encoder = shared_encoder()
    assert not isinstance(encoder, str)
    texts = unit_texts(plain._index, plain.documents)
    started = time.perf_counter()
    encoder.encode(texts)
    rate = len(texts) / (time.perf_counter() - started)
    print(f"load with the model and shipped vectors: {loaded:.2f} s; peak RSS {rss:.0f} MB")
    print(f"answer, words alone:   p50 {p50:.2f} ms, p95 {p95:.2f} ms ({len(questions)} questions)")
    print(f"answer, with meaning:  p50 {s50:.2f} ms, p95 {s95:.2f} ms (+{s50 - p50:.2f} ms p50)")
    print(f"embedding: {rate:.0f} units/s ({len(texts)} units of the article)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
