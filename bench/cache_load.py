"""How long a cached knowledge base takes to load: the bundled article, or a folder.

    python bench/cache_load.py [--knowledge PATH] [--repeat 20]

Builds once into a fresh cache folder, then loads from it `--repeat` times in this process
and prints the median and fastest load, and the cache file's size. Run it on two
checkouts (PYTHONPATH=...) to compare cache formats.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import knowledge


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--knowledge", type=Path, default=None)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        knowledge.load(args.knowledge, cache_dir=folder)
        seconds = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            kb = knowledge.load(args.knowledge, cache_dir=folder)
            seconds.append(time.perf_counter() - started)
            assert kb.from_cache
        size = sum(p.stat().st_size for p in Path(folder).glob("kb-*"))
    print(
        f"cached load of {kb.source}: median {statistics.median(seconds) * 1000:.1f} ms, "
        f"fastest {min(seconds) * 1000:.1f} ms over {args.repeat}; cache file {size / 1e6:.2f} MB"
    )


if __name__ == "__main__":
    main()
