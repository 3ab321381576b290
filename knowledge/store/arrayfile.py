"""An object graph saved as JSON plus its numpy arrays raw, loaded by mapping the file.

`knowledge.store.graphcodec` turns the graph into JSON (data only: nothing in it can run) and
hands us every numpy array; we write the arrays after the JSON, each 64-byte aligned, and
load them back as read-only views of a memory map (`np.frombuffer`): no copy, and pages
are read only when used. Several processes loading one file share its pages through the
page cache. A mapped file must not be changed in place (`knowledge.store.cache` writes a new
file and renames it over).

Layout of a body (offsets from its start):
  JSON length u64, array count u32, then per array: offset u64, length u64
  the JSON bytes (UTF-8)
  the arrays' bytes, each at its offset (64-byte aligned in the file)
"""

from __future__ import annotations

import io
import mmap
import struct
from typing import Any

from knowledge.store import graphcodec

BinaryFile = io.BufferedReader
_INDEX = struct.Struct(">QI")
_ENTRY = struct.Struct(">QQ")
_ALIGN = 64


def dump(obj: object, start: int = 0) -> list[bytes | memoryview]:
    """The parts of a body that will begin `start` bytes into its file, to be written one
    after another (arrays are aligned in the file, so in its map too)."""
    data, arrays = graphcodec.dumps(obj)
    raws = [
        memoryview(array.data).cast("B") if array.nbytes else memoryview(b"") for array in arrays
    ]
    offset = _INDEX.size + _ENTRY.size * len(raws) + len(data)
    entries: list[bytes] = []
    parts: list[bytes | memoryview] = []
    for raw in raws:
        pad = -(start + offset) % _ALIGN
        parts += [b"\0" * pad, raw]
        entries.append(_ENTRY.pack(offset + pad, raw.nbytes))
        offset += pad + raw.nbytes
    return [_INDEX.pack(len(data), len(raws)), *entries, data, *parts]


def load(handle: BinaryFile, start: int, length: int) -> Any:
    """The object saved by `dump` in the body at `start` (of `length` bytes) of a file.

    Only the JSON is read into memory; arrays are views of a read-only map of the file.
    A body that does not hold together raises ValueError (or another Exception)."""
    handle.seek(start)
    size, count = _INDEX.unpack(_read(handle, _INDEX.size))
    table = _read(handle, _ENTRY.size * count)
    first = _INDEX.size + len(table) + size
    if first > length:
        raise ValueError("the JSON runs past the end")
    data = _read(handle, size)
    entries = [_ENTRY.unpack_from(table, n * _ENTRY.size) for n in range(count)]
    if any(offset < first or offset + nbytes > length for offset, nbytes in entries):
        raise ValueError("an array lies outside the body")
    if not entries:
        return graphcodec.loads(data, [])
    mapping = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
    mapped = memoryview(mapping)
    buffers = [mapped[start + offset : start + offset + nbytes] for offset, nbytes in entries]

    def read_whole(number: int) -> None:
        """Let go of the pages of an array the graph holds copies of (the documents' text,
        ~26 MB at 500x the article): the file stays cached, and nothing reads them again."""
        offset, nbytes = entries[number]
        first = -(-(start + offset) // mmap.PAGESIZE) * mmap.PAGESIZE  # whole pages only
        end = (start + offset + nbytes) // mmap.PAGESIZE * mmap.PAGESIZE
        if end > first and hasattr(mapping, "madvise") and hasattr(mmap, "MADV_DONTNEED"):
            mapping.madvise(mmap.MADV_DONTNEED, first, end - first)

    return graphcodec.loads(data, buffers, read_whole)


def _read(handle: BinaryFile, size: int) -> bytes:
    data = handle.read(size)
    if len(data) != size:
        raise ValueError("the file ends early")
    return data
