"""The fuzzy index: stemmed postings over sentences and headings, typo-tolerant term lookup.

A question becomes a `Query`: each content word with its weight (idf) and the stems it may
match (itself, typo corrections looked up in the vocabulary's `TypoIndex`, synonyms).
Matching walks only the postings of those stems, never every sentence.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from knowledge.index.initialisms import initialisms_of
from knowledge.index.names import name_forms
from knowledge.index.planning import QueryPlanner, QueryTerm
from knowledge.index.postings import Pairs, Positions, Postings, Strengths, pair_key, strongest
from knowledge.index.tokenise import UnitWords, tokenise
from knowledge.model import Section, Sentence
from knowledge.read.synonyms import Synonyms
from knowledge.read.units import COLUMNS, PARAGRAPH, UnitTable, quote
from knowledge.words.cues import sentence_flags
from knowledge.words.text import terms
from knowledge.words.typos import TypoIndex

TITLE_FACTOR = 0.8  # a document's title, relative to its sections' own headings
PHRASING_FACTOR = 0.85
# Each planned term's matches are remembered, as its plan is (`planning.PLANS`): questions
# to one text keep using the same words. Bounded by the arrays' bytes, since a common
# word's matches on a large text are large; past the bound all are forgotten at once.
MATCHES_BYTES = 32_000_000
# On a text of at most this many units a term's sentence matches are kept dense too (a
# strength per unit, 0 where none): the scorer reads them at its passages in one step.
DENSE_UNITS = 4096


@dataclass(frozen=True, slots=True)
class Matches:
    """One query term's matches as arrays: the sentences it matches (sorted positions,
    strengths), what frames sentences (label, table header) likewise, and each section's
    heading or document title (dense over sections, 0 where unmatched)."""

    sentences: tuple[Positions, Strengths]
    contexts: tuple[Positions, Strengths]
    headings: Strengths
    # The sentences' strengths at every unit (small texts), padded with a 0 on each side:
    # unit p's at [p + 1], so a neighbour before the first or after the last reads 0.
    dense: Strengths | None = None
    # What the scorer derives from these alone (a section's share of the term), kept with
    # them as they are remembered: made once per term, not once per question.
    derived: dict[str, Strengths] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def frozen(
        cls,
        sentences: tuple[Positions, Strengths],
        contexts: tuple[Positions, Strengths],
        headings: Strengths,
        count: int,
    ) -> Matches:
        """Matches whose arrays cannot be written (they are remembered and shared), with
        the dense strengths when the text has at most `DENSE_UNITS` units."""
        dense = None
        if count <= DENSE_UNITS:
            dense = np.zeros(count + 2)
            dense[sentences[0] + 1] = sentences[1]
        arrays = (*sentences, *contexts, headings, *(() if dense is None else (dense,)))
        for array in arrays:
            array.flags.writeable = False
        return cls(sentences, contexts, headings, dense)

    def nbytes(self) -> int:
        """The arrays' bytes, and room for a derived array per section (`derived`)."""
        arrays = (*self.sentences, *self.contexts, self.headings, self.headings)
        return sum(a.nbytes for a in arrays) + (0 if self.dense is None else self.dense.nbytes)


