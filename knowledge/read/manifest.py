"""A knowledge folder's manifest: which documents, their citation metadata, FAQ and synonyms.

A folder without `manifest.yaml` still works: every document in it and its subfolders
(`.md`, `.markdown`, `.mdx`, `.txt`, `.rst`, `.wiki`, `.mediawiki`; hidden folders skipped) is
read, titled by its own title or its file name, and `faq.yaml` / `synonyms.yaml` are used
when present.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from knowledge.model import KnowledgeError, PickledByFields, Problem
from knowledge.read.confine import MAX_FILE_BYTES, Confined, refusal
from knowledge.read.yamlfile import item_lines, read_yaml

MANIFEST = "manifest.yaml"
DOCUMENT_SUFFIXES = (".txt", ".md", ".markdown", ".mdx", ".rst", ".wiki", ".mediawiki")
WIKI_SUFFIXES = (".txt", ".wiki", ".mediawiki")  # anchors made as a wiki makes them
SKIPPED_FOLDERS = frozenset({"node_modules", "__pycache__", "site-packages"})
DEFAULT_THRESHOLD = 0.5
DEFAULT_REFERENCE_SECTIONS = (
    "See also",
    "References",
    "Citations",
    "Notes",
    "Sources",
    "Further reading",
    "External links",
    "Bibliography",
    "Footnotes",
)
_DOCUMENT_KEYS = {"file", "title", "url", "licence", "license", "anchors"}
_TOP_KEYS = {"documents", "faq", "synonyms", "options"}
_OPTION_KEYS = {"threshold", "reference_sections", "max_file_mb"}


@dataclass(frozen=True, slots=True)
class DocumentSpec(PickledByFields):
    """Where a document is and how to cite it."""

    path: Path
    title: str
    url: str
    licence: str
    anchors: str  # "wikipedia" or "markdown"
    line: int | None = None
    file: str = ""  # the path people know it by: relative to the knowledge folder
    inferred: bool = False  # no manifest entry: the title may come from the document itself

    def __post_init__(self) -> None:
        if not self.file:
            object.__setattr__(self, "file", self.path.name)


@dataclass(frozen=True, slots=True)
class Manifest(PickledByFields):
    folder: Path
    documents: tuple[DocumentSpec, ...]
    faq_files: tuple[Path, ...]
    synonym_files: tuple[Path, ...]
    threshold: float
    reference_sections: tuple[str, ...]
    warnings: tuple[Problem, ...] = ()  # files skipped (unreadable, dangling links, loops)
    max_file_bytes: int = MAX_FILE_BYTES  # a document past this is skipped (options.max_file_mb)


def read_manifest(folder: Path) -> Manifest:
    """The folder's manifest, or one inferred from its files; problems raise KnowledgeError."""
    if not folder.is_dir():
        raise KnowledgeError(Problem(str(folder), None, "knowledge folder not found"))
    if not (folder / MANIFEST).exists():
        return _inferred(folder)
    data, node = read_yaml(folder / MANIFEST, relative_to=folder)
    lines = item_lines(node)
    if not isinstance(data, dict):
        raise KnowledgeError(Problem(MANIFEST, 1, "the manifest must be a mapping"))
    problems = [
        Problem(MANIFEST, line, f"unknown key {key!r} (expected one of {sorted(_TOP_KEYS)})")
        for key, line in zip(data, lines, strict=False)
        if key not in _TOP_KEYS
    ]
    warnings: list[Problem] = []
    documents = _documents(
        folder, data.get("documents"), item_lines(node, "documents"), problems, warnings
    )
    options = data.get("options") or {}
    if not isinstance(options, dict):
        problems.append(Problem(MANIFEST, None, "options must be a mapping"))
        options = {}
    for key in options:
        if key not in _OPTION_KEYS:
            problems.append(Problem(MANIFEST, None, f"unknown option {key!r}"))
    threshold = options.get("threshold", DEFAULT_THRESHOLD)
    if not isinstance(threshold, int | float) or not 0 <= threshold <= 1:
        problems.append(Problem(MANIFEST, None, "options.threshold must be a number in [0, 1]"))
        threshold = DEFAULT_THRESHOLD
    max_mb = options.get("max_file_mb", MAX_FILE_BYTES / 2**20)
    if isinstance(max_mb, bool) or not isinstance(max_mb, int | float) or max_mb <= 0:
        problems.append(Problem(MANIFEST, None, "options.max_file_mb must be a number above 0"))
        max_mb = MAX_FILE_BYTES / 2**20
    reference = options.get("reference_sections", DEFAULT_REFERENCE_SECTIONS)
    if not isinstance(reference, list | tuple) or not all(isinstance(r, str) for r in reference):
        reason = "options.reference_sections must be a list of titles"
        problems.append(Problem(MANIFEST, None, reason))
        reference = DEFAULT_REFERENCE_SECTIONS
    faq_files = _file_list(folder, data.get("faq"), "faq", problems, warnings)
    synonym_files = _file_list(folder, data.get("synonyms"), "synonyms", problems, warnings)
    if problems:
        raise KnowledgeError(problems)
    return Manifest(
        folder,
        documents,
        faq_files,
        synonym_files,
        float(threshold),
        tuple(map(str, reference)),
        tuple(warnings),
        int(max_mb * 2**20),
    )


