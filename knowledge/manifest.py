"""A knowledge folder's manifest: which documents, their citation metadata, FAQ and synonyms.

A folder without `manifest.yaml` still works: every `.txt` and `.md` file is a document
titled after its file name, and `faq.yaml` / `synonyms.yaml` are used when present.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from knowledge.model import KnowledgeError, Problem
from knowledge.yamlfile import item_lines, read_yaml

MANIFEST = "manifest.yaml"
DOCUMENT_SUFFIXES = (".txt", ".md", ".markdown")
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
_OPTION_KEYS = {"threshold", "reference_sections"}


@dataclass(frozen=True, slots=True)
class DocumentSpec:
    """Where a document is and how to cite it."""

    path: Path
    title: str
    url: str
    licence: str
    anchors: str  # "wikipedia" or "markdown"
    line: int | None = None


@dataclass(frozen=True, slots=True)
class Manifest:
    folder: Path
    documents: tuple[DocumentSpec, ...]
    faq_files: tuple[Path, ...]
    synonym_files: tuple[Path, ...]
    threshold: float
    reference_sections: tuple[str, ...]


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
    documents = _documents(folder, data.get("documents"), item_lines(node, "documents"), problems)
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
    reference = options.get("reference_sections", DEFAULT_REFERENCE_SECTIONS)
    faq_files = _file_list(folder, data.get("faq"), "faq", problems)
    synonym_files = _file_list(folder, data.get("synonyms"), "synonyms", problems)
    if problems:
        raise KnowledgeError(problems)
    return Manifest(
        folder, documents, faq_files, synonym_files, float(threshold), tuple(map(str, reference))
    )


def _inferred(folder: Path) -> Manifest:
    files = sorted(p for p in folder.iterdir() if p.suffix.lower() in DOCUMENT_SUFFIXES)
    files = [p for p in files if p.name.lower() != "readme.md" or len(files) == 1]
    if not files:
        raise KnowledgeError(Problem(str(folder), None, "no .txt or .md documents in the folder"))
    documents = tuple(
        DocumentSpec(
            p,
            p.stem.replace("_", " ").replace("-", " ").strip().capitalize() or p.name,
            "",
            "",
            "markdown" if p.suffix.lower() != ".txt" else "wikipedia",
        )
        for p in files
    )
    faq = tuple(p for p in [folder / "faq.yaml"] if p.exists())
    synonyms = tuple(p for p in [folder / "synonyms.yaml"] if p.exists())
    return Manifest(folder, documents, faq, synonyms, DEFAULT_THRESHOLD, DEFAULT_REFERENCE_SECTIONS)


def _documents(
    folder: Path, raw: Any, lines: list[int], problems: list[Problem]
) -> tuple[DocumentSpec, ...]:
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
        if not path.is_file():
            problems.append(Problem(MANIFEST, line, f"document file {item['file']!r} not found"))
            continue
        anchors = str(item.get("anchors") or ("wikipedia" if path.suffix == ".txt" else "markdown"))
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
            )
        )
    return tuple(specs)


def _file_list(folder: Path, raw: Any, key: str, problems: list[Problem]) -> tuple[Path, ...]:
    if raw is None:
        return ()
    names = [raw] if isinstance(raw, str) else raw
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        problems.append(Problem(MANIFEST, None, f"{key} must be a file name or a list of them"))
        return ()
    paths = []
    for name in names:
        path = folder / name
        if not path.is_file():
            problems.append(Problem(MANIFEST, None, f"{key} file {name!r} not found"))
        else:
            paths.append(path)
    return tuple(paths)