class Index(QueryPlanner):
    """Postings from stems to sentence positions, to what frames them (labels, table
    headers) and to section positions (headings and document titles), as CSR arrays
    (`knowledge.index.postings`); per-sentence data as arrays too. No object per unit:

      per unit position p (0..count-1, numbered section by section)
        section_of int32, paragraph int64, flags uint8 (`knowledge.words.cues` bits),
        lengths int32, openings int32[count, OPENING] (term ids), pairs (`Pairs`)
      per section s
        section_first int32 (its first position, -1: none), title_factor float64

    The units' offsets stay in the sections' `Units`, rows of one
    `knowledge.read.units.UnitTable` (`table`; unit_row int64: each position's row there);
    `quote` reads them, `sentence` makes a `Sentence` when one is wanted."""

    def __init__(
        self,
        sections: Sequence[Section],
        synonyms: Synonyms,
        phrasings: Mapping[int, Sequence[str]] | None = None,
        *,
        searchable: Sequence[UnitWords] | None = None,
    ):
        """Index the units of `sections`, numbered in order (a section's, then the next's).

        `phrasings` maps a sentence position to questions it answers (the curated FAQ):
        their words are matched as if the sentence said them too, a little less strongly,
        so the way people ask reaches the way the text says it. `searchable` is each
        sentence's text without markup (default: its own text)."""
        self.sections = tuple(sections)
        self.synonyms = synonyms
        sizes = [len(s.sentences) for s in self.sections]
        section_of = np.repeat(np.arange(len(sizes), dtype=np.int32), sizes)
        self.section_of = section_of
        self.count = len(section_of)
        self.section_first = _section_firsts(self.sections)
        tables = {id(s.sentences.table): s.sentences.table for s in self.sections}
        if len(tables) > 1:
            raise ValueError("an index is made of the units of one table")
        self.table = next(iter(tables.values()), UnitTable())
        self.unit_row = np.array([r for s in self.sections for r in s.sentences.rows], np.int64)
        paragraphs = [row[PARAGRAPH] for s in self.sections for row in s.sentences.values()]
        self.paragraph = np.array(paragraphs, dtype=np.int64)
        texts = [t for s in self.sections for t in s.sentences.texts()]
        units = searchable or [UnitWords(t) for t in texts]
        words = tokenise(units)
        surface = words.surface
        self.name_forms = name_forms(texts)
        # Question-type cues of each unit (`knowledge.words.cues` bits), for the scorer.
        self.flags = np.fromiter(map(sentence_flags, texts), dtype=np.uint8, count=self.count)
        phrasing_postings = _phrasing_postings(phrasings or {}, surface)
        headings, titles = _heading_postings(self.sections, surface)
        self.postings = Postings.of_arrays(
            words.stems, words.postings_starts, words.postings_positions
        )
        self.context_postings = Postings(words.context_postings)
        self.phrasing_postings = Postings(phrasing_postings)
        self.heading_postings, self.title_postings = Postings(headings), Postings(titles)
        self.pairs = Pairs.of_arrays(words.pair_starts, words.pair_keys)  # postings' term ids
        self.openings = words.openings  # term ids of the postings
        self.lengths = words.lengths
        self.title_factor = np.array(_title_factors(self.sections, sizes))
        self.vocabulary = tuple(surface)
        self.vocabulary_stems = tuple(surface.values())
        self.typos = TypoIndex(self.vocabulary)
        # Made with the index, so saved with it: on first use it was a question's wait
        # (0.13 s at 500x the article).
        self.initialisms = initialisms_of(self.pairs, self.postings)
        self.average_length = int(self.lengths.sum()) / max(1, len(self.lengths))
        self.max_idf = self.idf_of_df(0)

    def sentence(self, position: int) -> Sentence:
        """The unit at a position, made now (the index keeps no object per unit)."""
        section = int(self.section_of[position])
        return self.sections[section].sentences[position - int(self.section_first[section])]

    def quote(self, first: int, last: int, text: str) -> str:
        """The excerpt from the unit at position `first` through `last` (of one document
        whose text is `text`), as `Sentence.quote` makes it, without making Sentences.
        (Memoryviews: reading eight ints through numpy cost more than the slicing.)"""
        views = self.__dict__.get("_views") or self._make_views()
        flat, row = views
        a, b = row[first] * COLUMNS, row[last] * COLUMNS
        return quote(text, flat[a : a + COLUMNS].tolist(), flat[b : b + COLUMNS].tolist())

    def _make_views(self) -> tuple[memoryview, memoryview]:
        """The table's rows as one flat run of ints (row r at [r * 8 : r * 8 + 8]) and
        each position's row; made once (two threads may both make them: same views)."""
        views = (self.table.rows.data.cast("B").cast("q"), self.unit_row.data.cast("B").cast("q"))
        self._views = views
        return views

    def __getstate__(self) -> dict[str, Any]:
        state = self.__dict__.copy()
        state.pop("_views", None)  # made again from the arrays, which are saved
        state.pop("_plans", None)  # remembered question words: planned again
        state.pop("_matches", None)  # and their matches: found again
        state.pop("_matches_bytes", None)
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)

    def idf_of_df(self, df: int) -> float:
        return math.log(1 + (self.count - df + 0.5) / (df + 0.5))

    def idf(self, term: str) -> float:
        return self.idf_of_df(self.postings.count(term))

    def known(self, term: str) -> bool:
        return (
            term in self.postings
            or term in self.heading_postings
            or term in self.phrasing_postings
            or term in self.context_postings
        )

    def matches(self, term: QueryTerm) -> Matches:
        """How well each sentence, what frames it, and each section heading match one
        query term (0..1): each alternative's postings, the strongest kept per position.
        Remembered per term (read-only arrays, shared by every question using it)."""
        remembered: dict[Any, tuple[Matches, int]] = self.__dict__.setdefault("_matches", {})
        key = term.alternatives  # matches depend on nothing else of the term
        found = remembered.get(key)
        if found is not None:
            return found[0]
        matches = self._matches_of(term)
        size = matches.nbytes()
        held = self.__dict__.get("_matches_bytes", 0) + size
        if held > MATCHES_BYTES:
            remembered.clear()
            held = size
        remembered[key] = (matches, size)
        self._matches_bytes = held
        return matches

    def _matches_of(self, term: QueryTerm) -> Matches:
        sentences: list[tuple[Positions, float]] = []
        contexts: list[tuple[Positions, float]] = []
        headings = np.zeros(len(self.sections))
        for phrase, factor in term.alternatives:
            for postings, out, strength in (
                (self.postings, sentences, factor),
                (self.phrasing_postings, sentences, factor * PHRASING_FACTOR),
                (self.context_postings, contexts, factor),
            ):
                hits = postings.intersection(phrase)
                if len(hits):
                    out.append((hits, strength))
            hits = self.heading_postings.intersection(phrase)
            if len(hits):
                headings[hits] = np.maximum(headings[hits], factor)
            hits = self.title_postings.intersection(phrase)
            if len(hits):
                headings[hits] = np.maximum(headings[hits], factor * self.title_factor[hits])
        return Matches.frozen(
            strongest(sentences, self.count), strongest(contexts, self.count), headings, self.count
        )

    def pair_keys(self, pairs: frozenset[tuple[str, str]]) -> np.ndarray:
        """A question's adjacent stem pairs as `Pairs` keys (pairs no sentence can have dropped)."""
        ids = self.postings.ids
        keys = [pair_key(ids[a], ids[b]) for a, b in pairs if a in ids and b in ids]
        return np.array(sorted(keys), dtype=np.int64)


