"""Scoring passages: how much of a question a unit covers, with its neighbours and frame.

A passage is a unit (sentence, list item, table row) with its neighbours in the same
paragraph. It scores by how much of the question's weight (idf) it covers: its own words
count fully; its neighbours', its label's and its heading's count for less. Question-type
cues (when, how many, who, why, what is) favour units of the right kind, and question
words side by side in the unit favour it too.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace

import numpy as np

from knowledge.index.index import Index, Matches
from knowledge.index.planning import Query
from knowledge.index.postings import Positions, Strengths, lookup, members
from knowledge.model import AnswerKind
from knowledge.words.cues import ANAPHORIC, ASKS, CUE_BITS, DEFINITION, TOPIC

NEIGHBOUR = 0.5
NEIGHBOUR_NEEDED = 0.0
NEIGHBOUR_STRONG = 0.3  # a neighbour matching a third as well as the sentence is quoted too
HEADING = 0.6
CONTEXT = 0.6  # a unit's label (tab, note title, table caption) or its table's header
CUE_BONUS = 0.12
# A question of a few words and no question word ("dodge action") is a topic asked
# about: a unit that opens with one of its words is about it, as for "what is X".
KEYWORD_TERMS = 3
PHRASE_BONUS = 0.05
PHRASE_CAP = 0.15
# A paragraph of at most this many words (stopwords aside) is quoted whole: a short
# paragraph is one thought ("If the total equals the target, it succeeds. Otherwise, it
# fails."), and one sentence of it read alone may say too little.
SHORT_PARAGRAPH = 60
# How well a unit's whole section covers the question counts too (BM25's saturation and
# length normalisation over sections): a question about a topic finds the section that
# treats it, even when no one sentence holds all its words.
SECTION_WEIGHT = 0.2
SECTION_K = 1.2
SECTION_B = 0.5
OWN_BONUS = 0.25  # the unit's own words again: they say more than its neighbours'
# The most a passage can score: full coverage, all of it its own words, its section
# covering the question too, a cue and side-by-side words.
BEST_PASSAGE = 1.0 + OWN_BONUS + SECTION_WEIGHT + CUE_BONUS + PHRASE_CAP


@dataclass(frozen=True, slots=True)
class Candidate:
    score: float
    coverage: float  # share of the question's weight it covers (own words, neighbours, heading)
    kind: AnswerKind
    section: int
    first: int  # sentence positions (inclusive); -1 for a FAQ quote
    last: int
    text: str = ""
    about: bool = False  # it opens with a word the question is about ("uvx is ...")


def overlaps(a: Candidate, b: Candidate) -> bool:
    """Whether two candidates quote a sentence in common (a FAQ quote has no positions)."""
    return a.first >= 0 and b.first >= 0 and a.first <= b.last and b.first <= a.last


def rank_key(candidate: Candidate) -> tuple[float, int, int]:
    """Best score first; a tie goes to the earlier place in the text, never to chance."""
    return (-candidate.score, candidate.section, candidate.first)


def best_positions(
    weights: list[float], matched: list[Matches], limit: int, count: int
) -> Positions:
    """The sentences worth scoring in full: the best by their own matched weight (and what
    frames them), ties to the earlier sentence; only sentences some term matches.

    On a large text a common word matches thousands of sentences; the full score (with
    neighbours, heading and cues) is computed only for these. Scores are added term by
    term in question order into one array over the sentences (a term's positions are
    distinct), so each sum is the one made a term at a time and ties break as always.
    """
    own = np.zeros(count)
    for weight, found in zip(weights, matched, strict=True):
        positions, strengths = found.sentences
        own[positions] += weight * strengths
        framed, frames = found.contexts
        if len(framed):
            mine = lookup(positions, strengths, framed)
            wanted = CONTEXT * frames
            more = mine < wanted
            own[framed[more]] += weight * (wanted[more] - mine[more])
    touched = np.flatnonzero(own > 0)
    scores = own[touched]
    if len(touched) > limit:
        at = len(scores) - limit  # the limit-th greatest score, by a partial sort of the
        cutoff = np.partition(scores, at)[at]  # values alone (argpartition's ~7x dearer)
        keep = scores >= cutoff  # every tie at the cutoff, then the earlier ones win
        touched, scores = touched[keep], scores[keep]
    order = np.lexsort((touched, -scores))[:limit]
    return touched[order].astype(np.int32)


def _sentence_rows(matched: list[Matches], wanted: np.ndarray) -> np.ndarray:
    """Each term's sentence strength at the wanted positions (-1 and the unit count
    included: 0): one row per term, read straight from the dense strengths when a small
    text has them."""
    dense = [m.dense for m in matched]
    if all(d is not None for d in dense):
        return np.stack(dense).take(wanted + 1, axis=1)  # type: ignore[arg-type]
    return _rows([m.sentences for m in matched], wanted)


def _rows(matches: list[tuple[Positions, Strengths]], wanted: np.ndarray) -> np.ndarray:
    """Each term's strength at the wanted positions: one row per term."""
    out = np.empty((len(matches), len(wanted)))
    for row, (positions, strengths) in enumerate(matches):
        out[row] = lookup(positions, strengths, wanted)
    return out