def _inferred(folder: Path) -> Manifest:
    warnings: list[Problem] = []
    files = sorted(find_documents(folder, warnings), key=lambda p: _relative(p, folder))
    if not files:
        raise KnowledgeError(
            [
                *warnings,
                Problem(str(folder), None, "no .md, .txt, .rst or .wiki documents in the folder"),
            ]
        )
    documents = tuple(
        DocumentSpec(
            p,
            p.stem.replace("_", " ").replace("-", " ").strip().capitalize() or p.name,
            "",
            "",
            "wikipedia" if p.suffix.lower() in WIKI_SUFFIXES else "markdown",
            file=_relative(p, folder),
            inferred=True,
        )
        for p in files
    )
    faq = _own_file(folder, "faq.yaml", warnings)
    synonyms = _own_file(folder, "synonyms.yaml", warnings)
    return Manifest(
        folder,
        documents,
        faq,
        synonyms,
        DEFAULT_THRESHOLD,
        DEFAULT_REFERENCE_SECTIONS,
        tuple(warnings),
    )


def _own_file(folder: Path, name: str, warnings: list[Problem]) -> tuple[Path, ...]:
    """The folder's own `faq.yaml` or `synonyms.yaml` when it may be read."""
    path = folder / name
    if not path.is_symlink() and not path.exists():
        return ()
    reason = refusal(path, folder)
    if reason is not None:
        warnings.append(Problem(name, None, reason))
        return ()
    return (path,)


def unlisted(manifest: Manifest) -> list[Problem]:
    """A warning for each document file in a manifest's folder that it does not list: such
    a file is not read, and never silently (a copy of the bundled folder with a new `.md`)."""
    if not (manifest.folder / MANIFEST).exists():
        return []
    listed = {os.path.normpath(spec.path) for spec in manifest.documents}
    ignored: list[Problem] = []
    found = find_documents(manifest.folder, ignored)
    reason = f"not listed in {MANIFEST}: not read (add it under documents:)"
    missing = [path for path in found if os.path.normpath(path) not in listed]
    return [
        Problem(_relative(path, manifest.folder), None, reason)
        for path in sorted(missing, key=lambda p: _relative(p, manifest.folder))
    ]


def _relative(path: Path, folder: Path) -> str:
    try:
        return path.relative_to(folder).as_posix()
    except ValueError:
        return path.name


