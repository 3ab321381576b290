"""FAQ matching over arrays gives the closeness the dict-based matcher gave, exactly."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

import knowledge
from knowledge.index.index import Index
from knowledge.index.planning import Query
from knowledge.model import FaqEntry
from knowledge.words.text import terms

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
import questions

Tables = tuple[list[int], dict[str, list[int]], list[float]]


def tables(index: Index, entries: list[FaqEntry]) -> Tables:
    """The dict matcher's tables: phrasing -> entry, stem -> phrasings, phrasing -> idf."""
    entry_of: list[int] = []
    postings: dict[str, list[int]] = {}
    weight: list[float] = []
    for position, entry in enumerate(entries):
        for text in (entry.question, *entry.alternates):
            phrasing = len(entry_of)
            stems = set(terms(text))
            entry_of.append(position)
            weight.append(sum(index.idf(s) for s in stems))
            for s in stems:
                postings.setdefault(s, []).append(phrasing)
    return entry_of, postings, weight


def reference(index: Index, made: Tables, query: Query, minimum: float) -> dict[int, float]:
    """The matcher as it was with dicts (before issue 9), kept to compare against."""
    entry_of, postings, weight = made
    total = query.total_weight
    unmatched = sum(t.weight for t in query.terms if not t.known)
    common: dict[int, float] = {}
    shared_idf: dict[int, float] = {}
    terms_hit: dict[int, set[int]] = {}
    for number, term in enumerate(query.terms):
        best: dict[int, float] = {}
        for phrase, factor in term.alternatives:
            if len(phrase) != 1:
                continue
            idf = index.idf(phrase[0])
            for phrasing in postings.get(phrase[0], ()):
                if best.get(phrasing, 0.0) < factor:
                    best[phrasing] = factor
                    shared_idf[phrasing] = shared_idf.get(phrasing, 0.0) + idf
        for phrasing, factor in best.items():
            common[phrasing] = common.get(phrasing, 0.0) + term.weight * factor
            terms_hit.setdefault(phrasing, set()).add(number)
    scores: dict[int, float] = {}
    for phrasing, shared in common.items():
        missing = max(0.0, weight[phrasing] - shared_idf[phrasing])
        question_only = total - sum(query.terms[n].weight for n in terms_hit[phrasing])
        closeness = shared / (shared + missing + max(question_only, unmatched))
        entry = entry_of[phrasing]
        if closeness >= minimum and closeness > scores.get(entry, 0.0):
            scores[entry] = closeness
    return scores


@pytest.mark.parametrize("minimum", [0.0, 0.6])
def test_the_same_closeness_as_the_dict_matcher(minimum: float) -> None:
    kb = knowledge.load()
    answerer = kb._answerer
    entries = [answerer.faq[i] for i in answerer.curated]  # only curated ones answer
    sentences = [x.text for s in kb.topics for x in s.sentences if "\n" not in x.text]
    asked = [q.text for q in questions.question_set(sentences, 5)]
    asked += [e.question for e in entries] + [a for e in entries for a in e.alternates]
    made = tables(answerer.index, entries)
    for text in asked:
        query = answerer.index.query(text)
        expected = reference(answerer.index, made, query, minimum)
        assert answerer.faq_matcher.match(query, minimum) == expected, text
