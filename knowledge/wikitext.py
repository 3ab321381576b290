"""Plain text with MediaWiki-style headings (`== Heading ==`, more `=` for deeper levels).

Each line is a paragraph, as in a plain-text copy of a wiki article; `*` and `#` lines are
list items.
"""

from __future__ import annotations

import re

from knowledge.blocks import Block, Reading, lines_of, mask

_HEADING = re.compile(r"^(={2,6})[ \t]*(.+?)[ \t]*\1[ \t]*$")
_ITEM = re.compile(r"^[ \t]*[*#]+[ \t]*")


def read_wikitext(text: str) -> Reading:
    """Blocks and masked text of a plain-text wiki document."""
    blocks: list[Block] = []
    blank: list[tuple[int, int]] = []
    for start, end in lines_of(text):
        line = text[start:end]
        if not line.strip():
            continue
        if heading := _HEADING.match(line):
            blank.append((start, end))
            blocks.append(Block("heading", start, end, len(heading.group(1)) - 1, heading.group(2)))
        elif item := _ITEM.match(line):
            blank.append((start, start + item.end()))
            blocks.append(Block("item", start + item.end(), start + len(line.rstrip())))
        else:
            indent = len(line) - len(line.lstrip())
            blocks.append(Block("text", start + indent, start + len(line.rstrip())))
    return Reading(tuple(blocks), mask(text, blank))
