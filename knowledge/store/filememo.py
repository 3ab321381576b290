"""What each file hashed to, remembered by its stat: a cached load need not read every input.

Keying the cache on the bytes of every input meant reading the whole folder at each start
(3,852 documents and the 110 MB cache file at 500x the article: 0.2 s of a 0.75 s load).
As git's index does, a file whose device, inode, size, mtime and ctime are those it had
when it was hashed is taken to hold the same bytes. ctime cannot be set back by a program
(utime sets only mtime and atime), so an edit that restores a file's mtime still shows.
A file changed within RACY_SECONDS of being hashed might change again without its times
moving (coarse clocks, fast writers): such a file is hashed, never remembered.

The memo lives in the cache folder and is read as written by a stranger: anything that is
not well formed is ignored (the files are hashed). A forged entry can make a stale cache
file be used, which whoever can write the cache folder can do anyway by writing that file.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
import time
from pathlib import Path

log = logging.getLogger(__name__)

MEMO = "file-hashes.json"
RACY_SECONDS = 2.0
MAX_ENTRIES = 100_000  # more and it starts again (the memo of a shared cache folder grows)
MAX_BYTES = 64 << 20  # a memo larger than this is not read

Stamp = tuple[int, int, int, int, int]  # device, inode, size, mtime_ns, ctime_ns


def stamp(status: os.stat_result) -> Stamp:
    return (status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns, status.st_ctime_ns)


class FileMemo:
    """Digests by absolute path and stamp. Not shared between threads: each load reads its
    own, and the last to save wins (a lost entry costs one more hash)."""

    def __init__(self, folder: Path | None, entries: dict[str, tuple[Stamp, str]]) -> None:
        self.folder = folder
        self._entries = entries
        self._changed = False

    @classmethod
    def read(cls, folder: Path | None) -> FileMemo:
        """The memo kept in a cache folder (empty without one, or when it is unreadable)."""
        if folder is None:
            return cls(None, {})
        try:
            with (folder / MEMO).open("rb") as handle:
                raw = handle.read(MAX_BYTES + 1)
            if len(raw) > MAX_BYTES:
                raise ValueError("too large")
            return cls(folder, _entries(json.loads(raw)))
        except FileNotFoundError:
            return cls(folder, {})
        except (OSError, ValueError, TypeError, RecursionError):
            log.info("ignoring %s: not a memo of file digests", folder / MEMO)
            return cls(folder, {})

    def known(self, path: Path, status: os.stat_result) -> str | None:
        """The hex digest remembered for this very file as it is now, else None."""
        found = self._entries.get(_absolute(path))
        return found[1] if found is not None and found[0] == stamp(status) else None

    def remember(self, path: Path, status: os.stat_result, digest: str) -> None:
        """Keep a file's digest, unless it changed too recently to trust its times."""
        newest = max(status.st_mtime_ns, status.st_ctime_ns)
        if time.time_ns() - newest < RACY_SECONDS * 1e9:
            return
        name = _absolute(path)
        entry = (stamp(status), digest)
        if self._entries.get(name) != entry:
            if len(self._entries) >= MAX_ENTRIES:
                self._entries = {}
            self._entries[name] = entry
            self._changed = True

    def file_digest(self, path: Path, status: os.stat_result) -> bytes:
        """The sha256 of an open-able regular file's bytes: remembered, or read and kept."""
        known = self.known(path, status)
        if known is not None:
            return bytes.fromhex(known)
        with path.open("rb") as handle:  # in chunks: a 100 MB file is not held whole
            digest = hashlib.file_digest(handle, "sha256").digest()
        self.remember(path, status, digest.hex())
        return digest

    def save(self) -> None:
        """Write the memo back if it changed (atomically); a failure costs only hashing."""
        if self.folder is None or not self._changed:
            return
        data = [[name, *entry[0], entry[1]] for name, entry in self._entries.items()]
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            fd, temporary = tempfile.mkstemp(dir=self.folder, prefix=".memo-", suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(data, handle, separators=(",", ":"))
            os.replace(temporary, self.folder / MEMO)
            self._changed = False
        except OSError:
            log.warning("could not write %s", self.folder / MEMO, exc_info=True)


def _absolute(path: Path) -> str:
    """The path made absolute as text (pathlib's `absolute()` cost 20 us a file)."""
    text = os.fspath(path)
    return text if os.path.isabs(text) else os.path.join(os.getcwd(), text)


def _entries(data: object) -> dict[str, tuple[Stamp, str]]:
    """The memo's rows, each checked: [path, device, inode, size, mtime_ns, ctime_ns, hex]."""
    if type(data) is not list or len(data) > MAX_ENTRIES:
        raise ValueError("not a list of rows")
    out: dict[str, tuple[Stamp, str]] = {}
    for row in data:
        if type(row) is not list or len(row) != 7:
            raise ValueError("a row is not [path, five numbers, digest]")
        name, *numbers, digest = row
        if type(name) is not str or any(type(n) is not int for n in numbers):
            raise ValueError("a row's path or numbers")
        if type(digest) is not str or len(digest) != 64:
            raise ValueError("a row's digest")
        bytes.fromhex(digest)  # ValueError when it is not hex
        out[name] = ((numbers[0], numbers[1], numbers[2], numbers[3], numbers[4]), digest)
    return out
