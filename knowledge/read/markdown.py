"""Markdown as people write it: CommonMark blocks plus the MkDocs and GitHub habits of docs.

Read line by line into `Block`s (see `knowledge.read.blocks`), keeping exact offsets:

- headings (`#`, underlined, HTML `<h1>`), also inside blockquotes, or a blockquote's
  title line (`> Marching Order` then its text): a sidebar, its own section;
- paragraphs, list items (nested too), table rows (quoted with their header row);
- fenced and indented code: never an answer alone; a paragraph ending in ":" is quoted
  together with the code block (or code-only tabs, or list) it introduces; a short code
  block straight under a heading is a unit (the heading introduces it);
- containers whose body is read as text under their label: admonitions (`!!! note`),
  content tabs (`=== "macOS"`), blockquote notes (`> **Note**`, `> [!NOTE]`), `<details>`,
  colon containers (`:::tip Title` ... `:::`, as Docusaurus and VitePress write them);
- a line of bold text alone is quoted with the paragraph it titles (a run-in title);
- never answers: YAML front matter (its `title` names the document), HTML comments and
  tags, MDX `import`/`export` lines, image lines, link definitions, rules, attribute
  lists (`{: .note }`; a heading's `{#id}` is its anchor), link-only lists (tables of
  contents).
"""

from __future__ import annotations

import re
from dataclasses import replace

from knowledge.model import KnowledgeError
from knowledge.read.blocks import LIST_QUOTE_MAX, Block, Reading, lines_of, mask
from knowledge.read.markdown_base import (
    ADMONITION,
    ATTRIBUTE_LINE,
    ATTRIBUTES_AFTER,
    ATX,
    BOLD_LINE,
    CAPTION,
    COLON_FENCE,
    COMMENT,
    ENDS_SENTENCE,
    FENCE,
    FRONT_MATTER,
    HEADING_CODE_WORDS,
    HTML_HEADING,
    HTML_LINE,
    IMAGE_LINE,
    INLINE,
    ITEM,
    LINK_DEFINITION,
    MAX_NESTING,
    MDX_STATEMENT,
    QUOTE,
    RULE,
    RUN_IN,
    SETEXT,
    TAB,
    Line,
    clean_title,
    indent,
    join,
    title_or_nothing,
)
from knowledge.read.markdown_containers import ContainerReading
from knowledge.read.markdown_lists import ListReading
from knowledge.read.yamlfile import parse_yaml


def read_markdown(text: str) -> Reading:
    """Blocks and masked text of a Markdown document."""
    reader = _Reader(text)
    front = FRONT_MATTER.match(text)
    title = ""
    if front:
        reader.blank.append((0, front.end()))
        title = _front_matter_title(front.group(1) or "")
    reader.blank += [(m.start(), m.end()) for m in COMMENT.finditer(text)]
    visible = mask(text, reader.blank)
    reader.source = visible
    start = front.end() if front else 0
    reader.container(lines_of(visible, start), "")
    reader.blank += [(m.start(), m.end()) for m in INLINE.finditer(visible)]
    return Reading(tuple(reader.blocks), mask(text, reader.blank), "markdown", title)


def _front_matter_title(raw: str) -> str:
    try:
        data = parse_yaml(raw, "front matter")  # aliases bounded: a bomb is no title
    except KnowledgeError:
        return ""
    title = data.get("title") if isinstance(data, dict) else None
    return title.strip() if isinstance(title, str) else ""


