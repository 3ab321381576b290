"""A built knowledge base saved to disk, so restarts skip rebuilding unchanged knowledge.

The file is keyed on a hash of every input (documents, manifest, FAQ and synonym files,
the engine's lexicon and version). It is never trusted blindly: a wrong magic, version,
key, length or checksum means "rebuild", and so does anything that fails to unpickle.
The cache folder must be as trusted as the code itself (pickle runs what it reads).
"""

from __future__ import annotations

import gc
import hashlib
import logging
import os
import pickle
import struct
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from knowledge.base import KnowledgeBase

log = logging.getLogger(__name__)

MAGIC = b"CITEBOT-KB\n"
FORMAT = 2  # bump when the pickled classes change shape
_HEADER = struct.Struct(">I32sQ32s")  # format, key, payload length, payload sha256


def digest_files(files: Iterable[Path]) -> bytes:
    """A digest of files' names and bytes: any change gives another digest."""
    digest = hashlib.sha256()
    for path in sorted(files):
        digest.update(str(path.name).encode() + b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.digest()


def cache_path(folder: Path, key: bytes) -> Path:
    return folder / f"kb-{key.hex()[:24]}.pickle"


def read(path: Path, key: bytes) -> KnowledgeBase | None:
    """The cached knowledge base, or None when it is missing, stale or damaged."""
    try:
        blob = path.read_bytes()
    except OSError:
        return None
    head = len(MAGIC) + _HEADER.size
    if len(blob) < head or not blob.startswith(MAGIC):
        log.warning("ignoring cache %s: not a citebot cache file", path)
        return None
    version, stored_key, length, checksum = _HEADER.unpack_from(blob, len(MAGIC))
    payload = blob[head:]
    if version != FORMAT or stored_key != key:
        log.info("ignoring cache %s: stale (format %s)", path, version)
        return None
    if length != len(payload) or hashlib.sha256(payload).digest() != checksum:
        log.warning("ignoring cache %s: truncated or corrupt", path)
        return None
    from knowledge.base import KnowledgeBase  # noqa: PLC0415 - base imports this module

    collecting = gc.isenabled()
    gc.disable()  # unpickling allocates millions of objects: no cycle checks meanwhile
    try:
        kb = pickle.loads(payload)  # our own file, checked above
    except Exception:  # a damaged pickle can raise nearly anything
        log.warning("ignoring cache %s: cannot be read back", path, exc_info=True)
        return None
    finally:
        if collecting:
            gc.enable()
    return kb if isinstance(kb, KnowledgeBase) else None


def write(path: Path, key: bytes, kb: KnowledgeBase) -> bool:
    """Save atomically (temp file, then rename); a failure only costs the next start-up."""
    payload = pickle.dumps(kb, protocol=pickle.HIGHEST_PROTOCOL)
    header = MAGIC + _HEADER.pack(FORMAT, key, len(payload), hashlib.sha256(payload).digest())
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".kb-", suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            handle.write(header)
            handle.write(payload)
        os.replace(temporary, path)
    except OSError:
        log.warning("could not write the knowledge cache %s", path, exc_info=True)
        return False
    return True
