"""The one tokenising pass over a knowledge base's units that the index is built from.

Each unit's words are read once (`word_groups` of its masked text), and everything the
index needs from them is taken in the same walk: postings, adjacent stem pairs (as
`knowledge.index.postings.pair_key` ints of the postings' own term ids), the first terms,
the length, the vocabulary typos are corrected against, and what frames the unit.
A token is worked out (stemmed, numbered) the first time it is seen; after that a unit
is only a list of token numbers, and the arrays are made from those with numpy.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from knowledge.read.units import END, HEADER_END, HEADER_START, LABEL, QUOTE_END, START, Units
from knowledge.words.text import STOPWORDS, stem, terms, word_groups

OPENING = 3  # a unit whose first words are a question's subject is about it
# A short command a sentence introduces ("pip install mytool") says what the sentence is
# for; a longer block (a script, a file tree) names many things it is not about, and
# counts as much as a label does.
SHORT_CODE = 12


@dataclass(frozen=True, slots=True)
class UnitWords:
    """The text a unit is matched on (markup blanked), apart from what it is quoted as."""

    own: str  # the unit's own words, and the short command it introduces
    # What frames it: its label, a table row's header, a longer code block or list it
    # introduces (quoted with it).
    context: str = ""


def unit_words(units: Units, masked: str) -> list[UnitWords]:
    """What a section's units say (from the document's masked text) and what frames them."""
    labels = units.table.labels
    out = []
    for row in units.values():
        own = masked[row[START] : row[END]]
        context = labels[row[LABEL]]
        if row[HEADER_START] >= 0:
            context = f"{context} {masked[row[HEADER_START] : row[HEADER_END]]}"
        if row[QUOTE_END] > row[END]:
            introduced = masked[row[END] : row[QUOTE_END]]
            if len(introduced.split()) <= SHORT_CODE:
                own = f"{own} {introduced}"
            else:
                context = f"{context} {introduced}"
        out.append(UnitWords(own, context))
    return out


@dataclass
class Tokenised:
    """What the pass found, as arrays over the units (n of them) where it can be.

    - `stems`: stem -> term id; `postings_starts` int64[terms + 1] and
      `postings_positions` int32: each term's units, sorted (CSR, `knowledge.index.postings`)
    - `pair_starts` int64[n + 1], `pair_keys` int64: each unit's distinct adjacent stem
      pairs as `pair_key(first id, second id)` of the term ids above
    - `openings` int32[n, OPENING]: term ids of each unit's first terms (-1 pads)
    - `lengths` int32[n]: content words, at least 1
    - `surface`: vocabulary word -> its stem, in order of first appearance
    - `context_postings`: stem -> units framed by words with that stem
    """

    stems: dict[str, int]
    postings_starts: npt.NDArray[np.int64]
    postings_positions: npt.NDArray[np.int32]
    pair_starts: npt.NDArray[np.int64]
    pair_keys: npt.NDArray[np.int64]
    openings: npt.NDArray[np.int32]
    lengths: npt.NDArray[np.int32]
    surface: dict[str, str]
    context_postings: dict[str, list[int]]


class _Tokens:
    """Every distinct token seen, numbered, with what the index takes from it."""

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}
        self.stop: list[bool] = []
        self.sequence: list[list[int]] = []  # term ids its words add to a unit's sequence
        self.whole: list[int] = []  # an identifier's own term id, indexed too; else -1
        self.opening: list[int] = []  # the term id it opens a unit with
        self.stems: dict[str, int] = {}

    def add(self, word: str, parts: tuple[str, ...]) -> int:
        number = self.ids[word] = len(self.stop)
        stop = word in STOPWORDS
        self.stop.append(stop)
        stems = self.stems
        if stop:
            self.sequence.append([])
            self.whole.append(-1)
            self.opening.append(-1)
            return number
        words = [stem(p) for p in (parts or (word,)) if p not in STOPWORDS]
        self.sequence.append([stems.setdefault(s, len(stems)) for s in words])
        self.whole.append(stems.setdefault(word, len(stems)) if parts else -1)
        term = word if parts else stem(word)
        self.opening.append(stems[term])  # its stem, or an identifier whole: a term
        return number


def tokenise(units: Sequence[UnitWords]) -> Tokenised:
    """Every unit's words, in one walk (see the module docstring): a Python step per
    token only to number it; the rest is done on arrays of the numbers."""
    tokens = _Tokens()
    known = tokens.ids
    surface: dict[str, str] = {}
    context_postings: dict[str, list[int]] = {}
    contexts: dict[str, list[str]] = {}
    flat: list[int] = []
    ends: list[int] = []
    for position, unit in enumerate(units):
        groups = word_groups(unit.own)
        numbers = [known.get(w, -1) for w, _ in groups]
        if -1 in numbers:
            for at, (w, parts) in enumerate(groups):
                if numbers[at] < 0:
                    found = known.get(w)  # seen earlier in this unit
                    if found is None:
                        found = tokens.add(w, parts)
                        if not tokens.stop[found]:
                            _vocabulary(w, parts, surface)
                    numbers[at] = found
        flat += numbers
        ends.append(len(flat))
        if unit.context:
            framing = contexts.get(unit.context)
            if framing is None:
                framing = contexts[unit.context] = sorted(set(terms(unit.context)))
            for s in framing:
                context_postings.setdefault(s, []).append(position)
                surface.setdefault(s, s)
    arrays = (np.array(flat, dtype=np.int64), np.array(ends, dtype=np.int64))
    return _arrays(tokens, *arrays, surface, context_postings)


def _arrays(
    tokens: _Tokens,
    flat: npt.NDArray[np.int64],
    ends: npt.NDArray[np.int64],
    surface: dict[str, str],
    context_postings: dict[str, list[int]],
) -> Tokenised:
    count = len(ends)
    unit = np.repeat(np.arange(count, dtype=np.int64), np.diff(ends, prepend=0))
    keep = ~np.array(tokens.stop, dtype=bool)[flat] if len(flat) else np.zeros(0, dtype=bool)
    words, unit = flat[keep], unit[keep]  # content tokens, in order
    lengths = np.maximum(1, np.bincount(unit, minlength=count)).astype(np.int32)
    # Openings: each unit's first OPENING content tokens.
    first = np.searchsorted(unit, np.arange(count))
    rank = np.arange(len(unit)) - first[unit]
    openings = np.full((count, OPENING), -1, dtype=np.int32)
    early = rank < OPENING
    openings[unit[early], rank[early]] = np.array(tokens.opening, dtype=np.int32)[words[early]]
    # Each unit's sequence of stems: every content token's stems, in order.
    sizes = np.array([len(s) for s in tokens.sequence], dtype=np.int64)
    starts = np.concatenate(([0], np.cumsum(sizes)))
    stems_flat = np.fromiter(
        itertools.chain.from_iterable(tokens.sequence), np.int64, int(starts[-1])
    )
    taken = sizes[words]
    at = np.repeat(starts[words] - np.concatenate(([0], np.cumsum(taken)[:-1])), taken)
    sequence = stems_flat[at + np.arange(len(at))]
    owner = np.repeat(unit, taken)
    # Pairs: neighbours in a unit's sequence, distinct per unit.
    same = owner[1:] == owner[:-1]
    pair_unit, pair_keys = _distinct(owner[:-1][same], (sequence[:-1] << 32 | sequence[1:])[same])
    # Postings: the sequence's stems and identifiers whole, distinct per unit.
    whole = np.array(tokens.whole, dtype=np.int64)[words]
    term = np.concatenate((sequence, whole[whole >= 0]))
    term_unit = np.concatenate((owner, unit[whole >= 0]))
    term, term_unit = _distinct(term, term_unit)
    return Tokenised(
        stems=tokens.stems,
        postings_starts=_starts(term, len(tokens.stems)),
        postings_positions=term_unit.astype(np.int32),
        pair_starts=_starts(pair_unit, count),
        pair_keys=pair_keys,
        openings=openings,
        lengths=lengths,
        surface=surface,
        context_postings=context_postings,
    )


def _distinct(
    major: npt.NDArray[np.int64], minor: npt.NDArray[np.int64]
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Distinct (major, minor) pairs, sorted by major then minor."""
    order = np.lexsort((minor, major))
    major, minor = major[order], minor[order]
    fresh = np.ones(len(major), dtype=bool)
    fresh[1:] = (major[1:] != major[:-1]) | (minor[1:] != minor[:-1])
    return major[fresh], minor[fresh]


def _starts(owners: npt.NDArray[np.int64], size: int) -> npt.NDArray[np.int64]:
    """CSR starts of sorted owner numbers 0..size-1."""
    starts = np.zeros(size + 1, dtype=np.int64)
    np.cumsum(np.bincount(owners, minlength=size), out=starts[1:])
    return starts


def _vocabulary(word: str, parts: tuple[str, ...], surface: dict[str, str]) -> None:
    """A token's entries in the vocabulary: its words of three letters or more (not
    numbers) with their stems; an identifier also as written."""
    for part in parts or (word,):
        if len(part) >= 3 and not part.isdigit():
            surface.setdefault(part, stem(part))
    if parts:
        surface.setdefault(word, word)
