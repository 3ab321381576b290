"""Speed of the engine on the bundled knowledge: start-up (import + build) and answer latency.

    python bench/answer_speed.py [--knowledge PATH] [--rounds N]

Prints figures; it asserts nothing. Start-up is measured in fresh processes so that
imports are really paid for.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

import knowledge

QUESTIONS = Path(__file__).with_name("questions.txt")

_STARTUP = """
import time
t0 = time.perf_counter()
import knowledge
t1 = time.perf_counter()
kb = knowledge.load({path!r})
t2 = time.perf_counter()
kb.answer("warm up")
t3 = time.perf_counter()
print(t1 - t0, t2 - t1, t3 - t2)
"""


def startup(path: str | None, runs: int) -> list[tuple[float, float, float]]:
    """(import, build, first answer) seconds, each from a fresh interpreter."""
    out = []
    for _ in range(runs):
        done = subprocess.run(
            [sys.executable, "-c", _STARTUP.format(path=path)],
            capture_output=True,
            text=True,
            check=True,
        )
        a, b, c = map(float, done.stdout.split())
        out.append((a, b, c))
    return out


def latencies(path: str | None, rounds: int) -> list[float]:
    kb = knowledge.load(path)
    questions = [q for q in QUESTIONS.read_text().splitlines() if q.strip()]
    for q in questions:  # warm caches once, as a running bot would be
        kb.answer(q)
    times = []
    for _ in range(rounds):
        for q in questions:
            t = time.perf_counter()
            kb.answer(q)
            times.append(time.perf_counter() - t)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--knowledge", default=None)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--startup-runs", type=int, default=5)
    args = parser.parse_args()
    runs = startup(args.knowledge, args.startup_runs)
    imports, builds, firsts = zip(*runs, strict=True)
    total = [a + b for a, b, _ in runs]
    print(f"knowledge: {args.knowledge or 'bundled default'}")
    print(f"start-up over {len(runs)} fresh processes (median):")
    print(f"  import knowledge      {statistics.median(imports) * 1000:8.1f} ms")
    print(f"  build knowledge base  {statistics.median(builds) * 1000:8.1f} ms")
    print(f"  import + build        {statistics.median(total) * 1000:8.1f} ms")
    print(f"  first answer          {statistics.median(firsts) * 1000:8.1f} ms")
    times = sorted(latencies(args.knowledge, args.rounds))
    p = lambda q: times[min(len(times) - 1, int(q * len(times)))] * 1000  # noqa: E731
    print(f"answer latency over {len(times)} answers:")
    worst = times[-1] * 1000
    print(
        f"  p50 {p(0.50):.3f} ms   p95 {p(0.95):.3f} ms   p99 {p(0.99):.3f} ms   max {worst:.3f} ms"
    )


if __name__ == "__main__":
    main()