def find_documents(folder: Path, warnings: list[Problem]) -> list[Path]:
    """Every document under `folder`, following symlinks once; what cannot be read is a
    warning naming its path (a dangling link, a symlink loop, a folder we may not open)."""
    found: list[Path] = []
    seen: set[tuple[int, int]] = set()
    pending = [folder]
    while pending:
        current = pending.pop()
        try:
            info = current.stat()
        except OSError as exc:
            warnings.append(Problem(_relative(current, folder), None, _why(exc)))
            continue
        if (info.st_dev, info.st_ino) in seen:
            warnings.append(
                Problem(_relative(current, folder), None, "symlink loop: folder already read")
            )
            continue
        seen.add((info.st_dev, info.st_ino))
        try:
            entries = sorted(os.scandir(current), key=lambda e: e.name)
        except OSError as exc:
            warnings.append(Problem(_relative(current, folder), None, _why(exc)))
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = Path(entry.path)
            document = os.path.splitext(entry.name)[1].lower() in DOCUMENT_SUFFIXES
            try:
                mode = entry.stat().st_mode  # one syscall, no Path parsing
            except OSError as exc:
                if document or entry.is_symlink():
                    warnings.append(Problem(_relative(path, folder), None, _why(exc)))
                continue
            if entry.is_symlink() or (document and not stat.S_ISREG(mode)):
                reason = refusal(path, folder, folder=stat.S_ISDIR(mode))
                if reason is not None:  # out of the folder, or a FIFO, device, socket
                    warnings.append(Problem(_relative(path, folder), None, reason))
                    continue
            if stat.S_ISDIR(mode):
                if entry.name not in SKIPPED_FOLDERS:
                    pending.append(path)
            elif document and stat.S_ISREG(mode):
                found.append(path)
    return found


def _why(exc: OSError) -> str:
    if isinstance(exc, FileNotFoundError):
        return "dangling link: what it points to does not exist"
    if exc.errno == 40:  # ELOOP
        return "symlink loop"
    return f"cannot read: {exc.strerror or exc}"


def _documents(
    folder: Path, raw: Any, lines: list[int], problems: list[Problem], warnings: list[Problem]
) -> tuple[DocumentSpec, ...]:
    confined = Confined(folder)
    if not isinstance(raw, list) or not raw:
        problems.append(Problem(MANIFEST, None, "documents must be a non-empty list"))
        return ()
    specs = []
    padded: list[int | None] = [*lines, *[None] * (len(raw) - len(lines))]
    for item, line in zip(raw, padded, strict=False):
        if not isinstance(item, dict) or not isinstance(item.get("file"), str):
            problems.append(Problem(MANIFEST, line, f"document entry {item!r} needs a 'file'"))
            continue
        problems.extend(
            Problem(MANIFEST, line, f"unknown document key {key!r}")
            for key in item
            if key not in _DOCUMENT_KEYS
        )
        path = folder / item["file"]
        if not path.exists() or path.is_dir():
            what = "is a folder" if path.is_dir() else "not found"
            problems.append(Problem(MANIFEST, line, f"document file {item['file']!r} {what}"))
            continue
        reason = confined.refusal(path)
        if reason is not None:  # a link out of the folder: skipped, named, the rest serves
            warnings.append(Problem(item["file"], None, reason))
            continue
        wrong = [
            k
            for k in ("title", "url", "licence", "license", "anchors")
            if item.get(k) is not None and not isinstance(item[k], str)
        ]
        if wrong:
            problems.extend(
                Problem(MANIFEST, line, f"document {k} must be text, not {type(item[k]).__name__}")
                for k in wrong
            )
            continue
        wiki = path.suffix.lower() in WIKI_SUFFIXES
        anchors = str(item.get("anchors") or ("wikipedia" if wiki else "markdown"))
        if anchors not in ("wikipedia", "markdown"):
            problems.append(
                Problem(MANIFEST, line, f"anchors must be wikipedia or markdown: {anchors!r}")
            )
        specs.append(
            DocumentSpec(
                path,
                str(item.get("title") or path.stem),
                str(item.get("url") or ""),
                str(item.get("licence") or item.get("license") or ""),
                anchors,
                line,
                file=str(item["file"]),
            )
        )
    return tuple(specs)


def _file_list(
    folder: Path, raw: Any, key: str, problems: list[Problem], warnings: list[Problem]
) -> tuple[Path, ...]:
    if raw is None:
        return ()
    names = [raw] if isinstance(raw, str) else raw
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        problems.append(Problem(MANIFEST, None, f"{key} must be a file name or a list of them"))
        return ()
    paths = []
    for name in names:
        path = folder / name
        if not path.exists() or path.is_dir():
            problems.append(Problem(MANIFEST, None, f"{key} file {name!r} not found"))
        elif (reason := refusal(path, folder)) is not None:
            warnings.append(Problem(name, None, reason))
        else:
            paths.append(path)
    return tuple(paths)
