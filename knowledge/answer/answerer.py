"""Question -> Answer: rank passages (`knowledge.answer.scoring`), curated FAQ entries and topics;
keep the distinct ones; calibrate (`knowledge.answer.calibration`); decline honestly.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

import numpy as np
from rapidfuzz import fuzz

from knowledge.answer import fusion
from knowledge.answer.calibration import Features, calibrate
from knowledge.answer.faq import quoted_span
from knowledge.answer.faqmatch import FaqMatcher
from knowledge.answer.questions import holds_weighty_words
from knowledge.answer.scoring import Candidate, PassageScorer, best_positions, rank_key
from knowledge.index.index import Index, Matches
from knowledge.index.planning import Query
from knowledge.model import Answer, Document, Excerpt, FaqEntry, Section
from knowledge.words.cues import question_cue

if TYPE_CHECKING:
    from knowledge.answer.learned import LearnedAnswers
    from knowledge.semantic.meaning import Asked, Meaning

MAX_QUESTION_CHARS = 1000
FAQ_MIN = 0.6
FAQ_COSINE = 0.8  # a curated question this close in meaning (and words: below) is asked
# A close FAQ match outranks a passage that merely shares its words: at similarity 1 it
# beats the best a passage can score (scoring.BEST_PASSAGE, a test keeps it so).
FAQ_PRIORITY = 1.75
PHRASE_DEPTH = 40
CANDIDATES = 200  # sentences scored in full per question
WIDEN_SHARE = 0.8  # a neighbouring runner-up this close widens the best passage
NEAR_COPY = 85  # rapidfuzz ratio above which two excerpts say the same thing
MAX_EXCERPTS = 10  # the most an answer quotes, whatever limit is asked
SUGGESTIONS = 3  # sections suggested with an answer or a decline


def _declined(question: str, suggestions: list[Section]) -> Answer:
    names = tuple(s.name for s in suggestions)
    return Answer(question, False, 0.0, "none", (), names, tuple(s.id for s in suggestions))


def _overlaps(a: Candidate, b: Candidate) -> bool:
    return a.first >= 0 and b.first >= 0 and a.first <= b.last and b.first <= a.last


def _same_text(a: str, b: str) -> bool:
    """One contains the other, or they are near copies (a text repeating itself).

    Texts whose lengths differ by more than the ratio allows are never near copies
    (ratio = 2 * matches / total length), so most pairs skip rapidfuzz altogether.
    """
    if a in b or b in a:
        return True
    shorter, longer = sorted((len(a), len(b)))
    if 200 * shorter < NEAR_COPY * (shorter + longer):
        return False
    return fuzz.ratio(a, b, score_cutoff=NEAR_COPY) >= NEAR_COPY


class Answerer:
    """Everything `answer()` needs, built once per knowledge base."""

    def __init__(self, index: Index, documents: Sequence[Document], faq: Sequence[FaqEntry]):
        self.index = index
        self.documents = {d.title: d for d in documents}
        self.scorer = PassageScorer(index)
        self.faq = tuple(faq)
        # Only curated entries answer (generated ones are for browsing): only they are matched.
        self.curated = [i for i, e in enumerate(self.faq) if e.curated]
        self.faq_matcher = FaqMatcher(index, [self.faq[i] for i in self.curated])
        self.section_position = {s.id: i for i, s in enumerate(index.sections)}
        self.faq_section = [self.section_position.get(e.section_id, -1) for e in self.faq]
        self.faq_span = [self._quoted(e) for e in self.faq]

    def answer(
        self,
        question: str,
        threshold: float,
        limit: int = 3,
        learned: LearnedAnswers | None = None,
        meaning: Meaning | None = None,
    ) -> Answer:
        text = question if isinstance(question, str) else str(question)
        query = self.index.query(text[:MAX_QUESTION_CHARS])
        if not query.terms or query.total_weight <= 0:
            return _declined(text, self._default_suggestions())
        asked = None if meaning is None else meaning.ask(text[:MAX_QUESTION_CHARS], fusion.DENSE)
        wanted = max(1, limit) if asked is None else max(limit, fusion.LEXICAL_DEPTH)
        candidates = self._rank(query, wanted, learned, asked)
        if not candidates:
            return _declined(text, self._default_suggestions())
        best = candidates[0]  # the lexical engine's: it decides whether to answer
        if asked is not None:
            candidates = fusion.fused(candidates, asked.cosine_of, asked.dense)

        def confidence_of(c: Candidate) -> float:
            passage = calibrate(self.features(query, c))
            # A question that is (nearly) a curated or learned one is answered however short.
            return max(passage, c.coverage**2) if c.kind in ("faq", "learned") else passage

        excerpts = tuple(self._excerpt(c, confidence_of(c)) for c in candidates[: max(1, limit)])
        suggestions = self._suggestions(candidates)
        names = tuple(s.name for s in suggestions)
        ids = tuple(s.id for s in suggestions)
        confidence = confidence_of(best)
        answered = confidence >= threshold
        kind = candidates[0].kind if answered else "none"
        return Answer(text, answered, confidence, kind, excerpts, names, ids)

    def features(self, query: Query, chosen: Candidate) -> Features:
        """What the confidence is computed from (see `knowledge.answer.calibration`)."""
        scale = query.total_weight / self.index.max_idf
        unknown = sum(t.weight for t in query.terms if not t.known) / self.index.max_idf
        return Features(chosen.coverage, chosen.coverage * scale, unknown, float(chosen.about))

    # --- ranking ---------------------------------------------------------------------------

    def _rank(
        self,
        query: Query,
        wanted: int = 3,
        learned: LearnedAnswers | None = None,
        asked: Asked | None = None,
    ) -> list[Candidate]:
        """The distinct candidates, best first: at least `wanted` of them (when there are
        that many) and enough for three suggested sections. With `asked` (the sentence
        model's view of the question), the units closest in meaning are scored too."""
        total = query.total_weight
        weights = [t.weight for t in query.terms]
        matched = [self.index.matches(t) for t in query.terms]
        positions = best_positions(weights, matched, CANDIDATES, self.index.count)
        if asked is not None:
            more = np.setdiff1d(np.array(sorted(asked.dense), np.int32), positions)
            positions = np.concatenate((positions, more)).astype(np.int32)
        cue = question_cue(query.text)
        subjects = {
            a[0] for t in query.terms for a, f in t.alternatives if len(a) == 1 and f >= 0.8
        }
        sections = self.scorer.section_coverage(weights, matched, total)
        passages = self.scorer.passages(positions, weights, matched, total, cue, subjects, sections)
        passages = self.scorer.phrase_bonus(passages, query, PHRASE_DEPTH)
        others = self._faq_candidates(query, asked)
        others += self._topic_candidates(weights, matched, total)
        if learned is not None:  # a server's learned answers rank as curated FAQ entries do
            others += learned.candidates(query, self, asked)
        others.sort(key=rank_key)
        # Equal keys: passages first, then FAQ entries, then topics (as one stable sort).
        return self._distinct(heapq.merge(passages.candidates(), others, key=rank_key), wanted)

    def _quoted(self, entry: FaqEntry) -> tuple[int, int]:
        """First and last sentence positions an entry's answer quotes; (-1, -1) if none."""
        position = self.section_position.get(entry.section_id)
        section = self.index.sections[position] if position is not None else None
        text = self.documents[section.document].text if section else ""
        span = quoted_span(entry, section, text)
        if position is None or span is None:
            return (-1, -1)
        first = int(self.index.section_first[position])
        return (first + span[0], first + span[1])

    def _faq_candidates(self, query: Query, asked: Asked | None = None) -> list[Candidate]:
        """FAQ entries whose question (or an alternate phrasing) is close to this question,
        in words or (with the sentence model) in meaning."""
        out = []
        close = self.faq_matcher.match(query, FAQ_MIN)
        if asked is not None:
            for matched, similarity in self._faq_by_meaning(query, asked).items():
                close[matched] = max(close.get(matched, 0.0), similarity)
        for matched, similarity in sorted(close.items()):
            entry = self.curated[matched]
            section = self.faq_section[entry]
            if section >= 0:
                score = similarity * FAQ_PRIORITY
                out.append(
                    Candidate(score, similarity, "faq", section, -1, -1, self.faq[entry].answer)
                )
        return out

    def _faq_by_meaning(self, query: Query, asked: Asked) -> dict[int, float]:
        """Curated entries (by position among them) a phrasing of which is close to the
        question in meaning and holds its weighty words."""
        out = {}
        for matched in np.flatnonzero(asked.faq_cosines >= FAQ_COSINE).tolist():
            plans = asked.faq_plans[matched]
            if any(holds_weighty_words(query, plan) for plan in plans):
                out[matched] = float(asked.faq_cosines[matched])
        return out

    def _topic_candidates(
        self, weights: list[float], matched: list[Matches], total: float
    ) -> list[Candidate]:
        """A question that is little more than a topic's name gets that topic's opening."""
        if len(matched) > 4:
            return []
        sections = np.zeros(len(self.index.sections))
        for weight, found in zip(weights, matched, strict=True):
            sections += weight * found.headings
        coverages = sections / total
        out = []
        for section in np.flatnonzero(coverages >= 0.8).tolist():
            coverage = float(coverages[section])
            first = int(self.index.section_first[section])
            if first < 0:
                continue
            out.append(Candidate(coverage * 0.98, coverage, "summary", section, first, first))
        return out

    def _distinct(self, candidates: Iterable[Candidate], wanted: int) -> list[Candidate]:
        """Drop candidates that repeat a better one; a close runner-up next to a better
        passage widens that passage instead (up to three sentences of one paragraph).

        Candidates come best first, so the walk stops once `wanted` are kept from three
        sections and the rest score too little to widen any of those `wanted`: the
        excerpts and suggestions are then those a walk to the end would give."""
        kept: list[Candidate] = []
        texts: list[str] = []
        sections: set[int] = set()
        for candidate in candidates:
            if (
                len(kept) >= wanted
                and len(sections) >= SUGGESTIONS
                and candidate.score < WIDEN_SHARE * min(k.score for k in kept[:wanted])
            ):
                break
            overlapping = [i for i, k in enumerate(kept) if _overlaps(k, candidate)]
            if overlapping:
                i = overlapping[0]
                widened = self._widened(kept[i], candidate)
                if len(overlapping) == 1 and widened is not None:
                    kept[i] = widened
                    texts[i] = self._text(widened)
                continue
            text = candidate.text or self._text(candidate)
            if any(_same_text(text, t) for t in texts):
                continue
            kept.append(candidate)
            texts.append(text)
            sections.add(candidate.section)
            if len(kept) >= MAX_EXCERPTS:
                break
        return kept

    def _widened(self, better: Candidate, other: Candidate) -> Candidate | None:
        """`better` stretched over `other`, when both are passages of one paragraph, the
        union is at most three sentences, and `other` scores close to `better`."""
        if better.kind != "passage" or other.kind != "passage":
            return None
        first, last = min(better.first, other.first), max(better.last, other.last)
        if (first, last) == (better.first, better.last) or last - first > 2:
            return None
        if self.scorer.paragraph_key[first] != self.scorer.paragraph_key[last]:
            return None
        if other.score < WIDEN_SHARE * better.score:
            return None
        return replace(better, first=first, last=last)

    # --- output ----------------------------------------------------------------------------

    def _text(self, candidate: Candidate) -> str:
        document = self.documents[self.index.sections[candidate.section].document]
        return self.index.quote(candidate.first, candidate.last, document.text)

    def _excerpt(self, candidate: Candidate, score: float) -> Excerpt:
        section = self.index.sections[candidate.section]
        return Excerpt(
            text=candidate.text or self._text(candidate),
            document=section.document,
            section=section.title,
            path=section.path,
            url=section.url,
            score=score,
            section_id=section.id,
        )

    def _suggestions(self, candidates: list[Candidate]) -> list[Section]:
        """The sections of the best candidates, without repeats, at most three."""
        found: list[Section] = []
        for candidate in candidates:
            section = self.index.sections[candidate.section]
            if section not in found:
                found.append(section)
            if len(found) == SUGGESTIONS:
                break
        return found

    def _default_suggestions(self) -> list[Section]:
        found: list[Section] = []
        for section in self.index.sections:  # stops at the third: a large text has thousands
            if section.level == 1:
                found.append(section)
                if len(found) == SUGGESTIONS:
                    break
        return found
