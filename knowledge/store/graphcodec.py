"""An object graph as plain JSON plus its numpy arrays raw: a cache format that cannot carry code.

A pickle names any callable to run while it loads, so a planted cache file ran as the bot.
Here the JSON holds only data; an object is named by its class, and only the classes of
`classes()` (the engine's own: knowledge base, index, sections...) can be named. Loading
makes one with `cls.__new__` and its saved state, or by calling the class with saved
arguments (the classes whose `__reduce__` says so), never anything else. Arrays come back
through `np.frombuffer` with a plain dtype (one that holds objects is refused).

JSON forms: null, booleans, numbers and short strings are themselves; a list is a list;
every other value is an object with one key:
  r: a reference to the n-th value saved before (shared values stay shared)
  S: [start, end]: a long string (kept once), UTF-8 at bytes start..end of the text array
  t, f, e: tuple, frozenset, set of the items
  d: a dict as [key, value, key, value...]       p: a path       b: bytes (latin-1)
  a: [array number, dtype, shape]  n: [dtype, value], a numpy scalar
  c: [class, arguments]: made by calling the class (`__reduce__` that names it)
  o: [class, state]: made by `cls.__new__`, then its state set (`__setstate__` if it has one)
  L, T: a list or tuple of objects of one class made as `c` makes them, kept by column
     (`knowledge.store.columns`): [class, count, [column, column...]], column i holding
     every object's i-th argument as {"A": [atoms]}; {"K": value} (one value, every
     object's); {"X": [strings, spans]} (strings, a long one None there, its span in the
     flat `spans`); {"N": ["l" or "t", lengths, atoms]} (lists or tuples of atoms, flat);
     {"C": Columns} (objects again); {"R": [lengths, Columns]} (tuples of objects: a
     document's sections); or else a list of values
  J: ["l" or "t", start, end]: a list or tuple of short strings with no line break (a
     vocabulary), one a line at bytes start..end of the text array
The JSON is [the graph, the text array's number or null]: long strings (a document's text)
are read from the text array, not parsed out of the JSON.
Values that can be referenced are numbered in the order they are first met, depth first
(the empty tuple is never numbered: there is one);
the objects of an L or T are numbered before their columns, which are met column by column.
(A large knowledge base holds tens of thousands of sections, units and FAQ entries: by
column, the JSON repeats no class name, and most columns are atoms read as they are.)
"""

from __future__ import annotations

import copyreg
import json
from collections.abc import Callable, Sequence
from pathlib import Path, PurePath
from typing import Any, cast

import numpy as np

from knowledge.store.columns import (
    ATOMS,
    LONG,
    PENDING,
    ColumnDecoder,
    ColumnEncoder,
    Cycle,
    items_of,
)

_KINDS: dict[str, type] = {}


def allow(*kinds: type) -> None:
    """Name the classes a cache file may hold. The builder (`knowledge.base`) names the
    engine's own, so this room never imports the rooms above it."""
    _KINDS.update({_name(kind): kind for kind in kinds})


def classes() -> dict[str, type]:
    """The classes a cache file may name: those allowed, and nothing that runs code."""
    return _KINDS


def _name(kind: type) -> str:
    return f"{kind.__module__}.{kind.__qualname__}"


def dumps(obj: object) -> tuple[bytes, list[np.ndarray]]:
    """The JSON of an object graph, and its arrays (contiguous) in the order it numbers them."""
    encoder = _Encoder({kind: name for name, kind in classes().items()})
    data = encoder.encode(obj)
    strings = None
    if encoder.strings:
        strings = len(encoder.arrays)
        encoder.arrays.append(np.frombuffer(bytes(encoder.strings), dtype=np.uint8))
    text = json.dumps(
        [data, strings], ensure_ascii=False, separators=(",", ":"), check_circular=False
    )
    return text.encode("utf-8"), encoder.arrays


def loads(
    text: bytes,
    buffers: Sequence[memoryview | bytes],
    read_whole: Callable[[int], None] | None = None,
) -> Any:
    """The object graph saved by `dumps`, its arrays read from `buffers`. Anything that does
    not hold together raises ValueError (or TypeError, KeyError): the caller rebuilds.
    `read_whole` is told the number of the buffer the graph no longer needs once it is
    made (the text array: its strings are copies), so a mapped file's pages can go."""
    graph, strings = items_of(json.loads(text))
    if strings is not None and (type(strings) is not int or not 0 <= strings < len(buffers)):
        raise ValueError("no such text array")
    decoder = _Decoder(classes(), buffers, b"" if strings is None else buffers[strings])
    made = decoder.decode(graph)
    if strings is not None and read_whole is not None:
        read_whole(strings)
    return made


