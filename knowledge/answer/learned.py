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

from knowledge.answer.faq import locate
from knowledge.index.index import Index
from knowledge.index.planning import Query, QueryTerm
from knowledge.model import Document, FaqEntry
from knowledge.words.text import terms

if TYPE_CHECKING:
    from knowledge.answer.answerer import Answerer
    from knowledge.answer.scoring import Candidate

LEARNED_MIN = 0.4  # weighted Dice over terms; below it a question is another question
# A question word weighing at least this share of the question's heaviest word is one
# of what it asks about. Such words that the learned question lacks (nor any word they
# may mean) may carry at most MISSING_SHARE of the question's weight: a long question
# may word one detail differently, a short one must not lack what it asks about.
WEIGHTY = 0.5
MISSING_SHARE = 0.45
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

    def __init__(self, index: Index, documents: Sequence[Document], pairs: Iterable[Learned]):
        self.index = index
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
                for stem in _stems(term):
                    self._by_stem.setdefault(stem, set()).add(position)

    def __len__(self) -> int:
        return len(self.entries)

    def matches(self, query: Query) -> dict[int, float]:
        """Entry position -> closeness (at least LEARNED_MIN), for learned questions close
        to this one that hold its weighty words.

        The seam for meaning: a sentence model's matches (entry position -> similarity)
        would be merged here, under the same weighty-words demand."""
        near: set[int] = set()
        for term in query.terms:
            for stem in _stems(term):
                near |= self._by_stem.get(stem, set())
        heaviest = max((t.weight for t in query.terms), default=0.0)
        out: dict[int, float] = {}
        for entry in sorted(near):
            plan = self._plans[entry]
            mine = [_meets(t, plan.terms) for t in query.terms]
            unmet = [t for m, t in zip(mine, query.terms, strict=True) if m <= 0]
            weighty = [t for t in unmet if t.weight >= WEIGHTY * heaviest]
            # A weighty word the text never uses, nor anything it may mean ("age" in a
            # text without it), says the question is about something else.
            if sum(t.weight for t in weighty) > MISSING_SHARE * query.total_weight or any(
                not t.alternatives for t in weighty
            ):
                continue
            theirs = [_meets(t, query.terms) for t in plan.terms]
            shared = sum(t.weight * m for t, m in zip(query.terms, mine, strict=True))
            shared += sum(t.weight * m for t, m in zip(plan.terms, theirs, strict=True))
            total = query.total_weight + plan.total_weight
            closeness = shared / total if total > 0 else 0.0
            if closeness >= LEARNED_MIN:
                out[entry] = closeness
        return out

    def candidates(self, query: Query, answerer: Answerer) -> list[Candidate]:
        """The matched entries as answer candidates: the sentences each quote touches."""
        from knowledge.answer.scoring import Candidate  # noqa: PLC0415  (scoring imports the index)

        out = []
        for entry, closeness in sorted(self.matches(query).items()):
            first, last = answerer._quoted(self.entries[entry])
            if first < 0:
                continue
            section = int(answerer.index.section_of[first])
            out.append(Candidate(closeness * PRIORITY, closeness, "learned", section, first, last))
        return out


def _stems(term: QueryTerm) -> set[str]:
    """What a question word may match: its own stems and those of what it may mean."""
    found = set(terms(term.word))
    for phrase, _ in term.alternatives:
        found.update(phrase)
    return found


def _meets(term: QueryTerm, others: Sequence[QueryTerm]) -> float:
    """How well a word meets the other question's words, 0 to 1: the same word fully,
    else the best product of what each may mean ("uninstal" meets "uninstall")."""
    best = 0.0
    own = set(terms(term.word))
    for other in others:
        if own & set(terms(other.word)):
            return 1.0
        theirs = dict(other.alternatives)
        for phrase, factor in term.alternatives:
            if phrase in theirs:
                best = max(best, factor * theirs[phrase])
    return best
