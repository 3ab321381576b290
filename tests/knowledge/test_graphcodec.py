"""knowledge.store.graphcodec's column forms: what many objects of one class become, and
that they come back the same, sharing what they shared, and refuse what is malformed."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import numpy as np
import pytest

from knowledge.model import PickledByFields
from knowledge.store import graphcodec


@dataclass(frozen=True, slots=True)
class Leaf(PickledByFields):
    name: str
    size: int
    tags: tuple[str, ...]
    bounds: list[int]
    text: str


@dataclass(frozen=True, slots=True)
class Branch(PickledByFields):
    title: str
    leaves: tuple[Leaf, ...]
    first: Leaf
    owner: object
    note: Leaf | None = None  # a leaf of its own: a column of objects


graphcodec.allow(Leaf, Branch)
LONG = "a long text that is kept once and shared by every leaf of it. " * 3


def _round_trip(graph: object) -> tuple[Any, Any]:
    text, arrays = graphcodec.dumps(graph)
    back = graphcodec.loads(text, [memoryview(a).cast("B") for a in arrays])
    return back, json.loads(text)


def _tags(data: Any, found: set[str]) -> set[str]:
    if isinstance(data, dict):
        for tag, body in data.items():
            found.add(tag)
            _tags(body, found)
    elif isinstance(data, list):
        for item in data:
            _tags(item, found)
    return found


def _forest(count: int) -> list[Branch]:
    shared = ("x", "y")
    owner = {"kind": "owner"}
    branches = []
    for b in range(count):
        leaves = tuple(
            Leaf(
                f"leaf {b}.{n}" + ("!" * 60 if n == 1 else ""),  # some names are long
                n,
                () if n == 0 else (shared if n == 2 else (f"t{n}", "u")),
                [b, n, n + 1] if n else [],
                LONG,
            )
            for n in range(3)
        )
        note = Leaf(f"note {b}", b, ("n",), [b], f"note {b}")
        branches.append(Branch(f"branch {b}", leaves, leaves[0], owner, note))
    return branches


def test_many_objects_of_one_class_round_trip_by_column() -> None:
    forest = _forest(12)
    back, data = _round_trip(forest)
    assert back == forest
    assert {"L", "R", "C", "K", "X", "N"} <= _tags(data, set())
    # What was one object is one object again.
    assert all(b.first is b.leaves[0] for b in back)
    assert all(b.owner is back[0].owner for b in back)
    texts = {id(leaf.text) for b in back for leaf in b.leaves}
    assert len(texts) == 1
    assert back[0].leaves[2].tags is back[5].leaves[2].tags


def test_the_empty_tuple_and_empty_lists_come_back_as_they_went() -> None:
    forest = _forest(10)
    back, _ = _round_trip({"forest": forest, "empty": (), "again": ((), [], [])})
    assert back["forest"][3].leaves[0].tags == ()
    assert back["forest"][3].leaves[0].bounds == []
    assert back["again"] == ((), [], [])
    assert back["again"][1] is not back["again"][2]  # two lists stay two lists


def test_a_vocabulary_is_kept_as_lines() -> None:
    words = tuple(f"word{n}" for n in range(50))
    graph = {"words": words, "list": list(words), "again": words}
    back, data = _round_trip(graph)
    assert back == graph
    assert back["again"] is back["words"]
    assert "J" in _tags(data, set())
    odd = ["line\nbreak", *words]  # a line break in a word: kept one by one
    assert _round_trip(odd)[0] == odd


def test_objects_referring_to_each_other_are_kept_one_by_one() -> None:
    """A column cannot refer to the objects it is making: such a list is kept as before."""
    first = Branch("first", (), Leaf("x", 1, (), [], ""), None)
    items = [first, *(Branch(f"b{n}", (), first.first, first) for n in range(10))]
    back, _ = _round_trip(items)
    assert back == items
    assert all(b.owner is back[0] for b in back[1:])


def test_long_strings_are_read_from_the_text_array_not_the_json() -> None:
    text, arrays = graphcodec.dumps([LONG, LONG + "?"])
    assert LONG.encode() not in text
    back = graphcodec.loads(text, [memoryview(a).cast("B") for a in arrays])
    assert back == [LONG, LONG + "?"]


@pytest.mark.parametrize(
    "column",
    [
        {"A": [{"r": 0}] * 10},  # an atoms column holding a reference
        {"A": [1] * 9},  # of another length than its objects
        {"N": ["t", [1] * 10, [1] * 9]},  # containers longer than their items
        {"N": ["t", [-1] + [1] * 9, [1] * 10]},
        {"N": ["d", [1] * 10, [1] * 10]},
        {"X": [[None] * 10, [0, 10**9] * 10]},  # a span past the text array
        {"X": [[None] * 10, [0]]},
        {"Q": []},
    ],
)
def test_a_malformed_column_is_refused(column: dict[str, Any]) -> None:
    text, arrays = graphcodec.dumps(_forest(10))
    graph, strings = json.loads(text)
    name, count, columns = graph["L"]
    forged = json.dumps([{"L": [name, count, [column, *columns[1:]]]}, strings]).encode()
    with pytest.raises((ValueError, TypeError, KeyError)):
        graphcodec.loads(forged, [memoryview(a).cast("B") for a in arrays])


def test_arrays_still_come_back_beside_the_columns() -> None:
    graph = {"forest": _forest(9), "array": np.arange(4, dtype=np.int32)}
    back, _ = _round_trip(graph)
    assert back["array"].tolist() == [0, 1, 2, 3]
    assert back["forest"] == graph["forest"]


def test_the_caller_is_told_when_the_text_array_is_read_whole() -> None:
    """Its strings are copies once the graph is made: a mapped file's pages can go."""
    text, arrays = graphcodec.dumps({"text": LONG, "words": tuple(f"w{n}" for n in range(9))})
    told: list[int] = []
    back = graphcodec.loads(text, [memoryview(a).cast("B") for a in arrays], told.append)
    assert back["text"] == LONG
    assert told == [json.loads(text)[1]]
    assert graphcodec.loads(*graphcodec.dumps({"short": "x"}), told.append) == {"short": "x"}
    assert len(told) == 1  # no text array: nothing to tell
