"""citebot against bm25s (numpy and numba backends) as the knowledge grows, on two corpora.

    pip install -e '.[bench]'
    python bench/scale.py              # 1×, 50×, 500× of both corpora -> docs/benchmarks.md, .png
    python bench/scale.py --quick      # smoke run: 1× only, few questions, no numba, no write

Corpora (bench/corpora.py): `synthetic`, the article repeated (1× is the bundled knowledge)
and `realistic`, distinct recombined text whose vocabulary grows to ~100k words.
Questions (bench/questions.py): every style, drawn from each corpus's own sentences, plus
the article's own questions; each is timed once, after a warm-up on other questions.

Every measurement runs in a fresh interpreter, so memory figures are its own:
  citebot build   knowledge.load(folder) from the sources: time, RSS after, peak RSS
  citebot cache   a cache written by another process, then knowledge.load(folder,
                  cache_dir=...): load time, RSS after load; the first answer (nothing
                  asked before it); then the questions; peak RSS; and the same folder
                  loaded again by a relative path (it must come from the cache)
  bm25s           tokenize + index twice (numpy backend, numba backend) in one process,
                  then each question on both in turn
A worker past --timeout seconds or --max-rss-mb is stopped and reported as such.
"""

# Imports of the systems sit inside functions: each worker pays only for its own.
# ruff: noqa: PLC0415

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import corpora
import plot
import questions
import report
import results as figures
from measure import Run, emit, peak_mb, rss_mb, run_worker, time_each

DOCS = corpora.CACHE.parent.parent / "docs"
RESULTS = corpora.CACHE / "scale-results.json"  # the last run's raw figures (--render)
WORKERS = ("citebot-build", "citebot-prime", "citebot", "bm25s", "rank_bm25")
SYSTEMS = ("citebot", "bm25s", "rank_bm25")


def worker(
    kind: str,
    folder: str,
    sentences: str,
    cache_dir: str | None,
    per_style: int,
    backends: list[str],
) -> None:
    """Measure one thing in this process; print the figures as a JSON line."""
    lines = Path(sentences).read_text(encoding="utf-8").splitlines()
    asked = questions.question_set(lines, per_style)
    texts = [q.text for q in asked]
    warm = questions.warm_up(lines, asked)
    result: dict[str, Any] = {"styles": [q.style for q in asked], "rss_base_mb": rss_mb()}
    if kind.startswith("citebot"):
        import knowledge

        started = time.perf_counter()
        kb = knowledge.load(folder, cache_dir=None if kind == "citebot-build" else cache_dir)
        result.update(
            load_s=time.perf_counter() - started,
            from_cache=kb.from_cache,
            rss_after_mb=rss_mb(),
            peak_load_mb=peak_mb(),
        )
        if kind == "citebot":
            first, *rest = warm or texts[:1]
            result["first_s"] = time_each(kb.answer, [first])[0]  # nothing asked before
            time_each(kb.answer, rest)
            result["times"] = time_each(kb.answer, texts)
            result.update(_spelled_relative(Path(folder), cache_dir))
    elif kind == "bm25s":
        from bm25_baselines import Bm25s

        bm25 = Bm25s(lines, backends)
        answer = {backend: bm25.answerer(backend) for backend in backends}
        for backend in backends:
            time_each(answer[backend], warm)
        times: dict[str, list[float]] = {backend: [] for backend in backends}
        for text in texts:  # in turn, so both meet the same moments of noise
            for backend in backends:
                times[backend] += time_each(answer[backend], [text])
        for backend in backends:
            result[backend] = {**bm25.info[backend], "times": times[backend]}
        result["nonzero"] = [bm25.nonzero_share(text) for text in texts]
    else:
        from bm25_baselines import rank_bm25

        info, answer_one = rank_bm25(lines)
        time_each(answer_one, warm)
        result.update(info, times=time_each(answer_one, texts))
    result["peak_mb"] = peak_mb()
    emit({"result": result})


def _spelled_relative(folder: Path, cache_dir: str | None) -> dict[str, Any]:
    """The same folder loaded again by a relative path: it must come from the cache."""
    import knowledge

    here = Path.cwd()
    os.chdir(folder.resolve().parent)
    try:
        started = time.perf_counter()
        again = knowledge.load(folder.name, cache_dir=cache_dir)
        return {
            "relative_load_s": time.perf_counter() - started,
            "relative_from_cache": again.from_cache,
        }
    finally:
        os.chdir(here)


