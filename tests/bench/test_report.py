"""bench/report.py and results.py: rows, bars, saved figures, the hand-written part."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
import report
import results as figures
from measure import Run


def _measured(corpus: str, size: int, citebot_ms: float) -> figures.Measured:
    styles = ["keyword", "typo", "off-topic", "article"]
    times = [citebot_ms / 1000] * len(styles)
    runs = {
        "citebot-build": Run("citebot-build", {"load_s": 12.0, "peak_load_mb": 900.0}),
        "citebot": Run(
            "citebot",
            {
                "load_s": 0.4,
                "from_cache": True,
                "rss_after_mb": 240.0,
                "peak_mb": 300.0,
                "times": times,
                "styles": styles,
            },
        ),
        "bm25s": Run(
            "bm25s",
            {
                "styles": styles,
                "numpy": {
                    "build_s": 3.0,
                    "peak_build_mb": 200,
                    "rss_after_mb": 190,
                    "times": [0.02] * 4,
                },
                "numba": {
                    "build_s": 2.0,
                    "peak_build_mb": 250,
                    "rss_after_mb": 240,
                    "times": [0.0004] * 4,
                },
                "nonzero": [0.0001, 0.0002, 0.5, 0.3],
                "peak_mb": 260.0,
            },
        ),
    }
    facts = figures.Facts(f"{corpus} {size}×", corpus, size, 1000 * size, 100 * size, 0.1 * size)
    return figures.Measured(facts, runs)


def test_one_row_per_system_and_the_bars() -> None:
    page = report.markdown([_measured("realistic", 500, 12.0)])
    assert (
        "| realistic 500× | 500,000 | 50,000 | citebot | 12.00 s | 900 MB | 400 ms | 240 MB |"
        in page
    )
    assert "| bm25s numpy |" in page
    assert "| bm25s numba |" in page
    assert "p95 ≤ 5 ms: 12.000 ms (bar 5 ms) — **NOT met**" in page
    assert "RSS after load ≤ 200 MB: 240.000 MB (bar 200 MB) — **NOT met**" in page
    assert "cache load ≤ 0.4 s: 0.400 s (bar 0.4 s) — met" in page
    assert "p50 ≤ bm25s numpy's p50: 12.000 ms (bar 20 ms) — met" in page
    article = report.markdown([_measured("synthetic", 1, 0.8)])
    assert "p50 ≤ 1 ms: 0.800 ms (bar 1 ms) — met" in article
    assert "p50 ≤ 3× bm25s numpy's: 0.800 ms (bar 60 ms) — met" in article
    assert "first answer ≤ 3× p50: not measured" in article
    assert "numpy p50 20.000 ms on the 2 questions that leave most scores at zero" in page


def test_saved_figures_make_the_same_page(tmp_path: Path) -> None:
    results = [_measured("synthetic", 1, 0.8), _measured("realistic", 500, 12.0)]
    taken = figures.Taken("python bench/scale.py", "2026-11-30 10:00 UTC", "abc1234", "a box")
    figures.save(results, taken, tmp_path / "r.json")
    again, when = figures.load(tmp_path / "r.json")
    assert when == taken
    assert report.markdown(again) == report.markdown(results)


def test_the_hand_written_part_is_kept(tmp_path: Path) -> None:
    old = "# old\n\nstale table\n\n" + report.KEPT + "\n\n## Notes\n\nmine\n"
    taken = figures.Taken("python bench/scale.py", "2026-11-30 10:00 UTC", "abc1234", "a box")
    new = report.page("| table |\n", taken, "benchmarks.png", old)
    assert new.endswith(report.KEPT + "\n\n## Notes\n\nmine\n")
    assert "| table |" in new
    assert "stale table" not in new