class _Reader(ContainerReading, ListReading):
    """Reads a container's lines into blocks; containers read their bodies recursively."""

    def container(self, lines: list[Line], label: str, *, item: bool = False) -> None:
        """Read `lines` (one container's body); `item`: its first paragraph is a list item."""
        self.depth += 1
        try:
            self._read(lines, label, item=item)
        finally:
            self.depth -= 1

    def _read(self, lines: list[Line], label: str, *, item: bool) -> None:
        i = 0
        pushed = False  # this is a list item's body: its paragraph is the items' parent
        lead: int | None = None  # the paragraph a code block or list here would be quoted with
        while i < len(lines):
            if self.is_blank(lines[i]):
                i += 1
                continue
            before = len(self.blocks)
            begin = i
            i, kind = self._block(lines, i, label)
            if kind == "code" and lead is None and self._under_heading(before):
                self._heading_code(lines[begin][0])
                continue
            if kind == "summary":
                label = self.summary
            elif kind == "details-end":
                label = ""
            if lead is not None and kind in ("code", "code-tabs", "list"):
                self._attach(lead, kind, before)
                lead = None if kind == "list" else lead
                continue
            introduces = kind == "text" and (item or self._introduces(before))
            lead = len(self.blocks) - 1 if introduces else None  # an item leads its sublist
            if item and len(self.blocks) > before:
                item = False
                if self.blocks[before].kind == "text":
                    self._item_read(before)
                    pushed = True
        if pushed:
            self.items.pop()

    def _item_read(self, at: int) -> None:
        """A list item's own paragraph, just read: quoted with its parent item's line when it
        nests in one; the parent of what nests in it from now on."""
        block = self.blocks[at]
        parent = self.items[-1] if self.items else None
        header = block.header if block.header is not None or parent is None else parent
        self.blocks[at] = replace(block, kind="item", header=header)
        self.items.append((min(self.marker_at, block.start), block.end))

    def _under_heading(self, before: int) -> bool:
        """Whether the block just read came straight after a heading."""
        return before > 0 and self.blocks[before - 1].kind == "heading"

    def _heading_code(self, start: int) -> None:
        """A short code block straight under its heading ("## Installation", then `pip
        install x`): the heading introduces it, so it is a unit of its own."""
        quoted = self.source[start : self.last_end]
        code = quoted.split("\n")
        if not FENCE.match(code[0]):
            return  # indented code would not read as code once quoted alone
        code = code[1:-1] if len(code) > 1 and FENCE.match(code[-1].strip()) else code[1:]
        if 0 < len(" ".join(code).split()) <= HEADING_CODE_WORDS:
            first = start + len(quoted) - len(quoted.lstrip())
            self.blocks.append(Block("code", first, start + len(quoted.rstrip())))

    def _introduces(self, first_new: int) -> bool:
        """Whether the paragraph just read ends with ":" (it introduces what follows)."""
        if len(self.blocks) <= first_new:
            return False
        block = self.blocks[-1]
        return self.source[block.start : block.end].rstrip().endswith(":")

    def _attach(self, lead: int, kind: str, first_new: int) -> None:
        end = self.last_end
        if kind == "list":
            size = end - self.blocks[lead].end
            if size > LIST_QUOTE_MAX or first_new == len(self.blocks):
                return
        self.blocks[lead] = replace(self.blocks[lead], quote_end=end)

    def _block(self, lines: list[Line], i: int, label: str) -> tuple[int, str]:
        """Read the block that starts at line i; returns the next line and its kind."""
        if self.depth > MAX_NESTING:  # deeper than anyone writes: plain text from here on
            return self._paragraph(lines, i, label), "text"
        content = self.line(lines[i])
        first = lines[i]
        if FENCE.match(content):
            return self._fenced(lines, i), "code"
        if heading := ATX.match(content):
            self._heading(first, len(heading.group(1)), heading.group(2) or "")
            return i + 1, "heading"
        if QUOTE.match(content):
            return self._quote(lines, i, label), "quote"
        if match := ADMONITION.match(content):
            title = match.group(2) or title_or_nothing(match.group(1))
            return self._indented_container(lines, i, title, label)
        if match := TAB.match(content):
            return self._indented_container(lines, i, match.group(1), label)
        if match := COLON_FENCE.match(content):
            return self._colon_container(lines, i, match, label)
        if self.depth == 1 and MDX_STATEMENT.match(content):
            end = self._paragraph_end(lines, i)
            self.blank.append((lines[i][0], lines[end - 1][1]))
            return end, "skip"
        if (
            RULE.match(content)
            or IMAGE_LINE.match(content)
            or LINK_DEFINITION.match(content)
            or ATTRIBUTE_LINE.match(content)
        ):
            self.blank.append(first)
            return i + 1, "skip"
        if HTML_HEADING.match(content) and (after := self._html_heading(lines, i)):
            return after, "heading"
        if HTML_LINE.match(content) or content.lstrip().startswith("<summary"):
            return i + 1, self._html(first, content)
        if ITEM.match(content):
            return self._list(lines, i, label), "list"
        if indent(content) >= 4:
            return self._indented_code(lines, i), "code"
        if caption := CAPTION.match(content):
            nxt = self._next_nonblank(lines, i + 1)
            if nxt is not None and self._table_starts(lines, nxt):
                self.blank.append(first)
                return self._table(lines, nxt, join(label, caption.group(1))), "table"
        if self._table_starts(lines, i):
            return self._table(lines, i, label), "table"
        return self._paragraph(lines, i, label), "text"

    def _heading(self, line: Line, level: int, raw: str) -> None:
        attributes = ATTRIBUTES_AFTER.search(raw)
        anchor = ""
        if attributes:  # "## Setup {#install .wide}": the anchor is named, not made
            raw = raw[: attributes.start()]
            named = re.search(r"#([\w-]+)", attributes.group(1))
            anchor = named.group(1) if named else ""
        title = clean_title(raw)
        self.blank.append(line)
        if title:
            sidebar = self.quote_depth > 0
            self.blocks.append(
                Block("heading", line[0], line[1], level, title, sidebar=sidebar, anchor=anchor)
            )

    def _fenced(self, lines: list[Line], i: int) -> int:
        opening = FENCE.match(self.line(lines[i]))
        assert opening is not None
        fence = opening.group(1)
        self.blank.append(lines[i])
        j = i + 1
        while j < len(lines):
            text = self.line(lines[j]).strip()
            if text.startswith(fence[0] * len(fence)) and not text.strip(fence[0]):
                self.blank.append(lines[j])
                break
            j += 1
        last = min(j, len(lines) - 1)
        self.last_end = lines[last][1]
        return j + 1

    def _indented_code(self, lines: list[Line], i: int) -> int:
        j = i
        last = i
        while j < len(lines) and (self.is_blank(lines[j]) or indent(self.line(lines[j])) >= 4):
            if not self.is_blank(lines[j]):
                last = j
            j += 1
        self.last_end = lines[last][1]
        return last + 1

    def _paragraph(self, lines: list[Line], i: int, label: str) -> int:
        if i + 1 < len(lines) and self._setext(lines, i + 1):
            text = self.line(lines[i + 1])
            self._heading(lines[i], 1 if "=" in text else 2, self.line(lines[i]).strip())
            self.blank.append(lines[i + 1])
            return i + 2
        j = self._paragraph_end(lines, i)
        if j == i + 1 and BOLD_LINE.match(self.line(lines[i])):
            # "**Darkness.**" alone, then its text: one unit, as "**Darkness.** Text." is.
            following = self._next_nonblank(lines, j)
            if following is not None and self._plain_text(lines, following):
                j = self._paragraph_end(lines, following)
        start = lines[i][0] + indent(self.line(lines[i]))
        end = lines[j - 1][0] + len(self.line(lines[j - 1]).rstrip())
        run_in = RUN_IN.match(self.source, start)
        own = clean_title(run_in.group(1)) if run_in else ""
        self.blocks.append(Block("text", start, end, label=join(label, own)))
        return j

    def _setext(self, lines: list[Line], j: int) -> bool:
        text = self.line(lines[j])
        return bool(SETEXT.match(text)) and not ITEM.match(text)

    def _paragraph_end(self, lines: list[Line], i: int) -> int:
        """The line after the paragraph that starts at line i. A line that opens with a
        bold title after a finished sentence starts a paragraph of its own: rules written
        one per line ("**2. No spam.** ...") are each one thought."""
        j = i + 1
        while j < len(lines) and not self.is_blank(lines[j]) and not self._interrupts(lines, j):
            if RUN_IN.match(self.line(lines[j]).lstrip()) and ENDS_SENTENCE.search(
                self.line(lines[j - 1])
            ):
                break
            j += 1
        return j

    def _plain_text(self, lines: list[Line], i: int) -> bool:
        """Whether line i starts a plain paragraph (not a heading, list, code, table...)."""
        text = self.line(lines[i])
        return not (
            indent(text) >= 4
            or self._interrupts(lines, i)
            or BOLD_LINE.match(text)
            or RULE.match(text)
            or IMAGE_LINE.match(text)
            or HTML_LINE.match(text)
            or CAPTION.match(text)
            or LINK_DEFINITION.match(text)
            or ATTRIBUTE_LINE.match(text)
            or (i + 1 < len(lines) and self._setext(lines, i + 1))
        )

    def _interrupts(self, lines: list[Line], j: int) -> bool:
        text = self.line(lines[j])
        item = ITEM.match(text)
        return bool(
            FENCE.match(text)
            or ATX.match(text)
            or QUOTE.match(text)
            or (item and (not item.group(2)[0].isdigit() or item.group(2)[:-1] == "1"))
            or ADMONITION.match(text)
            or TAB.match(text)
            or COLON_FENCE.match(text)
            or self._table_starts(lines, j)
        )
