"""General English word relations from WordNet: synonyms and word families.

`data/wordnet.tsv` is derived at development time (`data/derive_wordnet.py`) from
WordNet 3.0, keeping each word's frequent senses only, and stored as Snowball stems so
nothing is stemmed here. Each table is looked up in its sorted file (`SortedTable`):
opening the three takes ~5 ms, once per process, where reading them into dicts took ~90.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

from knowledge.words.sortedtable import SortedTable
from knowledge.words.text import stem

WORDNET = Path(__file__).parents[1] / "data" / "wordnet.tsv"
RELATED = Path(__file__).parents[1] / "data" / "related.tsv"
OPPOSITES = Path(__file__).parents[1] / "data" / "opposites.tsv"

Phrase = tuple[str, ...]
T = TypeVar("T")
_TABLES: dict[str, Any] = {}
_LOCK = threading.Lock()  # a question asked while the tables load waits for them, once


def _loaded(name: str, load: Callable[[], T]) -> T:
    """A table, loaded by whichever thread asks first; the others wait for it."""
    found = _TABLES.get(name)
    if found is None:
        with _LOCK:
            found = _TABLES.get(name)
            if found is None:
                found = _TABLES[name] = load()
    return found


def _table() -> SortedTable:
    return _loaded("wordnet", lambda: SortedTable.read(WORDNET))


@lru_cache(maxsize=50_000)
def related(phrase: Phrase) -> tuple[tuple[Phrase, ...], tuple[Phrase, ...]]:
    """(synonyms, word family) of a phrase of stems, each as phrases of stems."""
    found = _table().get(" ".join(phrase))
    if found is None:
        return (), ()
    synonyms, family = found.split("\t")
    return _phrases(synonyms), _phrases(family)


def _phrases(joined: str) -> tuple[Phrase, ...]:
    return tuple(tuple(p.split()) for p in joined.split(",")) if joined else ()


def _related() -> SortedTable:
    return _loaded("related", lambda: SortedTable.read(RELATED))


@lru_cache(maxsize=50_000)
def close_in_meaning(word: str) -> tuple[tuple[str, float], ...]:
    """Stems of words close in meaning to a folded word, with their similarity (0..1)."""
    found = _related().get(word)
    if not found:
        return ()
    pairs = (item.rsplit(":", 1) for item in found.split(","))
    own = stem(word)
    opposite = _opposites_of(own)
    return tuple(
        (near, float(similarity))
        for near, similarity in pairs
        if near not in opposite and not _negation(own, near)
    )


def _opposites() -> SortedTable:
    return _loaded("opposites", lambda: SortedTable.read(OPPOSITES))


def _opposites_of(own: str) -> frozenset[str]:
    """Stems of opposite meaning (`data/opposites.tsv`, from WordNet's antonyms): a
    sentence model puts "highest" beside "lowest", "buy" beside "sell", but each answers
    the other's question wrongly."""
    found = _opposites().get(own)
    return frozenset(found.split(",")) if found else frozenset()


_NEGATIONS = ("dis", "in", "un", "non", "im", "ir", "il")


def _negation(word: str, near: str) -> bool:
    """Whether one stem is the other negated ("advantag" / "disadvantag", "accuraci" /
    "inaccuraci"): a sentence model puts them close, but they answer opposite questions."""
    if not (word.startswith(_NEGATIONS) or near.startswith(_NEGATIONS)):
        return False  # most pairs: one test each, not fourteen
    for a, b in ((word, near), (near, word)):
        for prefix in _NEGATIONS:
            rest = a.removeprefix(prefix)
            if rest != a and len(rest) >= 3 and (b.startswith(rest) or rest.startswith(b)):
                return True
    return False


def warm() -> None:
    """Load the tables now rather than on the first question."""
    _table()
    _related()
    _opposites()


def warm_in_background() -> threading.Thread | None:
    """Load the tables on a daemon thread (None when they are loaded already)."""
    if len(_TABLES) == 3:
        return None
    thread = threading.Thread(target=warm, name="citebot-thesaurus", daemon=True)
    thread.start()
    return thread
