"""bench/scale.py's figures as a Markdown page: the tables, the speed bars, the header."""

from __future__ import annotations

import questions
from measure import Run, percentile
from results import Measured, Taken, systems_in

# bm25s's numpy top-k (np.argpartition) is slow when most scores are zero and fast when
# a third or more are not (see docs/benchmarks.md): questions are split at a quarter.
MOSTLY_ZERO = 0.25


def progress_line(run: Run) -> str:
    """One worker's main figures, as the run goes."""
    res = run.result
    if not res:
        return f"{run.failure}; stages {run.stages}"
    parts = []
    if "load_s" in res:
        parts.append(f"load {_s(res['load_s'])} (from cache: {res['from_cache']})")
    if "first_s" in res:
        parts.append(f"first answer {_ms(res['first_s'])}")
    for name, part in (
        ("", res),
        ("numpy ", res.get("numpy", {})),
        ("numba ", res.get("numba", {})),
    ):
        if part.get("times"):
            times = part["times"]
            parts.append(
                f"{name}p50 {_ms(percentile(times, 0.5))} p95 {_ms(percentile(times, 0.95))}"
            )
    parts += [f"peak {res.get('peak_mb', 0):.0f} MB", f"{run.wall_s:.0f} s in all"]
    return ", ".join(parts)


