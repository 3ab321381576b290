"""A large mapping of text to text that a cache stores as two strings, not one per entry.

Tables with ~100,000 small entries (the names and their forms, the names sections go by)
cost the cache load a decoded object per key and value, and more per tuple: most of a
large cache's load. Kept as one line of keys and one of values, they are read back by two
`str.split`s and a `dict`, at C speed. Their users keep small values as text ("a b", "3,1").
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

_LINE = "\n"


class TextTable(Mapping[str, str]):
    """text -> text: keys not empty, and no line break in a key or value (`of` refuses them)."""

    __slots__ = ("_entries",)

    def __init__(self, keys: str = "", values: str = "") -> None:
        """From the two lines `__reduce__` saves (`of` makes one from a mapping)."""
        if not keys:
            self._entries: dict[str, str] = {}
            return
        self._entries = dict(zip(keys.split(_LINE), values.split(_LINE), strict=True))

    @classmethod
    def of(cls, entries: Mapping[str, str]) -> TextTable:
        if any(not key or _LINE in key or _LINE in value for key, value in entries.items()):
            raise ValueError("a TextTable's keys are not empty; no key or value holds a line break")
        table = cls()
        table._entries = dict(entries)
        return table

    def __getitem__(self, key: str) -> str:
        return self._entries[key]

    def get(self, key: str, default: Any = None) -> Any:  # the hot path: no Mapping detour
        return self._entries.get(key, default)

    def __contains__(self, key: object) -> bool:
        return key in self._entries

    def __iter__(self) -> Iterator[str]:
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, TextTable):
            return self._entries == other._entries
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"TextTable({len(self._entries)} entries)"

    def __reduce__(self) -> tuple[Any, ...]:
        return (TextTable, (_LINE.join(self._entries), _LINE.join(self._entries.values())))
