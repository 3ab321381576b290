"""The fuzzy index: stemmed postings over sentences and headings, typo-tolerant term lookup.

A question becomes a `Query`: each content word with its weight (idf) and the stems it may
match (itself, typo corrections looked up in the vocabulary's `TypoIndex`, synonyms).
Matching walks only the postings of those stems, never every sentence.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass

from knowledge.english import rarity
from knowledge.model import Section, Sentence
from knowledge.synonyms import MAX_PHRASE, Synonyms
from knowledge.text import STOPWORDS, fold, stem, terms, words
from knowledge.typos import TypoIndex

SYNONYM_FACTOR = 0.75
PHRASING_FACTOR = 0.85
COMMON_POSTINGS = 2000  # a term matching more sentences than this is looked up by membership
NAME_FORM_FACTOR = 0.8  # a word of a curated question about the sentence
TYPO_RARITY = 0.85  # a word more common than zipf 3 in English is not taken for a typo
# A word's weight is its idf in the text, scaled by how rare it is in English: "best" may
# be rare in the text, but it says less about the question's topic than "Kirov".
ENGLISH_SHARE = 0.7
# Words that frame a question rather than say what it is about: they count for little.
FRAME_WORDS = frozenset(
    stem(w)
    for w in """
    happen happened happening mean means meant explain describe say said think thought
    called call name named way ways idea role effect effects impact reason reasons
    affect affected exactly basically example give gave stuff anything everything
    someone somebody people person back time times
    """.split()
)
FRAME_FACTOR = 0.35


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


class Index:
    """Postings from stems to sentence positions and to section positions (headings)."""

    def __init__(
        self,
        sentences: Sequence[Sentence],
        sections: Sequence[Section],
        synonyms: Synonyms,
        phrasings: Mapping[int, Sequence[str]] | None = None,
    ):
        """`phrasings` maps a sentence position to questions it answers (the curated FAQ):
        their words are matched as if the sentence said them too, a little less strongly,
        so the way people ask reaches the way the text says it."""
        self.sentences = tuple(sentences)
        self.sections = tuple(sections)
        self.synonyms = synonyms
        section_pos = {s.id: i for i, s in enumerate(self.sections)}
        self.section_of = [section_pos[s.section_id] for s in self.sentences]
        self.postings: dict[str, list[int]] = {}
        self.lengths: list[int] = []
        self.pairs: list[frozenset[tuple[str, str]]] = []  # adjacent stems, for phrase matches
        # Names and the words made from them ("Mao", "Maoists"; "China", "Chinese").
        self.name_forms: dict[str, set[str]] = {}
        surface: dict[str, str] = {}
        for position, sentence in enumerate(self.sentences):
            sentence_words = [w for w in words(sentence.text) if w not in STOPWORDS]
            sequence = tuple(stem(w) for w in sentence_words)
            self.pairs.append(frozenset(itertools.pairwise(sequence)))
            stems = set(sequence)
            self.lengths.append(max(1, len(sentence_words)))
            for s in stems:
                self.postings.setdefault(s, []).append(position)
            for w in sentence_words:
                if len(w) >= 3 and not w.isdigit():
                    surface.setdefault(w, stem(w))
            for name in _PROPER.findall(sentence.text):
                name_stem = stem(fold(name))
                self.name_forms.setdefault(root(name_stem), set()).add(name_stem)
        self.phrasing_postings: dict[str, list[int]] = {}
        for position, questions in (phrasings or {}).items():
            for s in set(terms(" ".join(questions))):
                self.phrasing_postings.setdefault(s, []).append(position)
                surface.setdefault(s, s)
        self.heading_postings: dict[str, list[int]] = {}
        for position, section in enumerate(self.sections):
            for s in set(terms(" ".join(section.path) or section.document)):
                self.heading_postings.setdefault(s, []).append(position)
                surface.setdefault(s, s)
        self._sets: dict[tuple[int, str], frozenset[int]] = {}
        self.vocabulary = tuple(surface)
        self.vocabulary_stems = tuple(surface.values())
        self.typos = TypoIndex(self.vocabulary)
        self.average_length = sum(self.lengths) / max(1, len(self.lengths))
        self.count = len(self.sentences)
        self.max_idf = self.idf_of_df(0)

    def idf_of_df(self, df: int) -> float:
        return math.log(1 + (self.count - df + 0.5) / (df + 0.5))

    def idf(self, term: str) -> float:
        return self.idf_of_df(len(self.postings.get(term, ())))

    def known(self, term: str) -> bool:
        return (
            term in self.postings or term in self.heading_postings or term in self.phrasing_postings
        )

    def corrections(self, word: str) -> list[tuple[str, float]]:
        """Vocabulary stems close in spelling to an unknown word, with a similarity in (0, 1]."""
        if len(word) < 4 or word.isdigit() or rarity(word) < TYPO_RARITY:
            return []  # too short to tell, or an everyday word spelt right
        found: dict[str, float] = {}
        for position, score in self.typos.corrections(word):
            term = self.vocabulary_stems[position]
            found[term] = max(found.get(term, 0.0), float(score))
        return sorted(found.items(), key=lambda kv: -kv[1])

    def query(self, question: str) -> Query:
        """Plan a question: its terms, weights and what each may match."""
        all_words = [w for w in words(question) if len(w) > 1 or w.isdigit()]
        content = [w for w in all_words if w not in STOPWORDS]
        stems = [stem(w) for w in content]
        phrase_alternatives = self._phrase_alternatives(stems)
        planned: dict[str, QueryTerm] = {}
        for position, (word, term) in enumerate(zip(content, stems, strict=True)):
            if term in planned:
                continue
            alternatives: dict[tuple[str, ...], float] = {}
            if self.known(term):
                alternatives[(term,)] = 1.0
            else:
                for corrected, similarity in self.corrections(word):
                    alternatives[(corrected,)] = max(alternatives.get((corrected,), 0), similarity)
            for form in self.name_forms.get(root(term), ()):
                if form != term:
                    alternatives[(form,)] = max(alternatives.get((form,), 0), NAME_FORM_FACTOR)
            for phrase in self.synonyms.alternatives((term,)) | phrase_alternatives.get(
                position, frozenset()
            ):
                if all(self.known(p) for p in phrase):
                    alternatives[phrase] = max(alternatives.get(phrase, 0), SYNONYM_FACTOR)
            if self.known(term):
                weight = self.idf(term) * (1 - ENGLISH_SHARE + ENGLISH_SHARE * rarity(word))
            elif alternatives:
                weight = max(self.idf(a[0]) for a in alternatives)
                weight *= 1 - ENGLISH_SHARE + ENGLISH_SHARE * rarity(word)
            else:
                # Never in the text: as telling as the word is rare in English.
                weight = self.max_idf * rarity(word)
            if term in FRAME_WORDS:
                weight *= FRAME_FACTOR
            planned[term] = QueryTerm(word, weight, tuple(alternatives.items()), bool(alternatives))
        spellings = [
            {a[0] for a, f in planned[t].alternatives if len(a) == 1 and f >= 0.8} for t in stems
        ]
        pairs = frozenset(
            (a, b) for first, second in itertools.pairwise(spellings) for a in first for b in second
        )
        return Query(question, tuple(planned.values()), pairs)

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

    def matches(
        self, term: QueryTerm, only: Collection[int] | None = None
    ) -> tuple[dict[int, float], dict[int, float]]:
        """How well each sentence, and each section heading, matches one query term (0..1).

        With `only`, just those sentences are looked at (by set membership), so a common
        word does not cost a walk over its thousands of postings.
        """
        in_sentences: dict[int, float] = {}
        in_headings: dict[int, float] = {}
        for phrase, factor in term.alternatives:
            for postings, out, strength in (
                (self.postings, in_sentences, factor),
                (self.phrasing_postings, in_sentences, factor * PHRASING_FACTOR),
                (self.heading_postings, in_headings, factor),
            ):
                if only is not None and out is in_sentences:
                    hits: Iterable[int] = self._members(postings, phrase, only)
                else:
                    hits = _intersection(postings, phrase)
                for position in hits:
                    if out.get(position, 0.0) < strength:
                        out[position] = strength
        return in_sentences, in_headings

    def posting_count(self, term: QueryTerm) -> int:
        """How many sentence postings a term's words have (its cost to walk)."""
        return sum(len(self.postings.get(p[0], ())) for p, _ in term.alternatives)

    def is_common(self, term: QueryTerm) -> bool:
        """Whether a term matches so many sentences that walking its postings is costly."""
        return self.posting_count(term) > max(COMMON_POSTINGS, self.count // 20)

    def _members(
        self, postings: dict[str, list[int]], phrase: tuple[str, ...], only: Collection[int]
    ) -> list[int]:
        found = self._posting_set(postings, phrase[0]).intersection(only)
        for other in phrase[1:]:
            found &= self._posting_set(postings, other)
        return sorted(found)

    def _posting_set(self, postings: dict[str, list[int]], stem_: str) -> frozenset[int]:
        """A set view of one posting list, made once on first need (for common words)."""
        key = (id(postings), stem_)
        found = self._sets.get(key)
        if found is None:
            found = self._sets[key] = frozenset(postings.get(stem_, ()))
        return found


def _intersection(postings: dict[str, list[int]], phrase: tuple[str, ...]) -> Sequence[int]:
    lists = [postings.get(p) for p in phrase]
    if any(lst is None for lst in lists):
        return ()
    if len(lists) == 1:
        return lists[0] or ()
    common = set(lists[0] or ())
    for lst in lists[1:]:
        common.intersection_update(lst or ())
    return sorted(common)


_PROPER = re.compile(r"(?<=[\w,;:)] )[A-Z][a-z]{2,}")
_DERIVATIONS = (
    "ists",
    "ist",
    "isms",
    "ism",
    "ians",
    "ian",
    "ans",
    "an",
    "ese",
    "es",
    "ish",
    "ic",
    "y",
    "a",
    "i",
)


def root(term: str) -> str:
    """A stem without derivational endings, to tie a name to its adjectives and followers."""
    for _ in range(3):
        for suffix in _DERIVATIONS:
            if term.endswith(suffix) and len(term) - len(suffix) >= 3:
                term = term[: -len(suffix)]
                break
        else:
            break
    return term