def measure(
    knowledge: corpora.Knowledge, systems: list[str], args: argparse.Namespace
) -> dict[str, Run]:
    """Every system on one knowledge folder, each in its own process(es)."""
    runs: dict[str, Run] = {}
    common = ["--folder", str(knowledge.folder), "--sentences", str(knowledge.sentences)]
    common += ["--per-style", str(args.per_style), "--backends", args.backends]

    def run(kind: str, extra: list[str] | None = None) -> Run:
        done = run_worker(
            kind, ["--worker", kind, *common, *(extra or [])], args.timeout, args.max_rss_mb
        )
        print(f"   {kind:14} {report.progress_line(done)}", flush=True)
        return done

    if "citebot" in systems:
        runs["citebot-build"] = run("citebot-build")
        cache_dir = Path(tempfile.mkdtemp(prefix="citebot-kb-", dir=corpora.CACHE))
        try:
            prime = run("citebot-prime", ["--cache-dir", str(cache_dir)])
            runs["citebot"] = (
                run("citebot", ["--cache-dir", str(cache_dir)]) if prime.result else prime
            )
        finally:
            shutil.rmtree(cache_dir, ignore_errors=True)
    for system in ("bm25s", "rank_bm25"):
        if system in systems:
            runs[system] = run(system)
    return runs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1,50,500", help="multiples of the article, e.g. 1,50")
    parser.add_argument("--corpora", default=",".join(corpora.CORPORA))
    parser.add_argument("--systems", default="citebot,bm25s", help=f"of {','.join(SYSTEMS)}")
    parser.add_argument("--per-style", type=int, default=questions.PER_STYLE)
    parser.add_argument("--backends", default="numpy,numba", help="bm25s backends to run")
    parser.add_argument(
        "--quick", action="store_true", help="1× only, few questions, write nothing"
    )
    parser.add_argument("--timeout", type=float, default=900, help="seconds per worker")
    parser.add_argument("--max-rss-mb", type=float, default=6000, help="memory cap per worker")
    parser.add_argument("--out", type=Path, default=DOCS / "benchmarks.md")
    parser.add_argument("--no-write", action="store_true", help="print only")
    parser.add_argument("--render", type=Path, help="make the page from saved figures")
    parser.add_argument("--worker", choices=WORKERS, help=argparse.SUPPRESS)
    parser.add_argument("--folder", help=argparse.SUPPRESS)
    parser.add_argument("--sentences", help=argparse.SUPPRESS)
    parser.add_argument("--cache-dir", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        backends = args.backends.split(",")
        worker(args.worker, args.folder, args.sentences, args.cache_dir, args.per_style, backends)
        return
    if args.render:
        results, taken = figures.load(args.render)
        write(results, taken, args)
        return
    if args.quick:
        args.sizes, args.per_style, args.no_write, args.backends = "1", 3, True, "numpy"
    sizes = sorted({int(s) for s in args.sizes.split(",")})
    systems = [s for s in SYSTEMS if s in args.systems.split(",")]
    taken = figures.Taken.now(" ".join(["python bench/scale.py", *sys.argv[1:]]))
    results: list[figures.Measured] = []
    for corpus in args.corpora.split(","):
        for size in sizes:
            started = time.perf_counter()
            knowledge = corpora.knowledge_for(corpus, size)
            facts = figures.Facts(
                knowledge.label,
                corpus,
                size,
                len(knowledge.lines()),
                knowledge.vocabulary(),
                knowledge.text_mb(),
            )
            print(
                f"== {facts.label}: {facts.sentences:,} sentences, {facts.vocabulary:,} words, "
                f"{facts.text_mb:.1f} MB (ready in {time.perf_counter() - started:.1f} s)",
                flush=True,
            )
            results.append(figures.Measured(facts, measure(knowledge, systems, args)))
    if not args.no_write:
        figures.save(results, taken, RESULTS)
    write(results, taken, args)


def write(results: list[figures.Measured], taken: figures.Taken, args: argparse.Namespace) -> None:
    """Print the tables; unless told not to, write the page and the plot."""
    page = report.markdown(results)
    print()
    print(page)
    if args.no_write:
        return
    png = args.out.with_suffix(".png")
    plot.plot(results, png)
    old = args.out.read_text(encoding="utf-8") if args.out.exists() else ""
    args.out.write_text(report.page(page, taken, png.name, old), encoding="utf-8")
    print(f"wrote {args.out} and {png}")


if __name__ == "__main__":
    main()