class _Encoder(ColumnEncoder):
    def __init__(self, names: dict[type, str]) -> None:
        self.names = names
        self.arrays: list[np.ndarray] = []
        self.numbers: dict[int, int] = {}
        self.kept: list[object] = []  # alive while encoding, so no id is reused
        self.open: set[int] = set()  # tuples being written: one met again is a cycle
        self.strings = bytearray()  # the long strings' UTF-8, one after another

    def _number(self, obj: object) -> None:
        self.numbers[id(obj)] = len(self.numbers)
        self.kept.append(obj)

    def encode(self, obj: object) -> Any:
        kind = type(obj)
        if obj is None or kind is bool or kind is int or kind is float:
            return obj
        if kind is str and len(obj) < LONG:  # type: ignore[arg-type]
            return obj
        if kind is tuple and not obj:
            return {"t": []}
        key = id(obj)
        if key in self.numbers:
            if key in self.open:
                raise Cycle(f"a cycle through a {kind.__name__} cannot be saved")
            return {"r": self.numbers[key]}
        self._number(obj)
        if kind is str:
            return {"S": list(self._stored(obj))}  # type: ignore[arg-type]
        if kind is list or kind is tuple:
            joined = self._joined(obj)  # type: ignore[arg-type]
            if joined is not None:
                return {"J": ["l" if kind is list else "t", *joined]}
        if kind is list:
            columns = self._columnar(obj)  # type: ignore[arg-type]
            if columns is not None:
                return {"L": columns}
            return [self.encode(item) for item in obj]  # type: ignore[attr-defined]
        if kind is dict:
            pairs = obj.items()  # type: ignore[attr-defined]
            return {"d": [self.encode(x) for pair in pairs for x in pair]}
        if kind is tuple:
            self.open.add(key)
            columns = self._columnar(obj)  # type: ignore[arg-type]
            self.open.discard(key)
            if columns is not None:
                return {"T": columns}
        if kind in (tuple, frozenset, set):
            self.open.add(key)
            items = [self.encode(item) for item in obj]  # type: ignore[attr-defined]
            self.open.discard(key)
            return {{tuple: "t", frozenset: "f", set: "e"}[kind]: items}
        if isinstance(obj, PurePath):
            return {"p": str(obj)}
        if kind is bytes:
            return {"b": obj.decode("latin-1")}  # type: ignore[attr-defined]
        if kind is np.ndarray:
            return {"a": self._array(obj)}  # type: ignore[arg-type]
        if isinstance(obj, np.generic):
            return {"n": [obj.dtype.str, obj.item()]}
        return self._object(obj, kind)

    def _array(self, array: np.ndarray) -> list[Any]:
        if array.dtype.hasobject:
            raise TypeError("an array of Python objects cannot be saved")
        self.arrays.append(np.ascontiguousarray(array))
        return [len(self.arrays) - 1, array.dtype.str, list(array.shape)]

    def _object(self, obj: object, kind: type) -> dict[str, Any]:
        name = self.names.get(kind)
        if name is None:
            raise TypeError(f"{_name(kind)} is not a class a cache may hold (graphcodec.classes)")
        reduced = obj.__reduce_ex__(5)
        if not isinstance(reduced, tuple) or any(x is not None for x in reduced[3:]):
            raise TypeError(f"{name} reduces to something a cache cannot hold")
        made, args = reduced[0], reduced[1]
        state = reduced[2] if len(reduced) > 2 else None
        if made is copyreg.__newobj__ and args == (kind,):  # type: ignore[attr-defined]
            return {"o": [name, self.encode(state)]}  # made first: its state may refer to it
        if made is kind and state is None:
            self.open.add(id(obj))  # made after its arguments: they must not refer to it
            encoded = [self.encode(arg) for arg in args]
            self.open.discard(id(obj))
            return {"c": [name, encoded]}
        raise TypeError(f"{name} reduces to something a cache cannot hold")


