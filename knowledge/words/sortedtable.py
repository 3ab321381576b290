"""A table file of sorted lines, looked up by binary search on its bytes.

The word tables (`thesaurus`: WordNet, related words, opposites) are tens of thousands of
lines `key<TAB>value`, sorted by key and each key once (their derive scripts write them
so; a test checks). Reading one into a dict took 20-60 ms and ~10 MB; here a table is its
file's bytes and where each line starts (found by one numpy pass, ~1 ms), and a lookup is
a binary search of ~16 steps (~5 µs, and the thesaurus remembers what it looked up).
UTF-8 bytes sort as the text's code points do, so the file's order is the bytes' order.
"""

from __future__ import annotations

from bisect import bisect_left
from pathlib import Path

import numpy as np

_NEWLINE, _TAB = 10, b"\t"


class SortedTable:
    """`key<TAB>value` lines sorted by key; `#` lines at the top are comments."""

    __slots__ = ("_data", "_keys", "_starts")

    def __init__(self, data: bytes) -> None:
        while data.startswith(b"#"):
            data = data[data.find(b"\n") + 1 :] if b"\n" in data else b""
        if data and not data.endswith(b"\n"):
            data += b"\n"
        self._data = data
        ends = np.flatnonzero(np.frombuffer(data, dtype=np.uint8) == _NEWLINE)
        self._starts: list[int] = [0, *(ends[:-1] + 1).tolist()] if len(ends) else []
        self._keys = _Keys(data, self._starts)

    @classmethod
    def read(cls, path: Path) -> SortedTable:
        return cls(path.read_bytes())

    def __len__(self) -> int:
        return len(self._starts)

    def get(self, key: str) -> str | None:
        """The value of `key`'s line, or None when the table has none."""
        wanted = key.encode("utf-8")
        at = bisect_left(self._keys, wanted)
        if at == len(self._starts) or self._keys[at] != wanted:
            return None
        start = self._starts[at] + len(wanted) + 1
        return self._data[start : self._data.index(b"\n", start)].decode("utf-8")

    def keys(self) -> list[str]:
        """Every key, in order (for checks, not for lookups)."""
        return [self._keys[i].decode("utf-8") for i in range(len(self._starts))]


class _Keys:
    """The table's keys as a sequence `bisect` can search, each read when asked."""

    __slots__ = ("_data", "_starts")

    def __init__(self, data: bytes, starts: list[int]) -> None:
        self._data, self._starts = data, starts

    def __len__(self) -> int:
        return len(self._starts)

    def __getitem__(self, line: int) -> bytes:
        start = self._starts[line]
        return self._data[start : self._data.index(_TAB, start)]
