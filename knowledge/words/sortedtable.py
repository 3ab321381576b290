"""A table file of sorted lines, looked up by binary search on its bytes.

The word tables (`thesaurus`: WordNet, related words, opposites) are tens of thousands of
lines `key<TAB>value`, sorted by key and each key once (their derive scripts write them
so; a test checks). Reading one into a dict took 15-60 ms and ~10 MB; here a table is its
file's bytes and the first key of every `BLOCK` lines (one numpy pass, ~1 ms), and a
lookup is a binary search of those keys and one `bytes.find` in the block (~1 µs).
UTF-8 bytes sort as the text's code points do, so the file's order is the bytes' order.
"""

from __future__ import annotations

from bisect import bisect_right
from pathlib import Path

import numpy as np

BLOCK = 32  # lines a lookup searches through with one bytes.find
_NEWLINE = 10


class SortedTable:
    """`key<TAB>value` lines sorted by key; `#` lines at the top are comments."""

    __slots__ = ("_block_keys", "_block_starts", "_data", "_lines")

    def __init__(self, data: bytes) -> None:
        while data.startswith(b"#"):
            data = data[data.find(b"\n") + 1 :] if b"\n" in data else b""
        if data and not data.endswith(b"\n"):
            data += b"\n"
        self._data = b"\n" + data  # every line after a line break, the first one too
        ends = np.flatnonzero(np.frombuffer(self._data, dtype=np.uint8) == _NEWLINE)
        starts = (ends[:-1] + 1).tolist()  # where each line begins
        self._lines = len(starts)
        self._block_starts: list[int] = starts[::BLOCK]
        self._block_keys = [self._key_at(start) for start in self._block_starts]

    @classmethod
    def read(cls, path: Path) -> SortedTable:
        return cls(path.read_bytes())

    def __len__(self) -> int:
        return self._lines

    def get(self, key: str) -> str | None:
        """The value of `key`'s line, or None when the table has none."""
        wanted = key.encode("utf-8")
        block = bisect_right(self._block_keys, wanted) - 1
        if block < 0 or b"\n" in wanted or b"\t" in wanted:
            return None
        begin = self._block_starts[block] - 1  # the line break before the block
        end = (
            self._block_starts[block + 1]
            if block + 1 < len(self._block_starts)
            else len(self._data)
        )
        needle = b"\n" + wanted + b"\t"
        at = self._data.find(needle, begin, end)
        if at < 0:
            return None
        start = at + len(needle)
        return self._data[start : self._data.index(b"\n", start)].decode("utf-8")

    def keys(self) -> list[str]:
        """Every key, in order (for checks, not for lookups)."""
        lines = self._data[1:].decode("utf-8").splitlines()
        return [line.split("\t", 1)[0] for line in lines]

    def _key_at(self, start: int) -> bytes:
        return self._data[start : self._data.index(b"\t", start)]
