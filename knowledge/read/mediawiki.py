"""MediaWiki markup: a wiki page's source, as owners export it (Fandom, MediaWiki sites).

Headings (`== Section ==`), paragraphs and list items are read as plain text is
(`knowledge.read.wikitext`). Before that, what is never an answer is blanked: templates
(`{{Infobox ...}}`, `{{cite ...}}`), references (`<ref>...</ref>`), comments, file and
category links, magic words, HTML tags, and the link syntax around a link's words
(`[[target|words]]` reads "words"). Bold and italic quotes stay, as Markdown's `**` do: a
unit that opens in bold keeps its opening quotes. An indented line (`:`) and a definition
term (`;`) are list items, their marks no text. Tables (`{| ... |}`) are rows,
each quoted with its header cells, as Markdown tables are.

The excerpts stay verbatim slices of the source; `display.segments` shows them as
they read on the wiki.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace

from knowledge.read.blocks import Block, Reading, lines_of, mask
from knowledge.read.wikitext import wikitext_blocks

# Signs that a plain-text file is a wiki page's source rather than a copy of its text.
_SIGN = re.compile(r"\[\[[^\[\]\n]+\]\]|\{\{[^{}\n]*|'''[^'\n]+'''|<ref[\s>/]|^\{\|", re.M)
_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.S)
_REFERENCE = re.compile(r"<ref\b[^>]*?/>|<ref\b[^>]*>.*?(?:</ref>|\Z)", re.S | re.I)
_REFERENCES = re.compile(r"<references\b[^>]*?/>|<references\b[^>]*>.*?</references>", re.S | re.I)
_MAGIC = re.compile(r"__[A-Z]+__")
# Tags whose content is no prose: image galleries, maps, template documentation.
_HIDDEN = re.compile(
    r"<(gallery|imagemap|timeline|graph|templatedata|noinclude|mapframe|maplink)\b[^>]*>"
    r".*?(?:</\1\s*>|\Z)",
    re.S | re.I,
)
# An indented line (`:`) or a definition term (`;`): read as a list item is.
_INDENT = re.compile(r"^[ \t]*[:;]+(?=[^:;])", re.M)
_TAG = re.compile(r"</?[A-Za-z][\w-]*(?:\s[^<>]*)?/?>")
# A link to a file or a category is no text (a file's caption is an image's).
_NO_TEXT_LINK = re.compile(r"\[\[\s*:?\s*(?:file|image|media|category)\s*:", re.I)
EXTERNAL = re.compile(r"\[(?:https?:)?//[^\s\]]+(?:\s+([^\]\n]*))?\]")
_TABLE_OPEN = re.compile(r"^[ \t]*(?::*)\{\|")
_TABLE_CLOSE = re.compile(r"^[ \t]*\|\}")
# A cell's attributes before its content: `style="color: red" | text`.
CELL_ATTRIBUTES = re.compile(r"^[^|\[\]{}]*=[^|\[\]{}]*\|(?!\|)")


def is_mediawiki(text: str) -> bool:
    """Whether a text writes MediaWiki markup: links, templates, bold quotes, references
    or tables."""
    return _SIGN.search(text) is not None


def read_mediawiki(text: str) -> Reading:
    """Blocks and masked text of a wiki page's source."""
    boxes = list(_infoboxes(text))
    read = {(b.start, b.end) for b in boxes}  # read as a section, not blanked whole
    spans = [s for s in markup_spans(text) if s not in read]
    spans += [s for box in boxes for s in box.markup]
    plain = mask(text, spans)  # tables are found past templates and comments
    tables = list(_tables(plain))
    view = mask(plain, [s for table in tables for s in table.syntax])
    detect = _INDENT.sub(lambda m: m.group(0).replace(":", "*").replace(";", "*"), view)
    hidden = [(t.start, t.end) for t in tables] + [(b.start, b.end) for b in boxes]
    blocks, blank, title = wikitext_blocks(mask(detect, hidden))
    blocks = [_tidy(b) for b in blocks]
    rows = [row for table in tables for row in table.rows]
    rows += [block for box in boxes for block in box.blocks]
    ordered = sorted(blocks + rows, key=lambda b: b.start)  # each reader's blocks are in order
    return Reading(tuple(ordered), mask(view, blank), "mediawiki", " ".join(title.split()))


