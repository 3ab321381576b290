"""Speed and memory of the engine on one knowledge folder (default: the bundled article).

    python bench/answer_speed.py [--knowledge PATH] [--startup-runs N]

Reports start-up (import + build, in fresh processes so imports are really paid for),
the RSS right after loading, and answer latency over distinct questions of every style
(bench/questions.py: drawn from the folder's own sentences, plus the article's own
questions), each answered once after a warm-up on other questions. Prints figures; it
asserts nothing. Issue 9's bars for the bundled article: import + build < 0.3 s,
RSS after load <= 60 MB, p50 <= 1 ms, p95 <= 3 ms.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys

import questions
from measure import percentile, time_each

import knowledge

_STARTUP = """
import os, time
t0 = time.perf_counter()
import knowledge
t1 = time.perf_counter()
kb = knowledge.load({path!r})
t2 = time.perf_counter()
rss = next(int(line.split()[1]) for line in open(f"/proc/{{os.getpid()}}/status")
           if line.startswith("VmRSS:")) / 1024
kb.answer("warm up")
t3 = time.perf_counter()
print(t1 - t0, t2 - t1, t3 - t2, rss)
"""


def startup(path: str | None, runs: int) -> list[tuple[float, ...]]:
    """(import s, build s, first answer s, RSS after load MB), each from a fresh interpreter."""
    out = []
    for _ in range(runs):
        done = subprocess.run(
            [sys.executable, "-c", _STARTUP.format(path=path)],
            capture_output=True,
            text=True,
            check=True,
        )
        out.append(tuple(map(float, done.stdout.split())))
    return out


def latencies(path: str | None) -> tuple[list[float], list[str]]:
    """Seconds per distinct question, and each question's style."""
    kb = knowledge.load(path)
    sentences = [x.text for s in kb.topics for x in s.sentences if "\n" not in x.text]
    asked = questions.question_set(sentences)
    time_each(kb.answer, questions.warm_up(sentences, asked))
    return time_each(kb.answer, [q.text for q in asked]), [q.style for q in asked]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--knowledge", default=None)
    parser.add_argument("--startup-runs", type=int, default=5)
    args = parser.parse_args()
    runs = startup(args.knowledge, args.startup_runs)
    imports, builds, firsts, rss = zip(*runs, strict=True)
    total = [a + b for a, b, *_ in runs]
    print(f"knowledge: {args.knowledge or 'bundled default'}")
    print(f"start-up over {len(runs)} fresh processes (median):")
    print(f"  import knowledge      {statistics.median(imports) * 1000:8.1f} ms")
    print(f"  build knowledge base  {statistics.median(builds) * 1000:8.1f} ms")
    print(f"  import + build        {statistics.median(total) * 1000:8.1f} ms")
    print(f"  first answer          {statistics.median(firsts) * 1000:8.1f} ms")
    print(f"  RSS after load        {statistics.median(rss):8.1f} MB")
    times, styles = latencies(args.knowledge)
    p = lambda ts, q: percentile(ts, q) * 1000  # noqa: E731
    print(f"answer latency over {len(times)} distinct questions, each answered once:")
    print(
        f"  p50 {p(times, 0.5):.3f} ms   p95 {p(times, 0.95):.3f} ms   "
        f"p99 {p(times, 0.99):.3f} ms   max {max(times) * 1000:.3f} ms"
    )
    for style in dict.fromkeys(styles):
        mine = [t for t, s in zip(times, styles, strict=True) if s == style]
        print(
            f"  {style:10} {len(mine):3}  p50 {p(mine, 0.5):7.3f} ms   p95 {p(mine, 0.95):7.3f} ms"
        )


if __name__ == "__main__":
    main()
