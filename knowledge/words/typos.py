"""Typo correction that looks words up instead of scanning the vocabulary.

Scoring every vocabulary word with rapidfuzz cost ~26 ms per unknown word at 100k words.
Here exact filters (`knowledge.words.typo_filters`) pick the few words that can reach a cutoff
and rapidfuzz scores only those, so the results (words, scores, order, ties) are the
scan's own. Which filter covers which pairs follows from the cutoffs:

- normalized edit similarity >= c allows k <= (1 - c) * max(len) edits; one edit or less
  is the deletion index's, two or more are left to shared bigrams (at least
  `max(len) - 1 - 2k` of them, the q-gram lemma);
- fuzz.ratio >= r allows an indel distance d <= (1 - r/100) * (len + len'): `mine`
  letters of the question word and `theirs` of the other are not in their longest common
  subsequence; at most one each is the deletion index's, more is left to shared bigrams
  (at least `len' - 1 - 2*theirs - mine`, and the same the other way round).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence
from functools import lru_cache
from typing import Any, NamedTuple

import numpy as np
from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA, Levenshtein

from knowledge.words import typo_filters as filters

# The correction policy: edit similarity, stricter for longer words; then, for long words
# with no match, an indel ratio, kept only when the best word has the same first letter.
LONG_WORD = 7
CUTOFF_LONG, CUTOFF_SHORT = 0.84, 0.8
LIMIT = 3
RATIO_MIN_LENGTH = 6
RATIO_CUTOFF = 82.0
CACHE_SIZE = 4096  # words remembered with their corrections (a bot sees the same typos again)
_EMPTY = np.zeros(0, dtype=np.int64)
_LENGTH = (1 << 32) - 1  # the length in a sort key (the first letter's rank above it)
_NEVER = 1 << 40  # more bigrams than any word has
_TIE = 1e-6  # far below the gap between two different ratios of words of sane length
_EPS = 1e-9  # bounds are widened by this much: a filter may let more through, never fewer
# rapidfuzz rounds a normalized cutoff on its side: at exactly 0.8 it turns away "stdin"
# for "stdn" (1 - 1/5). Scores of words this short differ by far more than this slack.
SLACK = 1e-6


class TypoIndex:
    """A vocabulary indexed for near-spelling lookups; results are positions in `words`."""

    def __init__(self, words: Sequence[str], cache_size: int = CACHE_SIZE) -> None:
        self.words = tuple(words)
        self.cache_size = cache_size
        count = len(self.words)
        lengths = np.fromiter(map(len, self.words), dtype=np.int64, count=count)
        initials = np.fromiter((ord(w[0]) if w else 0 for w in self.words), np.int64, count)
        self._max_length = int(lengths.max(initial=0))
        by_length = np.argsort(lengths, kind="stable")
        groups = [  # (positions, code points) of the words of each length
            (positions, filters.codes([self.words[p] for p in positions], length))
            for length in range(self._max_length + 1)
            if len(positions := by_length[lengths[by_length] == length])
        ]
        self._deletions = filters.DeletionIndex(groups)
        # Letters numbered 0..n-1, then the words' bigram tokens, numbered too.
        letters = filters.sorted_distinct(
            np.concatenate([_EMPTY, *(filters.sorted_distinct(r) for _, r in groups)])
        )
        self._letters = {chr(c): i for i, c in enumerate(letters.tolist())}
        tokens = [
            filters.bigram_tokens(np.searchsorted(letters, rows), len(letters)).ravel()
            for _, rows in groups
            if rows.shape[1] >= 2
        ]
        del groups
        self._tokens, ids = filters.numbered(np.concatenate([_EMPTY, *tokens]))
        del tokens
        per_word = np.maximum(lengths - 1, 0)
        self._by_length = filters.Bigrams(ids, per_word, by_length, lengths, lengths)
        self._initials, rank = np.unique(initials, return_inverse=True)
        self._by_initial = filters.Bigrams(ids, per_word, by_length, (rank << 32) | lengths, rank)
        self._init_cache()

    def _init_cache(self) -> None:
        self._cache: OrderedDict[str, tuple[tuple[int, float], ...]] = OrderedDict()
        self._lock = threading.Lock()

    def __getstate__(self) -> dict[str, Any]:
        state = self.__dict__.copy()  # the cache and its lock are not saved
        del state["_cache"], state["_lock"]
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._init_cache()

    @property
    def nbytes(self) -> int:
        """Memory held by the arrays (the words themselves are the caller's)."""
        parts = (self._deletions, self._by_length, self._by_initial)
        return sum(p.nbytes for p in parts) + int(self._tokens.nbytes)

    def corrections(self, word: str) -> tuple[tuple[int, float], ...]:
        """(position, similarity 0..1) of the words `word` may be a typo of, best first."""
        with self._lock:
            found = self._cache.get(word)
            if found is not None:
                self._cache.move_to_end(word)
                return found
        cutoff = CUTOFF_LONG if len(word) >= LONG_WORD else CUTOFF_SHORT
        near = self._deletions.neighbours(word)
        found = tuple(self._similar(word, cutoff, LIMIT, near))
        if not found and len(word) >= RATIO_MIN_LENGTH:
            # Dropped letters in long names ("kruschev" for "khrushchev") cost plain edit
            # distance too much; an indel ratio with the same first letter catches them.
            best = self._closest(word, RATIO_CUTOFF, near)
            if best is not None:
                found = ((best[0], best[1] / 100),)
        with self._lock:
            self._cache[word] = found
            if len(self._cache) > self.cache_size:
                self._cache.popitem(last=False)
        return found

    def swapped(self, word: str) -> int | None:
        """The first word `word` is with two neighbouring letters swapped ("trun" -> "turn"):
        one edit for a reader, two for Levenshtein. Such a pair shares a one-letter deletion,
        so the deletion index holds every candidate."""
        for position in sorted(set(self._deletions.neighbours(word).tolist())):
            other = self.words[position]
            if OSA.distance(word, other) == 1 and Levenshtein.distance(word, other) == 2:
                return int(position)
        return None

    def similar(self, word: str, cutoff: float, limit: int) -> list[tuple[int, float]]:
        """As `process.extract(word, words, scorer=Levenshtein.normalized_similarity,
        score_cutoff=cutoff - SLACK, limit=limit)`: (position, score), best first, ties by
        position."""
        return self._similar(word, cutoff, limit, self._deletions.neighbours(word))

    def closest_if_same_initial(self, word: str, cutoff: float) -> tuple[int, float] | None:
        """As `process.extractOne(word, words, scorer=fuzz.ratio, score_cutoff=cutoff -
        100 * SLACK)` when that word has `word`'s first letter, else None: (position, score
        0..100)."""
        return self._closest(word, cutoff, self._deletions.neighbours(word)) if word else None

    def _similar(
        self, word: str, cutoff: float, limit: int, near: filters.Ints
    ) -> list[tuple[int, float]]:
        cutoff = max(0.0, cutoff - SLACK)
        needs = _edit_needs(len(word), cutoff, self._max_length)
        candidates = self._candidates(word, needs, near)
        found = process.extract(
            word,
            [self.words[p] for p in candidates],
            scorer=Levenshtein.normalized_similarity,
            score_cutoff=cutoff,
            limit=None,
        )
        ranked = sorted((-score, candidates[i]) for _, score, i in found)
        return [(p, -score) for score, p in ranked[:limit]]

    def _closest(self, word: str, cutoff: float, near: filters.Ints) -> tuple[int, float] | None:
        # First the best word with the same first letter: a narrow search, and the only one
        # needed when there is none (the usual case for a word the text never uses).
        same = near[[self.words[p][:1] == word[0] for p in near.tolist()]]
        cutoff = max(0.0, cutoff - 100 * SLACK)
        needs = _ratio_needs(len(word), cutoff, self._max_length)
        mine = self._candidates(word, needs, same, ord(word[0]))
        best = process.extractOne(
            word,
            [self.words[p] for p in mine],
            scorer=fuzz.ratio,
            score_cutoff=cutoff,
        )
        if best is None:
            return None
        position, score = mine[best[2]], best[1]
        # Then whether a word with another first letter does as well, earlier, or better:
        # the first best of all words that may score that much. (No cutoff for rapidfuzz
        # here: its extractOne may turn away a score a hair above one.)
        needs = _ratio_needs(len(word), score - _TIE, self._max_length)
        rivals = self._candidates(word, needs, near)
        rival = process.extractOne(word, [self.words[p] for p in rivals], scorer=fuzz.ratio)
        return (position, score) if rival is None or rivals[rival[2]] == position else None

    def _candidates(
        self, word: str, needs: Needs | None, found: filters.Ints, initial: int | None = None
    ) -> list[int]:
        """Sorted positions: `found`, plus the words that share at least as many bigram tokens
        with `word` as `needs` asks of their length (only those with `initial` if given)."""
        parts = [found]
        if needs is not None:
            if initial is None:
                bigrams, first, end = self._by_length, needs.low, needs.high + 1
            else:
                rank = int(np.searchsorted(self._initials, initial))
                if rank == len(self._initials) or self._initials[rank] != initial:
                    return sorted(set(found.tolist()))  # no word starts with that letter
                bigrams, first, end = self._by_initial, rank, rank + 1
            begin, counts = bigrams.counts(self._token_ids(word), first, end)
            lengths = bigrams.sorted_keys[begin : begin + len(counts)] & _LENGTH
            hits = np.flatnonzero(counts >= needs.thresholds[lengths])
            parts.append(bigrams.order[hits + begin].astype(np.int64))
        return filters.sorted_distinct(np.concatenate(parts)).tolist()  # type: ignore[no-any-return]

    def _token_ids(self, word: str) -> filters.Ints:
        """The numbers of `word`'s bigram tokens that some vocabulary word has."""
        wanted = np.array(filters.word_tokens(word, self._letters), dtype=np.int64)
        if not len(self._tokens) or not len(wanted):
            return filters.EMPTY
        places = np.minimum(np.searchsorted(self._tokens, wanted), len(self._tokens) - 1)
        found: filters.Ints = places[self._tokens[places] == wanted]
        return found


class Needs(NamedTuple):
    """Bigram tokens a word must share, by its length; the lengths low..high need any."""

    low: int
    high: int
    thresholds: filters.Ints  # by length; _NEVER where the deletion index finds them all


@lru_cache(maxsize=1024)
def _edit_needs(size: int, cutoff: float, longest: int) -> Needs | None:
    """What the deletion index may miss (two edits or more) at a normalized edit similarity
    of `cutoff`, for a word of `size` among words of up to `longest` letters."""
    return _needs(
        {
            length: max(size, length) - 1 - 2 * k
            for length in range(longest + 1)
            if (k := _edit_limit(size, length, cutoff)) >= 2
        },
        longest,
    )


@lru_cache(maxsize=1024)
def _ratio_needs(size: int, cutoff: float, longest: int) -> Needs | None:
    """The same for an indel ratio (fuzz.ratio) of `cutoff`."""
    return _needs(
        {
            length: threshold
            for length in range(longest + 1)
            if (threshold := _indel_threshold(size, length, cutoff)) is not None
        },
        longest,
    )


def _needs(by_length: dict[int, int], longest: int) -> Needs | None:
    if not by_length:
        return None
    thresholds = np.full(longest + 1, _NEVER, dtype=np.int64)
    thresholds[list(by_length)] = list(by_length.values())
    return Needs(min(by_length), max(by_length), thresholds)


def _edit_limit(size: int, length: int, cutoff: float) -> int:
    """The most edits a word of `length` may be from one of `size` and still score `cutoff`
    (normalized Levenshtein similarity); -1 when no number of edits will do."""
    most = int((1 - cutoff + _EPS) * max(size, length))
    return most if most >= abs(size - length) else -1


def _indel_threshold(size: int, length: int, cutoff: float) -> int | None:
    """Bigram tokens a word of `length` must share with one of `size` to reach `cutoff`
    (fuzz.ratio); None when the deletion index finds them all, or no such word can."""
    total = size + length
    most = int((1 - cutoff / 100 + _EPS) * total)
    most -= (most - total) % 2  # an indel distance has the parity of the lengths' sum
    if most < abs(size - length):
        return None
    mine, theirs = (most + size - length) // 2, (most + length - size) // 2
    if max(mine, theirs) <= 1:
        return None
    return max(length - 1 - 2 * theirs - mine, size - 1 - 2 * mine - theirs)
