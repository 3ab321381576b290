"""Documents -> sections -> paragraphs -> sentences, keeping every sentence's exact offsets.

Two heading styles: MediaWiki plain text (`== Heading ==`, more `=` for deeper levels) and
Markdown (`#` headings, fenced code skipped). The text before the first heading is the lead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import count

from knowledge.manifest import DocumentSpec
from knowledge.model import Document, KnowledgeError, Problem, Section, Sentence
from knowledge.text import split_sentences

LEAD = "(lead)"
_WIKI_HEADING = re.compile(r"^(={2,6})[ \t]*(.+?)[ \t]*\1[ \t]*$", re.MULTILINE)
_MD_HEADING = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t#]*$", re.MULTILINE)
_MD_FENCE = re.compile(r"^(```|~~~).*?^\1[ \t]*$", re.MULTILINE | re.DOTALL)
_MD_BLOCK_START = re.compile(r"^\s*(?:[-*+]|\d+[.)]|>|\|)\s")


@dataclass(frozen=True, slots=True)
class _Heading:
    level: int
    title: str
    start: int  # where the heading line starts
    body: int  # where the text under it starts


def parse_document(spec: DocumentSpec, text: str, reference_titles: tuple[str, ...]) -> Document:
    """Split one document into sections; an empty document is a KnowledgeError."""
    name = spec.path.name
    if not text.strip():
        raise KnowledgeError(Problem(name, None, "the document is empty"))
    markdown = spec.path.suffix.lower() != ".txt"
    headings = _markdown_headings(text) if markdown else _wiki_headings(text)
    title = spec.title
    lone_title = (
        markdown
        and headings
        and headings[0].level == 1
        and not text[: headings[0].start].strip()
        and sum(h.level == 1 for h in headings) == 1
    )
    if lone_title:
        # A lone top `# Title` names the document; its body is the lead.
        title = spec.title if spec.title != spec.path.stem else headings[0].title
        headings = [_Heading(0, LEAD, 0, headings[0].body), *headings[1:]]
    if not headings or headings[0].start > 0:
        headings = [_Heading(0, LEAD, 0, 0), *headings]
    sections = _sections(
        spec, title, text, headings, markdown, {t.casefold() for t in reference_titles}
    )
    if not any(s.sentences for s in sections):
        raise KnowledgeError(Problem(name, None, "the document has no sentences"))
    return Document(title, name, spec.url, spec.licence, text, tuple(sections))


def _wiki_headings(text: str) -> list[_Heading]:
    return [
        _Heading(len(m.group(1)) - 1, m.group(2).strip(), m.start(), m.end())
        for m in _WIKI_HEADING.finditer(text)
    ]


def _markdown_headings(text: str) -> list[_Heading]:
    fenced = [(m.start(), m.end()) for m in _MD_FENCE.finditer(text)]
    return [
        _Heading(len(m.group(1)), m.group(2).strip(), m.start(), m.end())
        for m in _MD_HEADING.finditer(text)
        if not any(a <= m.start() < b for a, b in fenced)
    ]


def _sections(
    spec: DocumentSpec,
    title: str,
    text: str,
    headings: list[_Heading],
    markdown: bool,
    reference_titles: set[str],
) -> list[Section]:
    sections: list[Section] = []
    stack: list[tuple[int, str, bool]] = []  # (level, title, reference-only) of open headings
    anchors: dict[str, int] = {}
    ids = count()
    # Line numbers are counted on from the previous heading: counting from the top of the
    # text for every heading made one long document take time quadratic in its length.
    line, counted = 1, 0
    for i, heading in enumerate(headings):
        line += text.count("\n", counted, heading.start)
        counted = heading.start
        end = headings[i + 1].start if i + 1 < len(headings) else len(text)
        if heading.level == 0:
            path: tuple[str, ...] = ()
            reference = False
        else:
            while stack and stack[-1][0] >= heading.level:
                stack.pop()
            inherited = any(ref for _, _, ref in stack)
            reference = inherited or heading.title.casefold() in reference_titles
            stack.append((heading.level, heading.title, reference))
            path = tuple(t for _, t, _ in stack)
        anchor = _anchor(heading.title, spec.anchors, anchors) if heading.level else ""
        section_id = f"{title}#{anchor}" if anchor else title
        url = f"{spec.url}#{anchor}" if spec.url and anchor else spec.url
        sentences = tuple(
            Sentence(next(ids), section_id, paragraph, start, stop, text[start:stop])
            for paragraph, (start, stop) in _paragraph_sentences(text, heading.body, end, markdown)
        )
        sections.append(
            Section(
                id=section_id,
                document=title,
                title=heading.title,
                path=path,
                level=heading.level,
                url=url,
                start=heading.start,
                end=end,
                line=line,
                reference_only=reference,
                sentences=sentences,
            )
        )
    return sections


def _paragraph_sentences(
    text: str, start: int, end: int, markdown: bool
) -> list[tuple[int, tuple[int, int]]]:
    """(paragraph number, sentence span) for the body text[start:end]."""
    body = text[start:end]
    if markdown:
        body = _MD_FENCE.sub(lambda m: " " * len(m.group()), body)
    out: list[tuple[int, tuple[int, int]]] = []
    for number, (p_start, p_end) in enumerate(_paragraphs(body, markdown)):
        for span in split_sentences(body[p_start:p_end], start + p_start):
            out.append((number, span))
    return out


def _paragraphs(body: str, markdown: bool) -> list[tuple[int, int]]:
    """Paragraph spans: each line in wiki text; blank-line blocks (list items apart) in Markdown."""
    spans: list[tuple[int, int]] = []
    pos = 0
    block_start: int | None = None
    for line in body.splitlines(keepends=True):
        stripped = line.strip()
        line_end = pos + len(line.rstrip("\r\n"))
        if not stripped:
            block_start = None
        elif not markdown or block_start is None or _MD_BLOCK_START.match(line):
            spans.append((pos + len(line) - len(line.lstrip()), line_end))
            block_start = pos
        else:
            spans[-1] = (spans[-1][0], line_end)
        pos += len(line)
    return spans


def _anchor(title: str, style: str, seen: dict[str, int]) -> str:
    """A section anchor in the source's own style, made unique the way the source does it."""
    if style == "markdown":
        base = re.sub(r"[^\w\- ]", "", title.casefold()).replace(" ", "-")
        suffix = f"-{seen[base]}" if base in seen else ""
    else:
        base = title.replace(" ", "_")
        suffix = f"_{seen[base] + 1}" if base in seen else ""
    seen[base] = seen.get(base, 0) + 1
    return base + suffix
