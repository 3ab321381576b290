"""Documents -> sections -> answer units (sentences, list items, table rows), with exact offsets.

Each format has its reader (`wikitext` for `.txt`, `markdown`, `rst`) that turns a document
into blocks; this module builds the sections (the lead, headings at every depth, sidebars)
and splits blocks into units. Every unit's text is `document.text[start:end]`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import count

from knowledge.model import Document, KnowledgeError, Problem, Section
from knowledge.read.blocks import Block, Reading
from knowledge.read.manifest import DocumentSpec
from knowledge.read.markdown import read_markdown
from knowledge.read.mediawiki import is_mediawiki, read_mediawiki
from knowledge.read.navigation import without_navigation
from knowledge.read.rst import read_rst
from knowledge.read.units import Units, UnitTable
from knowledge.read.wikitext import read_wikitext
from knowledge.words.text import split_sentences

LEAD = "(lead)"
_RUN_IN = re.compile(r"(\*\*|__)[^*_\n]+(\*\*|__)")
_ROLE_NAME = re.compile(r":[\w:+-]+:")  # a reStructuredText role's name, blanked to match
_OPENS = re.compile(r"<(?!/)|\{\{")  # markup that opens something: an HTML tag, a template


@dataclass
class Numbering:
    """Sentence and paragraph numbers, unique across every document of a knowledge base,
    and the one table of all their units."""

    sentences: Iterator[int] = field(default_factory=count)
    paragraphs: Iterator[int] = field(default_factory=count)
    units: UnitTable = field(default_factory=UnitTable)


def markup_of(spec: DocumentSpec, text: str) -> str:
    """How a document is written: "rst", "markdown", "mediawiki" or "text", by its suffix;
    a `.txt` that writes Markdown (a Discord channel's rules pasted into a file: `# Rules`,
    `**1. Be kind.**`) and has no `== Heading ==` lines is read as Markdown, one that
    writes MediaWiki markup (links, templates, bold quotes) as a wiki page's source."""
    suffix = spec.path.suffix.lower()
    if suffix == ".rst":
        return "rst"
    if suffix in (".wiki", ".mediawiki"):
        return "mediawiki"
    if suffix != ".txt":
        return "markdown"
    wiki = is_mediawiki(text)  # a wiki's numbered list ("# Step") is no Markdown heading
    if _MARKDOWN_SIGN.search(text) and not _WIKI_HEADING.search(text) and not wiki:
        return "markdown"
    return "mediawiki" if wiki else "text"


def read(spec: DocumentSpec, text: str) -> Reading:
    """The document's blocks, read in its own format (`markup_of`)."""
    readers = {
        "text": read_wikitext,
        "mediawiki": read_mediawiki,
        "rst": read_rst,
        "markdown": read_markdown,
    }
    return without_navigation(readers[markup_of(spec, text)](text), text)


# Signs that a .txt is Markdown: an ATX heading, a code fence, a line that opens in bold.
_MARKDOWN_SIGN = re.compile(r"^(?:#{1,6}[ \t]+\S|```|~~~|\*\*\S)", re.MULTILINE)
_WIKI_HEADING = re.compile(r"^={2,6}[^=\n].*={2,6}[ \t]*$", re.MULTILINE)


def parse_document(
    spec: DocumentSpec,
    text: str,
    reference_titles: tuple[str, ...],
    numbering: Numbering | None = None,
    *,
    reading: Reading | None = None,
) -> Document:
    """Split one document into sections; an empty document is a KnowledgeError."""
    name = spec.file
    text = text.replace("\r\n", "\n").replace("\r", "\n")  # Windows and old Mac line ends
    if not text.strip():
        raise KnowledgeError(Problem(name, None, "the document is empty"))
    reading = reading or read(spec, text)
    blocks = list(reading.blocks)
    title = document_title(spec, reading)
    top = _lone_title(reading)
    if top is not None and not any(b.kind != "heading" and b.start < top.start for b in blocks):
        blocks.remove(top)  # a lone top heading names the document: its body is the lead
    builder = _Builder(spec, title, text, reading.masked, numbering or Numbering())
    builder.reference = {t.casefold() for t in reference_titles}
    for block in blocks:
        builder.add(block)
    sections = builder.finish()
    if not any(s.sentences for s in sections):
        raise KnowledgeError(Problem(name, None, "the document has no sentences"))
    return Document(title, name, spec.url, spec.licence, text, tuple(sections), reading.markup)


