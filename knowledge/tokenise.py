"""The one tokenising pass over a knowledge base's units that the index is built from.

Each unit's words are read once (`word_groups` of its masked text), and everything the
index needs from them is taken in the same walk: postings, adjacent stem pairs (as
`knowledge.postings.pair_key` ints of the postings' own term ids), the first terms,
the length, the vocabulary typos are corrected against, and what frames the unit.
A word, a name and a context seen once are not worked out again.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field

from knowledge.model import Sentence
from knowledge.text import STOPWORDS, stem, terms, word_groups

OPENING = 3  # a unit whose first words are a question's subject is about it


@dataclass(frozen=True, slots=True)
class UnitWords:
    """The text a unit is matched on (markup blanked), apart from what it is quoted as."""

    own: str  # the unit, with the code block or list it introduces
    context: str = ""  # what frames it: its label, a table row's header


def unit_words(sentence: Sentence, masked: str) -> UnitWords:
    """What a unit of a document says (from the document's masked text) and what frames it."""
    own = masked[sentence.start : max(sentence.end, sentence.quote_end)]
    context = sentence.label
    if sentence.header is not None:
        context = f"{context} {masked[sentence.header[0] : sentence.header[1]]}"
    return UnitWords(own, context)


@dataclass
class Tokenised:
    """Lists and dicts of the pass, turned into arrays by the index."""

    postings: dict[str, list[int]] = field(default_factory=dict)  # stem -> positions
    context_postings: dict[str, list[int]] = field(default_factory=dict)
    pairs: list[list[int]] = field(default_factory=list)  # per unit, distinct pair keys
    openings: list[tuple[str, ...]] = field(default_factory=list)  # a unit's first terms
    lengths: list[int] = field(default_factory=list)  # content words, at least 1
    surface: dict[str, str] = field(default_factory=dict)  # vocabulary word -> its stem


def tokenise(units: Sequence[UnitWords]) -> Tokenised:
    """Every unit's words, in one walk (see the module docstring)."""
    out = Tokenised()
    postings, surface = out.postings, out.surface
    ids: dict[str, int] = {}  # the postings' term ids: their order of first appearance
    seen: set[str] = set()  # tokens whose vocabulary entries are made
    contexts: dict[str, list[str]] = {}
    for position, unit in enumerate(units):
        groups = [(w, parts) for w, parts in word_groups(unit.own) if w not in STOPWORDS]
        sequence = [stem(p) for w, parts in groups for p in (parts or (w,)) if p not in STOPWORDS]
        stems = set(sequence)
        for w, parts in groups:
            if parts:
                stems.add(w)
            if w not in seen:
                seen.add(w)
                _vocabulary(w, parts, surface)
        for s in sorted(stems):
            found = postings.get(s)
            if found is None:
                found = postings[s] = []
                ids[s] = len(ids)
            found.append(position)
        out.pairs.append(list({(ids[a] << 32) | ids[b] for a, b in itertools.pairwise(sequence)}))
        out.openings.append(tuple(w if parts else stem(w) for w, parts in groups[:OPENING]))
        out.lengths.append(max(1, len(groups)))
        if unit.context:
            framing = contexts.get(unit.context)
            if framing is None:
                framing = contexts[unit.context] = sorted(set(terms(unit.context)))
            for s in framing:
                out.context_postings.setdefault(s, []).append(position)
                surface.setdefault(s, s)
    return out


def _vocabulary(word: str, parts: tuple[str, ...], surface: dict[str, str]) -> None:
    """A token's entries in the vocabulary: its words of three letters or more (not
    numbers) with their stems; an identifier also as written."""
    for part in parts or (word,):
        if len(part) >= 3 and not part.isdigit():
            surface.setdefault(part, stem(part))
    if parts:
        surface.setdefault(word, word)
