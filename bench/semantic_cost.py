"""What the semantic extra costs on the bundled article, in one process: answer time with
and without it (p50, p95), the load with its shipped vectors, RSS, and embedding speed;
and, in fresh processes, a load from a cache folder with the model and without it.

    python bench/semantic_cost.py     # needs the semantic extra
"""

from __future__ import annotations

import resource
import statistics
import subprocess
import sys
import tempfile
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


LOAD = """
import sys, time
started = time.perf_counter()
import knowledge
imported = time.perf_counter()
kb = knowledge.load(cache_dir=sys.argv[1], semantic=sys.argv[2] == "on")
assert kb.from_cache and (kb.meaning is not None) == (sys.argv[2] == "on")
print(imported - started, time.perf_counter() - imported)
"""


def cached_load_seconds(semantic: bool, runs: int = 3) -> tuple[float, float]:
    """The fastest of `runs` fresh processes' load of the bundled article from a cache
    folder (written by a process before them), and its import before it."""
    with tempfile.TemporaryDirectory() as cache:
        knowledge.load(cache_dir=cache, semantic=semantic)  # writes the cache
        command = [sys.executable, "-c", LOAD, cache, "on" if semantic else "off"]
        timed = [
            subprocess.run(command, check=True, capture_output=True, text=True).stdout.split()
            for _ in range(runs)
        ]
        imported, loaded = min((float(load), float(imp)) for imp, load in timed)[::-1]
        return loaded, imported


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
    (words, _), (meaning, imported) = cached_load_seconds(False), cached_load_seconds(True)
    print(
        f"load from a cache, fresh process: {meaning:.2f} s ({words:.2f} s without the "
        f"model), after an import of {imported:.2f} s"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