class PassageScorer:
    """Scores passages from the index's per-sentence arrays: matches, lengths, openings,
    cue bits (`knowledge.words.cues`) and paragraph numbers; and per sentence, the span a
    passage around it may widen to (its whole paragraph when that is short, else itself),
    and per section, BM25's length normaliser for `section_coverage`."""

    def __init__(self, index: Index) -> None:
        self.index = index
        self.flags = index.flags
        # Paragraph numbers are unique in a knowledge base: equal numbers, one paragraph.
        self.paragraph_key = index.paragraph
        self.span_first, self.span_last = _short_paragraphs(self.paragraph_key, index.lengths)
        # Per unit: whether the unit before (after) it is of its paragraph, and what its
        # length costs it (made once here, not for each question's passages).
        same = self.paragraph_key[1:] == self.paragraph_key[:-1]
        self.joined_before = np.concatenate(([False], same))
        self.joined_after = np.concatenate((same, [False]))
        length = index.lengths / index.average_length
        self.length_cost = 0.03 * np.maximum(0.0, length - 1.0)
        sizes = np.bincount(index.section_of, minlength=len(index.sections))
        average = sizes[sizes > 0].mean() if sizes.any() else 1.0
        # BM25's normaliser per section: a longer section needs more matches.
        self.section_norm = SECTION_K * (1 - SECTION_B + SECTION_B * sizes / average)

    def section_coverage(
        self, weights: list[float], matched: list[Matches], total: float
    ) -> np.ndarray:
        """Per section, the share of the question's weight its sentences cover (0..1):
        each term counts as far as BM25 saturates its matches in the section, and at
        least as far as the section's heading matches it."""
        covered = np.zeros(len(self.section_norm))
        for weight, found in zip(weights, matched, strict=True):
            share = found.derived.get("section")
            if share is None:  # the term's own: kept with its remembered matches
                share = found.derived["section"] = self._section_share(found)
            covered += weight * share
        return covered / total

    def _section_share(self, found: Matches) -> np.ndarray:
        """Per section, how far one term counts: BM25's saturation of its matches there,
        and at least as far as the section's heading matches it."""
        count = len(self.section_norm)
        positions, strengths = found.sentences
        section_of = self.index.section_of[positions]
        frequency = np.bincount(section_of, weights=strengths, minlength=count)
        saturated = frequency / (frequency + self.section_norm)
        share = np.maximum(saturated, found.headings)
        share.flags.writeable = False
        return share

    def passages(
        self,
        positions: Positions,
        weights: list[float],
        matched: list[Matches],
        total: float,
        cue: str | None,
        subjects: set[str],
        sections: np.ndarray,
    ) -> Passages:
        """Score the units at `positions` with their neighbours, all at once; the sums
        run term by term in question order, so the scores are those of one at a time.
        Ranked by `rank_key` (a stable sort: equal keys keep the order of `positions`)."""
        index = self.index
        count = len(positions)
        section = index.section_of[positions]
        before, after = positions - 1, positions + 1
        has_before = self.joined_before[positions]
        has_after = self.joined_after[positions]
        # One row per query term, one column per passage.
        found = _sentence_rows(matched, np.concatenate((positions, before, after)))
        hits, prev, nxt = found[:, :count], found[:, count : 2 * count], found[:, 2 * count :]
        framed = _rows([m.contexts for m in matched], positions)
        headed = np.stack([m.headings for m in matched]).take(section, axis=1)
        mine = np.maximum(np.maximum(hits, CONTEXT * framed), HEADING * headed)
        prev = np.where(has_before, NEIGHBOUR * prev, 0.0)
        nxt = np.where(has_after, NEIGHBOUR * nxt, 0.0)
        weight = np.array(weights)[:, None]
        # Summed over axis 0 (rows in question order, one after another): the same sums,
        # bit for bit, as adding term by term (np.add.reduce is what .sum calls, less
        # the wrapper: these arrays are small, and a call's overhead is what counts).
        total_of = np.add.reduce
        covered = total_of(weight * np.maximum(np.maximum(mine, prev), nxt), axis=0)
        own = total_of(weight * hits, axis=0)
        gain_before = total_of(weight * np.maximum(0.0, prev - mine), axis=0)
        gain_after = total_of(weight * np.maximum(0.0, nxt - mine), axis=0)
        own_before = total_of(weight * prev, axis=0)
        own_after = total_of(weight * nxt, axis=0)
        coverage = covered / total
        score = coverage + OWN_BONUS * own / total - self.length_cost[positions]
        score += SECTION_WEIGHT * sections[section]
        flags = self.flags[positions]
        opening = members(index.openings[positions], self._subject_ids(subjects))
        about = np.asarray(opening.any(axis=1))
        if cue in CUE_BITS:
            score = np.where(flags & CUE_BITS[cue], score + CUE_BONUS, score)
        elif cue == DEFINITION or (cue == TOPIC and len(weights) <= KEYWORD_TERMS):
            score = np.where(about, score + CUE_BONUS, score)
        # The excerpt takes in a neighbour whose words the answer needs, or that a
        # pronoun at its start points back to.
        needed = NEIGHBOUR_NEEDED * total
        strong = NEIGHBOUR_STRONG * NEIGHBOUR * own
        take_before = has_before & (
            (gain_before > needed) | (own_before >= strong) | (flags & ANAPHORIC > 0)
        )
        take_after = has_after & ((gain_after > needed) | (own_after >= strong))
        first = np.minimum(np.where(take_before, before, positions), self.span_first[positions])
        last = np.maximum(np.where(take_after, after, positions), self.span_last[positions])
        # A unit that asks a question ("Can I delete my account?") is quoted with its
        # answer: the unit after it, in its section, with that unit's short paragraph.
        asks = (flags & ASKS > 0) & (last + 1 < index.count)
        if asks.any():
            answer = np.minimum(last + 1, index.count - 1)
            asks &= index.section_of[answer] == section
            last = np.where(asks, np.maximum(last, self.span_last[answer]), last)
        return Passages(score, coverage, section, first, last, about).ranked()

    def _subject_ids(self, subjects: set[str]) -> np.ndarray:
        """The postings' ids of the stems the question is about, sorted."""
        ids = self.index.postings.ids
        return np.array(sorted(ids[s] for s in subjects if s in ids), dtype=np.int32)

    def phrase_bonus(self, passages: Passages, query: Query, depth: int) -> Passages:
        """Favour sentences that have the question's words side by side ("red army"):
        the best `depth` passages, ranked again after."""
        wanted = self.index.pair_keys(query.pairs) if query.pairs else None
        if wanted is None or not len(wanted) or not len(passages.score):
            return passages
        top = slice(0, depth)
        starts = self.index.pairs.starts
        begin, end = starts[passages.first[top]], starts[passages.last[top] + 1]
        sizes = end - begin
        offsets = np.zeros(len(sizes) + 1, dtype=np.int64)
        np.cumsum(sizes, out=offsets[1:])
        # Every pair of every passage's sentences, in one array: passage i's are
        # taken[offsets[i]:offsets[i + 1]].
        at = np.repeat(begin - offsets[:-1], sizes) + np.arange(offsets[-1])
        hits = np.zeros(len(at) + 1, dtype=np.int64)
        np.cumsum(members(self.index.pairs.keys[at], wanted), out=hits[1:])
        shared = hits[offsets[1:]] - hits[offsets[:-1]]
        score = passages.score.copy()
        score[top] = np.where(
            shared > 0, score[top] + np.minimum(PHRASE_CAP, PHRASE_BONUS * shared), score[top]
        )
        return replace(passages, score=score).ranked()


