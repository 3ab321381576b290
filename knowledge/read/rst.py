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

import re
from dataclasses import replace

from knowledge.read.blocks import LIST_QUOTE_MAX, Block, Reading, headed, lines_of, mask
from knowledge.read.rst_tables import GRID_BORDER, SIMPLE_BORDER, TableReading

Line = tuple[int, int]
MAX_NESTING = 32  # lists and directives nested deeper are read as plain text

_ADORNMENT = re.compile(r"^([!-/:-@\[-`{-~])\1{2,}[ \t]*$")
_DIRECTIVE = re.compile(r"^\.\.[ \t]+([\w:-]+)::[ \t]*(.*)$")
_LABEL_TARGET = re.compile(r"^\.\.[ \t]+_([^:`\n][^:\n]*):[ \t]*$")  # `.. _install:`
_EXPLICIT = re.compile(r"^\.\.(?:[ \t]|$)")
_ITEM = re.compile(r"^([-*+•]|\d+[.)]|#[.)]|\(\d+\)|[a-zA-Z][.)])([ \t]+)")
_FIELD = re.compile(r"^:(?![\w:+-]+:`)[^:\n`]+:(?:[ \t]+\S.*)?[ \t]*$")
# A role: its name (`class`, `py:meth`) and what it holds (`~a.User`, `the guide <x>`).
ROLE = re.compile(r":([\w:+-]+):`([^`\n]+)`")
_CODE_DIRECTIVES = frozenset({"code", "code-block", "sourcecode", "highlight", "parsed-literal"})
_TEXT_DIRECTIVES = frozenset(
    {
        "note", "tip", "hint", "important", "warning", "caution", "danger", "attention",
        "error", "seealso", "admonition", "versionadded", "versionchanged", "deprecated",
        "versionremoved",
        "topic", "sidebar", "rubric",
    }
)  # fmt: skip
# Directives that document one named thing (a command-line option, an environment
# variable, a setting, a Python object): the name is quoted with what follows it.
_DESCRIBE_DIRECTIVES = frozenset(
    """option envvar confval describe object cmdoption setting function class method
    attribute data exception decorator property""".split()
)
_VERSIONS = frozenset({"versionadded", "versionchanged", "deprecated", "versionremoved"})
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
    return Reading(
        tuple(reader.blocks), mask(text, reader.blank), "rst", labels=tuple(reader.labels)
    )


def _indent(text: str) -> int:
    return len(text.expandtabs(8)) - len(text.expandtabs(8).lstrip())


