"""Scoring passages: how much of a question a unit covers, with its neighbours and frame.

A passage is a unit (sentence, list item, table row) with its neighbours in the same
paragraph. It scores by how much of the question's weight (idf) it covers: its own words
count fully; its neighbours', its label's and its heading's count for less. Question-type
cues (when, how many, who, why, what is) favour units of the right kind, and question
words side by side in the unit favour it too.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from knowledge.cues import CUES, DEFINITION, sentence_cues
from knowledge.index import Index, Matches, Query
from knowledge.model import AnswerKind

NEIGHBOUR = 0.5
NEIGHBOUR_NEEDED = 0.0
NEIGHBOUR_STRONG = 0.3  # a neighbour matching a third as well as the sentence is quoted too
HEADING = 0.6
CONTEXT = 0.6  # a unit's label (tab, note title, table caption) or its table's header
CUE_BONUS = 0.12
PHRASE_BONUS = 0.05
PHRASE_CAP = 0.15
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
class Candidate:
    score: float
    coverage: float  # share of the question's weight it covers (own words, neighbours, heading)
    kind: AnswerKind
    section: int
    first: int  # sentence positions (inclusive); -1 for a FAQ quote
    last: int
    text: str = ""
    about: bool = False  # it opens with a word the question is about ("uvx is ...")


def rank_key(candidate: Candidate) -> tuple[float, int, int]:
    """Best score first; a tie goes to the earlier place in the text, never to chance."""
    return (-candidate.score, candidate.section, candidate.first)


def best_positions(weights: list[float], matched: list[Matches], limit: int) -> list[int]:
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


class PassageScorer:
    """What scoring a unit needs beyond the index, computed once per knowledge base."""

    def __init__(self, index: Index) -> None:
        self.index = index
        self.cues = [sentence_cues(s.text) for s in index.sentences]
        self.paragraph_key = [(s.section_id, s.paragraph) for s in index.sentences]

    def passage(
        self,
        position: int,
        weights: list[float],
        matched: list[Matches],
        total: float,
        cue: str | None,
        subjects: set[str],
    ) -> Candidate:
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
        about = bool(subjects.intersection(self.index.openings[position]))
        return Candidate(score, coverage, "passage", section, first, last, about=about)

    def phrase_bonus(self, passages: list[Candidate], query: Query) -> list[Candidate]:
        """Favour sentences that have the question's words side by side ("red army")."""
        if not query.pairs:
            return passages
        out = []
        for c in passages:
            shared = sum(len(query.pairs & self.index.pairs[p]) for p in range(c.first, c.last + 1))
            bonus = min(PHRASE_CAP, PHRASE_BONUS * shared)
            out.append(replace(c, score=c.score + bonus) if bonus else c)
        return out
