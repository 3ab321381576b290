"""Query planning: a question -> the terms it is matched with, each weighed and with what
it may match in the text.

A question word may match itself, its parts (an identifier's words), typo corrections
looked up in the vocabulary's `TypoIndex`, the initials of a phrase the text uses often,
names' derived forms, curated synonyms, WordNet synonyms and family, and words close in
meaning; its weight is its idf in the text scaled by its rarity in English. Plans are
remembered per index, as questions to one text keep using the same words.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING, Any

from knowledge.index.initialisms import initialisms_of
from knowledge.index.names import root
from knowledge.read.synonyms import MAX_PHRASE
from knowledge.words.english import english_spelling, rarity
from knowledge.words.text import STOPWORDS, stem, word_groups
from knowledge.words.thesaurus import close_in_meaning, related

if TYPE_CHECKING:
    from knowledge.index.postings import Pairs, Postings
    from knowledge.read.synonyms import Synonyms
    from knowledge.words.typos import TypoIndex

SYNONYM_FACTOR = 0.75
WORDNET_SYNONYM = 0.6  # a synonym in one of the word's frequent senses (WordNet)
FAMILY_FACTOR = 0.8  # a word derived from it: "creation" for "create"
RELATED_FACTOR = 0.8  # times the similarity of a word close in meaning (related.tsv)
PARTS_FACTOR = 0.9  # an identifier's words, apart ("dry run" for "--dry-run")
NAME_FORM_FACTOR = 0.8  # a word of a curated question about the sentence
TYPO_RARITY = 0.85  # a word more common than zipf 3 in English is not taken for a typo
# A word's weight is its idf in the text, scaled by how rare it is in English: "best" may
# be rare in the text, but it says less about the question's topic than "Kirov".
ENGLISH_SHARE = 0.7
# Words that frame a question rather than say what it is about: they count for little.
FRAME_WORDS = """
    happen happened happening mean means meant explain describe say said think thought
    called call name named way ways idea role effect effects impact reason reasons
    affect affected exactly basically example give gave stuff anything everything
    someone somebody people person back time times work works
    """.split()
FRAME_FACTOR = 0.35
PLANS = 4096  # question words remembered with their plans, per index
# A two-letter word the text never uses may be the initials of a phrase it uses often
# ("hp" for "hit points"): that phrase is an alternative, counting this much.
INITIALISM_FACTOR = 0.6


@dataclass(frozen=True, slots=True)
class QueryTerm:
    word: str
    weight: float
    alternatives: tuple[tuple[tuple[str, ...], float], ...]  # (stems, factor)
    known: bool  # whether anything in the text can match it


@dataclass(frozen=True, slots=True)
class Query:
    text: str
    terms: tuple[QueryTerm, ...]
    pairs: frozenset[tuple[str, str]] = frozenset()  # adjacent words of the question, as stems

    @property
    def total_weight(self) -> float:
        return sum(t.weight for t in self.terms)


class QueryPlanner:
    """Plans questions against an index (`knowledge.index.index.Index` is one)."""

    if TYPE_CHECKING:
        typos: TypoIndex
        vocabulary_stems: tuple[str, ...]
        name_forms: Mapping[str, str]
        synonyms: Synonyms
        pairs: Pairs
        postings: Postings
        max_idf: float

        def known(self, term: str) -> bool: ...
        def idf(self, term: str) -> float: ...

    def corrections(self, word: str) -> list[tuple[str, float]]:
        """Vocabulary stems close in spelling to an unknown word, with a similarity in (0, 1]."""
        if len(word) < 4 or word.isdigit() or rarity(word) < TYPO_RARITY:
            return []  # too short to tell, or an everyday word spelt right
        found: dict[str, float] = {}
        for position, score in self.typos.corrections(word):
            term = self.vocabulary_stems[position]
            found[term] = max(found.get(term, 0.0), float(score))
        # Two letters swapped ("trun", "actoins") cost plain edit distance two edits, but
        # are one slip: such a word is a candidate too, beside any one edit away ("trunk").
        swapped = self.typos.swapped(word)
        if swapped is not None:
            term = self.vocabulary_stems[swapped]
            found[term] = max(found.get(term, 0.0), 1 - 1 / len(word))
        return sorted(found.items(), key=lambda kv: (-kv[1], kv[0]))

    def query(self, question: str) -> Query:
        """Plan a question: its terms, weights and what each may match."""
        groups = [
            (w, parts)
            for w, parts in word_groups(question)
            if (len(w) > 1 or w.isdigit()) and w not in STOPWORDS and not self._misspelt_stopword(w)
        ]
        stems = [stem(w) for w, _ in groups]
        phrase_alternatives = self._phrase_alternatives(stems)
        planned: dict[str, QueryTerm] = {}
        for position, ((word, parts), term) in enumerate(zip(groups, stems, strict=True)):
            if term not in planned:
                planned[term] = self._plan(word, parts, term, phrase_alternatives.get(position))
        spellings = [
            {a[0] for a, f in planned[t].alternatives if len(a) == 1 and f >= 0.8} for t in stems
        ]
        pairs = frozenset(
            (a, b) for first, second in itertools.pairwise(spellings) for a in first for b in second
        )
        return Query(question, tuple(planned.values()), pairs)

    def _plan(
        self,
        word: str,
        parts: tuple[str, ...],
        term: str,
        phrases: frozenset[tuple[str, ...]] | None,
    ) -> QueryTerm:
        """A question word's weight and what it may match; remembered, as questions to
        one text keep using the same words (a plan depends on the word and the text)."""
        plans: dict[Any, QueryTerm] = self.__dict__.setdefault("_plans", {})
        key = (word, parts, phrases)
        found = plans.get(key)
        if found is None:
            alternatives = self._alternatives(word, parts, term, phrases)
            found = QueryTerm(
                word,
                self._weight(word, term, alternatives),
                tuple(alternatives.items()),
                bool(alternatives),
            )
            if len(plans) >= PLANS:
                plans.clear()  # a bound, not an order: planning again is cheap
            plans[key] = found
        return found

    @cached_property
    def initialisms(self) -> dict[str, tuple[str, str]]:
        """The text's initialisms (`initialisms_of`): an `Index` makes them when built."""
        return initialisms_of(self.pairs, self.postings)

    def _misspelt_stopword(self, word: str) -> bool:
        """ "shoud", "wher": a word the text never uses, one slip from a word that says
        nothing, says nothing either (rather than weighing like a rare name)."""
        return not self.known(stem(word)) and english_spelling(word) in STOPWORDS

    def _alternatives(
        self,
        word: str,
        parts: tuple[str, ...],
        term: str,
        phrases: frozenset[tuple[str, ...]] | None,
    ) -> dict[tuple[str, ...], float]:
        """What a question word may match in the text, each with how much it counts."""
        alternatives: dict[tuple[str, ...], float] = {}
        if self.known(term):
            alternatives[(term,)] = 1.0
        pieces = tuple(stem(p) for p in parts if p not in STOPWORDS)
        if pieces and all(self.known(p) for p in pieces):
            alternatives.setdefault(pieces, PARTS_FACTOR)  # "dry-run" meets "dry run"
        if not alternatives and not parts:
            for corrected, similarity in self.corrections(word):
                alternatives[(corrected,)] = max(alternatives.get((corrected,), 0), similarity)
        if not alternatives and not parts and len(word) == 2 and word.isalpha():
            spelt_out = self.initialisms.get(word)
            if spelt_out is not None:
                alternatives[spelt_out] = INITIALISM_FACTOR
        for form in self.name_forms.get(root(term), "").split():
            if form != term:
                alternatives[(form,)] = max(alternatives.get((form,), 0), NAME_FORM_FACTOR)
        for phrase in sorted(self.synonyms.alternatives((term,)) | (phrases or frozenset())):
            if all(self.known(p) for p in phrase):
                alternatives[phrase] = max(alternatives.get(phrase, 0), SYNONYM_FACTOR)
        is_name = root(term) in self.name_forms  # "Stalin" is no synonym of "Lenin"
        for near, similarity in () if is_name else close_in_meaning(word):
            if self.known(near):
                factor = RELATED_FACTOR * similarity
                alternatives[(near,)] = max(alternatives.get((near,), 0), factor)
        synonyms, family = related((term,))
        for found, factor in ((synonyms, WORDNET_SYNONYM), (family, FAMILY_FACTOR)):
            for phrase in found:
                if all(self.known(p) for p in phrase):
                    alternatives[phrase] = max(alternatives.get(phrase, 0), factor)
        return alternatives

    def _weight(self, word: str, term: str, alternatives: Mapping[tuple[str, ...], float]) -> float:
        """idf in the text, scaled by rarity in English; a word the text never uses weighs
        as much as it is rare in English (a name says "another topic", "happened" little),
        or, when it may mean a word the text does use, as much as that word, discounted by
        the square root of how close the two are ("piped" is "bash" at 0.46 at most)."""
        english = 1 - ENGLISH_SHARE + ENGLISH_SHARE * rarity(word)
        if self.known(term):
            weight = self.idf(term) * english
        elif alternatives:
            # Met only through a correction or a related word: it weighs as much as the
            # word it may mean, discounted by how sure that is.
            best = max(alternatives.values())
            weight = max(max(self.idf(p) for p in a) for a in alternatives) * english
            weight *= math.sqrt(best)
        else:  # a misspelt everyday word weighs what the word does, not what gibberish does
            weight = self.max_idf * rarity(english_spelling(word) or word)
        return weight * FRAME_FACTOR if term in _frame_stems() else weight

    def _phrase_alternatives(self, stems: list[str]) -> dict[int, frozenset[tuple[str, ...]]]:
        """Synonyms of multi-word phrases in the question, credited to each word of the phrase."""
        found: dict[int, set[tuple[str, ...]]] = {}
        for size in range(2, MAX_PHRASE + 1):
            for start in range(len(stems) - size + 1):
                phrase = tuple(stems[start : start + size])
                for alternative in self.synonyms.alternatives(phrase):
                    for position in range(start, start + size):
                        found.setdefault(position, set()).add(alternative)
        return {k: frozenset(v) for k, v in found.items()}


@lru_cache(maxsize=1)
def _frame_stems() -> frozenset[str]:
    """`FRAME_WORDS` stemmed, on first use: stemming may consult the English word list,
    whose first load inspects the call stack, which at import time is deep."""
    return frozenset(stem(w) for w in FRAME_WORDS)
