"""Many objects of one class, kept by column: the part of `knowledge.store.graphcodec`
for the tens of thousands of sections, units and FAQ entries of a large knowledge base.

One by one, each object is a JSON object naming its class around a list of its arguments;
by column, the class is named once, and a column of atoms (titles, levels, flags) is a
JSON list read as it is. The forms are listed in graphcodec's docstring (L, T, J and the
column forms A, K, X, N, C, R); the numbering of referenceable values is the one-by-one
encoding's, so shared values stay shared either way.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

LONG = 48  # strings at least this long are kept once (a document's text is shared widely)
COLUMNAR = 8  # a list or tuple of at least this many objects of one class is kept by column
ATOMS = frozenset({str, int, float, bool, type(None)})  # JSON's own: themselves
PENDING = object()  # a numbered value not made yet


class Cycle(ValueError):
    """A value refers back to one still being written."""


def inline(value: Any) -> bool:
    """Whether a value is written as itself: an atom, a string shorter than `LONG`."""
    return type(value) in ATOMS and (type(value) is not str or len(value) < LONG)


def split(flat: list[Any], lengths: list[int]) -> list[list[Any]]:
    """`flat` cut into consecutive runs of `lengths` items."""
    out, at = [], 0
    for n in lengths:
        out.append(flat[at : at + n])
        at += n
    return out


def items_of(value: Any) -> list[Any]:
    if type(value) is not list:
        raise ValueError(f"expected a list, found {type(value).__name__}")
    return value


class ColumnEncoder:
    """Writes lists and tuples of objects by column (mixed into graphcodec's encoder)."""

    if TYPE_CHECKING:
        names: dict[type, str]
        numbers: dict[int, int]
        kept: list[object]
        arrays: list[np.ndarray]
        open: set[int]
        strings: bytearray

        def encode(self, obj: object) -> Any: ...
        def _number(self, obj: object) -> None: ...

    def _stored(self, text: str) -> tuple[int, int]:
        """Where `text`'s UTF-8 was added to the text array: its start and end bytes."""
        start = len(self.strings)
        self.strings += text.encode("utf-8", "surrogatepass")
        return start, len(self.strings)

    def _mark(self) -> tuple[int, int, int]:
        """How much has been numbered and written so far, for `_forget_since`."""
        return len(self.kept), len(self.arrays), len(self.strings)

    def _forget_since(self, mark: tuple[int, int, int]) -> None:
        """Undo what was numbered and written after `mark`: those values are then kept
        another way, numbered again as they are met."""
        numbered, arrays, texts = mark
        for obj in self.kept[numbered:]:
            del self.numbers[id(obj)]
            self.open.discard(id(obj))
        del self.kept[numbered:], self.arrays[arrays:], self.strings[texts:]

    def _columnar(self, items: Sequence[object]) -> list[Any] | None:
        """`items` as Columns (see the module docstring), or None when they are not all
        objects of one allowed class, each met here first, made by calling the class."""
        if len(items) < COLUMNAR:
            return None
        kind = type(items[0])
        name = self.names.get(kind)
        if name is None or len({id(item) for item in items}) != len(items):
            return None
        rows = []
        for item in items:
            if type(item) is not kind or id(item) in self.numbers:
                return None
            reduced = item.__reduce_ex__(5)
            if not isinstance(reduced, tuple) or reduced[0] is not kind:
                return None
            if any(x is not None for x in reduced[2:]):
                return None
            rows.append(reduced[1])
        width = len(rows[0])
        if any(len(row) != width for row in rows):
            return None
        mark = self._mark()
        for item in items:
            self._number(item)
            self.open.add(id(item))  # made after their columns: those must not refer to them
        try:
            columns = [self._column([row[i] for row in rows]) for i in range(width)]
        except Cycle:
            # An argument refers to one of the objects: forget what was numbered since, so
            # they are kept one by one (where the same reference is a cycle, or is not).
            self._forget_since(mark)
            return None
        for item in items:
            self.open.discard(id(item))
        return [name, len(items), columns]

    def _column(self, values: list[Any]) -> Any:
        if all(map(inline, values)):
            return {"A": values}
        if len(values) > 1 and all(v is values[0] for v in values):
            return {"K": self.encode(values[0])}
        strings = self._strings(values)
        if strings is not None:
            return {"X": strings}
        containers = self._containers(values)
        if containers is not None:
            return {"N": containers}
        columns = self._columnar(values)
        if columns is not None:
            return {"C": columns}
        ragged = self._ragged(values)
        if ragged is not None:
            return {"R": ragged}
        return [self.encode(v) for v in values]

    def _joined(self, items: Sequence[Any]) -> tuple[int, int] | None:
        """Where short strings with no line break, one a line, were added to the text
        array (None when `items` are not such strings, or are few)."""
        if len(items) < COLUMNAR or not all(type(v) is str and len(v) < LONG for v in items):
            return None
        text = "\n".join(items)
        if text.count("\n") != len(items) - 1:
            return None  # a string holds a line break
        return self._stored(text)

    def _fresh(self, values: list[Any]) -> bool:
        """Whether the values are distinct and none was met before (so each is numbered
        here, in order, as it would be one by one)."""
        ids = {id(v) for v in values}
        return len(ids) == len(values) and not any(i in self.numbers for i in ids)

    def _strings(self, values: list[Any]) -> list[Any] | None:
        """Strings as [them with each long one None, the long ones' spans flat]."""
        if not all(type(v) is str for v in values):
            return None
        long = [v for v in values if len(v) >= LONG]
        if not self._fresh(long):
            return None
        spans: list[int] = []
        for text in long:
            self._number(text)
            spans += self._stored(text)
        return [[v if len(v) < LONG else None for v in values], spans]

    def _containers(self, values: list[Any]) -> list[Any] | None:
        """Lists (or tuples) of atoms as ["l" (or "t"), their lengths, their items flat]."""
        kind = type(values[0]) if values else None
        if kind not in (list, tuple) or not all(type(v) is kind for v in values):
            return None
        numbered = [v for v in values if v or kind is list]  # not the empty tuple
        if not self._fresh(numbered):
            return None
        flat = [item for value in values for item in value]
        if not all(map(inline, flat)):
            return None
        for value in numbered:
            self._number(value)
        return ["l" if kind is list else "t", [len(v) for v in values], flat]

    def _ragged(self, values: list[Any]) -> list[Any] | None:
        """Tuples of objects of one class as [their lengths, the objects' Columns]: the
        tuples are numbered first, then the objects (None when that cannot be)."""
        if not values or any(type(v) is not tuple or not v for v in values):
            return None
        if not self._fresh(values):
            return None
        items = [item for value in values for item in value]
        if len(items) < COLUMNAR or len({type(item) for item in items}) != 1:
            return None
        mark = self._mark()
        for value in values:
            self._number(value)
        columns = self._columnar(items)
        if columns is None:
            self._forget_since(mark)
            return None
        return [[len(v) for v in values], columns]


class ColumnDecoder:
    """Reads what `ColumnEncoder` writes (mixed into graphcodec's decoder)."""

    if TYPE_CHECKING:
        kinds: dict[str, type]
        values: list[Any]
        strings: memoryview | bytes

        def decode(self, data: Any) -> Any: ...
        def _class(self, name: Any) -> type: ...
        def _kept(self, value: Any) -> Any: ...

    def _lines(self, spec: Any) -> list[str] | tuple[str, ...]:
        kind, start, end = items_of(spec)
        if kind not in ("l", "t"):
            raise ValueError("lines of neither a list nor a tuple")
        lines = self._span(start, end).split("\n")
        value: list[str] | tuple[str, ...] = lines if kind == "l" else tuple(lines)
        return self._kept(value)  # type: ignore[no-any-return]

    def _list_of_objects(self, columns: Any) -> list[Any]:
        out: list[Any] = []
        self.values.append(out)
        out.extend(self._objects(columns))
        return out

    def _tuple_of_objects(self, columns: Any) -> tuple[Any, ...]:
        at = len(self.values)
        self.values.append(PENDING)
        value = tuple(self._objects(columns))
        self.values[at] = value
        return value

    def _objects(self, spec: Any) -> list[Any]:
        """The objects of Columns: numbered first, made once their columns are read."""
        name, count, columns = items_of(spec)
        kind = self._class(name)
        if type(count) is not int or count < 0:
            raise ValueError("a count of objects that is not a count")
        values = self.values
        first = len(values)
        values.extend([PENDING] * count)
        read = [self._column(column, count) for column in items_of(columns)]
        made = list(map(kind, *read)) if read else [kind() for _ in range(count)]
        values[first : first + count] = made
        return made

    def _string_column(self, spec: Any) -> list[Any]:
        shaped, spans = items_of(spec)
        shaped, spans = items_of(shaped), items_of(spans)
        if not set(map(type, shaped)) <= {str, type(None)} or len(spans) % 2:
            raise ValueError("a column of strings holds something else")
        texts = [self._span(a, b) for a, b in zip(spans[::2], spans[1::2], strict=True)]
        if shaped.count(None) != len(texts):
            raise ValueError("a column of strings with spans for other strings")
        self.values.extend(texts)
        long = iter(texts)
        return [next(long) if v is None else v for v in shaped]

    def _container_column(self, spec: Any) -> list[Any]:
        kind, lengths, flat = items_of(spec)
        lengths, flat = items_of(lengths), items_of(flat)
        if kind not in ("l", "t") or not set(map(type, flat)) <= ATOMS:
            raise ValueError("a column of containers holds something else")
        if not set(map(type, lengths)) <= {int} or min(lengths, default=0) < 0:
            raise ValueError("container lengths that are not lengths")
        if sum(lengths) != len(flat):
            raise ValueError("containers of other lengths than their items")
        out: list[Any] = split(flat, lengths)
        if kind == "t":
            out = [tuple(v) for v in out]
            self.values.extend([v for v in out if v])  # the empty tuple is never numbered
        else:
            self.values.extend(out)
        return out

    def _tuples(self, spec: Any) -> list[Any]:
        """Tuples of objects, as `_ragged` keeps them."""
        lengths, columns = items_of(spec)
        lengths = items_of(lengths)
        if not set(map(type, lengths)) <= {int} or any(n <= 0 for n in lengths):
            raise ValueError("tuple lengths that are not lengths")
        values = self.values
        first = len(values)
        values.extend([PENDING] * len(lengths))
        items = self._objects(columns)
        if len(items) != sum(lengths):
            raise ValueError("tuples of other lengths than their objects")
        out = [tuple(run) for run in split(items, lengths)]
        values[first : first + len(out)] = out
        return out

    def _column(self, column: Any, count: int) -> list[Any]:
        if type(column) is dict:
            ((tag, body),) = column.items()
            if tag == "A":
                values = items_of(body)
                if not set(map(type, values)) <= ATOMS:
                    raise ValueError("a column of atoms holds something else")
            elif tag == "K":
                one = self.decode(body)
                values = [one] * count
            elif tag == "X":
                values = self._string_column(body)
            elif tag == "N":
                values = self._container_column(body)
            elif tag == "C":
                values = self._objects(body)
            elif tag == "R":
                values = self._tuples(body)
            else:
                raise ValueError(f"not a column: {tag!r}")
        else:
            decode = self.decode
            values = [x if type(x) in ATOMS else decode(x) for x in items_of(column)]
        if len(values) != count:
            raise ValueError("a column of another length than its objects")
        return values

    def _span(self, start: Any, end: Any) -> str:
        """The long string at bytes start..end of the text array."""
        if type(start) is not int or type(end) is not int or not 0 <= start <= end:
            raise ValueError("a span of text that is not one")
        if end > len(self.strings):
            raise ValueError("a span of text past the end of the text array")
        return str(self.strings[start:end], "utf-8", "surrogatepass")