def markdown(results: list[Measured]) -> str:
    systems = systems_in(results)
    lines = [
        "| knowledge | sentences | words | system | build | build peak | cache load "
        "| RSS after load | peak RSS | p50 | p95 |",
        "|---|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for m in results:
        f = m.facts
        for system in systems:
            r = m.row(system)
            times = r.get("times") or []
            cells = [
                f.label,
                f"{f.sentences:,}",
                f"{f.vocabulary:,}",
                system,
                _s(r.get("build_s")),
                _mb(r.get("build_peak_mb")),
                _s(r.get("load_s")),
                _mb(r.get("rss_after_mb")),
                _mb(r.get("peak_mb")),
                _ms(percentile(times, 0.5) if times else None),
                _ms(percentile(times, 0.95) if times else None),
            ]
            lines.append("| " + " | ".join(cells) + " |")
    failures = [f"- {m.facts.label}: {x}" for m in results for x in m.failures()]
    if failures:
        lines += ["", "Stopped or failed:", "", *failures]
    for m in _largest(results):
        lines += ["", *style_table(m, systems)]
    lines += ["", *sparse_note(results), "", *bars(results)]
    count = len(results[0].styles()) if results else 0
    lines += [
        "",
        f"Latency: {count} distinct questions per knowledge folder (every style of "
        "bench/questions.py, plus the article's own), each answered once after a warm-up on "
        "20 others. Build and cache load are one run each. RSS after load is VmRSS right "
        "after `load()`; peak RSS is that process's VmHWM after answering. bm25s's two "
        "backends share one process: the numba row's RSS includes the numpy index, and its "
        "build leaves out the JIT compilation, done first on a toy corpus. Both bm25s rows "
        "include numba's runtime: bm25s imports numba when it is installed (~70 MB).",
    ]
    return "\n".join(lines) + "\n"


def style_table(m: Measured, systems: list[str]) -> list[str]:
    """p50 / p95 by question style, and how many sentences bm25s scores above zero."""
    styles = m.styles()
    nonzero = m.runs.get("bm25s", Run("")).result.get("nonzero", [])
    head = ["style", "questions", *[f"{s} p50 / p95" for s in systems]]
    if nonzero:
        head.append("sentences scored > 0 (median)")
    out = [f"By question style, {m.facts.label}:", "", "| " + " | ".join(head) + " |"]
    out.append("|---|---:|" + "---:|" * (len(head) - 2))
    for style in [*questions.STYLES, "article", "dev"]:
        picked = [i for i, s in enumerate(styles) if s == style]
        if not picked:
            continue
        cells = [style, str(len(picked))]
        for system in systems:
            times = m.row(system).get("times") or []
            chosen = [times[i] for i in picked] if times else []
            cells.append(
                f"{_ms(percentile(chosen, 0.5))} / {_ms(percentile(chosen, 0.95))}"
                if chosen
                else "–"
            )
        if nonzero:
            cells.append(f"{percentile([nonzero[i] for i in picked], 0.5):.2%}")
        out.append("| " + " | ".join(cells) + " |")
    return out


def sparse_note(results: list[Measured]) -> list[str]:
    """bm25s on questions that leave most scores at zero, and on the others."""
    out = []
    for m in _largest(results):
        result = m.runs.get("bm25s", Run("")).result
        nonzero = result.get("nonzero")
        if not nonzero:
            continue
        sparse = [i for i, share in enumerate(nonzero) if share < MOSTLY_ZERO]
        dense = [i for i, share in enumerate(nonzero) if share >= MOSTLY_ZERO]
        parts = []
        for backend in ("numpy", "numba"):
            if backend not in result:
                continue
            times = result[backend]["times"]
            p = [
                _ms(percentile([times[i] for i in group], 0.5)) if group else "–"
                for group in (sparse, dense)
            ]
            parts.append(
                f"{backend} p50 {p[0]} on the {len(sparse)} questions that leave most scores "
                f"at zero, {p[1]} on the other {len(dense)}"
            )
        out.append(f"- {m.facts.label}: bm25s " + "; ".join(parts) + ".")
    if not out:
        return []
    return [
        f"bm25s by how many sentences a question scores (most at zero: fewer than "
        f"{MOSTLY_ZERO:.0%} above zero):",
        "",
        *out,
    ]


def bars(results: list[Measured]) -> list[str]:
    """The speed issue's bars, checked against this run's figures."""
    out = ["The speed bars in this run (p50 and first answer on a quiet machine):", ""]

    def check(label: str, value: float | None, limit: float | None, unit: str) -> None:
        if value is None or limit is None:
            out.append(f"- {label}: not measured")
            return
        verdict = "met" if value <= limit else "**NOT met**"
        out.append(f"- {label}: {value:.3f} {unit} (bar {limit:.3g} {unit}) — {verdict}")

    for m in results:
        r = m.row("citebot")
        times = r.get("times") or []
        p50 = percentile(times, 0.5) * 1000 if times else None
        p95 = percentile(times, 0.95) * 1000 if times else None
        numpy = m.row("bm25s numpy").get("times") or []
        bm25_p50 = percentile(numpy, 0.5) * 1000 if numpy else None
        label = m.facts.label
        if r.get("relative_from_cache") is not None:
            cached = "from the cache" if r["relative_from_cache"] else "**rebuilt**"
            out.append(f"- {label}: the folder by a relative path: {cached}")
        if m.facts.corpus == "synthetic" and m.facts.size == 1:
            check(f"{label}: p50 ≤ 1 ms", p50, 1.0, "ms")
            check(f"{label}: p50 ≤ 3× bm25s numpy's", p50, bm25_p50 and 3 * bm25_p50, "ms")
            first = r.get("first_s")
            check(f"{label}: first answer ≤ 3× p50", first and first * 1000, p50 and 3 * p50, "ms")
            check(f"{label}: build ≤ 0.4 s", r.get("build_s"), 0.4, "s")
        if m.facts.size == 500 and m.facts.corpus == "realistic":
            check(f"{label}: p50 ≤ bm25s numpy's p50", p50, bm25_p50, "ms")
            check(f"{label}: p95 ≤ 5 ms", p95, 5.0, "ms")
            check(f"{label}: cache load ≤ 0.4 s", r.get("load_s"), 0.4, "s")
            check(f"{label}: RSS after load ≤ 200 MB", r.get("rss_after_mb"), 200.0, "MB")
        if m.facts.size == 500 and m.facts.corpus == "synthetic":
            check(f"{label}: p95 ≤ 10 ms", p95, 10.0, "ms")
    return out if len(out) > 2 else [*out, "- none at these sizes (the bars are for 1× and 500×)"]


KEPT = "<!-- Written by hand from here on: bench/scale.py keeps it. -->"


def page(body: str, when: Taken, png: str, old: str = "") -> str:
    """The whole page: header, this run's tables, and the hand-written part of `old`."""
    head = [
        "# Benchmarks: citebot against bm25s as the knowledge grows",
        "",
        "Made by `bench/scale.py` up to the hand-written part at the end (run it again rather "
        "than edit). The command:",
        "",
        "```",
        "pip install -e '.[bench]'",
        when.command,
        "```",
        "",
        f"- Machine: {when.machine}; the cores are shared with other work, so absolute times "
        "drift between runs (2× is not rare): compare systems within one run.",
        f"- Date: {when.date}",
        f"- citebot engine: commit {when.engine}",
        "- Knowledge: *synthetic* N× is `bench/synth.py`'s folder, the bundled article's "
        "sentences repeated N times (1× is the bundled knowledge itself, with its curated FAQ "
        "and synonyms): its vocabulary does not grow with N and every sentence occurs N times. "
        "*realistic* N× is `bench/realistic.py`'s folder: as many sentences, drawn from the "
        "article and the two dev texts, spliced and given invented names, words and numbers, "
        "no two alike, in `==` wiki and `#` Markdown documents; ~100k words at 500×.",
        "- words: distinct words of three letters or more in the sentences (numbers aside).",
        "- Questions: `bench/questions.py`, every style (keyword, fact, how, why, paraphrase, "
        "casual, typo, multi, off-topic) drawn from each folder's own sentences, plus "
        "bench/questions.txt and the dev set's questions for the bundled article.",
        "- The systems do different work per question: bm25s tokenizes it and returns the top "
        "3 sentences; citebot answers in full (FAQ match, passages, confidence, declining, "
        "suggestions).",
        "- The bundled article's start-up (import + build) and RSS: `bench/answer_speed.py`; "
        "typo correction at 100k words: `bench/typo_speed.py`; their figures are in the "
        "hand-written part at the end, which bench/scale.py keeps when it rewrites the page.",
        "",
        f"![latency, build time and memory against knowledge size]({png})",
        "",
    ]
    kept = old[old.index(KEPT) :] if KEPT in old else KEPT + "\n"
    return "\n".join(head) + "\n" + body + "\n" + kept


def _largest(results: list[Measured]) -> list[Measured]:
    best: dict[str, Measured] = {}
    for m in results:
        if m.facts.corpus not in best or m.facts.size > best[m.facts.corpus].facts.size:
            best[m.facts.corpus] = m
    return list(best.values())


def _s(seconds: float | None) -> str:
    if seconds is None:
        return "–"
    return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.2f} s"


def _ms(seconds: float | None) -> str:
    return "–" if seconds is None else f"{seconds * 1000:.3f} ms"


def _mb(mb: float | None) -> str:
    return "–" if mb is None else f"{mb:.0f} MB"
