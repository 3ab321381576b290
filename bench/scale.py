"""citebot against bm25s and rank_bm25 as the knowledge grows: build, memory, answer latency.

    pip install -e '.[bench]'
    python bench/scale.py                      # sizes 1,50,500 -> docs/benchmarks.md + .png
    python bench/scale.py --quick              # smoke run: sizes 1,2, two rounds, writes nothing

Sizes are multiples of the bundled article: 1 is the bundled knowledge itself (with its
FAQ and synonyms); N > 1 is a synthetic folder made by bench/synth.py (the article's
sentences repeated N times, shuffled into many documents with their own headings). The two
BM25 libraries index exactly the sentences placed in that folder, one sentence a document.

Each system runs at each size in its own fresh interpreter, so peak memory (ru_maxrss
after build and answering) is its own. In one run, for each:
  build    citebot: knowledge.load(folder), from the sources (no cache)
           bm25s: bm25s.tokenize (English stopwords, Snowball stemmer) + BM25().index
           rank_bm25: the same tokenization in Python + BM25Okapi
  latency  every question of bench/questions.txt once to warm up, then --rounds times,
           each timed alone: citebot kb.answer(q); the libraries tokenize q and take the top 3
  cache    citebot only: knowledge.load(folder, cache_dir=...) in a fresh process, once the
           cache has been written by an earlier process (--no-cache to skip)
A worker that runs past --timeout seconds or --max-rss-mb is stopped and reported as such,
with the time, memory and build stages it had reached.
"""

# Imports sit inside functions on purpose: each worker process pays only for its own system.
# ruff: noqa: PLC0415

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
QUESTIONS = HERE / "questions.txt"
CACHE = HERE / ".cache"
DOCS = ROOT / "docs"
SYSTEMS = ("citebot", "bm25s", "rank_bm25")

# bm25s's English stopwords (bm25s.stopwords.STOPWORDS_EN), so rank_bm25 gets the same tokens.
STOPWORDS = frozenset(
    "a an and are as at be but by for if in into is it no not of on or such that the their "
    "then there these they this to was will with".split()
)
TOKEN = re.compile(r"(?u)\b\w\w+\b")  # bm25s's default token pattern


# --------------------------------------------------------------------------- workers


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def _emit(record: dict[str, Any]) -> None:
    print(json.dumps(record), flush=True)


def _percentile(times: list[float], q: float) -> float:
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def _time_answers(answer: Any, questions: list[str], rounds: int) -> list[float]:
    for q in questions:  # warm up, as a running bot would be
        answer(q)
    times = []
    for _ in range(rounds):
        for q in questions:
            t = time.perf_counter()
            answer(q)
            times.append(time.perf_counter() - t)
    return times


def _citebot(folder: str, cache_dir: str | None) -> tuple[dict[str, Any], Callable[[str], Any]]:
    import knowledge

    started = time.perf_counter()

    def progress(stage: str, done: int, total: int) -> None:
        if done == total:
            _emit({"stage": stage, "at_s": time.perf_counter() - started, "rss_mb": _rss_mb()})

    info: dict[str, Any] = {"rss_base_mb": _rss_mb()}
    started = time.perf_counter()
    kb = knowledge.load(folder, cache_dir=cache_dir, progress=progress)
    info["build_s"] = time.perf_counter() - started
    info["from_cache"] = kb.from_cache
    info["items"] = kb.counts()["sentences"]
    return info, kb.answer


def _bm25s(corpus: list[str]) -> tuple[dict[str, Any], Callable[[str], Any]]:
    import bm25s
    import snowballstemmer

    stemmer = snowballstemmer.stemmer("english")
    info: dict[str, Any] = {"rss_base_mb": _rss_mb()}
    started = time.perf_counter()
    tokens = bm25s.tokenize(corpus, stopwords="en", stemmer=stemmer.stemWords, show_progress=False)
    retriever = bm25s.BM25()
    retriever.index(tokens, show_progress=False)
    info["build_s"] = time.perf_counter() - started
    del tokens

    def answer(q: str) -> list[str]:
        query = bm25s.tokenize(
            [q], stopwords="en", stemmer=stemmer.stemWords, return_ids=False, show_progress=False
        )
        ids, _ = retriever.retrieve(query, k=3, show_progress=False)
        return [corpus[i] for i in ids[0]]

    return info, answer


