"""Question -> Answer: rank passages (`knowledge.answer.scoring`), curated FAQ entries and topics;
keep the distinct ones; calibrate (`knowledge.answer.calibration`); decline honestly.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

import numpy as np
from rapidfuzz import fuzz, process

from knowledge.answer import fusion
from knowledge.answer.calibration import Features, calibrate
from knowledge.answer.faq import quoted_span
from knowledge.answer.faqmatch import FaqMatcher
from knowledge.answer.questions import holds_weighty_words
from knowledge.answer.scoring import Candidate, PassageScorer, best_positions, overlaps, rank_key
from knowledge.answer.summarize import summary_positions
from knowledge.answer.titles import asked_names, named_section, section_names
from knowledge.index.index import Index, Matches
from knowledge.index.planning import Query
from knowledge.model import Answer, Document, Excerpt, FaqEntry, Section
from knowledge.words.cues import CUE_BITS, claims_a_cause, question_cue
from knowledge.words.text import words

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
NAMED = 1.0  # the confidence of a section's summary for a question that is its name
# A causal claim ("did X happen because of Y") asks two things: that X and Y are there,
# and that the text says one caused the other. A passage that states no cause meets half.
CAUSE_UNSTATED = 0.5
VERBATIM = 0.999  # a learned question matched this closely is that very question


def _declined(question: str, suggestions: list[Section]) -> Answer:
    names = tuple(s.name for s in suggestions)
    return Answer(question, False, 0.0, "none", (), names, tuple(s.id for s in suggestions))


def _learned_for(candidates: list[Candidate]) -> bool:
    """The best candidate is a learned question that this very question is: what a
    community confirmed for it stands before a section's summary (a curated entry does
    not, unless asked as written: the section is what a question naming it asks for)."""
    return (
        bool(candidates)
        and candidates[0].kind == "learned"
        and (candidates[0].coverage >= VERBATIM)
    )


def _repeats(text: str, kept: list[str]) -> bool:
    """Whether `text` says what one of `kept` says: one contains the other, or they are
    near copies (a text repeating itself), rapidfuzz comparing it with all in one call
    (texts whose lengths differ more than the ratio allows are turned away at once)."""
    if any(text in other or other in text for other in kept):
        return True
    return (
        bool(kept)
        and process.extractOne(text, kept, scorer=fuzz.ratio, score_cutoff=NEAR_COPY) is not None
    )


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
        answerable = [int(first) >= 0 for first in index.section_first]
        self.names = section_names(index.sections, answerable)
        # A curated question asked as written is the curator's: its entry stands.
        self.curated_phrasings = frozenset(
            tuple(words(q)) for i in self.curated for q in (faq[i].question, *faq[i].alternates)
        )

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
        named = self._named(text[:MAX_QUESTION_CHARS])
        if not query.terms or query.total_weight <= 0:
            if named is not None:
                return self._section_answer(text, named, [], limit)
            return _declined(text, self._default_suggestions())
        asked = None if meaning is None else meaning.ask(text[:MAX_QUESTION_CHARS], fusion.DENSE)
        wanted = max(1, limit) if asked is None else max(limit, fusion.LEXICAL_DEPTH)
        candidates = self._rank(query, wanted, learned, asked)
        if named is not None and not _learned_for(candidates):
            return self._section_answer(text, named, candidates, limit)
        if not candidates:
            return _declined(text, self._default_suggestions())
        best = candidates[0]  # the lexical engine's: it decides whether to answer
        if asked is not None:
            candidates = fusion.fused(candidates, asked.cosine_of, asked.dense)

        claim = claims_a_cause(query.text)

        def confidence_of(c: Candidate) -> float:
            passage = calibrate(self.features(query, c))
            if claim and c.kind == "passage" and not self._states_a_cause(c):
                passage *= CAUSE_UNSTATED
            # A question that is (nearly) a curated or learned one is answered however short.
            return max(passage, c.coverage**2) if c.kind in ("faq", "learned") else passage

        confidence = confidence_of(best)
        answered = confidence >= threshold
        if answered and learned is not None:
            candidates = learned.hinted(candidates, self, query, asked)
        excerpts = tuple(self._excerpt(c, confidence_of(c)) for c in candidates[: max(1, limit)])
        suggestions = self._suggestions(candidates)
        names = tuple(s.name for s in suggestions)
        ids = tuple(s.id for s in suggestions)
        kind = candidates[0].kind if answered else "none"
        return Answer(text, answered, confidence, kind, excerpts, names, ids)

    # --- a question that names a section --------------------------------------------------

    def _named(self, question: str) -> int | None:
        """The position of the section the question is the name of (`knowledge.answer.titles`),
        unless it is a curated question asked as written."""
        if tuple(words(question)) in self.curated_phrasings:
            return None
        for name in asked_names(question):
            found = named_section(self.names, self.index.sections, name)
            if found is not None:
                return found
        return None

    def _section_answer(
        self, question: str, section: int, candidates: list[Candidate], limit: int
    ) -> Answer:
        """The named section's summary, quoted where its sentences stand, with its link;
        suggested: the section, its subsections, then the ranking's sections."""
        runs = self._summary_runs(section)[: max(1, limit)]
        excerpts = tuple(
            self._excerpt(Candidate(NAMED, 1.0, "summary", section, a, b), NAMED) for a, b in runs
        )
        chosen = [self.index.sections[section], *self._subsections(section)]
        chosen += [s for s in self._suggestions(candidates) if s not in chosen]
        suggestions = chosen[:SUGGESTIONS]
        names = tuple(s.name for s in suggestions)
        ids = tuple(s.id for s in suggestions)
        return Answer(question, True, NAMED, "summary", excerpts, names, ids)

    def _summary_runs(self, section: int) -> list[tuple[int, int]]:
        """The section's summary as (first, last) unit positions: runs of consecutive
        sentences of one paragraph, at most three sentences each (an excerpt's size)."""
        units = self.index.sections[section].sentences
        first = int(self.index.section_first[section])
        runs: list[tuple[int, int]] = []
        for i in summary_positions(self.index.sections[section]):
            if runs:
                a, b = runs[-1]
                joins = b == first + i - 1 and b - a < 2
                if joins and units[i].paragraph == units[i - 1].paragraph:
                    runs[-1] = (a, first + i)
                    continue
            runs.append((first + i, first + i))
        return runs

    def _subsections(self, section: int) -> list[Section]:
        """The sections directly under this one, in order."""
        parent = self.index.sections[section]
        out = []
        for other in self.index.sections[section + 1 :]:
            if other.document != parent.document or other.level <= parent.level:
                break
            if other.level == parent.level + 1:
                out.append(other)
        return out

    def _states_a_cause(self, candidate: Candidate) -> bool:
        """Whether a unit of the passage gives a reason ("because", "led to", "caused")."""
        flags = self.index.flags[candidate.first : candidate.last + 1]
        return bool(np.any(flags & CUE_BITS["why"]))

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
        curated = sorted(self._faq_candidates(query, asked), key=rank_key)
        topics = self._topic_candidates(weights, matched, total)
        confirmed = []
        if learned is not None:  # a server's learned answers rank as curated FAQ entries do
            confirmed = sorted(learned.candidates(query, self, asked), key=rank_key)
        # Equal keys: passages first, then FAQ entries, topics, learned answers.
        streams = (passages.candidates(), curated, topics, confirmed)
        return self._distinct(heapq.merge(*streams, key=rank_key), wanted)

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
    ) -> Iterator[Candidate]:
        """A question that is little more than a topic's name gets that topic's opening:
        best first (ties to the earlier section), made as the ranking reaches them (a
        common word heads thousands of sections of a large text; an answer reads a few)."""
        if len(matched) > 4:
            return
        sections = np.zeros(len(self.index.sections))
        for weight, found in zip(weights, matched, strict=True):
            sections += weight * found.headings
        coverages = sections / total
        chosen = np.flatnonzero((coverages >= 0.8) & (self.index.section_first >= 0))
        coverage = coverages[chosen]
        score = coverage * 0.98
        order = np.lexsort((chosen, -score))
        firsts = self.index.section_first[chosen]
        for i in order.tolist():
            section, first = int(chosen[i]), int(firsts[i])
            yield Candidate(float(score[i]), float(coverage[i]), "summary", section, first, first)

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
            overlapping = [i for i, k in enumerate(kept) if overlaps(k, candidate)]
            if overlapping:
                i = overlapping[0]
                widened = self._widened(kept[i], candidate)
                if len(overlapping) == 1 and widened is not None:
                    kept[i] = widened
                    texts[i] = self._text(widened)
                continue
            text = candidate.text or self._text(candidate)
            if _repeats(text, texts):
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
