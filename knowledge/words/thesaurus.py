"""General English word relations from WordNet: synonyms and word families.

`data/wordnet.tsv` is derived at development time (`data/derive_wordnet.py`) from
WordNet 3.0, keeping each word's frequent senses only, and stored as Snowball stems so
nothing is stemmed here. It loads once per process, on first use (about 40 ms).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from knowledge.words.text import stem

WORDNET = Path(__file__).parents[1] / "data" / "wordnet.tsv"
RELATED = Path(__file__).parents[1] / "data" / "related.tsv"
OPPOSITES = Path(__file__).parents[1] / "data" / "opposites.tsv"

Phrase = tuple[str, ...]


@lru_cache(maxsize=1)
def _table() -> dict[str, tuple[str, str]]:
    table: dict[str, tuple[str, str]] = {}
    with WORDNET.open(encoding="utf-8") as lines:
        for line in lines:
            if line[0] != "#":
                key, synonyms, family = line.rstrip("\n").split("\t")
                table[key] = (synonyms, family)
    return table


@lru_cache(maxsize=50_000)
def related(phrase: Phrase) -> tuple[tuple[Phrase, ...], tuple[Phrase, ...]]:
    """(synonyms, word family) of a phrase of stems, each as phrases of stems."""
    found = _table().get(" ".join(phrase))
    if found is None:
        return (), ()
    synonyms, family = found
    return _phrases(synonyms), _phrases(family)


def _phrases(joined: str) -> tuple[Phrase, ...]:
    return tuple(tuple(p.split()) for p in joined.split(",")) if joined else ()


@lru_cache(maxsize=1)
def _related() -> dict[str, str]:
    table: dict[str, str] = {}
    with RELATED.open(encoding="utf-8") as lines:
        for line in lines:
            if line[0] != "#":
                word, near = line.rstrip("\n").split("\t")
                table[word] = near
    return table


@lru_cache(maxsize=50_000)
def close_in_meaning(word: str) -> tuple[tuple[str, float], ...]:
    """Stems of words close in meaning to a folded word, with their similarity (0..1)."""
    found = _related().get(word)
    if not found:
        return ()
    pairs = (item.rsplit(":", 1) for item in found.split(","))
    own = stem(word)
    opposite = _opposites().get(own, ())
    return tuple(
        (near, float(similarity))
        for near, similarity in pairs
        if near not in opposite and not _negation(own, near)
    )


@lru_cache(maxsize=1)
def _opposites() -> dict[str, frozenset[str]]:
    """Stems -> stems of opposite meaning (`data/opposites.tsv`, from WordNet's antonyms):
    a sentence model puts "highest" beside "lowest", "buy" beside "sell", but each answers
    the other's question wrongly."""
    table: dict[str, frozenset[str]] = {}
    with OPPOSITES.open(encoding="utf-8") as lines:
        for line in lines:
            if line[0] != "#":
                key, found = line.rstrip("\n").split("\t")
                table[key] = frozenset(found.split(","))
    return table


_NEGATIONS = ("dis", "in", "un", "non", "im", "ir", "il")


def _negation(word: str, near: str) -> bool:
    """Whether one stem is the other negated ("advantag" / "disadvantag", "accuraci" /
    "inaccuraci"): a sentence model puts them close, but they answer opposite questions."""
    for a, b in ((word, near), (near, word)):
        for prefix in _NEGATIONS:
            rest = a.removeprefix(prefix)
            if rest != a and len(rest) >= 3 and (b.startswith(rest) or rest.startswith(b)):
                return True
    return False


def warm() -> None:
    """Load the tables now rather than on the first question."""
    _table()
    _opposites()