def _rank_bm25(corpus: list[str]) -> tuple[dict[str, Any], Callable[[str], Any]]:
    import numpy as np
    import snowballstemmer
    from rank_bm25 import BM25Okapi

    stemmer = snowballstemmer.stemmer("english")
    stems: dict[str, str] = {}

    def tokenize(text: str) -> list[str]:
        out = []
        for word in TOKEN.findall(text.lower()):
            if word not in STOPWORDS:
                stem = stems.get(word)
                if stem is None:
                    stem = stems[word] = stemmer.stemWord(word)
                out.append(stem)
        return out

    info: dict[str, Any] = {"rss_base_mb": _rss_mb()}
    started = time.perf_counter()
    bm25 = BM25Okapi([tokenize(s) for s in corpus])
    info["build_s"] = time.perf_counter() - started

    def answer(q: str) -> list[str]:
        scores = bm25.get_scores(tokenize(q))
        top = np.argpartition(scores, -3)[-3:]
        return [corpus[i] for i in top[np.argsort(-scores[top])]]

    return info, answer


def _worker(system: str, folder: str, sentences: str, rounds: int, cache_dir: str | None) -> None:
    """Build one system, answer the questions, print the figures as a JSON line."""
    questions = [q for q in QUESTIONS.read_text(encoding="utf-8").splitlines() if q.strip()]
    if system == "citebot":
        info, answer = _citebot(folder, cache_dir)
    else:
        corpus = Path(sentences).read_text(encoding="utf-8").splitlines()
        info, answer = (_bm25s if system == "bm25s" else _rank_bm25)(corpus)
        info["items"] = len(corpus)
    info["system"] = system
    _emit({"stage": "built", "at_s": info["build_s"], "rss_mb": _rss_mb()})
    if rounds > 0:  # 0: build only (priming citebot's cache)
        times = _time_answers(answer, questions, rounds)
        info["answers"] = len(times)
        info["p50_ms"] = _percentile(times, 0.50) * 1000
        info["p95_ms"] = _percentile(times, 0.95) * 1000
    info["peak_rss_mb"] = _rss_mb()
    _emit({"result": info})


# --------------------------------------------------------------------------- the parent


@dataclass
class Run:
    system: str
    size: int
    result: dict[str, Any] = field(default_factory=dict)
    stages: list[dict[str, Any]] = field(default_factory=list)
    failure: str = ""  # why it was stopped, if it was
    wall_s: float = 0.0
    watched_peak_mb: float = 0.0


def _vm_rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def run_worker(
    system: str,
    size: int,
    folder: Path,
    sentences: Path,
    rounds: int,
    timeout: float,
    max_rss_mb: float,
    cache_dir: Path | None = None,
) -> Run:
    """One system at one size in a fresh interpreter, watched for time and memory."""
    run = Run(system, size)
    command = [sys.executable, str(Path(__file__).resolve()), "--worker", system]
    command += ["--folder", str(folder), "--sentences", str(sentences), "--rounds", str(rounds)]
    if cache_dir is not None:
        command += ["--cache-dir", str(cache_dir)]
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        started = time.perf_counter()
        proc = subprocess.Popen(command, stdout=out, stderr=err, cwd=ROOT)
        while proc.poll() is None:
            time.sleep(0.2)
            rss = _vm_rss_mb(proc.pid)
            run.watched_peak_mb = max(run.watched_peak_mb, rss)
            elapsed = time.perf_counter() - started
            if elapsed > timeout:
                run.failure = f"stopped after {elapsed:.0f} s (timeout), RSS {rss:.0f} MB"
            elif rss > max_rss_mb:
                run.failure = f"stopped at RSS {rss:.0f} MB after {elapsed:.0f} s (memory cap)"
            if run.failure:
                proc.kill()
                proc.wait()
                break
        run.wall_s = time.perf_counter() - started
        out.seek(0)
        err.seek(0)
        for line in out.read().splitlines():
            try:
                record = json.loads(line)
            except ValueError:
                continue
            if "result" in record:
                run.result = record["result"]
            elif "stage" in record:
                run.stages.append(record)
        if not run.failure and not run.result:
            tail = err.read().strip().splitlines()[-5:]
            run.failure = f"exit {proc.returncode}: " + " | ".join(tail)
    return run


def knowledge_for(size: int) -> tuple[Path, Path]:
    """(folder, sentences file) for a size: the bundled knowledge at 1, synthetic above."""
    sys.path.insert(0, str(HERE))
    import synth

    from knowledge import DEFAULT_KNOWLEDGE

    if size == 1:
        sentences = CACHE / "default.sentences.txt"
        CACHE.mkdir(parents=True, exist_ok=True)
        sentences.write_text(
            "\n".join(s.text for s in synth.source_sentences()) + "\n", encoding="utf-8"
        )
        return DEFAULT_KNOWLEDGE, sentences
    folder = synth.folder(size)
    return folder, synth.sentences_file(folder)


