"""A built knowledge base saved to disk, so restarts skip rebuilding unchanged knowledge.

The file is keyed on a hash of every input (documents, manifest, FAQ and synonym files,
the engine's lexicon and version). It is never trusted blindly: a wrong magic, version,
key, length or checksum means "rebuild", and so does anything that fails to load.
Nothing in the file can run: it holds plain JSON and raw arrays (`knowledge.store.graphcodec`;
no pickle), so a file planted by whoever can write to the cache folder is at worst
wrong data, and one that does not parse is rebuilt.

Most of a large knowledge base is numpy arrays (postings, pairs, typo index, unit
tables). They are stored raw, apart from the JSON of everything else, and loaded by
mapping the file: no copy of them is made, and a page is read only when it is used.
The layout (`knowledge.store.arrayfile`) is:

  MAGIC | format u32, key 32 bytes, body length u64, body sha256 32 bytes | body

The body holds the JSON (arrays out of band) and the arrays' bytes.
"""

from __future__ import annotations

import errno
import gc
import hashlib
import logging
import os
import stat
import struct
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import TypeVar

from knowledge.store import arrayfile
from knowledge.store.filememo import FileMemo

log = logging.getLogger(__name__)
T = TypeVar("T")

MAGIC = b"CITEBOT-KB\n"
FORMAT = 5  # bump when the saved classes or the file layout change shape (4: JSON, no pickle;
# 5: lists of objects by column)
_HEADER = struct.Struct(">I32sQ32s")  # format, key, body length, body sha256
_CHUNK = 1 << 20


def digest_files(
    files: Iterable[Path], *, missing_ok: bool = False, memo: FileMemo | None = None
) -> bytes:
    """A digest of files' names and bytes: any change gives another digest. A file that
    is missing or not a regular file raises OSError (it is never opened: a pipe would
    block); with `missing_ok`, one that cannot be read counts as "unreadable" instead
    (it went while the folder was read: the build skips it with a warning). With a
    `memo`, a file unchanged since it was hashed is not read again (`filememo`)."""
    memo = memo if memo is not None else FileMemo(None, {})
    digest = hashlib.sha256()
    # In the order of their names (then paths): how the folder is spelled (relative,
    # absolute, through a link) changed the order of its files among the engine's, so the key.
    for path in sorted(files, key=lambda p: (p.name, str(p))):
        digest.update(str(path.name).encode() + b"\0")
        try:
            status = path.stat()
            if not stat.S_ISREG(status.st_mode):
                raise IsADirectoryError(errno.EISDIR, "not a regular file", str(path))
            digest.update(memo.file_digest(path, status))
        except OSError:
            if not missing_ok:
                raise
            digest.update(b"\0unreadable")
        digest.update(b"\0")
    return digest.digest()


def cache_path(folder: Path, key: bytes) -> Path:
    return folder / f"kb-{key.hex()[:24]}.arrays"


def manifest_path(folder: Path, key: bytes) -> Path:
    return folder / f"manifest-{key.hex()[:24]}.arrays"


def read_object(path: Path, key: bytes, kind: type[T], memo: FileMemo | None = None) -> T | None:
    """A cached object of type `kind`, or None when it is missing, stale or damaged. With
    a `memo`, a file whose checksum was checked before, unchanged since, is not read twice."""
    try:
        handle = path.open("rb")
    except OSError:
        return None
    with handle:
        try:
            found = _read(handle, path, key, memo or FileMemo(None, {}))
        except Exception:  # a damaged file can raise nearly anything: rebuild, never fail
            log.warning("ignoring cache %s: cannot be read back", path, exc_info=True)
            return None
    if found is not None and not isinstance(found, kind):
        log.warning("ignoring cache %s: not a %s", path, kind.__name__)
        return None
    return found


def _read(handle: arrayfile.BinaryFile, path: Path, key: bytes, memo: FileMemo) -> object | None:
    head = handle.read(len(MAGIC) + _HEADER.size)
    if len(head) < len(MAGIC) + _HEADER.size or not head.startswith(MAGIC):
        log.warning("ignoring cache %s: not a citebot cache file", path)
        return None
    version, stored_key, length, checksum = _HEADER.unpack_from(head, len(MAGIC))
    if version != FORMAT or stored_key != key:
        log.info("ignoring cache %s: stale (format %s)", path, version)
        return None
    status = os.fstat(handle.fileno())
    known = memo.known(path, status) == checksum.hex()  # checked before, unchanged since
    if status.st_size != len(head) + length or not (known or _sha256(handle) == checksum):
        log.warning("ignoring cache %s: truncated or corrupt", path)
        return None
    memo.remember(path, status, checksum.hex())
    collecting = gc.isenabled()
    gc.disable()  # loading allocates many objects: no cycle checks meanwhile
    try:
        loaded: object = arrayfile.load(handle, len(head), length)  # our own, checked above
        return loaded
    finally:
        if collecting:
            gc.enable()


def _sha256(handle: arrayfile.BinaryFile) -> bytes:
    """The digest of the rest of the file, read through one small buffer: the whole file
    is checked without holding it in memory."""
    digest = hashlib.sha256()
    buffer = bytearray(_CHUNK)
    view = memoryview(buffer)
    while size := handle.readinto(view):
        digest.update(view[:size])
    return digest.digest()


def write(path: Path, key: bytes, kb: object) -> bool:
    """Save atomically (temp file, then rename); a failure only costs the next start-up."""
    parts = arrayfile.dump(kb, start=len(MAGIC) + _HEADER.size)
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part)
    length = sum(len(part) for part in parts)
    header = MAGIC + _HEADER.pack(FORMAT, key, length, digest.digest())
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".kb-", suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            handle.write(header)
            for part in parts:
                handle.write(part)
        os.replace(temporary, path)
    except OSError:
        log.warning("could not write the knowledge cache %s", path, exc_info=True)
        return False
    return True
