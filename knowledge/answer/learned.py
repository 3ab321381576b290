"""Learned answers: questions a community confirmed with a verbatim quote of the text.

They are supplied per call (`KnowledgeBase.answer(question, learned=...)`): the knowledge
base stays immutable and shared, while each server brings its own. A learned question is
matched as a curated FAQ question is (`knowledge.faqmatch`), with one more demand: every
weighty word of the new question must be in the learned one. "what age do you have to be
to join" shares most of "how do I join"'s words, but "age" is what it asks about.

Each quote is checked against the current text when the set is built: one that is no
longer verbatim (the text changed) is stale, listed and never quoted.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from knowledge.answer.faq import locate
from knowledge.answer.questions import holds_weighty_words, stems_of, word_closeness
from knowledge.index.index import Index
from knowledge.index.planning import Query
from knowledge.model import Document, FaqEntry

if TYPE_CHECKING:
    from knowledge.answer.answerer import Answerer
    from knowledge.answer.scoring import Candidate
    from knowledge.semantic.meaning import Asked, Meaning

LEARNED_MIN = 0.4  # weighted Dice over terms; below it a question is another question
# all-MiniLM-L6-v2 was trained on question pairs: at this cosine two questions ask for
# the same thing (measured beforehand on the twins of five question sets).
LEARNED_COSINE = 0.76
# Closer still, two questions are one question reworded ("how do i get uv installed on my
# computer", "how do i install uv on my machine"): the new one's weighty words need not all
# be in the old one. Near misses of one another ("how do I get the admin role", "... the
# moderator role") stay under it (measured at most 0.76 on the twins' off-topic questions
# and on pairs written for the purpose).
LEARNED_SURE = 0.85
# A paraphrase shares few words with the learned question it rewords, and its cosine is no
# higher than a near-miss off-topic question's (0.4-0.7 on the twins of the dev sets). But
# when the learned question nearest in meaning is at least HINT_COSINE and nearer than the
# runner-up by HINT_MARGIN, it is usually that question reworded: its passage is put first
# in an answer the engine gives anyway. It never makes a question answered, so off-topic
# questions stay declined (the engine's gate decides, as without learning).
HINT_COSINE = 0.5
HINT_MARGIN = 0.05
# Without the model, the same by words: the learned question sharing the most weight with
# the new one (word_closeness), clearly ahead of the next.
WORD_HINT = 0.2
WORD_HINT_MARGIN = 0.05
# A learned answer was confirmed for this very need: a close match outranks passages that
# merely share its words, more readily than a curated FAQ entry (answer.FAQ_PRIORITY).
PRIORITY = 2.0


@dataclass(frozen=True, slots=True)
class Learned:
    """One confirmed pair as a store keeps it: its key (the store's id), question, quote."""

    key: str
    question: str
    quote: str


class LearnedAnswers:
    """A server's learned answers, checked against one knowledge base; immutable.

    `usable` are those whose quote is verbatim in its text, `stale` the others (each with
    the reason). Build it with `KnowledgeBase.learned(pairs)`.

    Each learned question is planned as a question is (`Index.query`): its words with
    their weights and what each may mean (corrections, synonyms). Two questions are close
    when their words meet, weight for weight, on both sides (a weighted Dice over terms),
    so a typo in either, or a synonym, still meets its word.
    """

    def __init__(
        self,
        index: Index,
        documents: Sequence[Document],
        pairs: Iterable[Learned],
        meaning: Meaning | None = None,
    ):
        self.index = index
        self._meaning = meaning
        self._vectors: np.ndarray | None = None  # embedded on the first question by meaning
        self.pairs = tuple(pairs)
        usable: list[Learned] = []
        stale: list[tuple[Learned, str]] = []
        entries: list[FaqEntry] = []
        for pair in self.pairs:
            found = locate(pair.quote, documents) if pair.quote.strip() else "the quote is empty"
            if isinstance(found, str):
                stale.append((pair, found))
                continue
            usable.append(pair)
            entries.append(FaqEntry(pair.key, pair.question, (), pair.quote, found.id, True))
        self.usable: tuple[Learned, ...] = tuple(usable)
        self.stale: tuple[tuple[Learned, str], ...] = tuple(stale)
        self.entries: tuple[FaqEntry, ...] = tuple(entries)
        self._plans = [index.query(e.question) for e in entries]
        self._by_stem: dict[str, set[int]] = {}
        for position, plan in enumerate(self._plans):
            for term in plan.terms:
                for stem in stems_of(term):
                    self._by_stem.setdefault(stem, set()).add(position)

    def __len__(self) -> int:
        return len(self.entries)

    def matches(self, query: Query, asked: Asked | None = None) -> dict[int, float]:
        """Entry position -> closeness (at least LEARNED_MIN), for learned questions close
        to this one that hold its weighty words.

        With the sentence model (`asked`), a learned question close in meaning (cosine at
        least LEARNED_COSINE) is close too, under the same weighty-words demand, which a
        rewording of it (at least LEARNED_SURE) need not meet."""
        near = self._near(query)
        meant: dict[int, float] = {}
        cosines = None if asked is None else self._cosines(asked)
        if cosines is not None:
            meant = {int(n): float(cosines[n]) for n in np.flatnonzero(cosines >= LEARNED_COSINE)}
        out: dict[int, float] = {}
        for entry in sorted(near | set(meant)):
            plan = self._plans[entry]
            if meant.get(entry, 0.0) < LEARNED_SURE and not holds_weighty_words(query, plan):
                continue
            closeness = max(word_closeness(query, plan), meant.get(entry, 0.0))
            if closeness >= LEARNED_MIN:
                out[entry] = closeness
        return out

    def _cosines(self, asked: Asked) -> np.ndarray | None:
        """Each learned question's cosine to the asked one (None without the model)."""
        if self._meaning is None or not self.entries:
            return None
        if self._vectors is None:  # two threads may both embed: same vectors, harmless
            self._vectors = self._meaning.questions([e.question for e in self.entries])
        return asked.similar(self._vectors)

    def hinted(
        self, candidates: list[Candidate], answerer: Answerer, query: Query, asked: Asked | None
    ) -> list[Candidate]:
        """The candidates of an answer being given, the `hint` first when the engine found
        its passage too and no learned answer matched the question already (what repeats
        it goes)."""
        from knowledge.answer.scoring import overlaps  # noqa: PLC0415  (scoring imports the index)

        if candidates and candidates[0].kind == "learned":
            return candidates
        hint = self.hint(answerer, asked) if asked is not None else self.word_hint(answerer, query)
        if hint is None or not any(overlaps(c, hint) for c in candidates):
            return candidates
        return [hint, *(c for c in candidates if not overlaps(c, hint))]

    def hint(self, answerer: Answerer, asked: Asked) -> Candidate | None:
        """The learned answer whose question is clearly the nearest in meaning (see
        HINT_COSINE), as a candidate to put first in an answer given anyway; else None."""
        cosines = self._cosines(asked)
        if cosines is None:
            return None
        return self._clear_nearest(answerer, cosines, HINT_COSINE, HINT_MARGIN)

    def word_hint(self, answerer: Answerer, query: Query) -> Candidate | None:
        """As `hint`, by words: the learned question clearly nearest in words (WORD_HINT).
        Only those sharing a word with it are compared (the others are at 0)."""
        closeness = np.zeros(len(self.entries))
        for entry in self._near(query):
            closeness[entry] = word_closeness(query, self._plans[entry])
        return self._clear_nearest(answerer, closeness, WORD_HINT, WORD_HINT_MARGIN)

    def _near(self, query: Query) -> set[int]:
        """The learned questions that share a word (or what one may mean) with this one."""
        near: set[int] = set()
        for term in query.terms:
            for stem in stems_of(term):
                near |= self._by_stem.get(stem, set())
        return near

    def _clear_nearest(
        self, answerer: Answerer, closeness: np.ndarray, least: float, margin: float
    ) -> Candidate | None:
        from knowledge.answer.scoring import Candidate  # noqa: PLC0415  (scoring imports the index)

        if len(closeness) == 0:
            return None
        order = np.argsort(-closeness, kind="stable")
        best = float(closeness[order[0]])
        runner_up = float(closeness[order[1]]) if len(order) > 1 else -1.0
        if best < least or best - runner_up < margin:
            return None
        first, last = answerer._quoted(self.entries[int(order[0])])
        if first < 0:
            return None
        section = int(answerer.index.section_of[first])
        return Candidate(best * PRIORITY, best, "learned", section, first, last)

    def candidates(
        self, query: Query, answerer: Answerer, asked: Asked | None = None
    ) -> list[Candidate]:
        """The matched entries as answer candidates: the sentences each quote touches."""
        from knowledge.answer.scoring import Candidate  # noqa: PLC0415  (scoring imports the index)

        out = []
        for entry, closeness in sorted(self.matches(query, asked).items()):
            first, last = answerer._quoted(self.entries[entry])
            if first < 0:
                continue
            section = int(answerer.index.section_of[first])
            out.append(Candidate(closeness * PRIORITY, closeness, "learned", section, first, last))
        return out
