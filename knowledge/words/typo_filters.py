"""Exact candidate filters for near spellings, as numpy arrays: what `knowledge.words.typos` scores.

Both filters may let through words that are not close (rapidfuzz scores them next), but
never leave out one that is:

- `DeletionIndex` (SymSpell's idea): every word and every word with one letter deleted,
  hashed to 32 bits, sorted. Two words share a hash when one deletion from each (or none)
  makes them equal: every pair within one edit, and every pair one insertion apart.
- `Bigrams`: postings from bigram tokens to words. A token is a bigram and its occurrence
  number in the word, so counting shared tokens counts shared bigrams with multiplicity,
  which the q-gram lemma bounds from below for words within a given distance. Words are
  numbered in an order given by a sort key (length; or first letter, then length), so the
  words of a bucket of keys (a length; a first letter) are a contiguous range of numbers,
  counted with one `bincount`. `cut[token, bucket]` says where each bucket's words begin
  in each token's postings (unless the table would be too big: then a binary search).
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

Ints = npt.NDArray[np.int64]

_BASE = 1_000_003
_MASK64 = (1 << 64) - 1
_MASK32 = (1 << 32) - 1
_MAX_OCCURRENCE = 3  # a bigram's 4th and later occurrences in a word all count as its 4th
_COUNTABLE = 1 << 20
_MAX_CUT = 1 << 20  # cells of a (token, bucket) table worth keeping (4 MB)
EMPTY = np.zeros(0, dtype=np.int64)
_NO_PAIRS = np.zeros(0, dtype=np.uint64)


def codes(words: Sequence[str], length: int) -> Ints:
    """Code points of same-length words, one row each."""
    raw = np.frombuffer("".join(words).encode("utf-32-le"), dtype=np.uint32)
    return raw.reshape(len(words), length).astype(np.int32)


class DeletionIndex:
    """Hashes of words and their one-letter deletions, each with the word's position."""

    def __init__(self, groups: Sequence[tuple[Ints, Ints]]):
        """`groups`: (positions, code rows) of the words, one group per word length."""
        pairs = np.concatenate([*(_deletion_hashes(rows) for _, rows in groups), _NO_PAIRS])
        pairs <<= np.uint64(32)
        pairs |= np.concatenate(
            [*(np.tile(p.astype(np.uint64), rows.shape[1] + 1) for p, rows in groups), _NO_PAIRS]
        )
        pairs.sort()  # by hash, in place; a repeated (hash, position) only repeats a candidate
        self.keys = (pairs >> np.uint64(32)).astype(np.uint32)
        pairs &= np.uint64(_MASK32)
        self.owners = pairs.astype(np.int32)

    def neighbours(self, word: str) -> Ints:
        """Positions of the words that share a hash with `word` or one of its deletions."""
        wanted = np.array(sorted(_variant_hashes(word)), dtype=np.uint32)
        starts = np.searchsorted(self.keys, wanted, side="left")
        ends = np.searchsorted(self.keys, wanted, side="right")
        found = [self.owners[s:e] for s, e in zip(starts, ends, strict=True) if e > s]
        return np.concatenate(found).astype(np.int64) if found else EMPTY

    @property
    def nbytes(self) -> int:
        return int(self.keys.nbytes + self.owners.nbytes)


class Bigrams:
    """Bigram-token postings over words numbered by a sort key (see the module docstring)."""

    def __init__(
        self, token_ids: Ints, counts: Ints, stored: Ints, sort_keys: Ints, buckets: Ints
    ) -> None:
        """`token_ids` holds word p's `counts[p]` tokens together, words in `stored` order
        (positions); `sort_keys[p]` numbers the words (ties by position); `buckets[p]`, a
        number 0..n-1 that grows with the sort key, groups them for `counts`."""
        self.order = np.argsort(sort_keys, kind="stable").astype(np.int32)  # number -> position
        self.sorted_keys = sort_keys[self.order]
        number = np.empty(len(self.order), dtype=np.int64)
        number[self.order] = np.arange(len(self.order))
        # (token, word number) pairs sorted in place: each token's words in number order
        pairs = token_ids.astype(np.int64)
        pairs <<= 32
        pairs |= np.repeat(number[stored], counts[stored])
        pairs.sort()
        tokens = int(token_ids.max(initial=-1)) + 1
        self.starts = np.searchsorted(pairs, np.arange(tokens + 1, dtype=np.int64) << 32)
        # where each bucket's words begin, in numbers and in each token's postings
        self.bucket_start = np.searchsorted(
            buckets[self.order], np.arange(buckets.max(initial=0) + 2)
        )
        self.cut: npt.NDArray[np.int32] | None = None
        if tokens * len(self.bucket_start) <= _MAX_CUT:
            grid = (np.arange(tokens, dtype=np.int64)[:, None] << 32) | self.bucket_start
            self.cut = np.searchsorted(pairs, grid).astype(np.int32)
        pairs &= _MASK32
        self.members = pairs.astype(np.int32)

    def starts_of(self, keys: Ints) -> Ints:
        """For each sort key, the number of the first word whose key is that or more."""
        return np.searchsorted(self.sorted_keys, keys)

    def counts(self, token_ids: Ints, first: int, end: int) -> tuple[int, Ints]:
        """For the words of buckets first..end-1: the first one's number, and how many of
        the tokens each one has."""
        begin, stop = int(self.bucket_start[first]), int(self.bucket_start[end])
        if self.cut is not None:
            lows, highs = self.cut[token_ids, first].tolist(), self.cut[token_ids, end].tolist()
        else:  # too many tokens and buckets for a table: search each token's postings
            lows, highs = [], []
            for t in token_ids.tolist():
                start = int(self.starts[t])
                span = self.members[start : self.starts[t + 1]]
                low, high = np.searchsorted(span, (begin, stop)).tolist()
                lows.append(start + low)
                highs.append(start + high)
        parts = [self.members[lo:hi] for lo, hi in zip(lows, highs, strict=True) if hi > lo]
        if not parts:
            return begin, np.zeros(stop - begin, dtype=np.int64)
        return begin, np.bincount(np.concatenate(parts) - begin, minlength=stop - begin)

    @property
    def nbytes(self) -> int:
        arrays: list[npt.NDArray[Any]] = [self.order, self.sorted_keys, self.members]
        arrays += [self.starts, self.bucket_start]
        if self.cut is not None:
            arrays.append(self.cut)
        return int(sum(a.nbytes for a in arrays))


