"""A page's own navigation is never an answer: the line that opens a FAQ page's section
to say what belongs in it ("Questions about installing belong here.").

Like a table of contents, such a line is about the page, not about what the page says;
quoted first, it answers nothing. It is recognised by its shape, whatever the text: the
first paragraph under a heading, one short sentence that speaks of the section itself,
followed by questions (entries or subheadings that end in "?").
"""

from __future__ import annotations

import re
from dataclasses import replace

from knowledge.read.blocks import Block, Reading, mask

INTRO_WORDS = 20  # an intro is one short sentence
# Words that speak of the page itself: "this section", "belong here", "listed below".
_ABOUT_THE_PAGE = re.compile(
    r"\b(?:this|the following|these)\s+(?:section|page|chapter|part|category|questions|entries)\b"
    r"|\b(?:belongs?|go|goes|live|lives|collected|listed|gathered|answered)\s+(?:here|below)\b"
    r"|\b(?:here|below)\s+(?:are|you(?:'ll| will)? find)\b",
    re.IGNORECASE,
)


def without_navigation(reading: Reading, text: str) -> Reading:
    """The reading without the intro lines of a FAQ page's sections (blanked out of the
    masked text too, so their words match nothing)."""
    blocks = list(reading.blocks)
    dropped = [n for n in range(len(blocks)) if _is_intro(blocks, n, text)]
    if not dropped:
        return reading
    spans = [(blocks[n].start, blocks[n].end) for n in dropped]
    kept = tuple(b for n, b in enumerate(blocks) if n not in set(dropped))
    return replace(reading, blocks=kept, masked=mask(reading.masked, spans))


def _is_intro(blocks: list[Block], n: int, text: str) -> bool:
    block = blocks[n]
    if block.kind != "text" or n == 0 or blocks[n - 1].kind != "heading":
        return False
    words = text[block.start : block.end].split()
    sentence = " ".join(words)
    if len(words) > INTRO_WORDS or sentence.count(". ") or not _ABOUT_THE_PAGE.search(sentence):
        return False
    return _questions_follow(blocks, n, text)


def _questions_follow(blocks: list[Block], n: int, text: str) -> bool:
    """Whether what comes after block n, within its heading's section, is questions."""
    level = blocks[n - 1].level
    for block in blocks[n + 1 :]:
        if block.kind == "heading" and block.level <= level:
            return False
        first_line = block.title if block.kind == "heading" else text[block.start : block.end]
        if first_line.split("\n", 1)[0].rstrip().endswith("?"):
            return True
    return False
