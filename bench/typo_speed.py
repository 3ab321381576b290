"""Typo correction, one unknown word at a time: the TypoIndex against the vocabulary scan.

    python bench/typo_speed.py                       # the realistic 500× vocabulary (~100k words)
    python bench/typo_speed.py --knowledge PATH      # another folder's

The vocabulary is the one the engine builds (`Index.vocabulary`; the knowledge base is
kept under bench/.cache/kb, so a second run loads it). The words: vocabulary words with
one or two typing slips, and made-up words it never had (they take the longest path:
no edit match, then the indel-ratio rule). Each is looked up once in a fresh TypoIndex
(no cached answers), all of them before the scan (a scan between two lookups would leave
the index out of the CPU's caches); the scan is the code `Index.corrections` ran before
(rapidfuzz over every word). Both must give the same result for every word.
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Sequence

import corpora
import realistic
from measure import percentile, rss_mb
from questions import slip
from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

import knowledge
from knowledge.words.typos import SLACK, TypoIndex


def scan(word: str, words: Sequence[str]) -> tuple[tuple[int, float], ...]:
    """Index.corrections before the TypoIndex, less its guard and the mapping to stems."""
    cutoff = 0.84 if len(word) >= 7 else 0.8
    # SLACK: rapidfuzz turns away a score exactly at its cutoff; the index lowers it so.
    matches = process.extract(
        word,
        words,
        scorer=Levenshtein.normalized_similarity,
        score_cutoff=cutoff - SLACK,
        limit=3,
    )
    found = tuple((position, float(score)) for _, score, position in matches)
    if not found and len(word) >= 6:
        extra = process.extractOne(word, words, scorer=fuzz.ratio, score_cutoff=82 - 100 * SLACK)
        if extra is not None and extra[0][0] == word[0]:
            found = ((extra[2], extra[1] / 100),)
    return found


def unknown_words(words: tuple[str, ...], count: int) -> list[tuple[str, str]]:
    """(kind, word): slips of vocabulary words, and words the vocabulary never had."""
    rng = random.Random(11)
    known = set(words)
    long = [w for w in words if len(w) >= 4 and w.isalpha()]
    found: dict[str, str] = {}
    while len(found) < count // 3:
        word = slip(rng.choice(long), rng)
        found.setdefault(word, "one slip")
    while len(found) < 2 * count // 3:
        word = slip(slip(rng.choice(long), rng), rng)
        found.setdefault(word, "two slips")
    for word in realistic.invented_words(count, known, random.Random(12)):
        if len(found) >= count:
            break
        found.setdefault(word, "never seen")
    asked = [(kind, w) for w, kind in found.items() if w not in known]
    rng.shuffle(asked)  # kinds mixed, so the scan (timed on the first few) meets them all
    return asked


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--knowledge", default=None, help="default: realistic 500×")
    parser.add_argument("--words", type=int, default=600)
    parser.add_argument("--scan-words", type=int, default=150, help="how many the scan times")
    args = parser.parse_args()
    folder = args.knowledge or corpora.knowledge_for("realistic", 500).folder
    kb = knowledge.load(folder, cache_dir=corpora.CACHE / "kb")
    words = kb._index.vocabulary
    before = rss_mb()
    started = time.perf_counter()
    index = TypoIndex(words)
    built = time.perf_counter() - started
    print(f"vocabulary: {len(words):,} words ({folder})")
    print(
        f"TypoIndex: built in {built:.3f} s, arrays {index.nbytes / 1e6:.1f} MB, "
        f"RSS +{rss_mb() - before:.1f} MB"
    )
    asked = unknown_words(words, args.words)
    index.corrections("warm up")
    scan("warm up", words)
    timed: dict[str, list[float]] = {}
    found = {}
    for kind, word in asked:  # one loop each: a scan between lookups would evict the index
        started = time.perf_counter()
        found[word] = index.corrections(word)
        timed.setdefault(f"index, {kind}", []).append(time.perf_counter() - started)
    differ = 0
    for kind, word in asked[: args.scan_words]:
        started = time.perf_counter()
        theirs = scan(word, words)
        timed.setdefault(f"scan, {kind}", []).append(time.perf_counter() - started)
        differ += found[word] != theirs
    print(f"results differing from the scan: {differ} of {min(len(asked), args.scan_words)}")
    everything = {"index, all": [t for k, v in timed.items() if k.startswith("index") for t in v]}
    everything["scan, all"] = [t for k, v in timed.items() if k.startswith("scan") for t in v]
    for name, times in sorted(timed.items()) + list(everything.items()):
        mean = sum(times) / len(times) * 1000
        p50, p95 = percentile(times, 0.5) * 1000, percentile(times, 0.95) * 1000
        print(
            f"  {name:22} {len(times):4} words  mean {mean:7.3f} ms  "
            f"p50 {p50:7.3f} ms  p95 {p95:7.3f} ms"
        )


if __name__ == "__main__":
    main()
