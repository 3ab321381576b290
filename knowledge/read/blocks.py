"""What every document format is read into: headings and answer blocks with exact offsets.

The format readers (`wikitext`, `markdown`, `rst`) turn a document into a flat list of
`Block`s in reading order, and a *masked* copy of its text: the same length, with what is
never an answer (front matter, comments, markup, link targets) blanked out. Offsets are the
same in both, so a unit's words are read from the masked text and its quote from the real.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Literal

LIST_QUOTE_MAX = 1500  # a lead-in takes its list along only while the quote stays readable

BlockKind = Literal["heading", "text", "item", "row", "code", "end"]


@dataclass(frozen=True, slots=True)
class Block:
    """One heading, or one block of text that answers are quoted from.

    - `heading`: starts a section (`level`, `title`); `sidebar` headings (inside a
      blockquote) open a section that an `end` block closes again.
    - `text`: a paragraph; `item`: a list item's own paragraph; `row`: a table row;
      `code`: a short code block that its heading introduces (one unit, never split).
    - `label` frames the block: a tab, admonition, table caption or details summary.
    - `quote_end`: a block ending in ":" is quoted through the code block or list it
      introduces, up to this offset (-1: itself only).
    - `header`: a table row's header and delimiter lines, quoted with the row.
    - `anchor`: a heading's own anchor, when its source names one (`## Setup {#install}`).
    """

    kind: BlockKind
    start: int
    end: int
    level: int = 0
    title: str = ""
    label: str = ""
    quote_end: int = -1
    header: tuple[int, int] | None = None
    sidebar: bool = False
    anchor: str = ""


@dataclass(frozen=True, slots=True)
class Reading:
    """A document as a format reader saw it."""

    blocks: tuple[Block, ...]
    masked: str
    markup: str  # which reader read it: "markdown", "rst" or "text"
    title: str = ""  # from the document itself (front matter, a lone top heading), if any
    # Cross-reference labels it defines (`.. _install:` before a title): label -> title.
    labels: tuple[tuple[str, str], ...] = ()


def headed(blocks: list[Block], first: int, header: tuple[int, int]) -> None:
    """Each paragraph and item of a note, from block `first` on, quoted with the note's
    opening line (`!!! tip`, `> [!NOTE]`, `.. note::`), which reads as its label."""
    for n in range(first, len(blocks)):
        block = blocks[n]
        if block.kind in ("text", "item") and block.header is None:
            blocks[n] = replace(block, header=header)


def mask(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """`text` with every span blanked (spaces; line ends kept so lines stay lines)."""
    pieces: list[str] = []
    pos = 0
    for span_start, end in sorted(spans):
        start = max(span_start, pos)
        if end <= start:
            continue
        pieces.append(text[pos:start])
        pieces.append(_BLANK.sub(" ", text[start:end]))
        pos = end
    pieces.append(text[pos:])
    return "".join(pieces)


_BLANK = re.compile(r"[^\n]")


def lines_of(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """(start, end) of each line of text[start:end], line ends excluded."""
    stop = len(text) if end is None else end
    out: list[tuple[int, int]] = []
    pos = start
    while pos < stop:
        nl = text.find("\n", pos, stop)
        if nl < 0:
            out.append((pos, stop))
            break
        out.append((pos, nl))
        pos = nl + 1
    return out