def _short_paragraphs(keys: np.ndarray, lengths: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per sentence, the first and last sentence of its paragraph if that paragraph has
    at most `SHORT_PARAGRAPH` words, else the sentence itself (a paragraph's sentences
    are consecutive)."""
    count = len(keys)
    positions = np.arange(count)
    if not count:
        return positions, positions
    starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
    ends = np.r_[starts[1:], count] - 1
    paragraph = np.repeat(np.arange(len(starts)), ends - starts + 1)
    short = (np.add.reduceat(lengths, starts) <= SHORT_PARAGRAPH)[paragraph]
    return (
        np.where(short, starts[paragraph], positions),
        np.where(short, ends[paragraph], positions),
    )


@dataclass(frozen=True, slots=True)
class Passages:
    """Scored passages as arrays, one entry per unit; `Candidate`s are made only for
    those the answer walks through."""

    score: np.ndarray
    coverage: np.ndarray
    section: np.ndarray
    first: np.ndarray
    last: np.ndarray
    about: np.ndarray

    def ranked(self) -> Passages:
        """Sorted by `rank_key`, stably."""
        order = np.lexsort((self.first, self.section, -self.score))
        return Passages(*(np.asarray(a)[order] for a in self._fields()))

    def _fields(self) -> tuple[np.ndarray, ...]:
        return (self.score, self.coverage, self.section, self.first, self.last, self.about)

    def candidates(self) -> Iterator[Candidate]:
        """Best first. Read from the arrays a few at a time (`tolist`, not a numpy scalar
        per field): an answer walks through ten or so of them, rarely all."""
        start, size = 0, 16
        while start < len(self.score):
            part = slice(start, start + size)
            rows = zip(*(np.asarray(a)[part].tolist() for a in self._fields()), strict=True)
            for score, coverage, section, first, last, about in rows:
                yield Candidate(score, coverage, "passage", section, first, last, about=about)
            start, size = start + size, size * 4
