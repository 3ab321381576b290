"""Every document's answer units as one array: a large knowledge base holds no object per unit.

A knowledge base at 500× the article has ~140k units; as `Sentence` objects, each with its
own copy of its text, they were the largest part of its memory and of its cache load time.
Here one table holds every document's units, and `Section.sentences` is a `Units` view
over its rows that makes a `Sentence` (text sliced from the document) only when asked.

Layout of a `UnitTable`:
  rows    int64[units, 8]; one row per unit in reading order, the columns
          ID, PARAGRAPH, START, END, QUOTE_END (-1: none), HEADER_START, HEADER_END
          (-1, -1: no header), LABEL (a position in `labels`)
  labels  list[str]; labels[0] == "" (no label)
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, overload

import numpy as np
import numpy.typing as npt

from knowledge.model import Sentence, framed, listed_start

ID, PARAGRAPH, START, END, QUOTE_END, HEADER_START, HEADER_END, LABEL = range(8)
COLUMNS = 8

Row = tuple[int, int, int, int, int, int, int, int]


class UnitTable:
    """The units of every document of a knowledge base (see the module docstring).

    Rows are added while documents are parsed and kept in a list until the table is
    read; from then on they are one array. The knowledge base is built, and the table
    frozen, before it is shared between threads."""

    __slots__ = ("_labels", "_pending", "_rows", "labels")

    def __init__(
        self, rows: npt.NDArray[np.int64] | None = None, labels: Sequence[str] = ("",)
    ) -> None:
        self._rows: npt.NDArray[np.int64] = (
            np.zeros((0, COLUMNS), dtype=np.int64) if rows is None else rows
        )
        self._pending: list[Row] = []
        self.labels = list(labels)
        self._labels = {label: n for n, label in enumerate(self.labels)}

    def __len__(self) -> int:
        return len(self._rows) + len(self._pending)

    def __reduce__(self) -> tuple[Any, ...]:
        return (UnitTable, (self.rows, tuple(self.labels)))

    @property
    def rows(self) -> npt.NDArray[np.int64]:
        """Every row as one array (the rows added so far joined to it first)."""
        if self._pending:
            added = np.array(self._pending, dtype=np.int64).reshape(-1, COLUMNS)
            self._rows = np.concatenate((self._rows, added))
            self._pending = []
        return self._rows

    def add(
        self,
        uid: int,
        paragraph: int,
        start: int,
        end: int,
        quote_end: int,
        header: tuple[int, int] | None,
        label: str,
    ) -> int:
        """Add a unit; its row number."""
        head = header if header is not None else (-1, -1)
        number = self._labels.get(label)
        if number is None:
            number = self._labels[label] = len(self.labels)
            self.labels.append(label)
        self._pending.append((uid, paragraph, start, end, quote_end, head[0], head[1], number))
        return len(self) - 1

    def sentence(self, row: int, section_id: str, text: str) -> Sentence:
        """Row `row` as a `Sentence` of the section `section_id` of a document `text`."""
        values = self.rows[row].tolist()
        uid, paragraph, start, end, quote_end, head_start, head_end, label = values
        return Sentence(
            id=uid,
            section_id=section_id,
            paragraph=paragraph,
            start=start,
            end=end,
            text=text[start:end],
            quote_end=quote_end,
            header=None if head_start < 0 else (head_start, head_end),
            label=self.labels[label],
        )


def quote(text: str, first: Sequence[int], last: Sequence[int]) -> str:
    """`Sentence.quote` from two rows of a table: the excerpt from unit `first` through
    unit `last` of a document `text`, without making either Sentence."""
    end = max(last[END], last[QUOTE_END])
    start, head_start, head_end = first[START], first[HEADER_START], first[HEADER_END]
    if head_start < 0:
        return text[start:end]
    return framed(text, (int(head_start), int(head_end)), int(start), int(end))


class Units(Sequence[Sentence]):
    """A section's units: the rows of its document's table that belong to it, as runs
    (first, stop); usually one run, more when a sidebar sits among its parent's rows.
    `bounds` gives the runs flat: first, stop, first, stop..."""

    __slots__ = ("_runs", "_section_id", "_size", "_table", "_text")

    def __init__(self, table: UnitTable, bounds: Sequence[int], section_id: str, text: str) -> None:
        if len(bounds) % 2:
            raise ValueError("a section's runs are pairs of row numbers")
        self._table = table
        self._runs = tuple(zip(bounds[::2], bounds[1::2], strict=True))
        self._size = sum(stop - first for first, stop in self._runs)
        self._section_id = section_id
        self._text = text

    def __len__(self) -> int:
        return self._size

    @overload
    def __getitem__(self, item: int) -> Sentence: ...
    @overload
    def __getitem__(self, item: slice) -> tuple[Sentence, ...]: ...
    def __getitem__(self, item: int | slice) -> Sentence | tuple[Sentence, ...]:
        if isinstance(item, slice):
            return tuple(self._make(r) for r in self.rows[item])
        return self._make(self.row(item))

    def row(self, item: int) -> int:
        """The table row of the unit at `item` (negative counts from the end)."""
        at = item + self._size if item < 0 else item
        if not 0 <= at < self._size:
            raise IndexError(item)
        for first, stop in self._runs:
            if at < stop - first:
                return first + at
            at -= stop - first
        raise IndexError(item)  # pragma: no cover - the sizes add up

    @property
    def rows(self) -> list[int]:
        """Table rows, in reading order."""
        return [r for first, stop in self._runs for r in range(first, stop)]

    def __iter__(self) -> Iterator[Sentence]:
        return map(self._make, self.rows)

    def _make(self, row: int) -> Sentence:
        return self._table.sentence(row, self._section_id, self._text)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Units) and other._table is self._table:
            return other._runs == self._runs
        if isinstance(other, Sequence) and not isinstance(other, str):
            return len(other) == len(self) and all(a == b for a, b in zip(self, other, strict=True))
        return NotImplemented

    def __hash__(self) -> int:  # equal sequences have the same length and first unit
        return hash((self._size, int(self._table.rows[self.row(0), ID]) if self._size else -1))

    def __repr__(self) -> str:
        return f"Units({self._section_id!r}, {self._size} units)"

    def __reduce__(self) -> tuple[Any, ...]:
        flat = [n for run in self._runs for n in run]  # a tuple per run cost a cache's load
        return (Units, (self._table, flat, self._section_id, self._text))

    @property
    def table(self) -> UnitTable:
        return self._table

    def values(self) -> list[list[int]]:
        """Each unit's row of the table (the columns above), without making Sentences."""
        rows = self._table.rows
        if len(self._runs) == 1:
            first, stop = self._runs[0]
            return rows[first:stop].tolist()  # type: ignore[no-any-return]
        return [row for first, stop in self._runs for row in rows[first:stop].tolist()]

    def listed_texts(self) -> list[str]:
        """Each unit's text, a list item's from its marker ("- vegetable peelings"), as a
        summary shows it."""
        text = self._text
        return [text[listed_start(text, row[START]) : row[END]] for row in self.values()]

    def texts(self) -> list[str]:
        """Each unit's text, without making Sentences."""
        text = self._text
        return [text[row[START] : row[END]] for row in self.values()]
