"""Plain text: MediaWiki-style headings (`== Heading ==`, more `=` for deeper levels) or
underlined ones (a title over a line of `=` or `-`), paragraphs and list items.

A plain-text copy of a wiki article has one paragraph per (long) line. Much other plain
text (rules, notes, RFC-like documents, e-mail) is hard-wrapped at a fixed width: there a
paragraph runs on over its lines until a blank line, a list item, or a line that ends short
of the width (its author ended it there). List items start with `*`, `#`, `-`, `•`, `1.`,
`1)` or `a)`; the marker is not part of the item's text. A short first line followed by
a blank line is the document's title.
"""

from __future__ import annotations

import re

from knowledge.read.blocks import Block, BlockKind, Reading, lines_of, mask

_HEADING = re.compile(r"^(={2,6})[ \t]*(.+?)[ \t]*\1[ \t]*$")
_ITEM = re.compile(r"^[ \t]*(?:[*#]+[ \t]*|(?:[-•]|\(?(?:\d{1,3}|[a-z])[.)])[ \t]+)(?=\S)")
_UNDERLINE = re.compile(r"^[ \t]*(=+|-+)[ \t]*$")
# A document whose lines are mostly this short (90th percentile) is hard-wrapped.
WRAP_WIDTH = 100
# In a hard-wrapped document a line shorter than this share of the width ends its paragraph.
SHORT_LINE = 0.6
TITLE_CHARS = 80  # an underlined title is one short line
TITLE_WORDS = 8  # a first line of at most this many words, then a blank line, is a title


def read_wikitext(text: str) -> Reading:
    """Blocks and masked text of a plain-text document."""
    blocks, blank, title = wikitext_blocks(text)
    return Reading(tuple(blocks), mask(text, blank), "text", title)


def wikitext_blocks(text: str) -> tuple[list[Block], list[tuple[int, int]], str]:
    """A plain-text document's blocks, the spans that are no text (heading lines, list
    markers, a title line), and its title line's text."""
    lines = lines_of(text)
    width = _wrap_width(text, lines)
    blocks: list[Block] = []
    blank: list[tuple[int, int]] = []
    open_kind: BlockKind | None = None  # the paragraph or item being read, if any
    open_start = open_end = 0
    runs_on = False  # whether the line before ran up to the width (the paragraph goes on)

    def close() -> None:
        nonlocal open_kind
        if open_kind is not None:
            blocks.append(Block(open_kind, open_start, open_end))
        open_kind = None

    skip = -1
    title = _title_line(text, lines)
    if title:
        blank.append(lines[0])
        skip = 0
    for number, (start, end) in enumerate(lines):
        if number == skip:
            continue
        line = text[start:end]
        content = line.strip()
        if not content:
            close()
            continue
        if heading := _HEADING.match(line):
            close()
            blank.append((start, end))
            blocks.append(Block("heading", start, end, len(heading.group(1)) - 1, heading.group(2)))
            continue
        underline = _underline(text, lines, number)
        if underline and len(content) <= TITLE_CHARS and open_kind is None:
            blank += [(start, end), lines[number + 1]]
            blocks.append(Block("heading", start, end, underline, content))
            skip = number + 1
            continue
        first = start + len(line) - len(line.lstrip())
        last = start + len(line.rstrip())
        item = _ITEM.match(line)
        if item or open_kind is None or not (width and runs_on):
            close()
            open_kind = "item" if item else "text"
            open_start = start + item.end() if item else first
            if item:
                blank.append((start, start + item.end()))
        open_end = last
        runs_on = bool(width) and len(line.rstrip()) >= SHORT_LINE * width
    close()
    return blocks, blank, title


def _title_line(text: str, lines: list[tuple[int, int]]) -> str:
    """A first line that is a title ("Server rules", then a blank line): a few words, no
    closing stop, no heading or list marker. It names the document rather than answering."""
    if len(lines) < 3 or text[lines[1][0] : lines[1][1]].strip():
        return ""
    line = text[lines[0][0] : lines[0][1]].strip()
    if not line or len(line.split()) > TITLE_WORDS or line[-1] in ".!?:;,":
        return ""
    if _HEADING.match(line) or _ITEM.match(line) or _UNDERLINE.match(line):
        return ""
    return line


def _wrap_width(text: str, lines: list[tuple[int, int]]) -> int:
    """The width a hard-wrapped document is wrapped at; 0 if its lines are paragraphs."""
    lengths = sorted(end - start for start, end in lines if text[start:end].strip())
    if len(lengths) < 2:
        return 0
    width = lengths[int(0.9 * (len(lengths) - 1))]
    return width if width <= WRAP_WIDTH else 0


def _underline(text: str, lines: list[tuple[int, int]], number: int) -> int:
    """The heading level a line of `=` (1) or `-` (2) under line `number` gives it; else 0."""
    if number + 1 >= len(lines):
        return 0
    start, end = lines[number + 1]
    match = _UNDERLINE.match(text[start:end])
    if not match or len(match.group(1)) < 3:
        return 0
    return 1 if match.group(1)[0] == "=" else 2
