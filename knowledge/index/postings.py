"""Postings as arrays (CSR): what a term matches, without a Python list per term.

Layout of one `Postings`:
  ids        dict stem -> term id (0..terms-1)
  starts     int64[terms + 1]; term i's postings are positions[starts[i]:starts[i + 1]]
  positions  int32[total]; each term's slice sorted and distinct (sentence or section positions)

`Pairs` is the same layout over sentences: sentence p's adjacent stem pairs are
keys[starts[p]:starts[p + 1]], each pair one int64 `first id << 32 | second id` (term ids
of the sentence postings: exact, no hash collisions), distinct.
"""

from __future__ import annotations

import itertools
from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

Positions = npt.NDArray[np.int32]
Strengths = npt.NDArray[np.float64]
EMPTY = np.zeros(0, dtype=np.int32)


class Postings:
    """Term -> sorted distinct positions, all terms' positions in one array."""

    __slots__ = ("ids", "positions", "starts")

    def __init__(self, lists: Mapping[str, Sequence[int]]) -> None:
        self.ids = {term: i for i, term in enumerate(lists)}
        sizes = np.fromiter((len(v) for v in lists.values()), dtype=np.int64, count=len(lists))
        self.starts = np.zeros(len(lists) + 1, dtype=np.int64)
        np.cumsum(sizes, out=self.starts[1:])
        self.positions = np.fromiter(
            itertools.chain.from_iterable(lists.values()),
            dtype=np.int32,
            count=int(self.starts[-1]),
        )

    @classmethod
    def of_arrays(cls, ids: dict[str, int], starts: np.ndarray, positions: Positions) -> Postings:
        """Postings already laid out (see the module docstring)."""
        made = cls.__new__(cls)
        made.ids, made.starts, made.positions = ids, starts, positions
        return made

    def __getstate__(self) -> tuple[Any, ...]:
        """The terms in id order rather than the dict (ids are 0..n-1 as terms are met):
        a large text's vocabulary loads as lines, its dict made again at C speed."""
        terms = tuple(self.ids)
        if any(i != n for n, i in enumerate(self.ids.values())):
            return (self.ids, self.starts, self.positions)
        return (terms, self.starts, self.positions)

    def __setstate__(self, state: tuple[Any, ...]) -> None:
        terms, self.starts, self.positions = state
        self.ids = (
            terms if type(terms) is dict else dict(zip(terms, range(len(terms)), strict=True))
        )

    def __contains__(self, term: str) -> bool:
        return term in self.ids

    def __len__(self) -> int:
        return len(self.ids)

    def get(self, term: str) -> Positions | None:
        """The term's positions (a view), or None when the text never has it."""
        i = self.ids.get(term)
        if i is None:
            return None
        return self.positions[self.starts[i] : self.starts[i + 1]]

    def count(self, term: str) -> int:
        i = self.ids.get(term)
        return 0 if i is None else int(self.starts[i + 1] - self.starts[i])

    def intersection(self, phrase: tuple[str, ...]) -> Positions:
        """Positions having every stem of the phrase (sorted)."""
        found = self.get(phrase[0])
        if found is None:
            return EMPTY
        for other in phrase[1:]:
            more = self.get(other)
            if more is None:
                return EMPTY
            found = np.intersect1d(found, more, assume_unique=True)
        return found


def pair_key(first: int, second: int) -> int:
    return (first << 32) | second


class Pairs:
    """Each sentence's adjacent stem pairs as int64 keys (see the module docstring)."""

    __slots__ = ("keys", "starts")

    def __init__(self, per_sentence: Iterable[Collection[int]]) -> None:
        """`per_sentence`: each sentence's distinct keys."""
        sizes: list[int] = []
        flat: list[int] = []
        for keys in per_sentence:  # one array at the end: no numpy call per sentence
            sizes.append(len(keys))
            flat.extend(keys)
        self.starts = np.zeros(len(sizes) + 1, dtype=np.int64)
        np.cumsum(sizes, out=self.starts[1:])
        self.keys = np.array(flat, dtype=np.int64)

    @classmethod
    def of_arrays(cls, starts: np.ndarray, keys: npt.NDArray[np.int64]) -> Pairs:
        made = cls.__new__(cls)
        made.starts, made.keys = starts, keys
        return made


def members(values: np.ndarray, wanted: np.ndarray) -> npt.NDArray[np.bool_]:
    """Whether each value is one of `wanted` (sorted): `np.isin`'s answer, by one binary
    search, which for the few values a question brings costs a fraction of isin's sort."""
    if not len(wanted):
        return np.zeros(values.shape, dtype=bool)
    at = np.searchsorted(wanted, values)
    np.minimum(at, len(wanted) - 1, out=at)
    found: npt.NDArray[np.bool_] = wanted[at] == values
    return found


def strongest(pieces: list[tuple[Positions, float]], size: int) -> tuple[Positions, Strengths]:
    """Union of pieces (positions, each with one strength > 0), keeping each position's
    greatest strength. Positions are below `size`; many of them are merged in one array of
    that size (the strongest piece written last), few by sorting. (One strength a piece:
    no array of it is made for each of a term's alternatives.)"""
    if not pieces:
        return EMPTY, np.zeros(0)
    if len(pieces) == 1:
        positions, strength = pieces[0]
        return positions, np.full(len(positions), strength)
    total = sum(len(p) for p, _ in pieces)
    if total * 8 > size:
        dense = np.zeros(size)
        for positions, strength in sorted(pieces, key=lambda piece: piece[1]):
            dense[positions] = strength  # a stronger piece overwrites a weaker one
        found = np.flatnonzero(dense > 0)
        return found.astype(np.int32), dense[found]
    positions = np.concatenate([p for p, _ in pieces])
    strengths = np.repeat(np.array([s for _, s in pieces]), [len(p) for p, _ in pieces])
    order = np.lexsort((-strengths, positions))
    positions, strengths = positions[order], strengths[order]
    first = np.ones(len(positions), dtype=bool)
    first[1:] = positions[1:] != positions[:-1]
    return positions[first], strengths[first]


def lookup(
    positions: Positions, strengths: Strengths, wanted: npt.NDArray[np.integer]
) -> Strengths:
    """The strength at each wanted position (0 where it has none)."""
    if len(positions) == 0:
        return np.zeros(len(wanted))
    at = np.searchsorted(positions, wanted)
    at[at == len(positions)] = 0
    return np.where(positions[at] == wanted, strengths[at], 0.0)
