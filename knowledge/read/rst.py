"""reStructuredText, the format most Python projects' docs are written in.

Read into `Block`s (see `knowledge.read.blocks`) with exact offsets:

- section titles underlined (and maybe overlined) with punctuation; levels follow the
  order in which the styles first appear, as docutils does;
- paragraphs, list items, definition lists (the term labels its definition);
- literal blocks (after "::") and code directives: quoted with the paragraph that
  introduces them, never alone;
- admonitions (`.. note::`, `.. admonition:: Title`) read as text under their label;
- descriptions of one named thing (`.. option:: --verbose`, `.. envvar::`, `.. function::`):
  the name is quoted with the first paragraph describing it;
- tables (grid, simple and `list-table`): a row is a unit, quoted with the header rows;
- never answers: comments, link targets, and directives such as toctree or image.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import replace

from knowledge.read.blocks import Block, Reading, lines_of, mask

Line = tuple[int, int]
MAX_NESTING = 32  # lists and directives nested deeper are read as plain text

_ADORNMENT = re.compile(r"^([!-/:-@\[-`{-~])\1{2,}[ \t]*$")
_DIRECTIVE = re.compile(r"^\.\.[ \t]+([\w:-]+)::[ \t]*(.*)$")
_EXPLICIT = re.compile(r"^\.\.(?:[ \t]|$)")
_ITEM = re.compile(r"^([-*+•]|\d+[.)]|#[.)]|\(\d+\)|[a-zA-Z][.)])([ \t]+)")
_FIELD = re.compile(r"^:(?![\w:+-]+:`)[^:\n`]+:(?:[ \t]+\S.*)?[ \t]*$")
# A role: its name (`class`, `py:meth`) and what it holds (`~a.User`, `the guide <x>`).
ROLE = re.compile(r":([\w:+-]+):`([^`\n]+)`")
_GRID_BORDER = re.compile(r"^[ \t]*\+[-=+]+\+[ \t]*$")
_SIMPLE_BORDER = re.compile(r"^[ \t]*=+(?:[ \t]+=+)+[ \t]*$")
_CODE_DIRECTIVES = frozenset({"code", "code-block", "sourcecode", "highlight", "parsed-literal"})
_TEXT_DIRECTIVES = frozenset(
    {
        "note", "tip", "hint", "important", "warning", "caution", "danger", "attention",
        "error", "seealso", "admonition", "versionadded", "versionchanged", "deprecated",
        "topic", "sidebar", "rubric",
    }
)  # fmt: skip
# Directives that document one named thing (a command-line option, an environment
# variable, a setting, a Python object): the name is quoted with what follows it.
_DESCRIBE_DIRECTIVES = frozenset(
    """option envvar confval describe object cmdoption setting function class method
    attribute data exception decorator property""".split()
)
_UNTITLED = frozenset({"note", "tip", "hint", "important", "warning", "caution", "danger"})
_INLINE = re.compile(
    r":[\w:+-]+:(?=`)"  # a role's name: :ref:`...`
    r"|[ \t]*<[^<>`\n]+>(?=`_{1,2})"  # an embedded link target: `text <url>`_
    r"|(?<=`)_{1,2}"  # the underscore(s) ending a link reference
    r"|\[#?\w*\]_"  # a footnote reference
)


def read_rst(text: str) -> Reading:
    """Blocks and masked text of a reStructuredText document."""
    reader = _Reader(text)
    reader.body(lines_of(text), "")
    reader.blank += [(m.start(), m.end()) for m in _INLINE.finditer(text)]
    return Reading(tuple(reader.blocks), mask(text, reader.blank), "rst")


def _indent(text: str) -> int:
    return len(text.expandtabs(8)) - len(text.expandtabs(8).lstrip())


class _Reader:
    def __init__(self, text: str) -> None:
        self.text = text
        self.blank: list[tuple[int, int]] = []
        self.blocks: list[Block] = []
        self.styles: list[tuple[str, bool]] = []  # heading styles in order of first use
        self.last_end = 0  # where the last literal block ended
        self.expect_literal = False  # the last paragraph ended with "::"
        self.depth = 0  # bodies being read: 1 is the document itself

    def line(self, line: Line) -> str:
        return self.text[line[0] : line[1]]

    def blank_line(self, line: Line) -> bool:
        return not self.line(line).strip()

    def body(self, lines: list[Line], label: str, *, item: bool = False) -> None:
        """Read one body (the document, a directive's or a list item's content)."""
        self.depth += 1
        try:
            self._body(lines, label, item=item)
        finally:
            self.depth -= 1

    def _body(self, lines: list[Line], label: str, *, item: bool) -> None:
        i = 0
        lead: int | None = None  # the paragraph a literal block would be quoted with
        while i < len(lines):
            if self.blank_line(lines[i]):
                i += 1
                continue
            before = len(self.blocks)
            expecting = self.expect_literal
            self.expect_literal = False
            i, kind = self._block(lines, i, label, expecting)
            if kind == "expect":
                self.expect_literal = True
                continue
            if kind == "code" and lead is not None:
                self.blocks[lead] = replace(self.blocks[lead], quote_end=self.last_end)
                continue
            new = self.blocks[before:]
            ends = self.text[new[-1].start : new[-1].end].rstrip() if new else ""
            lead = len(self.blocks) - 1 if kind == "text" and ends.endswith(":") else None
            self.expect_literal = kind == "text" and ends.endswith("::")
            if item and new:
                item = False
                if new[0].kind == "text":
                    self.blocks[before] = replace(new[0], kind="item")

    def _block(self, lines: list[Line], i: int, label: str, literal: bool) -> tuple[int, str]:
        text = self.line(lines[i])
        if self.depth > MAX_NESTING:  # deeper than anyone writes: plain text from here on
            return self._paragraph(lines, i, label), "text"
        if heading := self._heading(lines, i):
            return heading, "heading"
        if directive := _DIRECTIVE.match(text):
            return self._directive(lines, i, directive, label)
        if _EXPLICIT.match(text):  # a comment or a link target: its whole body goes
            end = self._indented_end(lines, i + 1, 1)
            self.blank.append((lines[i][0], lines[end - 1][1]))
            return end, "skip"
        if _GRID_BORDER.match(text):
            return self._grid_table(lines, i, label), "table"
        if _SIMPLE_BORDER.match(text):
            return self._simple_table(lines, i, label), "table"
        if item := _ITEM.match(text.lstrip()):
            return self._item(lines, i, item, label), "list"
        if not self.styles and _FIELD.match(text):  # ":orphan:", ":tocdepth: 2" before
            end = self._field_list_end(lines, i)  # the first title: metadata, not text
            self.blank.append((lines[i][0], lines[end - 1][1]))
            return end, "skip"
        if _indent(text) > 0 and literal:
            return self._literal(lines, i), "code"
        if text.strip() == "::":  # the expanded form: the paragraph before introduces it
            self.blank.append(lines[i])
            return i + 1, "expect"
        return self._paragraph(lines, i, label), "text"

    def _heading(self, lines: list[Line], i: int) -> int | None:
        """A title with its underline (and overline); returns the line after it."""
        over = bool(_ADORNMENT.match(self.line(lines[i])))
        title_at = i + 1 if over else i
        under_at = title_at + 1
        if under_at >= len(lines):
            return None
        title = self.line(lines[title_at]).strip()
        under = _ADORNMENT.match(self.line(lines[under_at]))
        if not title or under is None or _ADORNMENT.match(self.line(lines[title_at])):
            return None
        too_short = len(self.line(lines[under_at]).strip()) < min(len(title), 4)
        if too_short or (_indent(self.line(lines[title_at])) and not over):
            return None
        style = (under.group(1), over)
        if style not in self.styles:
            self.styles.append(style)
        first, last = lines[i], lines[under_at]
        self.blank.append((first[0], last[1]))
        span = lines[title_at]
        title = rst_title(title)
        self.blocks.append(Block("heading", span[0], span[1], self.styles.index(style) + 1, title))
        return under_at + 1

    def _table_end(self, lines: list[Line], i: int) -> int:
        end = i + 1
        while end < len(lines) and not self.blank_line(lines[end]):
            end += 1
        return end

    def _row(self, first: Line, last: Line, label: str, header: tuple[int, int] | None) -> None:
        start = first[0] + _indent(self.line(first))
        end = last[0] + len(self.line(last).rstrip())
        self.blocks.append(Block("row", start, end, label=label, header=header))

    def _grid_table(self, lines: list[Line], i: int, label: str) -> int:
        """A grid table: each row (the lines between two borders) is a unit, quoted with
        the header (the rows above a `+===+` border), if the table has one."""
        end = self._table_end(lines, i)
        borders = [j for j in range(i, end) if _GRID_BORDER.match(self.line(lines[j]))]
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
        borders = [j for j in range(i, end) if _SIMPLE_BORDER.match(self.line(lines[j]))]
        self.blank += [lines[j] for j in borders]
        if len(borders) < 3:  # no header: the rows lie between the first two borders
            borders, header = [i, *borders], None
        else:
            header = (lines[borders[0]][0], lines[borders[1]][1])
        column = _indent(self.line(lines[i]))
        rows: list[list[int]] = []
        for j in range(borders[1] + 1, borders[-1]):
            text = self.line(lines[j])
            if rows and (not text.strip() or _indent(text) > column):
                rows[-1].append(j)
            elif text.strip() and not _SIMPLE_BORDER.match(text):
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
                column = _indent(text)
            if _indent(text) == column and text.strip().startswith("*"):
                rows.append([line])
            elif rows:
                rows[-1].append(line)
        header = None
        if 0 < head_rows < len(rows):
            first = rows[0][0]
            header = (first[0] + _indent(self.line(first)), rows[head_rows - 1][-1][1])
        label = " › ".join(x for x in (label, title) if x)
        for row in rows[head_rows:] if header else rows:
            self._row(row[0], row[-1], label, header)

    def _field_list_end(self, lines: list[Line], i: int) -> int:
        """The line after a field list (fields and their indented continuations)."""
        end = i
        while end < len(lines) and (
            _FIELD.match(self.line(lines[end])) or _indent(self.line(lines[end])) > 0
        ):
            end += 1
        return max(end, i + 1)

    def _indented_end(self, lines: list[Line], i: int, minimum: int) -> int:
        """The line after the block indented at least `minimum` that starts at line i."""
        end = last = i
        while end < len(lines):
            text = self.line(lines[end])
            if text.strip():
                if _indent(text) < minimum:
                    break
                last = end + 1
            end += 1
        return last

    def _directive(
        self, lines: list[Line], i: int, found: re.Match[str], label: str
    ) -> tuple[int, str]:
        name = found.group(1).casefold()
        end = self._indented_end(lines, i + 1, 1)
        described = any(self.line(ln).strip()[:1] not in ("", ":") for ln in lines[i + 1 : end])
        if name.rsplit(":", 1)[-1] in _DESCRIBE_DIRECTIVES and found.group(2).strip() and described:
            return self._described(lines, i, end, found, label), "container"
        self.blank.append(lines[i])
        body = [ln for ln in lines[i + 1 : end] if not self.line(ln).strip().startswith(":")]
        if name in _CODE_DIRECTIVES:
            self.blank += [ln for ln in lines[i + 1 : end] if self.line(ln).strip()[:1] == ":"]
            self.last_end = lines[end - 1][1] if end > i + 1 else lines[i][1]
            return end, "code"
        if name == "list-table":
            self._list_table(lines[i + 1 : end], label, found.group(2).strip())
            return end, "table"
        if name in _TEXT_DIRECTIVES:
            argument = found.group(2).strip()
            title = argument if argument or name in _UNTITLED else name.replace("-", " ")
            if argument:
                self.blocks.append(
                    Block("text", lines[i][0] + found.start(2), lines[i][1], label=label)
                )
            self.body(_dedent(self, body), " › ".join(x for x in (label, title) if x))
            return end, "container"
        self.blank.append((lines[i][0], lines[end - 1][1]))
        return end, "skip"

    def _described(
        self, lines: list[Line], i: int, end: int, found: re.Match[str], label: str
    ) -> int:
        """`.. option:: --verbose` (or envvar, confval, a Python object...): what it names
        is quoted with its description's first paragraph, as a definition list's term is;
        the rest of the description is labelled by it."""
        self.blank.append((lines[i][0], lines[i][0] + found.start(2)))
        body = lines[i + 1 : end]
        options = 0
        while options < len(body) and self.line(body[options]).strip().startswith(":"):
            options += 1  # the directive's own options (":type: int") come first
        self.blank += body[:options]
        named = found.group(2).strip()
        first = len(self.blocks)
        self.body(_dedent(self, body[options:]), " › ".join(x for x in (label, named) if x))
        start = lines[i][0] + found.start(2)
        if len(self.blocks) > first and self.blocks[first].kind == "text":
            self.blocks[first] = replace(self.blocks[first], start=start)
        else:
            end_of_name = lines[i][0] + len(self.line(lines[i]).rstrip())
            self.blocks.insert(first, Block("text", start, end_of_name, label=label))
        return end

    def _literal(self, lines: list[Line], i: int) -> int:
        end = self._indented_end(lines, i, 1)
        self.last_end = lines[end - 1][1]
        return end

    def _paragraph(self, lines: list[Line], i: int, label: str) -> int:
        indent = _indent(self.line(lines[i]))
        j = i + 1
        while j < len(lines) and not self.blank_line(lines[j]):
            if _indent(self.line(lines[j])) != indent:
                break
            j += 1
        deeper = j < len(lines) and _indent(self.line(lines[j])) > indent
        if j == i + 1 and deeper and self.depth <= MAX_NESTING:
            return self._definition(lines, i, label)
        start = lines[i][0] + len(self.line(lines[i])) - len(self.line(lines[i]).lstrip())
        end = lines[j - 1][0] + len(self.line(lines[j - 1]).rstrip())
        self.blocks.append(Block("text", start, end, label=label))
        return j

    def _definition(self, lines: list[Line], i: int, label: str) -> int:
        """A definition list entry: the term and its definition's first paragraph are one unit
        (so the quote names what it defines); the rest of the definition is labelled by it."""
        term = self.line(lines[i]).strip()
        end = self._indented_end(lines, i + 1, _indent(self.line(lines[i])) + 1)
        clean = rst_title(term)
        first = len(self.blocks)
        self.body(_dedent(self, lines[i + 1 : end]), " › ".join(x for x in (label, clean) if x))
        if len(self.blocks) > first and self.blocks[first].kind == "text":
            start = lines[i][0] + len(self.line(lines[i])) - len(self.line(lines[i]).lstrip())
            self.blocks[first] = replace(self.blocks[first], start=start)
        else:
            self.blank.append(lines[i])
        return end

    def _item(self, lines: list[Line], i: int, marker: re.Match[str], label: str) -> int:
        text = self.line(lines[i])
        indent = _indent(text)
        width = indent + marker.end()
        self.blank.append((lines[i][0] + indent, lines[i][0] + indent + marker.end(1)))
        end = self._indented_end(lines, i + 1, width)
        first = (lines[i][0] + len(text) - len(text.lstrip()) + marker.end(), lines[i][1])
        self.body([first, *_dedent(self, lines[i + 1 : end])], label, item=True)
        return max(end, i + 1)


def rst_title(raw: str) -> str:
    """A title as people read it: no literal or emphasis marks, a role's text only, no
    backslash escapes ("Where can I use ``await``\\?" -> "Where can I use await?")."""
    title = ROLE.sub(lambda m: role_text(m.group(2)), raw)
    title = re.sub(r"``?|\*\*?", "", title)
    return re.sub(r"\\(.)", r"\1", title).strip()


def role_text(content: str) -> str:
    """What a role shows: its explicit title (`aiohttp <aio:index>`), else its target,
    and only the last part of a target marked with "~" (`~ext.commands.Context`)."""
    titled = re.fullmatch(r"(.+?)\s*<[^<>]+>", content)
    if titled:
        return titled.group(1)
    if content.startswith("~"):
        return content[1:].rsplit(".", 1)[-1]
    return content.lstrip("!")


def _dedent(reader: _Reader, lines: list[Line]) -> list[Line]:
    """The lines without their common indentation (offsets move past it)."""
    indents = [_indent(reader.line(ln)) for ln in lines if reader.line(ln).strip()]
    cut = min(indents, default=0)
    out = []
    for start, end in lines:
        text = reader.line((start, end))
        skip = min(cut, len(text) - len(text.lstrip())) if text.strip() else len(text)
        out.append((start + skip, end))
    return out
