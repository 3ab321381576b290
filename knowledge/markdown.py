"""Markdown as people write it: CommonMark blocks plus the MkDocs and GitHub habits of docs.

Read line by line into `Block`s (see `knowledge.blocks`), keeping exact offsets:

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

from knowledge.blocks import Block, Reading, lines_of, mask
from knowledge.model import KnowledgeError
from knowledge.yamlfile import parse_yaml

Line = tuple[int, int]  # a line's content (after its containers' prefixes) and its end

LIST_QUOTE_MAX = 1500  # a lead-in takes its list along only while the quote stays readable
MAX_NESTING = 32  # quotes, lists and containers nested deeper are read as plain text
HEADING_CODE_WORDS = 12  # a code block straight under a heading this short is a unit
HTML_HEADING_LINES = 6  # an HTML heading closes within this many lines, or is none
TITLE_WORDS = 8  # a blockquote's first line of at most this many words may be its title
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.S)
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_RULE = re.compile(r"^ {0,3}(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})$")
_ITEM = re.compile(r"^( {0,3})([-*+]|\d{1,9}[.)])([ \t]+|$)")
_QUOTE = re.compile(r"^ {0,3}> ?")
_ADMONITION = re.compile(r'^(?:!!!|\?\?\?\+?)[ \t]*([\w-]+)(?:[ \t]+"([^"]*)")?[ \t]*$')
_TAB = re.compile(r'^===\+?[ \t]+"([^"]*)"[ \t]*$')
# Docusaurus, VitePress and MyST containers: ":::tip Title" ... ":::" (more colons nest).
_COLON_FENCE = re.compile(r"^ {0,3}(:{3,})[ \t]*\{?([\w-]+)\}?(?:[ \t]+(.*?))?[ \t]*$")
_COLON_CLOSE = re.compile(r"^ {0,3}(:{3,})[ \t]*$")
# MDX pages open with import and export statements: code, never text.
_MDX_STATEMENT = re.compile(
    r"^(?:import\s.*\bfrom\s+['\"]|import\s+['\"{]|export\s+(?:const|let|var|default|function|class)\b)"
)
_DELIMITER = re.compile(r"^ {0,3}\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$")
_CAPTION = re.compile(r"^ {0,3}(?:Table:|:)[ \t]+(\S.*)$")
_HTML_LINE = re.compile(r"^[ \t]*(?:</?[A-Za-z][^>]*>[ \t]*)+$")
_HTML_HEADING = re.compile(r"^ {0,3}<h([1-6])(?:\s[^>]*)?>", re.IGNORECASE)
_SUMMARY = re.compile(r"<summary>(.*?)</summary>", re.IGNORECASE)
# Attribute lists (Markdown extra, MkDocs `attr_list`, Pandoc): `{: .class }`, `{#id}`.
_ATTRIBUTES = r"\{:?[ \t]*([#.][^{}\n]*|[\w-]+=[^{}\n]*)\}"
_ATTRIBUTES_AFTER = re.compile(r"[ \t]*" + _ATTRIBUTES + r"[ \t]*$")
_ATTRIBUTE_LINE = re.compile(r"^[ \t]*\{:[^{}\n]*\}[ \t]*$")
_IMAGE_LINE = re.compile(
    r"^[ \t]*(?:\[?!\[[^\]]*\]\([^)]*\)(?:\]\([^)]*\))?(?:" + _ATTRIBUTES + r")?[ \t]*)+$"
)
_LINK_DEFINITION = re.compile(r"^ {0,3}\[[^\]]+\]:[ \t]*\S+")
# Admonition kinds say how to read a note, not what it is about: they label nothing.
_KINDS = frozenset(
    """note tip hint info important warning caution danger attention error bug example
    abstract summary tldr success check done question help faq failure fail missing quote
    cite seealso todo""".split()
)
_NOTE_LABEL = re.compile(r"^[ \t]*(?:\*\*([^*]+)\*\*|\[!(\w+)\])[ \t]*$")
# A line of bold text alone is a title people write in place of a heading.
_BOLD_LINE = re.compile(r"^[ \t]*(?:\*\*([^*\n]+?)\*\*|__([^_\n]+?)__)[ \t]*:?[ \t]*$")
_ENDS_SENTENCE = re.compile(r"[.!?][\"'”’)\]*_]*[ \t]*$")
_RUN_IN = re.compile(r"^(?:\*\*|__)([^*_\n]{2,80}?)[.:]?(?:\*\*|__)")
_LINK_ONLY = re.compile(r"^[ \t]*(?:\[[^\]]*\]\([^)]*\)[ \t,;.:]*)+$")
# Inline markup whose characters are not words of the text: link targets, images, tags.
_INLINE = re.compile(
    r"!\[[^\]\n]*\]\([^)\n]*\)"  # an image
    r"|\]\([^)\n]*\)"  # a link's target: "](url)"
    r"|\]\[[^\]\n]*\]"  # a reference link's label
    r"|<https?://[^>\n]*>"  # an autolink
    r"|</?[A-Za-z][^>\n]*>"  # an HTML tag
)


def read_markdown(text: str) -> Reading:
    """Blocks and masked text of a Markdown document."""
    reader = _Reader(text)
    front = _FRONT_MATTER.match(text)
    title = ""
    if front:
        reader.blank.append((0, front.end()))
        title = _front_matter_title(front.group(1) or "")
    reader.blank += [(m.start(), m.end()) for m in _COMMENT.finditer(text)]
    visible = mask(text, reader.blank)
    reader.source = visible
    start = front.end() if front else 0
    reader.container(lines_of(visible, start), "")
    reader.blank += [(m.start(), m.end()) for m in _INLINE.finditer(visible)]
    return Reading(tuple(reader.blocks), mask(text, reader.blank), "markdown", title)


def _front_matter_title(raw: str) -> str:
    try:
        data = parse_yaml(raw, "front matter")  # aliases bounded: a bomb is no title
    except KnowledgeError:
        return ""
    title = data.get("title") if isinstance(data, dict) else None
    return title.strip() if isinstance(title, str) else ""


def clean_title(raw: str) -> str:
    """A heading as people read it: no code ticks, emphasis or link syntax."""
    title = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", raw)
    title = title.replace("`", "")
    return re.sub(r"(?<!\w)[*_]+|[*_]+(?!\w)", "", title).strip()


def _indent(line: str) -> int:
    """Columns of leading whitespace (a tab stops at the next multiple of 4)."""
    column = 0
    for char in line:
        if char == " ":
            column += 1
        elif char == "\t":
            column += 4 - column % 4
        else:
            break
    return column


class _Reader:
    """Reads a container's lines into blocks; containers read their bodies recursively."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.source = text  # the text with front matter and comments blanked
        self.blank: list[tuple[int, int]] = []
        self.blocks: list[Block] = []
        self.quote_depth = 0  # headings inside blockquotes are sidebars
        self.last_end = 0  # where the last code block, table, list or container ended
        self.summary = ""  # the label a <details> block's <summary> gave
        self.depth = 0  # containers being read: 1 is the document itself

    def line(self, line: Line) -> str:
        return self.source[line[0] : line[1]]

    def is_blank(self, line: Line) -> bool:
        return not self.line(line).strip()

    # --- containers ------------------------------------------------------------------------

    def container(self, lines: list[Line], label: str, *, item: bool = False) -> None:
        """Read `lines` (one container's body); `item`: its first paragraph is a list item."""
        self.depth += 1
        try:
            self._read(lines, label, item=item)
        finally:
            self.depth -= 1

    def _read(self, lines: list[Line], label: str, *, item: bool) -> None:
        i = 0
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
            lead = len(self.blocks) - 1 if kind == "text" and self._introduces(before) else None
            if item and len(self.blocks) > before:
                item = False
                if self.blocks[before].kind == "text":
                    self.blocks[before] = replace(self.blocks[before], kind="item")

    def _under_heading(self, before: int) -> bool:
        """Whether the block just read came straight after a heading."""
        return before > 0 and self.blocks[before - 1].kind == "heading"

    def _heading_code(self, start: int) -> None:
        """A short code block straight under its heading ("## Installation", then `pip
        install x`): the heading introduces it, so it is a unit of its own."""
        quoted = self.source[start : self.last_end]
        code = quoted.split("\n")
        if not _FENCE.match(code[0]):
            return  # indented code would not read as code once quoted alone
        code = code[1:-1] if len(code) > 1 and _FENCE.match(code[-1].strip()) else code[1:]
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
        if _FENCE.match(content):
            return self._fenced(lines, i), "code"
        if heading := _ATX.match(content):
            self._heading(first, len(heading.group(1)), heading.group(2) or "")
            return i + 1, "heading"
        if _QUOTE.match(content):
            return self._quote(lines, i, label), "quote"
        if match := _ADMONITION.match(content):
            title = match.group(2) or _title_or_nothing(match.group(1))
            return self._indented_container(lines, i, title, label)
        if match := _TAB.match(content):
            return self._indented_container(lines, i, match.group(1), label)
        if match := _COLON_FENCE.match(content):
            return self._colon_container(lines, i, match, label)
        if self.depth == 1 and _MDX_STATEMENT.match(content):
            end = self._paragraph_end(lines, i)
            self.blank.append((lines[i][0], lines[end - 1][1]))
            return end, "skip"
        if (
            _RULE.match(content)
            or _IMAGE_LINE.match(content)
            or _LINK_DEFINITION.match(content)
            or _ATTRIBUTE_LINE.match(content)
        ):
            self.blank.append(first)
            return i + 1, "skip"
        if _HTML_HEADING.match(content) and (after := self._html_heading(lines, i)):
            return after, "heading"
        if _HTML_LINE.match(content) or content.lstrip().startswith("<summary"):
            return i + 1, self._html(first, content)
        if _ITEM.match(content):
            return self._list(lines, i, label), "list"
        if _indent(content) >= 4:
            return self._indented_code(lines, i), "code"
        if caption := _CAPTION.match(content):
            nxt = self._next_nonblank(lines, i + 1)
            if nxt is not None and self._table_starts(lines, nxt):
                self.blank.append(first)
                return self._table(lines, nxt, _join(label, caption.group(1))), "table"
        if self._table_starts(lines, i):
            return self._table(lines, i, label), "table"
        return self._paragraph(lines, i, label), "text"

    def _next_nonblank(self, lines: list[Line], i: int) -> int | None:
        while i < len(lines) and self.is_blank(lines[i]):
            i += 1
        return i if i < len(lines) else None

    # --- leaves ------------------------------------------------------------------------------

    def _heading(self, line: Line, level: int, raw: str) -> None:
        attributes = _ATTRIBUTES_AFTER.search(raw)
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
        opening = _FENCE.match(self.line(lines[i]))
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
        while j < len(lines) and (self.is_blank(lines[j]) or _indent(self.line(lines[j])) >= 4):
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
        if j == i + 1 and _BOLD_LINE.match(self.line(lines[i])):
            # "**Darkness.**" alone, then its text: one unit, as "**Darkness.** Text." is.
            following = self._next_nonblank(lines, j)
            if following is not None and self._plain_text(lines, following):
                j = self._paragraph_end(lines, following)
        start = lines[i][0] + _indent(self.line(lines[i]))
        end = lines[j - 1][0] + len(self.line(lines[j - 1]).rstrip())
        run_in = _RUN_IN.match(self.source, start)
        own = clean_title(run_in.group(1)) if run_in else ""
        self.blocks.append(Block("text", start, end, label=_join(label, own)))
        return j

    def _setext(self, lines: list[Line], j: int) -> bool:
        text = self.line(lines[j])
        return bool(_SETEXT.match(text)) and not _ITEM.match(text)

    def _paragraph_end(self, lines: list[Line], i: int) -> int:
        """The line after the paragraph that starts at line i. A line that opens with a
        bold title after a finished sentence starts a paragraph of its own: rules written
        one per line ("**2. No spam.** ...") are each one thought."""
        j = i + 1
        while j < len(lines) and not self.is_blank(lines[j]) and not self._interrupts(lines, j):
            if _RUN_IN.match(self.line(lines[j]).lstrip()) and _ENDS_SENTENCE.search(
                self.line(lines[j - 1])
            ):
                break
            j += 1
        return j

    def _plain_text(self, lines: list[Line], i: int) -> bool:
        """Whether line i starts a plain paragraph (not a heading, list, code, table...)."""
        text = self.line(lines[i])
        return not (
            _indent(text) >= 4
            or self._interrupts(lines, i)
            or _BOLD_LINE.match(text)
            or _RULE.match(text)
            or _IMAGE_LINE.match(text)
            or _HTML_LINE.match(text)
            or _CAPTION.match(text)
            or _LINK_DEFINITION.match(text)
            or _ATTRIBUTE_LINE.match(text)
            or (i + 1 < len(lines) and self._setext(lines, i + 1))
        )

    def _interrupts(self, lines: list[Line], j: int) -> bool:
        text = self.line(lines[j])
        item = _ITEM.match(text)
        return bool(
            _FENCE.match(text)
            or _ATX.match(text)
            or _QUOTE.match(text)
            or (item and (not item.group(2)[0].isdigit() or item.group(2)[:-1] == "1"))
            or _ADMONITION.match(text)
            or _TAB.match(text)
            or _COLON_FENCE.match(text)
            or self._table_starts(lines, j)
        )

    def _table_starts(self, lines: list[Line], i: int) -> bool:
        return (
            i + 1 < len(lines)
            and "|" in self.line(lines[i])
            and bool(_DELIMITER.match(self.line(lines[i + 1])))
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
                    start + _indent(text),
                    start + len(text.rstrip()),
                    label=label,
                    header=header,
                )
            )
            j += 1
        self.last_end = lines[j - 1][1]
        return j

    def _html_heading(self, lines: list[Line], i: int) -> int | None:
        """An HTML heading (`<h1 align="center">`, as READMEs open), over a few lines at
        most: a heading of its level, titled by its text; returns the line after it."""
        opening = _HTML_HEADING.match(self.line(lines[i]))
        assert opening is not None
        closing = re.compile(rf"</h{opening.group(1)}\s*>", re.IGNORECASE)
        for j in range(i, min(len(lines), i + HTML_HEADING_LINES)):
            if closing.search(self.line(lines[j])):
                raw = self.source[lines[i][0] : lines[j][1]]
                title = clean_title(" ".join(re.sub(r"<[^>]*>", " ", raw).split()))
                self.blank.append((lines[i][0], lines[j][1]))
                if title:
                    level = int(opening.group(1))
                    self.blocks.append(Block("heading", lines[i][0], lines[j][1], level, title))
                return j + 1
        return None

    def _html(self, line: Line, content: str) -> str:
        """A line of HTML tags is never an answer; a <summary> labels what follows it."""
        self.blank.append(line)
        summary = _SUMMARY.search(content)
        if summary:
            self.summary = clean_title(summary.group(1))
            return "summary"
        if re.search(r"</details\s*>", content, re.IGNORECASE):
            return "details-end"
        return "skip"

    # --- containers with bodies --------------------------------------------------------------

    def _quote(self, lines: list[Line], i: int, label: str) -> int:
        body: list[Line] = []
        j = i
        while j < len(lines) and (prefix := _QUOTE.match(self.line(lines[j]))):
            start, end = lines[j]
            self.blank.append((start, start + prefix.end()))
            body.append((start + prefix.end(), end))
            j += 1
        first = self._next_nonblank(body, 0)
        title: Line | None = None
        if first is not None and (note := _NOTE_LABEL.match(self.line(body[first]))):
            self.blank.append(body[first])
            label = _join(label, _title_or_nothing(note.group(1) or note.group(2)))
            body = body[first + 1 :]
        elif first is not None and self._plain_title(body, first):
            title, body = body[first], body[first + 1 :]
        opened = len(self.blocks)
        self.quote_depth += 1
        if title is not None:
            self._heading(title, 1, self.line(title).strip())
        self.container(body, label)
        self.quote_depth -= 1
        if any(b.sidebar for b in self.blocks[opened:]):
            self.blocks.append(Block("end", lines[j - 1][1], lines[j - 1][1]))
        return j

    def _plain_title(self, body: list[Line], first: int) -> bool:
        """Whether a blockquote opens with a title line of its own ("> Marching Order",
        then its text): a few words, no closing punctuation, a capital, and prose after
        it. Such a sidebar is its own section, as if the title were a heading."""
        text = self.line(body[first]).strip()
        words = text.split()
        if not 0 < len(words) <= TITLE_WORDS or not text[0].isupper() or text[-1] in ".!?:;,":
            return False
        if _block_start(text):
            return False
        rest = self._next_nonblank(body, first + 1)
        if rest is None:
            return False
        following = self.line(body[rest]).strip()
        return len(following.split()) > len(words) and not _block_start(following)

    def _colon_container(
        self, lines: list[Line], i: int, opening: re.Match[str], label: str
    ) -> tuple[int, str]:
        """A ":::kind Title" container up to its closing colons: its body read under its
        title (a kind such as "note" alone is no title)."""
        colons = len(opening.group(1))
        self.blank.append(lines[i])
        j = i + 1
        inner = 0  # containers opened inside this one and not yet closed
        while j < len(lines):
            text = self.line(lines[j])
            if _COLON_FENCE.match(text):
                inner += 1
            elif closing := _COLON_CLOSE.match(text):
                if inner:
                    inner -= 1
                elif len(closing.group(1)) >= colons:
                    self.blank.append(lines[j])
                    break
            j += 1
        title = opening.group(3) or _title_or_nothing(opening.group(2))
        self.container(lines[i + 1 : j], _join(label, clean_title(title)))
        return j + 1, "container"

    def _indented_container(
        self, lines: list[Line], i: int, title: str, label: str
    ) -> tuple[int, str]:
        """An admonition or a content tab: its 4-space-indented body, read under its title."""
        self.blank.append(lines[i])
        body: list[Line] = []
        j = i + 1
        while j < len(lines):
            text = self.line(lines[j])
            if text.strip() and _indent(text) < 4:
                break
            start, end = lines[j]
            cut = min(len(text), _offset_of_indent(text, 4))
            body.append((start + cut, end))
            j += 1
        while body and self.is_blank(body[-1]):
            body.pop()
        before = len(self.blocks)
        self.container(body, _join(label, clean_title(title)))
        code_only = not any(b.kind != "heading" for b in self.blocks[before:])
        self.last_end = body[-1][1] if body else lines[i][1]
        is_tab = bool(_TAB.match(self.line(lines[i])))
        return i + 1 + len(body), "code-tabs" if is_tab and code_only and body else "container"

    def _list(self, lines: list[Line], i: int, label: str) -> int:
        """Consecutive items of one list; a list of links only (a contents list) is skipped."""
        items: list[list[Line]] = []
        marker = _ITEM.match(self.line(lines[i]))
        assert marker is not None
        ordered = marker.group(2)[0].isdigit()
        j = i
        while j < len(lines):
            found = _ITEM.match(self.line(lines[j]))
            if not found or found.group(2)[0].isdigit() != ordered:
                break
            body, j = self._item(lines, j, found)
            items.append(body)
            nxt = self._next_nonblank(lines, j)
            if nxt is None or not _ITEM.match(self.line(lines[nxt])):
                break
            j = nxt
        last_line = items[-1][-1] if items and items[-1] else lines[i]
        if all(self._links_only(body) for body in items):
            self.blank.append((lines[i][0], last_line[1]))
        else:
            for body in items:
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
                if nxt is None or _indent(self.line(lines[nxt])) < width:
                    break
                body.append(lines[j])
            elif _indent(text) >= width:
                body.append((lines[j][0] + _offset_of_indent(text, width), lines[j][1]))
            elif _ITEM.match(text):  # the next item, whatever its number ("2." too)
                break
            elif not self.is_blank(lines[j - 1]) and not self._interrupts(lines, j):
                body.append(lines[j])  # a lazy continuation line of the item's paragraph
            else:
                break
            j += 1
        return body, j

    def _links_only(self, body: list[Line]) -> bool:
        first = self._next_nonblank(body, 0)
        return first is not None and bool(_LINK_ONLY.match(self.line(body[first])))


def _offset_of_indent(text: str, width: int) -> int:
    """How many characters of `text` make up its first `width` columns of indentation."""
    column = 0
    for position, char in enumerate(text):
        if column >= width or char not in " \t":
            return position
        column += 4 - column % 4 if char == "\t" else 1
    return len(text)


def _block_start(text: str) -> bool:
    """Whether a line opens something other than a paragraph (heading, list, code, ...)."""
    return bool(
        _ATX.match(text)
        or _ITEM.match(text)
        or _FENCE.match(text)
        or _QUOTE.match(text)
        or _ADMONITION.match(text)
        or _TAB.match(text)
        or "|" in text
        or text.startswith(("<", "!", "[", "`", "*", "_"))
    )


def _title_or_nothing(kind: str) -> str:
    """A note's own title; "Note", "Tip" and the like are no title."""
    title = clean_title(kind)
    return "" if title.casefold().rstrip(":") in _KINDS else title


def _join(*labels: str) -> str:
    return " › ".join(x for x in labels if x)