def document_title(spec: DocumentSpec, reading: Reading) -> str:
    """The manifest's title; else the document's own (front matter, lone top heading)."""
    if not spec.inferred and spec.title != spec.path.stem:
        return spec.title
    top = _lone_title(reading)
    return reading.title or (top.title if top is not None else spec.title)


def _lone_title(reading: Reading) -> Block | None:
    """A Markdown or reStructuredText document's one top heading, when it comes first.

    (In wiki text, `==` headings are the article's sections, never its title.)
    """
    if reading.markup in ("text", "mediawiki"):
        return None
    headings = [b for b in reading.blocks if b.kind == "heading" and not b.sidebar]
    top = [b for b in headings if b.level == 1]
    return top[0] if len(top) == 1 and headings[0] is top[0] else None


@dataclass
class _Open:
    """A section being built."""

    id: str
    title: str
    path: tuple[str, ...]
    level: int
    url: str
    start: int
    line: int
    reference: bool
    heading_level: int  # as written (a sidebar's own level counts only inside its quote)
    end: int = -1
    rows: list[int] = field(default_factory=list)  # its units' rows in the table


class _Builder:
    """Sections from blocks in reading order: headings open them, sidebars nest and close."""

    def __init__(
        self, spec: DocumentSpec, title: str, text: str, masked: str, numbering: Numbering
    ) -> None:
        self.spec = spec
        self.title = title
        self.text = text
        self.masked = masked
        self.numbering = numbering
        self.reference: set[str] = set()
        self.anchors: dict[str, int] = {}
        self.all: list[_Open] = []
        self.stack: list[_Open] = []
        self.outside: list[_Open] | None = None  # the stack as it was before a sidebar opened
        self.counted = (0, 1)  # (offset, its line number): lines are counted on from there
        self._open(0, LEAD, 0)

    def _open(
        self, level: int, title: str, start: int, heading_level: int = 0, named: str = ""
    ) -> None:
        parents = [o for o in self.stack if o.level > 0]
        reference = level > 0 and (
            any(o.reference for o in parents) or title.casefold() in self.reference
        )
        anchor = _anchor(title, self.spec.anchors, self.anchors, named) if level else ""
        url = self.spec.url
        section = _Open(
            id=f"{self.title}#{anchor}" if anchor else self.title,
            title=title,
            path=tuple(o.title for o in parents) + ((title,) if level else ()),
            level=level,
            url=f"{url}#{anchor}" if url and anchor else url,
            start=start,
            line=self._line(start),
            reference=reference,
            heading_level=heading_level or level,
        )
        self.all.append(section)
        self.stack.append(section)

    def _line(self, offset: int) -> int:
        """The line number of an offset, counted on from the last heading's (counting from
        the top for every heading made a long document's load quadratic)."""
        counted, line = self.counted
        if offset < counted:
            counted, line = 0, 1
        line += self.text.count("\n", counted, offset)
        self.counted = (offset, line)
        return line

    def add(self, block: Block) -> None:
        if block.kind == "heading":
            self._heading(block)
        elif block.kind == "end":
            self._close_sidebar(block.start)
        else:
            self._units(block)

    def _heading(self, block: Block) -> None:
        if block.sidebar:
            if self.outside is None:
                self.outside = list(self.stack)
            keep = len(self.stack)
            while keep > len(self.outside) and self.stack[keep - 1].heading_level >= block.level:
                keep -= 1
            self._close(keep, block.start)
            level = self.stack[-1].level + 1
            self._open(level, block.title, block.start, block.level, block.anchor)
            return
        self._close_sidebar(block.start)
        keep = len(self.stack)
        while keep > 1 and self.stack[keep - 1].level >= block.level:
            keep -= 1
        self._close(keep, block.start)
        self._open(block.level, block.title, block.start, named=block.anchor)

    def _close_sidebar(self, end: int) -> None:
        if self.outside is not None:
            self._close(len(self.outside), end)
            self.outside = None

    def _close(self, keep: int, end: int) -> None:
        """Close the open sections past the first `keep` (they end at `end`)."""
        for section in self.stack[keep:]:
            section.end = end
        del self.stack[keep:]

    def _units(self, block: Block) -> None:
        current = self.stack[-1]
        paragraph = next(self.numbering.paragraphs)
        spans = (
            [(block.start, block.end)]
            if block.kind in ("row", "code")
            else _sentence_spans(self.text, self.masked, block.start, block.end)
        )
        if spans and _ROLE_NAME.fullmatch(self.text, block.start, spans[0][0]):
            spans[0] = (block.start, spans[0][1])  # ":meth:`get`" keeps the role it opens with
        for number, (start, end) in enumerate(spans):
            last = number == len(spans) - 1
            row = self.numbering.units.add(
                next(self.numbering.sentences),
                paragraph,
                start,
                end,
                block.quote_end if last and block.quote_end > end else -1,
                block.header,
                block.label,
            )
            current.rows.append(row)

    def finish(self) -> list[Section]:
        self._close(0, len(self.text))
        table = self.numbering.units
        sections = [
            Section(
                id=o.id,
                document=self.title,
                title=o.title,
                path=o.path,
                level=o.level,
                url=o.url,
                start=o.start,
                end=o.end,
                line=o.line,
                reference_only=o.reference,
                sentences=Units(table, _runs(o.rows), o.id, self.text),
            )
            for o in self.all
        ]
        if len(sections) > 1 and not sections[0].sentences:
            return sections[1:]  # no text before the first heading: no lead
        return sections


