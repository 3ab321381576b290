"""The fuzzy index: stemmed postings over sentences and headings, typo-tolerant term lookup.

A question becomes a `Query`: each content word with its weight (idf) and the stems it may
match (itself, typo corrections looked up in the vocabulary's `TypoIndex`, synonyms).
Matching walks only the postings of those stems, never every sentence.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Any

import numpy as np

from knowledge.index.postings import Pairs, Positions, Postings, Strengths, pair_key, strongest
from knowledge.index.tokenise import UnitWords, tokenise
from knowledge.model import Section, Sentence
from knowledge.read.synonyms import MAX_PHRASE, Synonyms
from knowledge.read.units import COLUMNS, PARAGRAPH, UnitTable, quote
from knowledge.words.cues import sentence_flags
from knowledge.words.english import english_spelling, rarity
from knowledge.words.text import STOPWORDS, fold, stem, terms, word_groups
from knowledge.words.thesaurus import close_in_meaning, related
from knowledge.words.typos import TypoIndex

SYNONYM_FACTOR = 0.75
WORDNET_SYNONYM = 0.6  # a synonym in one of the word's frequent senses (WordNet)
FAMILY_FACTOR = 0.8  # a word derived from it: "creation" for "create"
RELATED_FACTOR = 0.8  # times the similarity of a word close in meaning (related.tsv)
PARTS_FACTOR = 0.9  # an identifier's words, apart ("dry run" for "--dry-run")
TITLE_FACTOR = 0.8  # a document's title, relative to its sections' own headings
PHRASING_FACTOR = 0.85
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
class Matches:
    """One query term's matches as arrays: the sentences it matches (sorted positions,
    strengths), what frames sentences (label, table header) likewise, and each section's
    heading or document title (dense over sections, 0 where unmatched)."""

    sentences: tuple[Positions, Strengths]
    contexts: tuple[Positions, Strengths]
    headings: Strengths


@dataclass(frozen=True, slots=True)
class Query:
    text: str
    terms: tuple[QueryTerm, ...]
    pairs: frozenset[tuple[str, str]] = frozenset()  # adjacent words of the question, as stems

    @property
    def total_weight(self) -> float:
        return sum(t.weight for t in self.terms)


class Index:
    """Postings from stems to sentence positions, to what frames them (labels, table
    headers) and to section positions (headings and document titles), as CSR arrays
    (`knowledge.index.postings`); per-sentence data as arrays too. No object per unit:

      per unit position p (0..count-1, numbered section by section)
        section_of int32, paragraph int64, flags uint8 (`knowledge.words.cues` bits),
        lengths int32, openings int32[count, OPENING] (term ids), pairs (`Pairs`)
      per section s
        section_first int32 (its first position, -1: none), title_factor float64

    The units' offsets stay in the sections' `Units`, rows of one
    `knowledge.read.units.UnitTable` (`table`; unit_row int64: each position's row there);
    `quote` reads them, `sentence` makes a `Sentence` when one is wanted."""

    def __init__(
        self,
        sections: Sequence[Section],
        synonyms: Synonyms,
        phrasings: Mapping[int, Sequence[str]] | None = None,
        *,
        searchable: Sequence[UnitWords] | None = None,
    ):
        """Index the units of `sections`, numbered in order (a section's, then the next's).

        `phrasings` maps a sentence position to questions it answers (the curated FAQ):
        their words are matched as if the sentence said them too, a little less strongly,
        so the way people ask reaches the way the text says it. `searchable` is each
        sentence's text without markup (default: its own text)."""
        self.sections = tuple(sections)
        self.synonyms = synonyms
        sizes = [len(s.sentences) for s in self.sections]
        section_of = np.repeat(np.arange(len(sizes), dtype=np.int32), sizes)
        self.section_of = section_of
        self.count = len(section_of)
        self.section_first = _section_firsts(self.sections)
        tables = {id(s.sentences.table): s.sentences.table for s in self.sections}
        if len(tables) > 1:
            raise ValueError("an index is made of the units of one table")
        self.table = next(iter(tables.values()), UnitTable())
        self.unit_row = np.array([r for s in self.sections for r in s.sentences.rows], np.int64)
        paragraphs = [row[PARAGRAPH] for s in self.sections for row in s.sentences.values()]
        self.paragraph = np.array(paragraphs, dtype=np.int64)
        texts = [t for s in self.sections for t in s.sentences.texts()]
        units = searchable or [UnitWords(t) for t in texts]
        words = tokenise(units)
        surface = words.surface
        self.name_forms = _name_forms(texts)
        # Question-type cues of each unit (`knowledge.words.cues` bits), for the scorer.
        self.flags = np.fromiter(map(sentence_flags, texts), dtype=np.uint8, count=self.count)
        phrasing_postings = _phrasing_postings(phrasings or {}, surface)
        headings, titles = _heading_postings(self.sections, surface)
        self.postings = Postings.of_arrays(
            words.stems, words.postings_starts, words.postings_positions
        )
        self.context_postings = Postings(words.context_postings)
        self.phrasing_postings = Postings(phrasing_postings)
        self.heading_postings, self.title_postings = Postings(headings), Postings(titles)
        self.pairs = Pairs.of_arrays(words.pair_starts, words.pair_keys)  # postings' term ids
        self.openings = words.openings  # term ids of the postings
        self.lengths = words.lengths
        self.title_factor = np.array(_title_factors(self.sections, sizes))
        self.vocabulary = tuple(surface)
        self.vocabulary_stems = tuple(surface.values())
        self.typos = TypoIndex(self.vocabulary)
        self.average_length = int(self.lengths.sum()) / max(1, len(self.lengths))
        self.max_idf = self.idf_of_df(0)

    def sentence(self, position: int) -> Sentence:
        """The unit at a position, made now (the index keeps no object per unit)."""
        section = int(self.section_of[position])
        return self.sections[section].sentences[position - int(self.section_first[section])]

    def quote(self, first: int, last: int, text: str) -> str:
        """The excerpt from the unit at position `first` through `last` (of one document
        whose text is `text`), as `Sentence.quote` makes it, without making Sentences.
        (Memoryviews: reading eight ints through numpy cost more than the slicing.)"""
        views = self.__dict__.get("_views") or self._make_views()
        flat, row = views
        a, b = row[first] * COLUMNS, row[last] * COLUMNS
        return quote(text, flat[a : a + COLUMNS].tolist(), flat[b : b + COLUMNS].tolist())

    def _make_views(self) -> tuple[memoryview, memoryview]:
        """The table's rows as one flat run of ints (row r at [r * 8 : r * 8 + 8]) and
        each position's row; made once (two threads may both make them: same views)."""
        views = (self.table.rows.data.cast("B").cast("q"), self.unit_row.data.cast("B").cast("q"))
        self._views = views
        return views

    def __getstate__(self) -> dict[str, Any]:
        state = self.__dict__.copy()
        state.pop("_views", None)  # made again from the arrays, which are saved
        state.pop("_plans", None)  # remembered question words: planned again
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)

    def idf_of_df(self, df: int) -> float:
        return math.log(1 + (self.count - df + 0.5) / (df + 0.5))

    def idf(self, term: str) -> float:
        return self.idf_of_df(self.postings.count(term))

    def known(self, term: str) -> bool:
        return (
            term in self.postings
            or term in self.heading_postings
            or term in self.phrasing_postings
            or term in self.context_postings
        )

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
        """Two letters -> the two-word phrase of the text with those initials that the
        most units use ("hp" -> "hit points"), among phrases at least two units use.
        Made on first use (a sort of every unit's pairs)."""
        keys, units = np.unique(self.pairs.keys, return_counts=True)
        keep = units >= 2
        keys, units = keys[keep], units[keep]
        stems = [""] * (max(self.postings.ids.values(), default=-1) + 1)
        for term, number in self.postings.ids.items():
            stems[number] = term
        first = np.array([ord(t[0]) if t and t[0].isalpha() else 0 for t in stems] or [0])
        a, b = first[keys >> 32], first[keys & 0xFFFFFFFF]
        fine = (a > 0) & (b > 0)
        keys, units, a, b = keys[fine], units[fine], a[fine], b[fine]
        code = a * 0x110000 + b
        order = np.lexsort((keys, -units, code))  # per code: most units, then lowest key
        code, keys = code[order], keys[order]
        head = np.r_[True, code[1:] != code[:-1]] if len(code) else np.zeros(0, dtype=bool)
        return {
            chr(c // 0x110000) + chr(c % 0x110000): (stems[k >> 32], stems[k & 0xFFFFFFFF])
            for c, k in zip(code[head].tolist(), keys[head].tolist(), strict=True)
        }

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
        for form in self.name_forms.get(root(term), ()):
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

    def matches(self, term: QueryTerm) -> Matches:
        """How well each sentence, what frames it, and each section heading match one
        query term (0..1): each alternative's postings, the strongest kept per position."""
        sentences: list[tuple[Positions, Strengths]] = []
        contexts: list[tuple[Positions, Strengths]] = []
        headings = np.zeros(len(self.sections))
        for phrase, factor in term.alternatives:
            for postings, out, strength in (
                (self.postings, sentences, factor),
                (self.phrasing_postings, sentences, factor * PHRASING_FACTOR),
                (self.context_postings, contexts, factor),
            ):
                hits = postings.intersection(phrase)
                if len(hits):
                    out.append((hits, np.full(len(hits), strength)))
            hits = self.heading_postings.intersection(phrase)
            if len(hits):
                headings[hits] = np.maximum(headings[hits], factor)
            hits = self.title_postings.intersection(phrase)
            if len(hits):
                headings[hits] = np.maximum(headings[hits], factor * self.title_factor[hits])
        return Matches(strongest(sentences, self.count), strongest(contexts, self.count), headings)

    def pair_keys(self, pairs: frozenset[tuple[str, str]]) -> np.ndarray:
        """A question's adjacent stem pairs as `Pairs` keys (pairs no sentence can have dropped)."""
        ids = self.postings.ids
        keys = [pair_key(ids[a], ids[b]) for a, b in pairs if a in ids and b in ids]
        return np.array(sorted(keys), dtype=np.int64)


@lru_cache(maxsize=1)
def _frame_stems() -> frozenset[str]:
    """`FRAME_WORDS` stemmed, on first use: stemming may consult the English word list,
    whose first load inspects the call stack, which at import time is deep."""
    return frozenset(stem(w) for w in FRAME_WORDS)


def _name_forms(texts: Sequence[str]) -> dict[str, tuple[str, ...]]:
    """Names and the words made from them ("Mao", "Maoists"; "China", "Chinese"): the stems
    of capitalised words by their `root`, as sorted tuples (a set per name weighed more
    than all the postings together)."""
    forms: dict[str, set[str]] = {}
    seen: dict[str, tuple[str, str]] = {}  # a name -> (its root, its stem): names recur
    for text in texts:
        for name in _PROPER.findall(text):
            known = seen.get(name)
            if known is None:
                name_stem = stem(fold(name))
                known = seen[name] = (root(name_stem), name_stem)
            forms.setdefault(known[0], set()).add(known[1])
    return {k: tuple(sorted(v)) for k, v in forms.items()}


def _section_firsts(sections: Sequence[Section]) -> np.ndarray:
    """Each section's first position (-1: none): sentences are numbered section by section."""
    sizes = np.array([len(s.sentences) for s in sections], dtype=np.int64)
    first = np.concatenate(([0], np.cumsum(sizes)[:-1])) if len(sizes) else sizes
    return np.where(sizes > 0, first, -1).astype(np.int32)


def _phrasing_postings(
    phrasings: Mapping[int, Sequence[str]], surface: dict[str, str]
) -> dict[str, list[int]]:
    """Stems -> positions of the sentences curated questions quote (words added to `surface`)."""
    postings: dict[str, list[int]] = {}
    for position, questions in sorted(phrasings.items()):
        for s in sorted(set(terms(" ".join(questions)))):
            postings.setdefault(s, []).append(position)
            surface.setdefault(s, s)
    return postings


def _heading_postings(
    sections: Sequence[Section], surface: dict[str, str]
) -> tuple[dict[str, list[int]], dict[str, list[int]]]:
    """Stems -> section positions: of each section's heading path, and of its document's
    title (the words are added to `surface`, the vocabulary typos are corrected against)."""
    headings: dict[str, list[int]] = {}
    titles: dict[str, list[int]] = {}
    for position, section in enumerate(sections):
        for s in sorted(set(terms(" ".join(section.path) or section.document))):
            headings.setdefault(s, []).append(position)
            surface.setdefault(s, s)
        for s in sorted(set(terms(section.document))):
            titles.setdefault(s, []).append(position)
            surface.setdefault(s, s)
    return headings, titles


def _title_factors(sections: Sequence[Section], sizes: Sequence[int]) -> list[float]:
    """How much a document's title says about each of its sections (of `sizes` units): a
    title shared by the whole text says nothing, one of many documents' titles almost as
    much as a heading."""
    counts: dict[str, int] = {}
    for section, size in zip(sections, sizes, strict=True):
        counts[section.document] = counts.get(section.document, 0) + size
    total = max(1, sum(sizes))
    return [TITLE_FACTOR * (1 - counts.get(s.document, 0) / total) for s in sections]


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
