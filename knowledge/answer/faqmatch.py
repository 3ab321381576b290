"""Matching a question against FAQ questions and their alternate phrasings.

Closeness is an idf-weighted Jaccard over terms: the question's words the entry lacks
and the entry's words the question lacks both count against it. An inverted index over
the phrasings keeps this to the entries that share a heavy enough word with the question
(see `FaqMatcher.match`).
"""

from __future__ import annotations

from collections.abc import Sequence

from knowledge.index.index import Index
from knowledge.index.planning import Query
from knowledge.model import FaqEntry
from knowledge.words.text import terms


class FaqMatcher:
    """Every phrasing (question or alternate) of every entry, indexed by stem; per
    phrasing, its entry and the idf of its terms."""

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
        self.entry_of = entry_of
        self.weight = weight
        # stem -> the phrasings that have it, and the stem's idf in the text
        self.of = {s: frozenset(found) for s, found in postings.items()}
        self.idf = {s: index.idf(s) for s in postings}

    def match(self, query: Query, minimum: float) -> dict[int, float]:
        """Entry position -> closeness in [0, 1], for entries at least `minimum` close.

        A phrasing the question's words of weight W meet is at most W / total close (its
        shared weight is at most W, and the rest of the question counts against it). So
        only phrasings that one of the heaviest words meets can be close enough: those
        words down to where the lighter ones left weigh less than `minimum` of the
        question. Most questions meet none, or a few through those words, and only those
        few are scored. The sums run term by term in question order, as the dict-based
        version added them: the same closeness, bit for bit."""
        total = query.total_weight
        found: list[tuple[int, list[tuple[float, str]]]] = []
        for number, term in enumerate(query.terms):
            mine = [(f, p[0]) for p, f in term.alternatives if len(p) == 1 and p[0] in self.of]
            if mine:
                found.append((number, mine))
        # The heaviest words first; a phrasing met only by lighter ones, weighing less than
        # `minimum` of the question in all, is never close enough. (A margin for rounding.)
        heaviest = sorted(found, key=lambda f: -query.terms[f[0]].weight)
        lighter = sum(query.terms[n].weight for n, _ in found)
        touched: set[int] = set()
        for number, alternatives in heaviest:
            if lighter < minimum * total * (1 - 1e-9):
                break
            for _, stem in alternatives:
                touched |= self.of[stem]
            lighter -= query.terms[number].weight
        if not touched:
            return {}
        return self._scores(query, found, touched, minimum)

    def _scores(
        self,
        query: Query,
        found: list[tuple[int, list[tuple[float, str]]]],
        touched: set[int],
        minimum: float,
    ) -> dict[int, float]:
        """`match` over the `touched` phrasings only."""
        total = query.total_weight
        unmatched = sum(t.weight for t in query.terms if not t.known)
        common: dict[int, float] = {}  # phrasing -> question weight it shares
        shared_idf: dict[int, float] = {}  # phrasing -> idf of its terms the question has
        hit_weight: dict[int, float] = {}  # phrasing -> weight of the question terms it meets
        for number, alternatives in found:
            weight = query.terms[number].weight
            best: dict[int, float] = {}
            for factor, stem in alternatives:
                for phrasing in self.of[stem] & touched:
                    if best.get(phrasing, 0.0) < factor:
                        best[phrasing] = factor
                        shared_idf[phrasing] = shared_idf.get(phrasing, 0.0) + self.idf[stem]
            for phrasing, factor in best.items():
                common[phrasing] = common.get(phrasing, 0.0) + weight * factor
                hit_weight[phrasing] = hit_weight.get(phrasing, 0.0) + weight
        scores: dict[int, float] = {}
        for phrasing in sorted(common):
            shared = common[phrasing]
            missing = max(0.0, self.weight[phrasing] - shared_idf[phrasing])
            question_only = total - hit_weight[phrasing]
            closeness = shared / (shared + missing + max(question_only, unmatched))
            entry = self.entry_of[phrasing]
            if closeness >= minimum and closeness > scores.get(entry, 0.0):
                scores[entry] = closeness
        return scores
