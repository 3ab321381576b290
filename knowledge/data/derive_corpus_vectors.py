"""Derive `minilm-corpus-vectors.npz`: the bundled article's vectors, shipped so that the
demo answers by meaning at once (embedding its units and FAQ phrasings takes ~5 s).

Run with the semantic extra installed, whenever the bundled corpus, its FAQ or the model
changes (a test fails until then):

    python knowledge/data/derive_corpus_vectors.py
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

import knowledge
from knowledge.semantic.vectors import BUNDLED, STORE_NAME


def main() -> None:
    BUNDLED.unlink(missing_ok=True)  # every vector embedded afresh, none kept from before
    with tempfile.TemporaryDirectory() as cache:
        kb = knowledge.load(cache_dir=cache, semantic=True)
        if kb.meaning is None:
            sys.exit(f"no sentence model: {kb.meaning_status}")
        shutil.copyfile(Path(cache) / STORE_NAME, BUNDLED)
    print(f"{kb.meaning_status}; wrote {BUNDLED.name} ({BUNDLED.stat().st_size / 1e3:.0f} kB)")


if __name__ == "__main__":
    main()
