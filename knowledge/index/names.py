"""Names and the words made from them ("Mao", "Maoists"; "China", "Chinese"), so a
question about a name reaches its adjectives and followers, and no name is taken for
another's synonym."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from knowledge.index.texttable import TextTable
from knowledge.words.text import fold, stem


def name_forms(texts: Sequence[str]) -> TextTable:
    """Names and the words made from them ("Mao", "Maoists"; "China", "Chinese"): the stems
    of capitalised words by their `root`, sorted and spaced ("china chines"; a set per
    name weighed more than all the postings together, a tuple cost a large cache's load)."""
    forms: dict[str, set[str]] = {}
    seen: dict[str, tuple[str, str]] = {}  # a name -> (its root, its stem): names recur
    for text in texts:
        for name in _PROPER.findall(text):
            known = seen.get(name)
            if known is None:
                name_stem = stem(fold(name))
                known = seen[name] = (root(name_stem), name_stem)
            forms.setdefault(known[0], set()).add(known[1])
    return TextTable.of({k: " ".join(sorted(v)) for k, v in forms.items()})


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


@lru_cache(maxsize=100_000)
def root(term: str) -> str:
    """A stem without derivational endings, to tie a name to its adjectives and followers
    (remembered: each question word asks twice, and a build once per name)."""
    for _ in range(3):
        for suffix in _DERIVATIONS:
            if term.endswith(suffix) and len(term) - len(suffix) >= 3:
                term = term[: -len(suffix)]
                break
        else:
            break
    return term
