"""The BM25 libraries citebot is measured against, built over the same sentences.

bm25s runs twice in one process, over the same tokens: with its numpy backend (the
default: scores with numpy, then `np.argpartition` for the top k) and with its numba
backend (JIT-compiled scoring and top-k selection). Both answer the same questions in
turn, so noise on the machine falls on both alike. rank_bm25 (pure Python and numpy)
is there for comparison on request.

Each system tokenizes a question and returns the top 3 sentences; citebot answers in
full (FAQ, passages, confidence, declining), so the work differs.
"""

# Imports sit inside functions: each worker process pays only for what it runs.
# ruff: noqa: PLC0415

from __future__ import annotations

import re
import time
from collections.abc import Callable
from typing import Any

from measure import peak_mb, rss_mb

# bm25s's English stopwords (bm25s.stopwords.STOPWORDS_EN), so rank_bm25 gets the same tokens.
STOPWORDS = frozenset(
    "a an and are as at be but by for if in into is it no not of on or such that the their "
    "then there these they this to was will with".split()
)
TOKEN = re.compile(r"(?u)\b\w\w+\b")  # bm25s's default token pattern
BACKENDS = ("numpy", "numba")


class Bm25s:
    """bm25s with both backends over one corpus, one sentence a document."""

    def __init__(self, corpus: list[str], backends: list[str]) -> None:
        import bm25s
        import snowballstemmer

        self._bm25s = bm25s
        self._stem = snowballstemmer.stemmer("english").stemWords
        self.info: dict[str, dict[str, Any]] = {}
        started = time.perf_counter()
        tokens = bm25s.tokenize(corpus, stopwords="en", stemmer=self._stem, show_progress=False)
        tokenized = time.perf_counter() - started
        self.retrievers = {}
        for backend in backends:
            if backend == "numba":  # compile the JIT functions first, off the clock
                started = time.perf_counter()
                warm = bm25s.BM25(backend="numba")
                toy = bm25s.tokenize(["alpha beta gamma", "beta gamma delta"], show_progress=False)
                warm.index(toy, show_progress=False)
                warm.retrieve([["beta"]], k=1, show_progress=False)
                compiled = time.perf_counter() - started
            started = time.perf_counter()
            retriever = bm25s.BM25(backend=backend)
            retriever.index(tokens, show_progress=False)
            self.retrievers[backend] = retriever
            self.info[backend] = {
                "build_s": tokenized + time.perf_counter() - started,
                "rss_after_mb": rss_mb(),
                "peak_build_mb": peak_mb(),
            }
            if backend == "numba":
                self.info[backend]["jit_s"] = compiled
        self.count = len(corpus)

    def _query(self, question: str) -> Any:
        return self._bm25s.tokenize(
            [question], stopwords="en", stemmer=self._stem, return_ids=False, show_progress=False
        )

    def answerer(self, backend: str) -> Callable[[str], Any]:
        retriever = self.retrievers[backend]

        def answer(question: str) -> Any:
            query = self._query(question)
            if not query[0]:  # no word left to look up (the numba backend rejects it)
                return []
            ids, _ = retriever.retrieve(query, k=3, show_progress=False)
            return ids[0]

        return answer

    def nonzero_share(self, question: str) -> float:
        """The share of sentences with a score above zero (the top-k's hard case is tiny)."""
        import numpy as np

        tokens = self._query(question)[0]
        any_backend = next(iter(self.retrievers.values()))
        scores = any_backend.get_scores(tokens) if tokens else np.zeros(1)
        return float(np.count_nonzero(scores)) / max(1, self.count)


def rank_bm25(corpus: list[str]) -> tuple[dict[str, Any], Callable[[str], Any]]:
    """rank_bm25's BM25Okapi over the same tokens as bm25s (regex, stopwords, Snowball)."""
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

    started = time.perf_counter()
    bm25 = BM25Okapi([tokenize(s) for s in corpus])
    info = {"build_s": time.perf_counter() - started, "rss_after_mb": rss_mb()}

    def answer(question: str) -> Any:
        scores = bm25.get_scores(tokenize(question))
        top = np.argpartition(scores, -3)[-3:]
        return top[np.argsort(-scores[top])]

    return info, answer