class _Infobox:
    """A template of `| key = value` lines (an infobox: a game character's health, a
    town's population): a section of its own named by the template, each filled-in
    value a unit ("health = 20"), all its other text markup."""

    def __init__(self, name: str, start: int, end: int) -> None:
        self.start, self.end = start, end
        self.blocks: list[Block] = [Block("heading", start, start, 1, name, sidebar=True)]
        self.markup: list[tuple[int, int]] = []  # the template less its keys and values

    def add(
        self, key: tuple[int, int], value: tuple[int, int], nested: list[tuple[int, int]]
    ) -> None:
        self.markup.append((self.blocks[-1].end if len(self.blocks) > 1 else self.start, key[0]))
        self.markup.append((key[1], value[0]))
        self.markup += nested
        self.blocks.append(Block("row", key[0], value[1], label=self.blocks[0].title))

    def close(self) -> None:
        self.markup.append((self.blocks[-1].end, self.end))
        self.blocks.append(Block("end", self.end, self.end))


def _infoboxes(text: str) -> Iterator[_Infobox]:
    """Every template over several lines with at least two filled-in parameters that
    say something (not an image, a caption or a width)."""
    for start, end in _balanced(text, "{{", "}}"):
        if "\n" not in text[start:end] or not text.endswith("}}", start, end):
            continue
        name = _TEMPLATE_NAME.match(text, start + 2, end)
        if name is None:
            continue
        found: list[tuple[tuple[int, int], tuple[int, int], list[tuple[int, int]]]] = []
        for line_start, line_end in lines_of(text, start, end - 2):
            parameter = _PARAMETER.match(text, line_start, line_end)
            if parameter is None or _presentational(parameter.group(1)):
                continue
            value = parameter.span(2)
            nested = _balanced(text[value[0] : value[1]], "{{", "}}")
            words = mask(text[value[0] : value[1]], nested)
            if _WORD.search(words) and not _LINKS_ONLY.fullmatch(words):
                shifted = [(value[0] + a, value[0] + b) for a, b in nested]
                found.append((parameter.span(1), value, shifted))
        if len(found) < 2:
            continue
        box = _Infobox(" ".join(name.group(1).split()), start, end)
        for key, value, nested_spans in found:
            box.add(key, value, nested_spans)
        box.close()
        yield box


def _presentational(key: str) -> bool:
    return any(part.startswith(_PRESENTATION) for part in re.split(r"[\s_-]+", key.lower()))


_TEMPLATE_NAME = re.compile(r"[ \t]*([^|{}\[\]<>\n]*[^\W\d_][^|{}\[\]<>\n]*?)[ \t]*(?=\||\n)")
_PARAMETER = re.compile(r"[ \t]*\|[ \t]*([^=|{}\[\]\n]*\w)[ \t]*=[ \t]*(\S(?:.*\S)?)[ \t]*$")
# Keys whose values only lay the box out: "image", "image_size", "caption", "alt"...
_PRESENTATION = (
    "image", "caption", "alt", "width", "size", "style", "class", "logo", "map", "signature",
    "footnote", "float", "align",
)  # fmt: skip
_WORD = re.compile(r"[^\W_]")
_LINKS_ONLY = re.compile(r"\s*(?:\[\[[^\]]*\]\][\s,;•·/|-]*)+")


def _tidy(block: Block) -> Block:
    """A heading's title without the gaps its blanked markup left."""
    if block.kind != "heading":
        return block
    return replace(block, title=" ".join(block.title.split()))


def markup_spans(text: str) -> list[tuple[int, int]]:
    """Spans of `text` that are markup, not words a reader reads. (A link's words stay
    where they are: "[[cat]]s" is read "cat s", which stems as "cats" does.)"""
    spans: list[tuple[int, int]] = []
    for pattern in (_COMMENT, _REFERENCE, _REFERENCES, _HIDDEN, _MAGIC, _TAG):
        spans += [m.span() for m in pattern.finditer(text)]
    spans += _balanced(text, "{{", "}}")
    for start, end in _balanced(text, "[[", "]]"):
        if _NO_TEXT_LINK.match(text, start):
            spans.append((start, end))
        elif text.endswith("]]", start, end):  # "[[target|words]]" reads "words"
            inner = text[start + 2 : end - 2]
            spans += [(start, start + 3 + inner.rfind("|")), (end - 2, end)]
        else:  # unclosed: only its brackets are markup
            spans.append((start, start + 2))
    for match in EXTERNAL.finditer(text):
        if match.group(1):  # "[https://x.org words]" reads "words"
            spans += [(match.start(), match.start(1)), (match.end() - 1, match.end())]
        else:
            spans.append(match.span())
    return spans


