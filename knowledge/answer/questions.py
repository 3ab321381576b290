"""Two questions compared word by word: is one the other asked again?

Used wherever a new question is matched to a question someone confirmed (learned
answers, and curated FAQ questions matched by meaning). Closeness is a weighted Dice over
the two questions' planned terms (`Index.query`), so a typo or a synonym still meets its
word. Closeness alone is not enough: the new question must not lack what it asks about.
"""

from __future__ import annotations

from collections.abc import Sequence

from knowledge.index.planning import Query, QueryTerm
from knowledge.words.text import terms

# A question word weighing at least this share of the question's heaviest word is one
# of what it asks about. Such words that the other question lacks (nor any word they
# may mean) may carry at most MISSING_SHARE of the question's weight: a long question
# may word one detail differently, a short one must not lack what it asks about.
WEIGHTY = 0.5
MISSING_SHARE = 0.45


def holds_weighty_words(query: Query, other: Query) -> bool:
    """Whether `other` holds what `query` asks about. "what age do you have to be to
    join" shares most of "how do I join"'s words, but "age" is what it asks about; and a
    weighty word the text never uses, nor anything it may mean, says the question is
    about something else."""
    heaviest = max((t.weight for t in query.terms), default=0.0)
    weighty = [
        t for t in query.terms if t.weight >= WEIGHTY * heaviest and meets(t, other.terms) <= 0
    ]
    return sum(t.weight for t in weighty) <= MISSING_SHARE * query.total_weight and all(
        t.alternatives for t in weighty
    )


def word_closeness(query: Query, other: Query) -> float:
    """0 to 1: the two questions' words met, weight for weight, on both sides."""
    shared = sum(t.weight * meets(t, other.terms) for t in query.terms)
    shared += sum(t.weight * meets(t, query.terms) for t in other.terms)
    total = query.total_weight + other.total_weight
    return shared / total if total > 0 else 0.0


def stems_of(term: QueryTerm) -> set[str]:
    """What a question word may match: its own stems and those of what it may mean."""
    found = set(terms(term.word))
    for phrase, _ in term.alternatives:
        found.update(phrase)
    return found


def meets(term: QueryTerm, others: Sequence[QueryTerm]) -> float:
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