def _text_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.glob("*.txt")) / 1e6


def _machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        mem = f", {os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.0f} GB RAM"
    except (ValueError, OSError):
        mem = ""
    return (
        f"{platform.platform()}; {cpu}; {os.cpu_count()} cores{mem}; "
        f"Python {platform.python_version()}"
    )


def _engine() -> str:
    """The commit measured, and whether knowledge/ had uncommitted changes."""
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
            cwd=ROOT,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--", "knowledge"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return f"{head} (with uncommitted changes in knowledge/)" if dirty else head


def _fmt_s(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.2f} s"


def _ratio(a: float | None, b: float | None) -> str:
    if a is None or b is None or b == 0:
        return "–"
    return f"{a / b:.2f}×"


def markdown(
    runs: list[Run],
    cached: dict[int, Run],
    sizes: list[int],
    meta: dict[int, tuple[int, float]],
    rounds: int,
    command: str,
) -> str:
    by = {(r.system, r.size): r for r in runs}
    lines = [
        "| knowledge | sentences | text | system | build | peak RSS | p50 | p95 |",
        "|---|---:|---:|---|---:|---:|---:|---:|",
    ]
    for size in sizes:
        count, mb = meta[size]
        name = "default (1×)" if size == 1 else f"synthetic {size}×"
        for system in SYSTEMS:
            run = by.get((system, size))
            if run is None:
                continue
            res = run.result
            if run.failure and not res:
                built = next((s for s in run.stages if s["stage"] == "built"), None)
                what = f"**{run.failure}**"
                if run.stages:
                    what += "; reached " + ", ".join(
                        f"{s['stage']} at {s['at_s']:.1f} s / {s['rss_mb']:.0f} MB"
                        for s in run.stages
                    )
                build = _fmt_s(built["at_s"]) if built else "–"
                lines.append(
                    f"| {name} | {count:,} | {mb:.1f} MB | {system} | {build} "
                    f"| ≥ {run.watched_peak_mb:.0f} MB | {what} | |"
                )
                continue
            lines.append(
                f"| {name} | {count:,} | {mb:.1f} MB | {system} | {_fmt_s(res['build_s'])} "
                f"| {res['peak_rss_mb']:.0f} MB | {res['p50_ms']:.3f} ms | {res['p95_ms']:.3f} ms |"
            )
    lines += [
        "",
        "citebot divided by each library (below 1× citebot is faster / smaller):",
        "",
        "| knowledge | against | build | peak RSS | p50 | p95 |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for size in sizes:
        mine = by.get(("citebot", size))
        res = mine.result if mine else {}
        for lib in SYSTEMS[1:]:
            other = by.get((lib, size))
            if other is None or mine is None:
                continue
            o = other.result
            lines.append(
                f"| {size}× | {lib} | {_ratio(res.get('build_s'), o.get('build_s'))} "
                f"| {_ratio(res.get('peak_rss_mb'), o.get('peak_rss_mb'))} "
                f"| {_ratio(res.get('p50_ms'), o.get('p50_ms'))} "
                f"| {_ratio(res.get('p95_ms'), o.get('p95_ms'))} |"
            )
    if cached:
        lines += [
            "",
            "citebot from its cache file (`knowledge.load(folder, cache_dir=...)`, fresh process):",
            "",
            "| knowledge | load | cache hit | peak RSS | p50 | p95 |",
            "|---|---:|---|---:|---:|---:|",
        ]
        for size in sizes:
            run = cached.get(size)
            if run is None:
                continue
            res = run.result
            if not res:
                lines.append(f"| {size}× | **{run.failure}** | | | | |")
                continue
            lines.append(
                f"| {size}× | {_fmt_s(res['build_s'])} | {'yes' if res['from_cache'] else 'NO'} "
                f"| {res['peak_rss_mb']:.0f} MB | {res['p50_ms']:.3f} ms | {res['p95_ms']:.3f} ms |"
            )
    stage_rows = [
        (size, by[("citebot", size)]) for size in sizes if by.get(("citebot", size)) is not None
    ]
    if stage_rows:
        lines += [
            "",
            "citebot's build stages (seconds since load() began / peak RSS then):",
            "",
        ]
        for size, run in stage_rows:
            stages = ", ".join(
                f"{s['stage']} {s['at_s']:.2f} s / {s['rss_mb']:.0f} MB" for s in run.stages
            )
            lines.append(f"- {size}×: {stages or '–'}")
    lines += ["", *bars(by, cached, sizes)]
    questions = sum(1 for q in QUESTIONS.read_text(encoding="utf-8").splitlines() if q.strip())
    lines += [
        "",
        f"Latency: {questions} questions (bench/questions.txt), warmed up once, then {rounds} "
        "rounds, each answer timed alone. Peak RSS is the worker process's ru_maxrss after "
        "building and answering (interpreter and imports included).",
    ]
    return "\n".join(lines) + "\n"


def bars(by: dict[tuple[str, int], Run], cached: dict[int, Run], sizes: list[int]) -> list[str]:
    """Issue 5's bars, checked against this run's figures."""
    out = ["Issue 5's bars in this run:", ""]

    def res(system: str, size: int) -> dict[str, Any]:
        run = by.get((system, size))
        return run.result if run else {}

    def check(label: str, value: float | None, limit: float | None, unit: str) -> None:
        if value is None or limit is None:
            out.append(f"- {label}: not measured")
            return
        verdict = "met" if value <= limit else "**NOT met**"
        out.append(f"- {label}: {value:.3f} {unit} (bar {limit:g} {unit}) — {verdict}")

    if 1 in sizes:
        check("1× p50 < 1 ms", res("citebot", 1).get("p50_ms"), 1.0, "ms")
    if 50 in sizes:
        check("50× p95 ≤ 5 ms", res("citebot", 50).get("p95_ms"), 5.0, "ms")
    if 500 in sizes:
        r = res("citebot", 500)
        check("500× build ≤ 30 s", r.get("build_s"), 30.0, "s")
        c = cached.get(500)
        check("500× load from cache ≤ 3 s", c.result.get("build_s") if c else None, 3.0, "s")
        check("500× p95 ≤ 20 ms", r.get("p95_ms"), 20.0, "ms")
        check("500× peak RSS ≤ 1.5 GB", r.get("peak_rss_mb"), 1536.0, "MB")
        check("500× p50 ≤ bm25s's p50", r.get("p50_ms"), res("bm25s", 500).get("p50_ms"), "ms")
    return out


def plot(runs: list[Run], meta: dict[int, tuple[int, float]], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (lat, build) = plt.subplots(1, 2, figsize=(11, 4.5))
    for system, colour in zip(SYSTEMS, ("C0", "C1", "C2"), strict=True):
        done = sorted((r.size, r.result) for r in runs if r.system == system and r.result)
        if not done:
            continue
        xs = [meta[size][0] for size, _ in done]
        lat.plot(xs, [r["p50_ms"] for _, r in done], "o-", color=colour, label=f"{system} p50")
        lat.plot(
            xs,
            [r["p95_ms"] for _, r in done],
            "x--",
            color=colour,
            alpha=0.5,
            label=f"{system} p95",
        )
        build.plot(xs, [r["build_s"] for _, r in done], "o-", color=colour, label=system)
    for axis, title, unit in ((lat, "answer latency", "ms"), (build, "build time", "s")):
        axis.set_xscale("log")
        axis.set_yscale("log")
        axis.set_xlabel("knowledge size (sentences)")
        axis.set_ylabel(unit)
        axis.set_title(title)
        axis.grid(True, which="both", alpha=0.3)
        axis.legend(fontsize=8)
    fig.suptitle("citebot vs bm25s vs rank_bm25 (bench/scale.py)")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def measure(
    size: int,
    systems: list[str],
    args: argparse.Namespace,
    runs: list[Run],
    cached: dict[int, Run],
    meta: dict[int, tuple[int, float]],
) -> None:
    """Every system at one size (and citebot from its cache), appended to runs / cached."""
    t = time.perf_counter()
    folder, sentences = knowledge_for(size)
    count = sentences.read_text(encoding="utf-8").count("\n")
    meta[size] = (count, _text_mb(folder))
    print(
        f"== {size}×: {folder} ({count:,} sentences, {meta[size][1]:.1f} MB; "
        f"ready in {time.perf_counter() - t:.1f} s)",
        flush=True,
    )
    for system in systems:
        run = run_worker(
            system, size, folder, sentences, args.rounds, args.timeout, args.max_rss_mb
        )
        runs.append(run)
        res = run.result
        if res:
            print(
                f"   {system:9} build {_fmt_s(res['build_s']):>9}"
                f"  peak {res['peak_rss_mb']:6.0f} MB"
                f"  p50 {res['p50_ms']:8.3f} ms  p95 {res['p95_ms']:8.3f} ms"
                f"  ({res['items']:,} items, {run.wall_s:.0f} s in all)",
                flush=True,
            )
        else:
            print(f"   {system:9} {run.failure}; stages {run.stages}", flush=True)
    if "citebot" in systems and not args.no_cache:
        first = next(r for r in runs if r.system == "citebot" and r.size == size)
        if not first.result:
            return
        cache_dir = Path(tempfile.mkdtemp(prefix="citebot-kb-", dir=CACHE))
        try:
            prime = run_worker(
                "citebot",
                size,
                folder,
                sentences,
                0,
                args.timeout,
                args.max_rss_mb,
                cache_dir,
            )
            if prime.result:
                cached[size] = run_worker(
                    "citebot",
                    size,
                    folder,
                    sentences,
                    args.rounds,
                    args.timeout,
                    args.max_rss_mb,
                    cache_dir,
                )
            else:
                cached[size] = prime
        finally:
            shutil.rmtree(cache_dir, ignore_errors=True)
        res = cached[size].result
        if res:
            print(
                f"   citebot from cache: load {_fmt_s(res['build_s'])} "
                f"(hit: {res['from_cache']}), peak {res['peak_rss_mb']:.0f} MB",
                flush=True,
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1,50,500", help="multiples of the article, e.g. 1,50")
    parser.add_argument("--rounds", type=int, default=10, help="timed passes over the questions")
    parser.add_argument("--quick", action="store_true", help="sizes 1,2, 2 rounds, write nothing")
    parser.add_argument("--systems", default=",".join(SYSTEMS))
    parser.add_argument("--no-cache", action="store_true", help="skip citebot's cache timing")
    parser.add_argument("--timeout", type=float, default=900, help="seconds per worker")
    parser.add_argument("--max-rss-mb", type=float, default=6000, help="memory cap per worker")
    parser.add_argument("--out", type=Path, default=DOCS / "benchmarks.md")
    parser.add_argument("--no-write", action="store_true", help="print only")
    parser.add_argument("--worker", choices=SYSTEMS, help=argparse.SUPPRESS)
    parser.add_argument("--folder", help=argparse.SUPPRESS)
    parser.add_argument("--sentences", help=argparse.SUPPRESS)
    parser.add_argument("--cache-dir", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        _worker(args.worker, args.folder, args.sentences, args.rounds, args.cache_dir)
        return
    if args.quick:
        args.sizes, args.rounds, args.no_write = "1,2", 2, True
    sizes = sorted({int(s) for s in args.sizes.split(",")})
    systems = [s for s in SYSTEMS if s in args.systems.split(",")]
    command = " ".join(["python bench/scale.py", *sys.argv[1:]])
    runs: list[Run] = []
    cached: dict[int, Run] = {}
    meta: dict[int, tuple[int, float]] = {}
    for size in sizes:
        measure(size, systems, args, runs, cached, meta)
    table = markdown(runs, cached, sizes, meta, args.rounds, command)
    print()
    print(table)
    if args.no_write:
        return
    args.out.parent.mkdir(parents=True, exist_ok=True)
    png = args.out.with_suffix(".png")
    plot(runs, meta, png)
    today = dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    header = [
        "# Benchmarks: citebot against bm25s and rank_bm25 as the knowledge grows",
        "",
        "Made by `bench/scale.py` (do not edit by hand; run it again). The command:",
        "",
        "```",
        "pip install -e '.[bench]'",
        command,
        "```",
        "",
        f"- Machine: {_machine()}",
        f"- Date: {today}",
        f"- citebot engine: commit {_engine()}",
        "- Knowledge: 1× is the bundled article (with its curated FAQ and synonyms); N× is a "
        "synthetic folder from `bench/synth.py`: the article's answerable sentences repeated N "
        "times, shuffled with a fixed seed into documents of 3–6 sections with generated "
        "headings, no FAQ. Its vocabulary does not grow with N, and every sentence occurs N "
        "times.",
        "- The systems do different work per question: bm25s and rank_bm25 tokenize it and "
        "return the top 3 sentences; citebot answers in full (FAQ match, passages, confidence, "
        "declining, suggestions). Each runs in its own process.",
        "",
        f"![p50 / p95 latency and build time against knowledge size]({png.name})",
        "",
    ]
    args.out.write_text("\n".join(header) + "\n" + table, encoding="utf-8")
    print(f"wrote {args.out} and {png}")


if __name__ == "__main__":
    main()