class _Decoder(ColumnDecoder):
    def __init__(
        self,
        kinds: dict[str, type],
        buffers: Sequence[memoryview | bytes],
        strings: memoryview | bytes = b"",
    ) -> None:
        self.kinds = kinds
        self.buffers = buffers
        self.strings = strings
        self.values: list[Any] = []
        self.tags: dict[str, Callable[[Any], Any]] = {
            "r": self._reference,
            "S": self._string,
            "t": lambda items: self._made(tuple, items),
            "f": lambda items: self._made(frozenset, items),
            "e": lambda items: self._made(set, items),
            "d": self._dict,
            "p": lambda text: self._kept(Path(_text(text))),
            "b": lambda text: self._kept(_text(text).encode("latin-1")),
            "a": self._array,
            "n": self._scalar,
            "c": self._called,
            "o": self._object,
            "L": self._list_of_objects,
            "J": self._lines,
            "T": self._tuple_of_objects,
        }

    def decode(self, data: Any) -> Any:
        """The value `data` stands for (the common forms inline: a cache holds ~50,000)."""
        kind = type(data)
        if kind is dict:
            ((tag, body),) = data.items()
            if tag == "r":
                value = self.values[body]
                if value is PENDING:
                    raise ValueError("a reference to a value not made yet")
                return value
            if tag == "t" or tag == "f":  # noqa: PLR1714 - two compares beat a tuple here
                if tag == "t" and body == []:
                    return ()  # never numbered
                values = self.values
                at = len(values)
                values.append(PENDING)
                decode = self.decode
                items = [x if type(x) in ATOMS else decode(x) for x in items_of(body)]
                value = tuple(items) if tag == "t" else frozenset(items)
                values[at] = value
                return value
            if tag == "c":  # an engine object made from its fields (sections, units...)
                name, args = body
                made = self.kinds.get(name)
                if made is None:
                    raise ValueError(f"names a class a cache may not hold: {name!r}")
                values = self.values
                at = len(values)
                values.append(PENDING)
                decode = self.decode
                value = made(*[x if type(x) in ATOMS else decode(x) for x in items_of(args)])
                values[at] = value
                return value
            return self.tags[tag](body)
        if kind is list:
            out: list[Any] = []
            self.values.append(out)
            decode = self.decode
            out.extend([x if type(x) in ATOMS else decode(x) for x in data])
            return out
        return data

    def _string(self, span: Any) -> str:
        start, end = items_of(span)
        text: str = self._kept(self._span(start, end))
        return text

    def _kept(self, value: Any) -> Any:
        self.values.append(value)
        return value

    def _reference(self, number: int) -> Any:
        value = self.values[number]
        if value is PENDING:
            raise ValueError("a reference to a value not made yet")
        return value

    def _made(self, make: Callable[[Any], Any], items: list[Any]) -> Any:
        at = len(self.values)
        self.values.append(PENDING)
        decode = self.decode
        value = make([x if type(x) in ATOMS else decode(x) for x in items_of(items)])
        self.values[at] = value
        return value

    def _dict(self, flat: list[Any]) -> dict[Any, Any]:
        out: dict[Any, Any] = {}
        self.values.append(out)
        decode = self.decode
        decoded = [x if type(x) in ATOMS else decode(x) for x in items_of(flat)]
        out.update(zip(decoded[::2], decoded[1::2], strict=True))
        return out

    def _array(self, spec: list[Any]) -> np.ndarray:
        number, dtype_text, shape = spec
        dtype = np.dtype(_text(dtype_text))
        if dtype.hasobject:
            raise ValueError("an array of Python objects")
        array = np.frombuffer(self.buffers[number], dtype=dtype).reshape([int(n) for n in shape])
        kept: np.ndarray = self._kept(array)
        return kept

    def _scalar(self, spec: list[Any]) -> Any:
        dtype = np.dtype(_text(spec[0]))
        if dtype.hasobject:
            raise ValueError("a numpy object scalar")
        return self._kept(dtype.type(spec[1]))

    def _class(self, name: Any) -> type:
        kind = self.kinds.get(_text(name))
        if kind is None:
            raise ValueError(f"names a class a cache may not hold: {name!r}")
        return kind

    def _called(self, spec: list[Any]) -> Any:
        name, args = spec
        kind = self._class(name)
        return self._made(lambda values: kind(*values), args)

    def _object(self, spec: list[Any]) -> Any:
        name, state = spec
        kind = self._class(name)
        obj = cast(Any, kind).__new__(kind)
        self.values.append(obj)
        state = self.decode(state)
        if hasattr(obj, "__setstate__"):
            obj.__setstate__(state)
            return obj
        fields, slots = state if isinstance(state, tuple) else (state, None)
        if fields:
            obj.__dict__.update(fields)
        for key, value in (slots or {}).items():
            setattr(obj, _text(key), value)
        return obj


def _text(value: Any) -> str:
    if type(value) is not str:
        raise ValueError(f"expected text, found {type(value).__name__}")
    return value
