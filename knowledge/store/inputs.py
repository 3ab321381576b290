"""What a knowledge base is built from: its manifest and the digest of every input file.

The digest, with the engine's own, keys the cache (`knowledge.store.cache`). With a cache
folder, a manifest read before from the very same text in the same place is read back
instead of parsed again: the YAML of a manifest naming thousands of documents took 0.2 s,
more than reading the cached knowledge base itself.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

from knowledge.model import KnowledgeError, Problem
from knowledge.read.confine import Confined
from knowledge.read.manifest import MANIFEST, Manifest, read_manifest, unlisted
from knowledge.store import cache
from knowledge.store.filememo import FileMemo
from knowledge.words.thesaurus import RELATED, WORDNET


def read_inputs(
    folder: Path, cache_dir: Path | None, faq_text: str | None, memo: FileMemo | None = None
) -> tuple[Manifest, bytes]:
    """The folder's manifest and the digest of its inputs. `faq_text` stands in for the
    curated FAQ file (see `knowledge.load`): it is in the digest instead of that file.
    `memo`: the digests of files unchanged since they were last hashed (`filememo`)."""
    try:
        manifest, inputs = _read_inputs(folder, cache_dir, faq_text is not None, memo)
    except OSError:  # a file a remembered manifest names is gone: read it all again
        manifest, inputs = _read_inputs(folder, None, faq_text is not None, memo, missing_ok=True)
    if faq_text is not None:  # the text is an input like any file: key and fingerprint follow it
        inputs = hashlib.sha256(inputs + b"\0faq_text\0" + faq_text.encode()).digest()
    return manifest, inputs


def _read_inputs(
    folder: Path,
    cache_dir: Path | None,
    faq_text: bool,
    memo: FileMemo | None,
    *,
    missing_ok: bool = False,
) -> tuple[Manifest, bytes]:
    """The manifest, and the digest of every input but the curated FAQ file that
    `faq_text` stands in for. OSError when an input cannot be read (unless `missing_ok`:
    one gone since the folder was listed is then skipped by the build, with a warning)."""
    manifest = _manifest(folder, cache_dir, memo)
    manifest = replace(manifest, warnings=(*manifest.warnings, *unlisted(manifest)))
    curated = _curated_file(manifest) if faq_text else None
    if curated is not None and curated not in manifest.faq_files:
        manifest = replace(manifest, faq_files=(curated, *manifest.faq_files))
    files = (p for p in _inputs(manifest) if p != curated)
    return manifest, cache.digest_files(files, missing_ok=missing_ok, memo=memo)


def _manifest(folder: Path, cache_dir: Path | None, memo: FileMemo | None) -> Manifest:
    """The folder's manifest; with a cache folder, the one read before from the very same
    manifest text in the same place is reused (YAML for thousands of documents took 0.2 s).
    What it checks of other files (that they exist and are files) the digest of the
    inputs checks again: OSError."""
    file = folder / MANIFEST
    if cache_dir is None or not file.is_file():
        return read_manifest(folder)
    try:
        text = file.read_bytes()
    except OSError:
        return read_manifest(folder)
    where = f"{folder}\0{folder.absolute()}\0".encode()
    key = hashlib.sha256(engine_version().encode() + where + text).digest()
    stored = cache.manifest_path(cache_dir, key)
    manifest = cache.read_object(stored, key, Manifest, memo)
    confined = Confined(folder)
    if manifest is not None and any(confined.refusal(s.path) for s in manifest.documents):
        manifest = None  # a listed file is now a link out of the folder: read it all again
    if manifest is None:
        manifest = read_manifest(folder)
        if not manifest.warnings:  # what it skipped depends on more than the manifest's text
            cache.write(stored, key, manifest)
    return manifest


def _curated_file(manifest: Manifest) -> Path:
    """The curated FAQ file that `faq_text` stands in for."""
    if manifest.faq_files:
        return manifest.faq_files[0]
    if (manifest.folder / MANIFEST).exists():
        reason = "names no FAQ file for the curated entries: add `faq: [faq.yaml]`"
        raise KnowledgeError(Problem(MANIFEST, None, reason))
    return manifest.folder / "faq.yaml"


def _inputs(manifest: Manifest) -> list[Path]:
    """Every file the knowledge base is built from."""
    files = [spec.path for spec in manifest.documents]
    files += [*manifest.faq_files, *manifest.synonym_files]
    if (manifest.folder / MANIFEST).exists():
        files.append(manifest.folder / MANIFEST)
    files += [WORDNET, RELATED]  # general word relations: a new table, a new build
    return files


@lru_cache(maxsize=1)
def engine_version() -> str:
    """A digest of the engine's own code: a cache built by other code is not reused."""
    digest = hashlib.sha256(str(cache.FORMAT).encode())
    engine = Path(__file__).parents[1]
    for source in sorted(engine.rglob("*.py")):
        digest.update(source.relative_to(engine).as_posix().encode())
        digest.update(source.read_bytes())
    return digest.hexdigest()
