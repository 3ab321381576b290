"""The engine's value types: frozen, so a built knowledge base can be shared between threads."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, cast

if TYPE_CHECKING:
    from knowledge.read.units import Units

AnswerKind = Literal["faq", "passage", "summary", "learned", "none"]


class PickledByFields:
    """Pickled as a call of the class with its fields: a frozen dataclass's own way (a
    `__setstate__` that sets field by field) unpickled ~4× slower, and a large knowledge
    base's cache holds tens of thousands of these."""

    __slots__ = ()

    def __reduce__(self) -> tuple[Any, ...]:
        names = cast("tuple[str, ...]", self.__slots__)  # the dataclass's fields, in order
        return (type(self), tuple(getattr(self, name) for name in names))


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a knowledge folder, precise enough to fix: file, line, reason."""

    file: str
    line: int | None
    reason: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.reason}"


class KnowledgeError(Exception):
    """A knowledge folder could not be loaded; `problems` lists every reason found."""

    def __init__(self, problems: list[Problem] | Problem) -> None:
        self.problems: tuple[Problem, ...] = (
            (problems,) if isinstance(problems, Problem) else tuple(problems)
        )
        super().__init__("; ".join(str(p) for p in self.problems) or "knowledge error")


@dataclass(frozen=True, slots=True)
class Sentence(PickledByFields):
    """An answer unit as it stands in its document: `text == document.text[start:end]`.

    Mostly a sentence; also a list item's sentence or a table row. `id` is unique in the
    knowledge base; sentences of one paragraph (or list item) share `paragraph`.
    """

    id: int
    section_id: str
    paragraph: int
    start: int
    end: int
    text: str
    quote_end: int = -1  # ends with ":": quoted through the code block or list it introduces
    header: tuple[int, int] | None = None  # a table row's header lines, quoted before it
    label: str = ""  # what frames it: a tab, admonition, table caption or run-in heading

    def quote(self, document_text: str, last: Sentence | None = None) -> str:
        """The verbatim excerpt from this unit through `last` (default: itself).

        A lead-in brings the block it introduces; a table row its header row (the one
        excerpt made of two slices of the source: header lines, then the row).
        """
        last = last or self
        end = max(last.end, last.quote_end)
        if self.header is None:
            return document_text[self.start : end]
        return framed(document_text, self.header, self.start, end)


def framed(text: str, header: tuple[int, int], start: int, end: int) -> str:
    """text[start:end] quoted after its header: one slice where only space parts them,
    else the header's, a line end, and the unit's (from its list marker, if it has one,
    so a nested item still reads as an item under its parent)."""
    head_start, head_end = header
    if not text[head_end:start].strip(" \t\n>"):  # a blockquote's ">" parts nothing
        return text[head_start:end]
    return text[head_start:head_end] + "\n" + text[listed_start(text, start, head_end) : end]


def listed_start(text: str, start: int, floor: int = 0) -> int:
    """Where a unit at `start` begins as a list item: its line's start when only its list
    marker (and indentation) comes before it on its line, else `start` itself."""
    newline = text.rfind("\n", floor, start)
    if newline < 0 and floor > 0:
        return start  # its line starts before `floor`
    line_start = newline + 1
    return line_start if _MARKER_ONLY.match(text, line_start, start) else start


# A list item's marker, in every markup the readers know: bullets, "1." or "1)", rst's "#.".
LIST_MARKER = r"(?:[-*+•]|\d{1,9}[.)]|#\.)"
_MARKER = r"[ \t>]*" + LIST_MARKER + r"[ \t]+"
_MARKER_ONLY = re.compile(_MARKER + r"\Z")
LIST_ITEM = re.compile(_MARKER + r"\S")  # a line that is a list item


@dataclass(frozen=True, slots=True)
class Section(PickledByFields):
    """A heading and the text under it (the lead, before any heading, is a section too)."""

    id: str
    document: str
    title: str
    path: tuple[str, ...]
    level: int
    url: str
    start: int
    end: int
    line: int
    reference_only: bool
    sentences: Units  # reads as a tuple of Sentence, each made when asked

    @property
    def name(self) -> str:
        """The section's name for people: its title, or the document's for the lead."""
        return self.document if self.level == 0 else self.title

    @property
    def display_path(self) -> str:
        """`Document › Section › Subsection`, the citation as people read it."""
        return " › ".join((self.document, *self.path))


@dataclass(frozen=True, slots=True)
class Document(PickledByFields):
    """One source file with its citation metadata."""

    title: str
    file: str
    url: str
    licence: str
    text: str
    sections: tuple[Section, ...]
    markup: str = "text"  # how its text is written: "markdown", "rst" or "text" (plain)
    # What its untitled `:ref:` and `:doc:` roles show (`knowledge.read.references`).
    references: tuple[tuple[str, str], ...] = ()

    @property
    def attribution(self) -> str:
        """The line a reply quoting this document carries (title, link, licence)."""
        parts = [f'"{self.title}"']
        if self.url:
            parts.append(self.url)
        if self.licence:
            parts.append(self.licence)
        return " · ".join(parts)


def written(document: Document | None) -> tuple[str, dict[str, str]]:
    """How a document's text is written, as the displays take it: its markup and what its
    cross-references show (an unknown document is plain text)."""
    if document is None:
        return "text", {}
    return document.markup, dict(document.references)


@dataclass(frozen=True, slots=True)
class FaqEntry(PickledByFields):
    """A question with its verbatim answer. `curated` entries come from faq.yaml."""

    id: str
    question: str
    alternates: tuple[str, ...]
    answer: str
    section_id: str
    curated: bool
    file: str = ""
    line: int | None = None


@dataclass(frozen=True, slots=True)
class Summary:
    """An extractive summary: a few of the section's own sentences, verbatim, in order."""

    section_id: str
    sentences: tuple[str, ...]

    @property
    def text(self) -> str:
        """The sentences as one passage; a list item keeps a line of its own."""
        out = ""
        for n, sentence in enumerate(self.sentences):
            item = LIST_ITEM.match(sentence)
            after_item = n and LIST_ITEM.match(self.sentences[n - 1])
            out += ("\n" if item else "\n\n" if after_item else " ") if n else ""
            out += sentence
        return out


@dataclass(frozen=True, slots=True)
class Excerpt:
    """A verbatim slice of a source (1-3 sentences) with its citation."""

    text: str
    document: str
    section: str
    path: tuple[str, ...]
    url: str
    score: float
    section_id: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "document": self.document,
            "section": self.section,
            "path": list(self.path),
            "url": self.url,
            "score": round(self.score, 4),
        }


@dataclass(frozen=True, slots=True)
class Answer:
    """The result of a question: what `ask --json` prints, one object a question."""

    question: str
    answered: bool
    confidence: float
    kind: AnswerKind
    excerpts: tuple[Excerpt, ...] = ()
    suggestions: tuple[str, ...] = ()
    suggested_sections: tuple[str, ...] = ()  # the suggestions' section ids, in the same order

    def to_dict(self) -> dict[str, Any]:
        return {
            "question": self.question,
            "answered": self.answered,
            "confidence": round(self.confidence, 4),
            "kind": self.kind,
            "answer": [e.to_dict() for e in self.excerpts],
            "suggestions": list(self.suggestions),
        }