def _runs(rows: list[int]) -> list[int]:
    """Ascending row numbers as runs of consecutive ones, flat: first, stop, first..."""
    bounds: list[int] = []
    for row in rows:
        if bounds and bounds[-1] == row:
            bounds[-1] = row + 1
        else:
            bounds += [row, row + 1]
    return bounds


def _sentence_spans(text: str, masked: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentences of one block, split on its masked text; a sentence keeps the markup that
    closes it (a link's target, closing emphasis) so its quote stays readable."""
    spans = split_sentences(masked[start:end], start)
    at = 0
    while at < len(spans) - 1:
        if _RUN_IN.fullmatch(masked[spans[at][0] : spans[at][1]]):
            spans[at : at + 2] = [(spans[at][0], spans[at + 1][1])]  # "**Heading.** Text."
        at += 1  # reads as one unit, wherever in its paragraph
    out = []
    for number, (first, last) in enumerate(spans):
        limit = spans[number + 1][0] if number + 1 < len(spans) else end
        tail = text[last:limit]
        run = tail.split(None, 1)[0] if tail and not tail[0].isspace() else ""
        opens = _OPENS.search(run)  # a wiki reference after the stop is no closing markup
        closing = opens.start() if opens else len(run)
        out.append((first, last + closing))
    return out


def _anchor(title: str, style: str, seen: dict[str, int], named: str = "") -> str:
    """A section anchor in the source's own style, made unique the way the source does it;
    `named`: the anchor the source gives (`## Setup {#install}`), made unique as Markdown's."""
    if style == "wikipedia" and not named:
        base = title.replace(" ", "_") or "_"  # a title of markup only: an id of its own
        suffix = f"_{seen[base] + 1}" if base in seen else ""
    else:  # GitHub's Markdown slugs; Sphinx's are the same for plain titles
        base = named or re.sub(r"[^\w\- ]", "", title.casefold()).replace(" ", "-")
        base = base or "section"  # a title of punctuation only still needs an id of its own
        suffix = f"-{seen[base]}" if base in seen else ""
    seen[base] = seen.get(base, 0) + 1
    return base + suffix
