"""Matching a question against FAQ questions and their alternate phrasings.

Closeness is an idf-weighted Jaccard over terms: the question's words the entry lacks
and the entry's words the question lacks both count against it. An inverted index over
the phrasings keeps this to the entries that share a word with the question.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from knowledge.index.index import Index
from knowledge.index.planning import Query
from knowledge.index.postings import Postings
from knowledge.model import FaqEntry
from knowledge.words.text import terms


class FaqMatcher:
    """Every phrasing (question or alternate) of every entry, indexed by stem (CSR
    postings over phrasing numbers); per phrasing, its entry and the idf of its terms."""

    def __init__(self, index: Index, entries: Sequence[FaqEntry]) -> None:
        self.index = index
        entry_of: list[int] = []  # phrasing -> entry position
        postings: dict[str, list[int]] = {}
        weight: list[float] = []  # the idf of all a phrasing's terms
        for position, entry in enumerate(entries):
            for text in (entry.question, *entry.alternates):
                phrasing = len(entry_of)
                stems = set(terms(text))
                entry_of.append(position)
                weight.append(sum(index.idf(s) for s in stems))
                for s in stems:
                    postings.setdefault(s, []).append(phrasing)
        self.entry_of = np.array(entry_of, dtype=np.int32)
        self.weight = np.array(weight)
        self.postings = Postings(postings)

    def match(self, query: Query, minimum: float) -> dict[int, float]:
        """Entry position -> closeness in [0, 1], for entries at least `minimum` close.

        Sums run term by term in question order over arrays of the phrasings, as the
        dict-based version added them: the same closeness, bit for bit."""
        total = query.total_weight
        unmatched = sum(t.weight for t in query.terms if not t.known)
        size = len(self.entry_of)
        common = np.zeros(size)  # phrasing -> question weight it shares
        shared_idf = np.zeros(size)  # phrasing -> idf of its terms the question has
        hit_weight = np.zeros(size)  # phrasing -> weight of the question terms it matches
        for term in query.terms:
            best = np.zeros(size)
            found: list[np.ndarray] = []
            for phrase, factor in term.alternatives:
                hits = self.postings.get(phrase[0]) if len(phrase) == 1 else None
                if hits is None or not len(hits):
                    continue
                better = hits[best[hits] < factor]
                best[better] = factor
                shared_idf[better] += self.index.idf(phrase[0])
                found.append(hits)
            if found:
                mine = np.flatnonzero(best > 0) if len(found) > 1 else found[0]
                common[mine] += term.weight * best[mine]
                hit_weight[mine] += term.weight
        # A phrasing sharing no weight is 0 close: never kept, as before.
        phrasings = np.flatnonzero(common > 0)
        shared = common[phrasings]
        missing = np.maximum(0.0, self.weight[phrasings] - shared_idf[phrasings])
        question_only = total - hit_weight[phrasings]
        closeness = shared / (shared + missing + np.maximum(question_only, unmatched))
        close = closeness >= minimum
        scores: dict[int, float] = {}
        for entry, value in zip(
            self.entry_of[phrasings[close]].tolist(), closeness[close].tolist(), strict=True
        ):
            if value > scores.get(entry, 0.0):
                scores[entry] = value
        return scores
