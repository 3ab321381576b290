"""bench/scale.py's plot: latency, build time and memory against the knowledge's size."""

# ruff: noqa: PLC0415

from __future__ import annotations

from pathlib import Path

from measure import percentile
from results import Measured, systems_in


def plot(results: list[Measured], path: Path) -> None:
    import matplotlib
    import matplotlib.ticker

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, 3, figsize=(15, 4.6))
    latency, build, memory = axes
    colours = {"citebot": "C0", "bm25s numpy": "C1", "bm25s numba": "C2", "rank_bm25": "C3"}
    for corpus, style in (("synthetic", "-"), ("realistic", "--")):
        mine = sorted((m for m in results if m.facts.corpus == corpus), key=lambda m: m.facts.size)
        for system in systems_in(results):
            rows = [(m.facts.sentences, m.row(system)) for m in mine if m.row(system).get("times")]
            if not rows:
                continue
            xs = [x for x, _ in rows]
            colour, name = colours[system], f"{system}, {corpus}"
            latency.plot(
                xs,
                [percentile(r["times"], 0.5) * 1000 for _, r in rows],
                "o" + style,
                color=colour,
                label=f"{name} p50",
            )
            latency.plot(
                xs,
                [percentile(r["times"], 0.95) * 1000 for _, r in rows],
                "x" + style,
                color=colour,
                alpha=0.4,
            )
            build.plot(xs, [r["build_s"] for _, r in rows], "o" + style, color=colour, label=name)
            memory.plot(
                xs, [r["rss_after_mb"] for _, r in rows], "o" + style, color=colour, label=name
            )
    titles = (
        ("answer latency (o p50, x p95)", "ms"),
        ("build from sources", "s"),
        ("RSS after load", "MB"),
    )
    plain = matplotlib.ticker.FuncFormatter(lambda value, _: f"{value:g}")
    some = matplotlib.ticker.FuncFormatter(
        lambda value, _: f"{value:g}" if f"{value:.0e}"[0] in "25" else ""
    )
    for axis, (title, unit) in zip(axes, titles, strict=True):
        axis.set_xscale("log")
        axis.set_yscale("log")
        axis.yaxis.set_major_formatter(plain)
        axis.yaxis.set_minor_formatter(some)
        axis.set_xlabel("knowledge size (sentences)")
        axis.set_ylabel(unit)
        axis.set_title(title)
        axis.grid(True, which="both", alpha=0.3)
    latency.legend(fontsize=7)
    fig.suptitle("citebot vs bm25s (numpy and numba backends); solid: synthetic, dashed: realistic")
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)
