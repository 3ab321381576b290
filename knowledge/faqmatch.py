"""Matching a question against FAQ questions and their alternate phrasings.

Closeness is an idf-weighted Jaccard over terms: the question's words the entry lacks
and the entry's words the question lacks both count against it. An inverted index over
the phrasings keeps this to the entries that share a word with the question.
"""

from __future__ import annotations

from collections.abc import Sequence

from knowledge.index import Index, Query
from knowledge.model import FaqEntry
from knowledge.text import terms


class FaqMatcher:
    """Every phrasing (question or alternate) of every entry, indexed by stem."""

    def __init__(self, index: Index, entries: Sequence[FaqEntry]) -> None:
        self.index = index
        self.entry_of: list[int] = []  # phrasing -> entry position
        self.postings: dict[str, list[int]] = {}
        self.weight: list[float] = []  # the idf of all a phrasing's terms
        for position, entry in enumerate(entries):
            for text in (entry.question, *entry.alternates):
                phrasing = len(self.entry_of)
                stems = set(terms(text))
                self.entry_of.append(position)
                self.weight.append(sum(index.idf(s) for s in stems))
                for s in stems:
                    self.postings.setdefault(s, []).append(phrasing)

    def match(self, query: Query, minimum: float) -> dict[int, float]:
        """Entry position -> closeness in [0, 1], for entries at least `minimum` close."""
        total = query.total_weight
        unmatched = sum(t.weight for t in query.terms if not t.known)
        common: dict[int, float] = {}  # phrasing -> question weight it shares
        shared_idf: dict[int, float] = {}  # phrasing -> idf of its terms the question has
        terms_hit: dict[int, set[int]] = {}  # phrasing -> question terms it matches
        for number, term in enumerate(query.terms):
            best: dict[int, float] = {}
            for phrase, factor in term.alternatives:
                if len(phrase) != 1:
                    continue
                idf = self.index.idf(phrase[0])
                for phrasing in self.postings.get(phrase[0], ()):
                    if best.get(phrasing, 0.0) < factor:
                        best[phrasing] = factor
                        shared_idf[phrasing] = shared_idf.get(phrasing, 0.0) + idf
            for phrasing, factor in best.items():
                common[phrasing] = common.get(phrasing, 0.0) + term.weight * factor
                terms_hit.setdefault(phrasing, set()).add(number)
        scores: dict[int, float] = {}
        for phrasing, shared in common.items():
            missing = max(0.0, self.weight[phrasing] - shared_idf[phrasing])
            question_only = total - sum(query.terms[n].weight for n in terms_hit[phrasing])
            closeness = shared / (shared + missing + max(question_only, unmatched))
            entry = self.entry_of[phrasing]
            if closeness >= minimum and closeness > scores.get(entry, 0.0):
                scores[entry] = closeness
        return scores
