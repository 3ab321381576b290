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
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

_MULTI_DIGIT = re.compile(r"\d[\d.,]+")  # wordfreq leaves these out of its top lists


@lru_cache(maxsize=4)
def buckets(name: str) -> tuple[tuple[str, ...], ...] | None:
    """The words of `name` ("small_en", "large_en") by centibel band, most frequent first;
    None when wordfreq's data cannot be read this way."""
    try:
        return tuple(_bands(name))
    except _Unreadable:
        return None


class _Unreadable(Exception):
    """wordfreq's data is not there, or not in the layout read here."""


def _bands(name: str) -> Iterator[tuple[str, ...]]:
    """The bands of `name`, read one after another: the most frequent words need only the
    start of the file (the 40,000 everyday words of the large list, a tenth of it)."""
    folder = _data()
    path = folder / f"{name}.msgpack.gz" if folder is not None else None
    if path is None or not path.is_file():
        raise _Unreadable(name)
    try:
        import msgpack  # type: ignore[import-untyped]  # noqa: PLC0415 - wordfreq's dependency
    except ImportError as exc:
        raise _Unreadable(name) from exc
    try:
        with gzip.open(path, "rb") as handle:
            unpacker = msgpack.Unpacker(handle, raw=False)
            size = unpacker.read_array_header()
            header = unpacker.unpack() if size else None
            if not isinstance(header, dict) or (header.get("format"), header.get("version")) != (
                "cB",
                1,
            ):
                raise _Unreadable(name)
            for _ in range(size - 1):
                band = unpacker.unpack()
                if not isinstance(band, list):
                    raise _Unreadable(name)
                yield tuple(band)
    except (OSError, ValueError, msgpack.UnpackException) as exc:
        raise _Unreadable(name) from exc


def frequencies(name: str) -> dict[str, float] | None:
    """Word -> frequency (a proportion), as `wordfreq.get_frequency_dict` gives them."""
    found = buckets(name)
    if found is None:
        return None
    return {word: 10 ** (-index / 100) for index, band in enumerate(found) for word in band}


def top(name: str, count: int) -> list[str] | None:
    """The `count` most frequent words, as `wordfreq.top_n_list` lists them."""
    out: list[str] = []
    try:
        for band in _bands(name):
            for word in band:
                if not _MULTI_DIGIT.match(word):
                    out.append(word)
                    if len(out) >= count:
                        return out
    except _Unreadable:
        return None
    return out


@lru_cache(maxsize=1)
def _data() -> Path | None:
    """wordfreq's data folder, found without importing wordfreq."""
    spec = importlib.util.find_spec("wordfreq")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))) / "data"