def _balanced(text: str, opening: str, closing: str) -> list[tuple[int, int]]:
    """Outermost `opening ... closing` spans, in order; nested pairs are inside them, and
    an opening that nothing closes runs to the end of its line. Brackets are paired as a
    stack pairs them, in one pass however they nest or fail to close."""
    events = sorted(
        [(m.start(), True) for m in re.finditer(re.escape(opening), text)]
        + [(m.start(), False) for m in re.finditer(re.escape(closing), text)]
    )
    open_at: list[int] = []
    spans: list[tuple[int, int]] = []
    for position, is_opening in events:
        if is_opening:
            open_at.append(position)
        elif open_at:  # a closing with nothing open is text
            spans.append((open_at.pop(), position + len(closing)))
    for position in open_at:
        line_end = text.find("\n", position)
        spans.append((position, len(text) if line_end < 0 else line_end))
    outermost: list[tuple[int, int]] = []
    for start, end in sorted(spans, key=lambda s: (s[0], -s[1])):
        if outermost and start < outermost[-1][1]:  # inside the one before
            if end > outermost[-1][1]:
                outermost[-1] = (outermost[-1][0], end)
            continue
        outermost.append((start, end))
    return outermost


class _Table:
    """One `{| ... |}` table: its span, its rows as blocks, the spans of its syntax."""

    def __init__(self, start: int, end: int) -> None:
        self.start, self.end = start, end
        self.rows: list[Block] = []
        self.syntax: list[tuple[int, int]] = []


def _tables(text: str) -> Iterator[_Table]:
    """Every table, rows grouped between `|-` lines; a group of `!` lines is the header."""
    lines = lines_of(text)
    i = 0
    while i < len(lines):
        start, end = lines[i]
        if not _TABLE_OPEN.match(text[start:end]):
            i += 1
            continue
        j, depth = i + 1, 1
        while j < len(lines) and depth:
            row = text[lines[j][0] : lines[j][1]]
            depth += bool(_TABLE_OPEN.match(row)) - bool(_TABLE_CLOSE.match(row))
            j += 1
        table = _Table(start, lines[j - 1][1])
        _read_table(text, lines[i:j], table)
        yield table
        i = j


def _read_table(text: str, lines: list[tuple[int, int]], table: _Table) -> None:
    caption = ""
    header: tuple[int, int] | None = None
    group: list[tuple[int, int]] = []

    def close_group() -> None:
        nonlocal header
        if not group:
            return
        first, last = group[0][0], group[-1][1]
        if all(text[s:e].lstrip().startswith("!") for s, e in group):
            header = (first, last)
        else:
            table.rows.append(Block("row", first, last, label=caption, header=header))
        group.clear()

    for start, end in lines:
        line = text[start:end]
        stripped = line.strip()
        lead = start + len(line) - len(line.lstrip())
        if _TABLE_OPEN.match(line) or _TABLE_CLOSE.match(line) or stripped.startswith("|-"):
            close_group()
            table.syntax.append((start, end))
        elif stripped.startswith("|+"):
            table.syntax.append((lead, lead + 2))
            caption = " ".join(_cell(text, lead + 2, end, table.syntax).split())
        elif stripped.startswith(("|", "!")):
            marker = stripped[0]
            if group and text[group[-1][0] : group[-1][1]].lstrip()[:1] != marker:
                close_group()
            group.append((start, end))
            table.syntax.append((lead, lead + 1))
            separator = marker * 2
            cell = lead + 1
            while True:
                found = text.find(separator, cell, end)
                _cell(text, cell, end if found < 0 else found, table.syntax)
                if found < 0:
                    break
                table.syntax.append((found, found + 2))
                cell = found + 2
        elif stripped and group:  # a cell's text running on to the next line
            group.append((start, end))
    close_group()


def _cell(text: str, start: int, end: int, syntax: list[tuple[int, int]]) -> str:
    """A cell's content, its attributes (`style="..." |`) added to `syntax`."""
    attributes = CELL_ATTRIBUTES.match(text, start, end)
    if attributes:
        syntax.append((start, attributes.end()))
        start = attributes.end()
    return text[start:end]