def _section_firsts(sections: Sequence[Section]) -> np.ndarray:
    """Each section's first position (-1: none): sentences are numbered section by section."""
    sizes = np.array([len(s.sentences) for s in sections], dtype=np.int64)
    first = np.concatenate(([0], np.cumsum(sizes)[:-1])) if len(sizes) else sizes
    return np.where(sizes > 0, first, -1).astype(np.int32)


def _phrasing_postings(
    phrasings: Mapping[int, Sequence[str]], surface: dict[str, str]
) -> dict[str, list[int]]:
    """Stems -> positions of the sentences curated questions quote (words added to `surface`)."""
    postings: dict[str, list[int]] = {}
    for position, questions in sorted(phrasings.items()):
        for s in sorted(set(terms(" ".join(questions)))):
            postings.setdefault(s, []).append(position)
            surface.setdefault(s, s)
    return postings


def _heading_postings(
    sections: Sequence[Section], surface: dict[str, str]
) -> tuple[dict[str, list[int]], dict[str, list[int]]]:
    """Stems -> section positions: of each section's heading path, and of its document's
    title (the words are added to `surface`, the vocabulary typos are corrected against)."""
    headings: dict[str, list[int]] = {}
    titles: dict[str, list[int]] = {}
    for position, section in enumerate(sections):
        for s in sorted(set(terms(" ".join(section.path) or section.document))):
            headings.setdefault(s, []).append(position)
            surface.setdefault(s, s)
        for s in sorted(set(terms(section.document))):
            titles.setdefault(s, []).append(position)
            surface.setdefault(s, s)
    return headings, titles


def _title_factors(sections: Sequence[Section], sizes: Sequence[int]) -> list[float]:
    """How much a document's title says about each of its sections (of `sizes` units): a
    title shared by the whole text says nothing, one of many documents' titles almost as
    much as a heading."""
    counts: dict[str, int] = {}
    for section, size in zip(sections, sizes, strict=True):
        counts[section.document] = counts.get(section.document, 0) + size
    total = max(1, sum(sizes))
    return [TITLE_FACTOR * (1 - counts.get(s.document, 0) / total) for s in sections]
