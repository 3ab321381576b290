"""A cache file is data, never code: a planted one runs nothing and is rebuilt."""

from __future__ import annotations

import hashlib
import json
import pickle
import struct
from pathlib import Path

import numpy as np
import pytest

import knowledge
from knowledge.store import arrayfile, cache, graphcodec

DOC = "# Plums\n\nPlums are stone fruit. They dry into prunes.\n"


class Planted:
    """Unpickled, it creates a file: the proof that a pickle ran code."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, ...]:
        return (open, (str(self.marker), "w"))


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    path = tmp_path / "docs"
    path.mkdir()
    (path / "plums.md").write_text(DOC, encoding="utf-8")
    return path


def _plant(path: Path, key: bytes, body: bytes) -> None:
    """A file with the right magic, format, key, length and checksum for `body`."""
    header = cache.MAGIC + struct.pack(
        ">I32sQ32s", cache.FORMAT, key, len(body), hashlib.sha256(body).digest()
    )
    path.write_bytes(header + body)


def test_a_planted_pickle_is_never_run_and_the_cache_is_rebuilt(
    folder: Path, tmp_path: Path
) -> None:
    cache_dir = tmp_path / "cache"
    knowledge.load(folder, cache_dir=cache_dir)
    (stored,) = cache_dir.glob("kb-*.arrays")
    key = stored.read_bytes()[len(cache.MAGIC) + 4 : len(cache.MAGIC) + 36]
    marker = tmp_path / "pwned"
    payload = pickle.dumps(Planted(marker), protocol=5)
    _plant(stored, key, struct.pack(">QI", len(payload), 0) + payload)  # the old body layout
    kb = knowledge.load(folder, cache_dir=cache_dir)
    assert not marker.exists()
    assert not kb.from_cache
    assert kb.answer("what do plums dry into").answered
    assert knowledge.load(folder, cache_dir=cache_dir).from_cache  # rebuilt over the plant


def _body(data: object, arrays: list[bytes] | None = None) -> bytes:
    """A body in today's layout holding the given JSON and arrays."""
    text = json.dumps(data).encode()
    arrays = arrays or []
    first = 12 + 16 * len(arrays) + len(text)
    entries, offset = b"", first
    for raw in arrays:
        entries += struct.pack(">QQ", offset, len(raw))
        offset += len(raw)
    return struct.pack(">QI", len(text), len(arrays)) + entries + text + b"".join(arrays)


@pytest.mark.parametrize(
    "data",
    [
        {"o": ["os.system", {"d": []}]},  # a class the cache may not name
        {"c": ["builtins.open", ["/tmp/x", "w"]]},
        {"c": ["subprocess.Popen", [["touch", "/tmp/x"]]]},
        {"a": [0, "|O", [1]]},  # an array of Python objects
        {"n": ["|O", 1]},
        {"r": 5},  # a reference to nothing
        {"zz": 1},  # no such form
    ],
)
def test_a_body_naming_anything_but_data_is_refused(tmp_path: Path, data: object) -> None:
    path = tmp_path / "kb.arrays"
    _plant(path, b"k" * 32, _body(data, [b"\0" * 8]))
    assert cache.read_object(path, b"k" * 32, object) is None


def test_the_cache_format_holds_no_pickle(folder: Path, tmp_path: Path) -> None:
    cache_dir = tmp_path / "cache"
    knowledge.load(folder, cache_dir=cache_dir)
    (stored,) = cache_dir.glob("kb-*.arrays")
    body = stored.read_bytes()[len(cache.MAGIC) + 76 :]
    size, count = struct.unpack(">QI", body[:12])
    start = 12 + 16 * count
    text = body[start : start + size]
    json.loads(text)  # the object data is plain JSON
    assert b"\x80\x05" not in text


def test_shared_values_stay_shared_and_cycles_round_trip() -> None:
    shared = [1, 2]
    graph: dict[str, object] = {"a": shared, "b": shared, "t": (shared, "x" * 100)}
    graph["self"] = graph
    graph["arr"] = np.arange(5, dtype=np.int16)
    text, arrays = graphcodec.dumps(graph)
    back = graphcodec.loads(text, [memoryview(a).cast("B") for a in arrays])
    assert back["a"] is back["b"] is back["t"][0]
    assert back["self"] is back
    assert back["t"][1] == "x" * 100
    assert back["arr"].tolist() == [0, 1, 2, 3, 4]
    assert back["arr"].dtype == np.int16


def test_an_object_of_another_class_cannot_be_saved() -> None:
    with pytest.raises(TypeError, match="not a class a cache may hold"):
        graphcodec.dumps([Planted(Path("x"))])


def test_a_round_tripped_body_keeps_the_layout(tmp_path: Path) -> None:
    body = b"".join(arrayfile.dump({"x": np.arange(3)}))
    path = tmp_path / "b"
    path.write_bytes(body)
    with path.open("rb") as handle:
        assert arrayfile.load(handle, 0, len(body))["x"].tolist() == [0, 1, 2]
