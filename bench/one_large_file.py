"""Load time of one large document against the same text split over many files.

    python bench/one_large_file.py              # 500x: about 25.7 MB
    python bench/one_large_file.py 50 100 200   # several sizes, to see how time grows
    python bench/one_large_file.py 100 --profile

The text is bench/synth.py's folder of N times the bundled article; the single document is
all of that folder's documents concatenated, in order, into one `all.txt` (no manifest).
Both are loaded in fresh processes (no cache), so the figures are whole builds. The same
text should cost about the same either way: a build step whose cost grows with the square
of one document's length shows up here as a gap that widens with N.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

import synth

_TIME = (
    "import sys, time, knowledge; t = time.perf_counter(); knowledge.load(sys.argv[1]); "
    "print(time.perf_counter() - t)"
)
_PROFILE = (
    "import cProfile, pstats, sys, knowledge; p = cProfile.Profile(); p.enable(); "
    "knowledge.load(sys.argv[1]); p.disable(); pstats.Stats(p).sort_stats('tottime')"
    ".print_stats(12)"
)


def one_file(size: int) -> Path:
    """The size× synthetic text as a single document (made once, beside the split folder)."""
    split = synth.folder(size)
    out = split.with_name(split.name + "-one-file")
    target = out / "all.txt"
    stamp = out / ".made-from"
    made_from = (split.with_name(split.name + ".stamp")).read_text()
    if target.exists() and stamp.exists() and stamp.read_text() == made_from:
        return out
    out.mkdir(parents=True, exist_ok=True)
    parts = [p.read_text(encoding="utf-8") for p in sorted(split.glob("doc-*.txt"))]
    target.write_text("\n".join(parts), encoding="utf-8")
    stamp.write_text(made_from)
    return out


def seconds(folder: Path) -> float:
    done = subprocess.run(
        [sys.executable, "-c", _TIME, str(folder)], capture_output=True, text=True, check=True
    )
    return float(done.stdout.strip())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", type=int, nargs="*", default=[500], help="default: 500")
    parser.add_argument("--profile", action="store_true", help="profile the one-file load")
    args = parser.parse_args()
    print(f"{'size':>5} {'MB':>6} {'files':>6} {'split s':>8} {'one file s':>11} {'ratio':>6}")
    for size in args.sizes:
        split, single = synth.folder(size), one_file(size)
        mb = (single / "all.txt").stat().st_size / 1e6
        files = len(list(split.glob("doc-*.txt")))
        a, b = seconds(split), seconds(single)
        print(f"{size:>5} {mb:>6.1f} {files:>6} {a:>8.1f} {b:>11.1f} {b / a:>6.2f}", flush=True)
        if args.profile:
            subprocess.run([sys.executable, "-c", _PROFILE, str(single)], check=True)


if __name__ == "__main__":
    main()
