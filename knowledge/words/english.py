"""How rare a word is in general English, so an unknown word weighs what it says.

wordfreq's small English list (words down to Zipf 3; rarer ones count as rare anyway)
is read from its data file in about 10 ms (`knowledge.words.wordlists`); the library
itself (~0.2 s to import) is imported on a background thread while knowledge loads, for
the rare word its tokenizer must read.
"""

from __future__ import annotations

import math
import sys
import threading
from functools import lru_cache

from knowledge.words import wordlists

COMMON_ZIPF = 6.0  # "the", "is": carries nothing
RARE_ZIPF = 2.5  # names, jargon: carries a topic
FLOOR = 0.15


@lru_cache(maxsize=100_000)
def rarity(word: str) -> float:
    """0.15 (everyday word) .. 1.0 (rare word or none at all: a name, a typo, gibberish)."""
    zipf = _zipf(word)
    if zipf <= 0:
        return 1.0
    share = (COMMON_ZIPF - zipf) / (COMMON_ZIPF - RARE_ZIPF)
    return max(FLOOR, min(1.0, share))


def is_english(word: str) -> bool:
    """Whether a folded word is in the English word list (a real word, not a fragment)."""
    if word.isalpha():  # a plain word: one lookup, not wordfreq's tokenizer (~10 µs)
        return word.lower() in _frequencies()
    return _zipf(word) > 0


@lru_cache(maxsize=1)
def _frequencies() -> dict[str, float]:
    found = wordlists.frequencies("small_en")  # ~10 ms, where importing wordfreq is ~0.2 s
    if found is not None:
        return found
    import wordfreq  # noqa: PLC0415 - see _zipf()

    return wordfreq.get_frequency_dict("en", wordlist="small")


@lru_cache(maxsize=100_000)
def _zipf(word: str) -> float:
    """wordfreq's Zipf frequency; a plain lowercase ASCII word (most of them) is looked up
    in the list, as wordfreq does after its tokenizer (~40 µs a word), rounded as it does."""
    if word.isascii() and word.isalpha() and word.islower():
        found = _frequencies().get(word)
        return 0.0 if found is None else _rounded_zipf(found)
    import wordfreq  # noqa: PLC0415 - heavy import, paid once when the first question needs it

    return float(wordfreq.zipf_frequency(word, "en", wordlist="small"))


def _rounded_zipf(frequency: float) -> float:
    """wordfreq's arithmetic for one token: 1 / (1 / f), three significant digits, then
    the Zipf scale to two decimals (`test_english` checks it against wordfreq)."""
    combined = 1.0 / (1.0 / frequency)
    leading_zeroes = math.floor(-math.log(combined, 10))
    return round(math.log(round(combined, leading_zeroes + 3), 10) + 9, 2)


ENGLISH_WORDS = 40_000  # the everyday words a misspelling is checked against


@lru_cache(maxsize=1)
def _everyday() -> dict[tuple[str, int], tuple[list[str], list[int]]]:
    """Everyday words by first letter and length, most frequent first, with their ranks
    in the frequency list: a misspelling keeps its first letter and is within one letter
    of the word's length, so only three buckets are searched."""
    listed = wordlists.top("large_en", ENGLISH_WORDS)  # wordfreq's "best" English list
    if listed is None:
        import wordfreq  # noqa: PLC0415 - see _zipf()

        listed = wordfreq.top_n_list("en", ENGLISH_WORDS)
    buckets: dict[tuple[str, int], tuple[list[str], list[int]]] = {}
    for rank, word in enumerate(listed):
        if word.isalpha() and len(word) > 2:
            words, ranks = buckets.setdefault((word[0], len(word)), ([], []))
            words.append(word)
            ranks.append(rank)
    return buckets


@lru_cache(maxsize=10_000)
def english_spelling(word: str) -> str | None:
    """The everyday English word a word not in the word list is a misspelling of, if one
    is a single edit (or swap) away: "compleetly" -> "completely". Of several, the most
    frequent: "shoud" is "should" rather than "shou"."""
    if len(word) < 4 or not word.isalpha() or is_english(word):
        return None
    from rapidfuzz import process  # noqa: PLC0415
    from rapidfuzz.distance import OSA  # noqa: PLC0415

    buckets = _everyday()
    best: tuple[int, int, str] | None = None  # (distance, rank, word)
    for size in (len(word) - 1, len(word), len(word) + 1):
        words, ranks = buckets.get((word[0], size), ((), ()))
        # The bucket's nearest word, the most frequent of equally near ones.
        found = process.extractOne(word, words, scorer=OSA.distance, score_cutoff=1)
        if found is not None:
            near = (int(found[1]), ranks[found[2]], found[0])
            best = near if best is None else min(best, near)
    return best[2] if best is not None else None


def warm() -> None:
    """Import and load the frequency list now rather than on the first question."""
    rarity("warm")


def warm_spelling() -> None:
    """Sort the everyday words for spelling now (~30 ms), not on the first misspelt word."""
    _everyday()


def _warm_spelling() -> None:
    _everyday()
    import wordfreq  # noqa: F401, PLC0415 - for the rare word that needs its tokenizer (_zipf)


def warm_spelling_in_background() -> threading.Thread | None:
    """Sort the everyday words for spelling, and import wordfreq for the rare word that
    needs its tokenizer, on a daemon thread (None when both are done already)."""
    if _everyday.cache_info().currsize and "wordfreq" in sys.modules:
        return None
    thread = threading.Thread(target=_warm_spelling, name="citebot-spelling", daemon=True)
    thread.start()
    return thread
