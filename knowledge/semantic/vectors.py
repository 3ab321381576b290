"""Every answer unit's vector, kept by the text it embeds so that a rebuild embeds only
what changed.

A unit is embedded as a reader meets it: "Document › heading › heading: its text", with
markup read as `knowledge.read.display` shows it. Each embedded text's SHA-1 (under the
model's own digest) keys its vector in a `VectorStore`: one in the cache folder (read and
rewritten by each build) and one shipped with the package for the bundled article (read
only), so the demo starts without embedding anything.

A store file is untrusted input like every cache file: it is read with
`np.load(allow_pickle=False)` (plain arrays only; nothing in it can run), and one whose
arrays are not what a store holds is ignored and rebuilt.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
import numpy.typing as npt

from knowledge.index.index import Index
from knowledge.model import Document
from knowledge.read.display import segments
from knowledge.semantic.encoder import DIMENSIONS, MODEL_SHA256, Encoder

log = logging.getLogger(__name__)

STORE_NAME = "minilm-vectors.npz"
BUNDLED = Path(__file__).resolve().parent.parent / "data" / "minilm-corpus-vectors.npz"
DIGEST = 20  # bytes of a SHA-1 digest, kept as uint8 rows ("S20" would drop trailing NULs)
# A cache folder's store keeps vectors of texts no longer in the knowledge (an edit may
# be undone) until it holds this many times the current knowledge's units.
KEEP_FACTOR = 3

Progress = Callable[[str, int, int], None]


def unit_texts(index: Index, documents: Sequence[Document]) -> list[str]:
    """What each unit (by position) is embedded as."""
    source = {d.title: (d.markup, dict(d.references)) for d in documents}
    out = []
    for position in range(index.count):
        section = index.sections[int(index.section_of[position])]
        sentence = index.sentence(position)
        read = " ".join(s.text for s in segments(sentence.text, *source[section.document]))
        where = " › ".join((section.document, *section.path))
        out.append(f"{where}: {' '.join(read.split())}")
    return out


def digest(text: str) -> bytes:
    """A text's key: its SHA-1 under the model's digest, so another model's vectors of
    the same text (an older cache folder) are never taken for this one's."""
    salted = f"{MODEL_SHA256}\n{text}".encode()
    return hashlib.sha1(salted, usedforsecurity=False).digest()


class VectorStore:
    """Embedded text's digest -> its vector (float16), read from one file."""

    def __init__(self, keys: npt.NDArray[np.uint8], vectors: npt.NDArray[np.float16]) -> None:
        self.keys = keys
        self.vectors = vectors
        self._row = {key.tobytes(): n for n, key in enumerate(keys)}

    @classmethod
    def empty(cls) -> VectorStore:
        return cls(np.zeros((0, DIGEST), np.uint8), np.zeros((0, DIMENSIONS), np.float16))

    @classmethod
    def read(cls, path: Path) -> VectorStore:
        """The store in a file; an empty one when it is missing, and (with a warning)
        when it is not a store."""
        try:
            with np.load(path, allow_pickle=False) as data:
                keys, vectors = data["keys"], data["vectors"]
        except FileNotFoundError:
            return cls.empty()
        except Exception as exc:
            log.warning("ignoring vector store %s: %s", path, exc)
            return cls.empty()
        if (
            keys.dtype != np.uint8
            or vectors.dtype != np.float16
            or keys.ndim != 2
            or keys.shape[1] != DIGEST
            or vectors.shape != (len(keys), DIMENSIONS)
        ):
            log.warning("ignoring vector store %s: not a store of %d-d vectors", path, DIMENSIONS)
            return cls.empty()
        return cls(keys, vectors)

    def __len__(self) -> int:
        return len(self.keys)

    def get(self, key: bytes) -> npt.NDArray[np.float16] | None:
        row = self._row.get(key)
        return None if row is None else self.vectors[row]

    def write(self, path: Path) -> None:
        """Save (a new file renamed over the old: a reader never sees half of one)."""
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".vectors-", suffix=".npz")
        try:
            with os.fdopen(handle, "wb") as out:
                np.savez(out, keys=self.keys, vectors=self.vectors)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise


def build_vectors(
    texts: Sequence[str],
    encoder: Encoder,
    cache_folder: Path | None,
    progress: Progress,
) -> tuple[npt.NDArray[np.float16], int]:
    """Each text's vector, and how many had to be embedded now (the rest were stored)."""
    keys = [digest(t) for t in texts]
    stores = [VectorStore.read(BUNDLED)]
    cached = VectorStore.read(cache_folder / STORE_NAME) if cache_folder else VectorStore.empty()
    stores.append(cached)
    out = np.zeros((len(texts), DIMENSIONS), np.float16)
    missing: list[int] = []
    for n, key in enumerate(keys):
        found = next((v for s in stores if (v := s.get(key)) is not None), None)
        if found is None:
            missing.append(n)
        else:
            out[n] = found
    if missing:
        progress("meaning", 0, len(missing))
        embedded = encoder.encode(
            [texts[n] for n in missing], lambda done: progress("meaning", done, len(missing))
        )
        out[missing] = embedded.astype(np.float16)
    if cache_folder is not None and (missing or len(cached) == 0):
        _save(cache_folder / STORE_NAME, keys, out, cached)
    return out, len(missing)


def _save(
    path: Path, keys: list[bytes], vectors: npt.NDArray[np.float16], old: VectorStore
) -> None:
    current = set(keys)
    kept = [n for n, key in enumerate(old.keys) if key.tobytes() not in current]
    if len(keys) + len(kept) > KEEP_FACTOR * max(len(keys), 1):
        kept = []
    new_keys = np.frombuffer(b"".join(keys), np.uint8).reshape(-1, DIGEST)
    all_keys = np.concatenate((new_keys, old.keys[kept])) if kept else new_keys
    all_vectors = np.concatenate((vectors, old.vectors[kept])) if kept else vectors
    try:
        VectorStore(all_keys, all_vectors).write(path)
    except OSError as exc:  # a read-only cache folder: answer anyway, embed again next time
        log.warning("could not save unit vectors to %s: %s", path, exc)
