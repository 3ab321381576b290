"""Markdown tables and lists: rows quoted with their header, items with their nesting."""

from __future__ import annotations

import re

from knowledge.read.blocks import Block
from knowledge.read.markdown_base import (
    DELIMITER,
    ITEM,
    LINK_ONLY,
    Line,
    ReaderState,
    indent,
    offset_of_indent,
)


class ListReading(ReaderState):
    """Reads pipe tables and (nested) lists into blocks."""

    def _table_starts(self, lines: list[Line], i: int) -> bool:
        return (
            i + 1 < len(lines)
            and "|" in self.line(lines[i])
            and bool(DELIMITER.match(self.line(lines[i + 1])))
            and "-" in self.line(lines[i + 1])
        )

    def _table(self, lines: list[Line], i: int, label: str) -> int:
        header = (lines[i][0], lines[i + 1][1])
        j = i + 2
        while j < len(lines) and "|" in self.line(lines[j]) and not self.is_blank(lines[j]):
            start = lines[j][0]
            text = self.line(lines[j])
            self.blocks.append(
                Block(
                    "row",
                    start + indent(text),
                    start + len(text.rstrip()),
                    label=label,
                    header=header,
                )
            )
            j += 1
        self.last_end = lines[j - 1][1]
        return j

    def _list(self, lines: list[Line], i: int, label: str) -> int:
        """Consecutive items of one list; a list of links only (a contents list) is skipped."""
        items: list[list[Line]] = []
        marker = ITEM.match(self.line(lines[i]))
        assert marker is not None
        ordered = marker.group(2)[0].isdigit()
        markers: list[int] = []
        j = i
        while j < len(lines):
            found = ITEM.match(self.line(lines[j]))
            if not found or found.group(2)[0].isdigit() != ordered:
                break
            markers.append(lines[j][0] + found.start(2))
            body, j = self._item(lines, j, found)
            items.append(body)
            nxt = self._next_nonblank(lines, j)
            if nxt is None or not ITEM.match(self.line(lines[nxt])):
                break
            j = nxt
        last_line = items[-1][-1] if items and items[-1] else lines[i]
        if all(self._links_only(body) for body in items):
            self.blank.append((lines[i][0], last_line[1]))
        else:
            for body, marker_at in zip(items, markers, strict=True):
                self.marker_at = marker_at
                self.container(body, label, item=True)
        self.last_end = last_line[1]
        return j

    def _item(self, lines: list[Line], i: int, marker: re.Match[str]) -> tuple[list[Line], int]:
        start, end = lines[i]
        width = marker.end() if len(marker.group(3)) <= 4 else marker.end(2) + 1
        self.blank.append((start, start + marker.end(2)))
        body = [(start + min(width, end - start), end)]
        j = i + 1
        while j < len(lines):
            text = self.line(lines[j])
            if not text.strip():
                nxt = self._next_nonblank(lines, j)
                if nxt is None or indent(self.line(lines[nxt])) < width:
                    break
                body.append(lines[j])
            elif indent(text) >= width:
                body.append((lines[j][0] + offset_of_indent(text, width), lines[j][1]))
            elif ITEM.match(text):  # the next item, whatever its number ("2." too)
                break
            elif not self.is_blank(lines[j - 1]) and not self._interrupts(lines, j):
                body.append(lines[j])  # a lazy continuation line of the item's paragraph
            else:
                break
            j += 1
        return body, j

    def _links_only(self, body: list[Line]) -> bool:
        first = self._next_nonblank(body, 0)
        return first is not None and bool(LINK_ONLY.match(self.line(body[first])))