def bigram_tokens(letters: Ints, alphabet: int) -> Ints:
    """Each row's bigram tokens: the bigram (two letter numbers below `alphabet`) and its
    occurrence number in the row."""
    grams = (letters[:, :-1] * alphabet + letters[:, 1:]) * (_MAX_OCCURRENCE + 1)
    occurrence = np.zeros(grams.shape, dtype=np.int64)
    for j in range(1, grams.shape[1]):
        same = (grams[:, :j] == grams[:, j : j + 1]).sum(axis=1)
        occurrence[:, j] = np.minimum(same, _MAX_OCCURRENCE)
    return grams + occurrence


def word_tokens(word: str, letters: dict[str, int]) -> list[int]:
    """`bigram_tokens` of one word, in Python integers (the same values); bigrams with a
    letter no vocabulary word has are left out."""
    alphabet = len(letters)
    seen: dict[int, int] = {}
    out = []
    for a, b in itertools.pairwise(word):
        if a in letters and b in letters:
            gram = (letters[a] * alphabet + letters[b]) * (_MAX_OCCURRENCE + 1)
            n = seen.get(gram, 0)
            seen[gram] = n + 1
            out.append(gram + min(n, _MAX_OCCURRENCE))
    return out


def sorted_distinct(values: npt.NDArray[Any]) -> npt.NDArray[Any]:
    """`np.unique(values)`, sorted and distinct, without its first call importing numpy.ma
    (numpy 2.4 asks `np.ma.is_masked`: 15-90 ms, on a first misspelt question)."""
    ordered = np.sort(values, axis=None)
    if len(ordered) < 2:
        return ordered
    keep = np.empty(len(ordered), dtype=bool)
    keep[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=keep[1:])
    return ordered[keep]


def numbered(values: Ints) -> tuple[Ints, Ints]:
    """The sorted distinct values, and each value's number among them."""
    if len(values) and int(values.max()) < _COUNTABLE:  # small numbers: count, don't sort
        present = np.bincount(values, minlength=1) > 0
        distinct = np.flatnonzero(present)
        return distinct, (np.cumsum(present) - 1)[values].astype(np.int32)
    distinct = sorted_distinct(values)
    return distinct, np.searchsorted(distinct, values).astype(np.int32)


def _deletion_hashes(points: Ints) -> npt.NDArray[np.uint64]:
    """Each row's polynomial hash, then for each i the hash of the row without letter i."""
    rows = points.astype(np.uint64)
    count, length = rows.shape
    base = np.uint64(_BASE)
    prefix = np.zeros((count, length + 1), dtype=np.uint64)
    suffix = np.zeros((count, length + 1), dtype=np.uint64)
    powers = [np.uint64(pow(_BASE, length - 1 - i, 1 << 64)) for i in range(length)]
    for i in range(length):
        prefix[:, i + 1] = prefix[:, i] * base + rows[:, i]
    for i in range(length - 1, -1, -1):
        suffix[:, i] = rows[:, i] * powers[i] + suffix[:, i + 1]
    # Letter i dropped: the prefix before it, shifted past the suffix after it.
    out = [prefix[:, length]] + [prefix[:, i] * powers[i] + suffix[:, i + 1] for i in range(length)]
    return np.concatenate(out) & np.uint64(_MASK32)  # 32 bits kept, in 64 for the pairs


def _variant_hashes(word: str) -> set[int]:
    """`_deletion_hashes` of one word, in Python integers (the same values)."""
    points = [ord(c) for c in word]
    prefix = [0]
    for c in points:
        prefix.append((prefix[-1] * _BASE + c) & _MASK64)
    suffix = [0] * (len(points) + 1)
    powers = [0] * len(points)
    power = 1
    for i in range(len(points) - 1, -1, -1):
        suffix[i] = (points[i] * power + suffix[i + 1]) & _MASK64
        powers[i] = power
        power = (power * _BASE) & _MASK64
    found = {prefix[-1] & _MASK32}
    found.update((prefix[i] * powers[i] + suffix[i + 1]) & _MASK32 for i in range(len(points)))
    return found
