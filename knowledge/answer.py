"""Question -> Answer: rank passages, FAQ entries and topics; calibrate; decline honestly.

A passage is a sentence with its neighbours. It scores by how much of the question's
weight (idf) it covers: its own words count fully, its neighbours' and its heading's count
for less. Question-type cues (when, how many, who, why) favour sentences of the right kind.
The confidence is that coverage, so words the text never uses pull it down: that is what
turns away questions about other topics.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from rapidfuzz import fuzz

from knowledge.calibration import Features, calibrate
from knowledge.cues import CUES, DEFINITION, question_cue, sentence_cues
from knowledge.faq import quoted_sentences
from knowledge.faqmatch import FaqMatcher
from knowledge.index import Index, Matches, Query
from knowledge.model import Answer, AnswerKind, Document, Excerpt, FaqEntry, Section

MAX_QUESTION_CHARS = 1000
NEIGHBOUR = 0.5
NEIGHBOUR_NEEDED = 0.0
NEIGHBOUR_STRONG = 0.3  # a neighbour matching a third as well as the sentence is quoted too
HEADING = 0.6
CONTEXT = 0.6  # a unit's label (tab, note title, table caption) or its table's header
CUE_BONUS = 0.12
FAQ_MIN = 0.6
FAQ_PRIORITY = 1.5  # a close FAQ match outranks a passage that merely shares its words
PHRASE_BONUS = 0.05
PHRASE_CAP = 0.15
PHRASE_DEPTH = 40
CANDIDATES = 200  # sentences scored in full per question
WIDEN_SHARE = 0.8  # a neighbouring runner-up this close widens the best passage
NEAR_COPY = 85  # rapidfuzz ratio above which two excerpts say the same thing
_ANAPHORA = (
    "this",
    "these",
    "it",
    "its",
    "he",
    "his",
    "she",
    "her",
    "they",
    "their",
    "such",
    "that",
    "those",
    "however",
    "in doing so",
    "as a result",
)


@dataclass(frozen=True, slots=True)
class _Candidate:
    score: float
    coverage: float  # share of the question's weight it covers (own words, neighbours, heading)
    kind: AnswerKind
    section: int
    first: int  # sentence positions (inclusive); -1 for a FAQ quote
    last: int
    text: str = ""
    own: float = 0.0  # share of the question's weight its own words cover, exactly


def _rank_key(candidate: _Candidate) -> tuple[float, int, int]:
    """Best score first; a tie goes to the earlier place in the text, never to chance."""
    return (-candidate.score, candidate.section, candidate.first)


def _declined(question: str, suggestions: list[Section]) -> Answer:
    names = tuple(s.name for s in suggestions)
    return Answer(question, False, 0.0, "none", (), names, tuple(s.id for s in suggestions))


def _overlaps(a: _Candidate, b: _Candidate) -> bool:
    return a.first >= 0 and b.first >= 0 and a.first <= b.last and b.first <= a.last


def _same_text(a: str, b: str) -> bool:
    """One contains the other, or they are near copies (a text repeating itself)."""
    return a in b or b in a or fuzz.ratio(a, b) >= NEAR_COPY


def _best_positions(weights: list[float], matched: list[Matches], limit: int) -> list[int]:
    """The sentences worth scoring in full: the best by their own matched weight (and what
    frames them), ties to the earlier sentence.

    On a large text a common word matches thousands of sentences; the full score (with
    neighbours, heading and cues) is computed only for these.
    """
    own: dict[int, float] = {}
    for weight, found in zip(weights, matched, strict=True):
        for position, match in found.sentences.items():
            own[position] = own.get(position, 0.0) + weight * match
        for position, match in found.contexts.items():
            if found.sentences.get(position, 0.0) < CONTEXT * match:
                extra = CONTEXT * match - found.sentences.get(position, 0.0)
                own[position] = own.get(position, 0.0) + weight * extra
    ranked = sorted(own, key=lambda p: (-own[p], p))
    return ranked[:limit]


class Answerer:
    """Everything `answer()` needs, built once per knowledge base."""

    def __init__(self, index: Index, documents: Sequence[Document], faq: Sequence[FaqEntry]):
        self.index = index
        self.documents = {d.title: d for d in documents}
        self.cues = [sentence_cues(s.text) for s in index.sentences]
        self.faq = tuple(faq)
        self.faq_matcher = FaqMatcher(index, self.faq)
        self.section_position = {s.id: i for i, s in enumerate(index.sections)}
        self.faq_section = [self.section_position.get(e.section_id, -1) for e in self.faq]
        self.paragraph_key = [(s.section_id, s.paragraph) for s in index.sentences]
        self.position_of = {s.id: i for i, s in enumerate(index.sentences)}
        self.faq_span = [self._quoted(e) for e in self.faq]

    def answer(self, question: str, threshold: float, limit: int = 3) -> Answer:
        text = question if isinstance(question, str) else str(question)
        query = self.index.query(text[:MAX_QUESTION_CHARS])
        if not query.terms or query.total_weight <= 0:
            return _declined(text, self._default_suggestions())
        candidates = self._rank(query)
        if not candidates:
            return _declined(text, self._default_suggestions())
        best = candidates[0]

        def confidence_of(c: _Candidate) -> float:
            passage = calibrate(self.features(query, c))
            # A question that is (nearly) a curated one is answered however short it is.
            return max(passage, c.coverage**2) if c.kind == "faq" else passage

        excerpts = tuple(self._excerpt(c, confidence_of(c)) for c in candidates[: max(1, limit)])
        suggestions = self._suggestions(candidates)
        names = tuple(s.name for s in suggestions)
        ids = tuple(s.id for s in suggestions)
        confidence = confidence_of(best)
        answered = confidence >= threshold
        return Answer(
            text, answered, confidence, best.kind if answered else "none", excerpts, names, ids
        )

    def features(self, query: Query, chosen: _Candidate) -> Features:
        """What the confidence is computed from (see `knowledge.calibration`)."""
        scale = query.total_weight / self.index.max_idf
        unknown = sum(t.weight for t in query.terms if not t.known) / self.index.max_idf
        return Features(chosen.coverage, chosen.coverage * scale, unknown, chosen.own)

    # --- ranking ---------------------------------------------------------------------------

    def _rank(self, query: Query) -> list[_Candidate]:
        total = query.total_weight
        weights = [t.weight for t in query.terms]
        common = [self.index.is_common(t) for t in query.terms]
        if all(common):  # walk the rarest word in full; the others by membership
            sizes = [self.index.posting_count(t) for t in query.terms]
            common[sizes.index(min(sizes))] = False
        # Rarer words choose the candidates; common ones are then looked up only there.
        matched = [
            self.index.matches(t) if not c else Matches({}, {}, {})
            for t, c in zip(query.terms, common, strict=True)
        ]
        positions = _best_positions(weights, matched, CANDIDATES)
        if any(common):
            region = {n for p in positions for n in (p - 1, p, p + 1) if 0 <= n < self.index.count}
            for i, term in enumerate(query.terms):
                if common[i]:
                    matched[i] = self.index.matches(term, sorted(region))
        cue = question_cue(query.text)
        subjects = {
            a[0] for t in query.terms for a, f in t.alternatives if len(a) == 1 and f >= 0.8
        }
        passages = [self._passage(p, weights, matched, total, cue, subjects) for p in positions]
        passages.sort(key=_rank_key)
        passages = self._phrase_bonus(passages[:PHRASE_DEPTH], query) + passages[PHRASE_DEPTH:]
        passages += self._faq_candidates(query)
        heading_hits = [m.headings for m in matched]
        passages += self._topic_candidates(weights, heading_hits, total, len(query.terms))
        passages.sort(key=_rank_key)
        return self._distinct(passages)

    def _passage(
        self,
        position: int,
        weights: list[float],
        matched: list[Matches],
        total: float,
        cue: str | None,
        subjects: set[str],
    ) -> _Candidate:
        section = self.index.section_of[position]
        key = self.paragraph_key[position]
        before = position - 1 if position > 0 and self.paragraph_key[position - 1] == key else None
        after = (
            position + 1
            if position + 1 < self.index.count and self.paragraph_key[position + 1] == key
            else None
        )
        covered = own = gain_before = gain_after = own_before = own_after = 0.0
        for weight, found in zip(weights, matched, strict=True):
            hits = found.sentences
            mine = max(
                hits.get(position, 0.0),
                CONTEXT * found.contexts.get(position, 0.0),
                HEADING * found.headings.get(section, 0.0),
            )
            prev = NEIGHBOUR * hits.get(before, 0.0) if before is not None else 0.0
            nxt = NEIGHBOUR * hits.get(after, 0.0) if after is not None else 0.0
            covered += weight * max(mine, prev, nxt)
            own += weight * hits.get(position, 0.0)
            gain_before += weight * max(0.0, prev - mine)
            gain_after += weight * max(0.0, nxt - mine)
            own_before += weight * prev
            own_after += weight * nxt
        coverage = covered / total
        length = self.index.lengths[position] / self.index.average_length
        score = coverage + 0.25 * own / total - 0.03 * max(0.0, length - 1.0)
        if (cue in CUES and cue in self.cues[position]) or (
            cue == DEFINITION and subjects & set(self.index.openings[position])
        ):
            score += CUE_BONUS
        # The excerpt takes in a neighbour whose words the answer needs, or that a
        # pronoun at its start points back to.
        text = self.index.sentences[position].text
        opens_with_reference = text.casefold().startswith(_ANAPHORA)
        needed = NEIGHBOUR_NEEDED * total
        strong = NEIGHBOUR_STRONG * NEIGHBOUR * own
        first = (
            before
            if before is not None
            and (gain_before > needed or own_before >= strong or opens_with_reference)
            else position
        )
        last = (
            after
            if after is not None and (gain_after > needed or own_after >= strong)
            else position
        )
        return _Candidate(score, coverage, "passage", section, first, last, own=own / total)

    def _phrase_bonus(self, passages: list[_Candidate], query: Query) -> list[_Candidate]:
        """Favour sentences that have the question's words side by side ("red army")."""
        if not query.pairs:
            return passages
        out = []
        for c in passages:
            shared = sum(len(query.pairs & self.index.pairs[p]) for p in range(c.first, c.last + 1))
            bonus = min(PHRASE_CAP, PHRASE_BONUS * shared)
            out.append(replace(c, score=c.score + bonus) if bonus else c)
        return out

    def _quoted(self, entry: FaqEntry) -> tuple[int, int]:
        """First and last sentence positions an entry's answer quotes; (-1, -1) if none."""
        position = self.section_position.get(entry.section_id)
        section = self.index.sections[position] if position is not None else None
        text = self.documents[section.document].text if section else ""
        quoted = quoted_sentences(entry, section, text)
        if not quoted:
            return (-1, -1)
        return (self.position_of[quoted[0].id], self.position_of[quoted[-1].id])

    def _faq_candidates(self, query: Query) -> list[_Candidate]:
        """FAQ entries whose question (or an alternate phrasing) is close to this question."""
        out = []
        for entry, similarity in sorted(self.faq_matcher.match(query, FAQ_MIN).items()):
            section = self.faq_section[entry]
            if section >= 0 and self.faq[entry].curated:
                score = similarity * FAQ_PRIORITY
                out.append(
                    _Candidate(score, similarity, "faq", section, -1, -1, self.faq[entry].answer)
                )
        return out

    def _topic_candidates(
        self, weights: list[float], heading_hits: list[dict[int, float]], total: float, size: int
    ) -> list[_Candidate]:
        """A question that is little more than a topic's name gets that topic's opening."""
        if size > 4:
            return []
        sections: dict[int, float] = {}
        for weight, hits in zip(weights, heading_hits, strict=True):
            for section, match in hits.items():
                sections[section] = sections.get(section, 0.0) + weight * match
        out = []
        for section, covered in sections.items():
            coverage = covered / total
            sentences = self.index.sections[section].sentences
            if coverage < 0.8 or not sentences:
                continue
            first = self.position_of[sentences[0].id]
            out.append(_Candidate(coverage * 0.98, coverage, "summary", section, first, first))
        return out

    def _distinct(self, candidates: list[_Candidate]) -> list[_Candidate]:
        """Drop candidates that repeat a better one; a close runner-up next to a better
        passage widens that passage instead (up to three sentences of one paragraph)."""
        kept: list[_Candidate] = []
        texts: list[str] = []
        for candidate in candidates:
            text = candidate.text or self._text(candidate)
            overlapping = [i for i, k in enumerate(kept) if _overlaps(k, candidate)]
            if overlapping:
                i = overlapping[0]
                widened = self._widened(kept[i], candidate)
                if len(overlapping) == 1 and widened is not None:
                    kept[i] = widened
                    texts[i] = self._text(widened)
                continue
            if any(_same_text(text, t) for t in texts):
                continue
            kept.append(candidate)
            texts.append(text)
            if len(kept) >= 10:
                break
        return kept

    def _widened(self, better: _Candidate, other: _Candidate) -> _Candidate | None:
        """`better` stretched over `other`, when both are passages of one paragraph, the
        union is at most three sentences, and `other` scores close to `better`."""
        if better.kind != "passage" or other.kind != "passage":
            return None
        first, last = min(better.first, other.first), max(better.last, other.last)
        if (first, last) == (better.first, better.last) or last - first > 2:
            return None
        if self.paragraph_key[first] != self.paragraph_key[last]:
            return None
        if other.score < WIDEN_SHARE * better.score:
            return None
        return replace(better, first=first, last=last)

    # --- output ----------------------------------------------------------------------------

    def _text(self, candidate: _Candidate) -> str:
        sentences = self.index.sentences
        first, last = sentences[candidate.first], sentences[candidate.last]
        document = self.documents[self.index.sections[candidate.section].document]
        return first.quote(document.text, last)

    def _excerpt(self, candidate: _Candidate, score: float) -> Excerpt:
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

    def _suggestions(self, candidates: list[_Candidate]) -> list[Section]:
        """The sections of the best candidates, without repeats, at most three."""
        found: list[Section] = []
        for candidate in candidates:
            section = self.index.sections[candidate.section]
            if section not in found:
                found.append(section)
            if len(found) == 3:
                break
        return found

    def _default_suggestions(self) -> list[Section]:
        return [s for s in self.index.sections if s.level == 1][:3]
