"""wordfreq's English word lists read straight from its data files.

Importing wordfreq takes ~0.2 s (it compiles its tokenizer's expressions and loads its
language tables), half of a knowledge base's cached load; the engine only needs two of its
lists, which are plain files in its package: a gzipped msgpack list whose first item is a
header and whose n-th item after it holds the words at -n centibels ("cBpack"). Where
that layout is not what it was, the caller falls back to wordfreq itself.
"""

from __future__ import annotations

import gzip
import importlib.util
import re
from functools import lru_cache
from pathlib import Path

_MULTI_DIGIT = re.compile(r"\d[\d.,]+")  # wordfreq leaves these out of its top lists


@lru_cache(maxsize=4)
def buckets(name: str) -> tuple[tuple[str, ...], ...] | None:
    """The words of `name` ("small_en", "large_en") by centibel band, most frequent first;
    None when wordfreq's data cannot be read this way."""
    folder = _data()
    path = folder / f"{name}.msgpack.gz" if folder is not None else None
    if path is None or not path.is_file():
        return None
    try:
        import msgpack  # type: ignore[import-untyped]  # noqa: PLC0415 - wordfreq's dependency

        with gzip.open(path, "rb") as handle:
            data = msgpack.load(handle, raw=False)
    except (OSError, ValueError, ImportError):
        return None
    header = data[0] if isinstance(data, list) and data else None
    if not isinstance(header, dict) or header.get("format") != "cB" or header.get("version") != 1:
        return None
    return tuple(tuple(bucket) for bucket in data[1:])


def frequencies(name: str) -> dict[str, float] | None:
    """Word -> frequency (a proportion), as `wordfreq.get_frequency_dict` gives them."""
    found = buckets(name)
    if found is None:
        return None
    return {word: 10 ** (-index / 100) for index, band in enumerate(found) for word in band}


def top(name: str, count: int) -> list[str] | None:
    """The `count` most frequent words, as `wordfreq.top_n_list` lists them."""
    found = buckets(name)
    if found is None:
        return None
    out: list[str] = []
    for band in found:
        for word in band:
            if not _MULTI_DIGIT.match(word):
                out.append(word)
                if len(out) >= count:
                    return out
    return out


@lru_cache(maxsize=1)
def _data() -> Path | None:
    """wordfreq's data folder, found without importing wordfreq."""
    spec = importlib.util.find_spec("wordfreq")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))) / "data"