class _Reader(TableReading):
    def __init__(self, text: str) -> None:
        self.text = text
        self.blank: list[tuple[int, int]] = []
        self.blocks: list[Block] = []
        self.styles: list[tuple[str, bool]] = []  # heading styles in order of first use
        self.last_end = 0  # where the last literal block ended
        self.expect_literal = False  # the last paragraph ended with "::"
        self.depth = 0  # bodies being read: 1 is the document itself
        self.targets: list[str] = []  # `.. _label:` lines waiting for the title they name
        self.labels: list[tuple[str, str]] = []  # label -> the title it names

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
            if kind not in ("skip", "heading", "expect"):
                self.targets.clear()  # a label on a paragraph names no title
            if kind == "expect":
                self.expect_literal = True
                continue
            if kind == "code" and lead is not None:
                self.blocks[lead] = replace(self.blocks[lead], quote_end=self.last_end)
                continue
            if kind == "list" and lead is not None and self._takes_list(lead):
                self.blocks[lead] = replace(self.blocks[lead], quote_end=self.last_end)
                continue  # "You need the following packages:" is quoted with its list
            new = self.blocks[before:]
            ends = self.text[new[-1].start : new[-1].end].rstrip() if new else ""
            lead = len(self.blocks) - 1 if kind == "text" and ends.endswith(":") else None
            self.expect_literal = kind == "text" and ends.endswith("::")
            if item and new:
                item = False
                if new[0].kind == "text":
                    self.blocks[before] = replace(new[0], kind="item")

    def _takes_list(self, lead: int) -> bool:
        """Whether a lead-in can take the list item just read along: while the quote
        stays readable (a longer list's items are quoted on their own)."""
        return self.last_end - self.blocks[lead].end <= LIST_QUOTE_MAX

    def _block(self, lines: list[Line], i: int, label: str, literal: bool) -> tuple[int, str]:
        text = self.line(lines[i])
        if self.depth > MAX_NESTING:  # deeper than anyone writes: plain text from here on
            return self._paragraph(lines, i, label), "text"
        if heading := self._heading(lines, i):
            return heading, "heading"
        if directive := _DIRECTIVE.match(text):
            return self._directive(lines, i, directive, label)
        if _EXPLICIT.match(text):  # a comment or a link target: its whole body goes
            if target := _LABEL_TARGET.match(text):
                self.targets.append(reference_label(target.group(1)))
            end = self._indented_end(lines, i + 1, 1)
            self.blank.append((lines[i][0], lines[end - 1][1]))
            return end, "skip"
        if GRID_BORDER.match(text):
            return self._grid_table(lines, i, label), "table"
        if SIMPLE_BORDER.match(text):
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
        self.labels += [(label, title) for label in self.targets]
        self.targets.clear()
        return under_at + 1

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
        body = [ln for ln in lines[i + 1 : end] if not self.line(ln).strip().startswith(":")]
        if name in _TEXT_DIRECTIVES:
            return self._note(lines[i], end, body, found, label), "container"
        self.blank.append(lines[i])
        if name in _CODE_DIRECTIVES:
            self.blank += [ln for ln in lines[i + 1 : end] if self.line(ln).strip()[:1] == ":"]
            self.last_end = lines[end - 1][1] if end > i + 1 else lines[i][1]
            return end, "code"
        if name == "list-table":
            self._list_table(lines[i + 1 : end], label, found.group(2).strip())
            return end, "table"
        self.blank.append((lines[i][0], lines[end - 1][1]))
        return end, "skip"

    def _note(
        self, line: Line, end: int, body: list[Line], found: re.Match[str], label: str
    ) -> int:
        """`.. note::`, `.. admonition:: Title`, `.. versionadded:: 2.0` and the like: the
        body read under the title, each paragraph quoted with the directive's line, which
        reads as the label Sphinx shows ("Note:", "Added in version 2.0:"). Text on the
        directive's own line (`.. note:: Text`) is the body's first line."""
        name = found.group(1).casefold()
        argument = found.group(2).strip()
        title = argument if argument or name in _UNTITLED else name.replace("-", " ")
        lines = _dedent(self, body)
        if argument and name in _UNTITLED:
            lines = [(line[0] + found.start(2), line[1]), *lines]
            title = ""
        # The directive's name is never text; its argument is a version (matched), a
        # title (matched as the label), or the body's first line.
        shown = line[0] + found.start(2)
        self.blank.append((line[0], shown if name in _VERSIONS or not title else line[1]))
        if not any(self.line(ln).strip() for ln in lines):
            return end  # a bare ".. versionadded:: 2.0" says nothing of its own
        first = len(self.blocks)
        self.body(lines, " › ".join(x for x in (label, title) if x))
        headed(self.blocks, first, (line[0], shown if argument and name in _UNTITLED else line[1]))
        return end

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
        self.last_end = lines[max(end, i + 1) - 1][1]
        return max(end, i + 1)


def reference_label(raw: str) -> str:
    """A label as Sphinx compares them: case and runs of spaces do not count."""
    return " ".join(raw.split()).casefold()


def rst_title(raw: str) -> str:
    """A title as people read it: no literal or emphasis marks, a role's text only, no
    backslash escapes ("Where can I use ``await``\\?" -> "Where can I use await?")."""
    title = ROLE.sub(lambda m: role_text(m.group(2)), raw)
    title = re.sub(r"``?|\*\*?", "", title)
    return re.sub(r"\\(.)", r"\1", title).strip()


def role_text(content: str) -> str:
    """What a role shows, by Sphinx's rules: its explicit title (`aiohttp <aio:index>`),
    else its target, only the last part of a target marked with "~"
    (`~ext.commands.Context`), and no leading "." (`.Client.run`) or "!"."""
    titled = re.fullmatch(r"(.+?)\s*<[^<>]+>", content)
    if titled:
        return titled.group(1)
    target = content.lstrip("!")
    if target.startswith("~"):
        return target[1:].rsplit(".", 1)[-1]
    return target.removeprefix(".")  # `.Client.run`: looked up from the current module


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
