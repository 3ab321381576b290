"""A manifest's documents read and parsed: within the size and depth limits, a file that
vanished since the folder was listed skipped with a warning, titles made unique."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from knowledge.model import Document, KnowledgeError, Problem
from knowledge.read.confine import too_large
from knowledge.read.depth import too_deep
from knowledge.read.manifest import DocumentSpec, Manifest
from knowledge.read.parse import Numbering, document_title, parse_document, read
from knowledge.read.references import document_name, merged, references
from knowledge.read.yamlfile import read_text

Progress = Callable[[str, int, int], None]  # (stage, done, total)


class _PastLimits(Exception):
    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


def _within_limits(spec: DocumentSpec, folder: Path, max_bytes: int) -> str:
    """A document's text (KnowledgeError when it cannot be read), or _PastLimits when it
    is too large or nests too deeply to read: one file made to take minutes is skipped with
    a warning, and the rest still serves."""
    reason = too_large(spec.path, max_bytes)
    text = read_text(spec.path, relative_to=folder) if reason is None else ""
    reason = reason or too_deep(text)
    if reason is not None:
        raise _PastLimits(Problem(spec.file, None, reason))
    return text


def vanished(path: Path, stand_in: str | None, warnings: list[Problem] | None = None) -> bool:
    """Whether a FAQ or synonyms file went (or became unreadable) since the folder was
    listed: then it is skipped with a warning, and the reload goes on without it."""
    if stand_in is not None:
        return False
    try:
        with path.open("rb"):
            return False
    except OSError as exc:
        if warnings is not None:
            warnings.append(Problem(path.name, None, f"cannot read: {exc.strerror or exc}"))
        return True


def _cross_referenced(documents: list[Document], labels: list[tuple[str, str]]) -> list[Document]:
    """The reStructuredText documents with what their cross-references resolve to
    within the folder: a label's section title, a document's title."""
    named = merged(labels)
    titles = {document_name(d.file): d.title for d in documents}
    return [
        replace(d, references=references(d.text, d.file, named, titles)) if d.markup == "rst" else d
        for d in documents
    ]


def read_documents(
    manifest: Manifest, folder: Path, progress: Progress
) -> tuple[list[Document], list[str], list[Problem]]:
    """Every document parsed, with sentence numbers unique across them.

    A document the manifest names must load; one found by looking through the folder
    that cannot be read is skipped with a warning, so one stray file does not stop a bot.
    """
    problems: list[Problem] = []
    warnings: list[Problem] = []
    documents: list[Document] = []
    masked: list[str] = []  # each document's text without its markup, for matching
    numbering = Numbering()
    titles: set[str] = set()
    labels: list[tuple[str, str]] = []  # every reStructuredText label: label -> title
    total = len(manifest.documents)
    progress("documents", 0, total)
    for done, listed in enumerate(manifest.documents, 1):
        spec = listed
        try:
            text = _within_limits(spec, folder, manifest.max_file_bytes)
        except KnowledgeError as exc:  # gone or unreadable since the folder was listed:
            gone = spec.inferred or vanished(spec.path, None)  # skipped, named; the rest serves
            (warnings if gone else problems).extend(exc.problems)
            progress("documents", done, total)
            continue
        except _PastLimits as exc:  # too large, or nested too deeply: skipped, named
            warnings.append(exc.problem)
            progress("documents", done, total)
            continue
        try:
            reading = read(spec, text)
            title = document_title(spec, reading)
            if spec.inferred and title.casefold() in titles:
                spec = replace(spec, title=f"{title} ({spec.file})", inferred=False)
            document = parse_document(
                spec, text, manifest.reference_sections, numbering, reading=reading
            )
        except KnowledgeError as exc:
            (warnings if spec.inferred else problems).extend(exc.problems)
        else:
            documents.append(document)
            masked.append(reading.masked)
            labels += reading.labels
            titles.add(document.title.casefold())
        progress("documents", done, total)
    documents = _cross_referenced(documents, labels)
    seen: set[str] = set()
    for document in documents:
        if document.title in seen:
            problems.append(
                Problem(document.file, None, f"duplicate document title {document.title!r}")
            )
        seen.add(document.title)
    numbering.units.rows  # noqa: B018 - one array from now on, before anything shares it
    if not documents and not problems:
        problems = [
            *manifest.warnings,
            *warnings,
            Problem(str(folder), None, "no document could be read"),
        ]
    if problems:
        raise KnowledgeError(problems)
    return documents, masked, warnings
