"""reStructuredText tables (grid, simple and `list-table`): a row is a unit, quoted with
the header rows, if the table has them. Part of the reader in `knowledge.read.rst`."""

from __future__ import annotations

import itertools
import re

from knowledge.read.blocks import Block

Line = tuple[int, int]
GRID_BORDER = re.compile(r"^[ \t]*\+[-=+]+\+[ \t]*$")
SIMPLE_BORDER = re.compile(r"^[ \t]*=+(?:[ \t]+=+)+[ \t]*$")


def indent(text: str) -> int:
    return len(text.expandtabs(8)) - len(text.expandtabs(8).lstrip())


class TableReading:
    """Reads tables into row blocks; the reader supplies its text, blanks and blocks."""

    text: str
    blank: list[tuple[int, int]]
    blocks: list[Block]

    def line(self, line: Line) -> str:
        return self.text[line[0] : line[1]]

    def blank_line(self, line: Line) -> bool:
        return not self.line(line).strip()

    def _table_end(self, lines: list[Line], i: int) -> int:
        end = i + 1
        while end < len(lines) and not self.blank_line(lines[end]):
            end += 1
        return end

    def _row(self, first: Line, last: Line, label: str, header: tuple[int, int] | None) -> None:
        text = self.line(first)
        start = first[0] + len(text) - len(text.lstrip())  # characters, not columns: a tab is one
        end = last[0] + len(self.line(last).rstrip())
        self.blocks.append(Block("row", start, end, label=label, header=header))

    def _grid_table(self, lines: list[Line], i: int, label: str) -> int:
        """A grid table: each row (the lines between two borders) is a unit, quoted with
        the header (the rows above a `+===+` border), if the table has one."""
        end = self._table_end(lines, i)
        borders = [j for j in range(i, end) if GRID_BORDER.match(self.line(lines[j]))]
        self.blank += [lines[j] for j in borders]
        heads = [j for j in borders if "=" in self.line(lines[j])]
        header = (lines[i][0], lines[heads[0]][1]) if heads else None
        for top, bottom in itertools.pairwise(borders):
            if bottom > top + 1 and (header is None or top >= heads[0]):
                self._row(lines[top + 1], lines[bottom - 1], label, header)
        return end

    def _simple_table(self, lines: list[Line], i: int, label: str) -> int:
        """A simple table: between its first two `===  ===` borders the header, then a
        unit per row (a line whose first column is blank continues the row above)."""
        end = self._table_end(lines, i)
        borders = [j for j in range(i, end) if SIMPLE_BORDER.match(self.line(lines[j]))]
        self.blank += [lines[j] for j in borders]
        if len(borders) < 3:  # no header: the rows lie between the first two borders
            borders, header = [i, *borders], None
        else:
            header = (lines[borders[0]][0], lines[borders[1]][1])
        column = indent(self.line(lines[i]))
        rows: list[list[int]] = []
        for j in range(borders[1] + 1, borders[-1]):
            text = self.line(lines[j])
            if rows and (not text.strip() or indent(text) > column):
                rows[-1].append(j)
            elif text.strip() and not SIMPLE_BORDER.match(text):
                rows.append([j])
        for row in rows:
            self._row(lines[row[0]], lines[row[-1]], label, header)
        return end

    def _list_table(self, body: list[Line], label: str, title: str) -> None:
        """A `list-table`: each top-level `* -` item is a row and a unit, quoted with the
        first `:header-rows:` rows."""
        options = [ln for ln in body if self.line(ln).strip().startswith(":")]
        self.blank += options
        found = re.search(r":header-rows:\s*(\d+)", " ".join(self.line(ln) for ln in options))
        head_rows = int(found.group(1)) if found else 0
        rows: list[list[Line]] = []
        column = None
        for line in body:
            text = self.line(line)
            if not text.strip() or line in options:
                continue
            if column is None:
                column = indent(text)
            if indent(text) == column and text.strip().startswith("*"):
                rows.append([line])
            elif rows:
                rows[-1].append(line)
        header = None
        if 0 < head_rows < len(rows):
            first = rows[0][0]
            header = (first[0] + indent(self.line(first)), rows[head_rows - 1][-1][1])
        label = " › ".join(x for x in (label, title) if x)
        for row in rows[head_rows:] if header else rows:
            self._row(row[0], row[-1], label, header)
