"""How a verbatim excerpt reads once its markup is interpreted: prose and code blocks.

An excerpt is quoted exactly as the source has it: hard-wrapped lines, blockquote markers,
indented tab and note bodies, Markdown or reStructuredText code blocks, link syntax. The
bot and the command line show it the way its author meant it to look, so this turns it
into segments: prose (lines joined, links as `Link`) and code (dedented, with its
language). Tables are code too: chat clients do not draw them, monospace keeps them
legible. Nothing here changes what is quoted, only how it is shown.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from knowledge.read import mediawiki as wiki
from knowledge.read.display_notes import ITEM, Nesting, note_label
from knowledge.read.references import shown_reference
from knowledge.read.rst import ROLE, role_text

_FENCE = re.compile(r"^(`{3,}|~{3,})\s*([\w+-]*)")
_RST_CODE = re.compile(r"^\.\.\s+(?:code-block|code|sourcecode)::\s*([\w+-]*)\s*$")
_QUOTE = re.compile(r"^\s{0,3}> ?")
_LINK = re.compile(r"\[([^\]\n]+)\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")
_RST_LINK = re.compile(r"`([^`<\n]+?)\s*<([^>\n]+)>`_{1,2}")
_RST_LITERAL = re.compile(r"``([^`\n]+)``")
# A table's first line: a Markdown row, a grid table's border, a simple table's border,
# a list-table row ("* - cell").
_TABLE_START = re.compile(r"^(?:\||\+[-=+]+\+$|=+(?: +=+)+$|\* - )")
# Roles that refer to a page or a term rather than name code: shown as words.
_PLAIN_ROLES = frozenset(
    "ref doc term abbr pep rfc download numref math sub sup emphasis strong guilabel "
    "menuselection title-reference".split()
)
_OPTION = re.compile(r"^\s+:([\w-]+):(.*)$")  # a directive's option, indented under it
_CALLABLE_ROLES = frozenset({"func", "meth"})
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
# A paragraph's closing "::" (a literal block follows): "Example::" reads "Example:",
# "Example: ::" reads "Example:", and "::" alone is not shown.
_LITERAL_MARK = re.compile(r"(\s*)::$")

Kind = Literal["text", "code"]


@dataclass(frozen=True, slots=True)
class Segment:
    kind: Kind
    text: str
    language: str = ""


@dataclass(frozen=True, slots=True)
class Link:
    """A link in prose: shown as a link where the target is a web address."""

    label: str
    url: str

    @property
    def web(self) -> bool:
        return self.url.startswith(("http://", "https://"))


def segments(
    excerpt: str, markup: str = "markdown", references: Mapping[str, str] | None = None
) -> list[Segment]:
    """The excerpt as prose and code segments, in order (`markup`: how its document is
    written, "markdown", "rst" or "mediawiki"; `references`: what its document's
    cross-references resolve to, `Document.references`)."""
    resolved = references or {}
    if markup == "mediawiki":
        return _wiki_segments(excerpt)
    lines = [_QUOTE.sub("", line, count=1) for line in excerpt.split("\n")]
    out: list[Segment] = []
    prose: list[str] = []
    i = 0
    expect_literal = False

    def flush() -> None:
        text = _join(prose, resolved)
        if text:
            out.append(Segment("text", text))
        prose.clear()

    while i < len(lines):
        line = lines[i]
        stripped = line.strip()
        fence = _FENCE.match(stripped)
        rst_code = _RST_CODE.match(stripped)
        if fence or rst_code:
            flush()
            language = fence.group(2) if fence else rst_code.group(1) if rst_code else ""
            i, code, caption = _code(lines, i, fence)
            out += [Segment("text", _join([caption], resolved))] if caption else []
            out.append(Segment("code", code, language))
        elif _TABLE_START.match(stripped):
            flush()
            i, table = _table(lines, i)
            out.append(Segment("code", table))
        elif expect_literal and stripped and line[:1].isspace():
            flush()
            i, code = _indented(lines, i)
            out.append(Segment("code", code))
        elif (note := note_label(stripped, markup)) is not None:
            label, alone = note
            prose += [label] if label else []
            if alone:
                flush()  # a content tab's name stands above its text
            i = _skip_blank(lines, i + 1) if label and not alone else i + 1
            expect_literal = False  # ".. note::" ends in "::" but opens no literal block
            continue
        else:
            item = ITEM.match(line)
            kept = line.rstrip() if item else stripped  # an item keeps its nesting
            prose.append(_LITERAL_MARK.sub(_literal_mark, kept))
            if not stripped:
                prose.append("")
            i += 1
        if stripped:
            expect_literal = stripped.endswith("::")
    flush()
    return out


def _skip_blank(lines: list[str], i: int) -> int:
    """The next line with text: a note's label reads on the line of the text it labels."""
    while i < len(lines) and not lines[i].strip():
        i += 1
    return i


def _literal_mark(match: re.Match[str]) -> str:
    return "" if match.group(1) or match.start() == 0 else ":"


def _code(lines: list[str], i: int, fence: re.Match[str] | None) -> tuple[int, str, str]:
    """A fenced block (to its closing fence) or an rst code directive (its indented body,
    without its options); and its caption, where the directive gives one."""
    if fence is None:
        j, caption = _directive_options(lines, i + 1)
        end, code = _indented(lines, j)
        return end, code, caption
    indent = len(lines[i]) - len(lines[i].lstrip())
    body = []
    j = i + 1
    while j < len(lines) and not lines[j].strip().startswith(fence.group(1)):
        body.append(lines[j][indent:] if lines[j][:indent].isspace() else lines[j].lstrip())
        j += 1
    return j + 1, "\n".join(body).strip("\n"), ""


def _directive_options(lines: list[str], i: int) -> tuple[int, str]:
    """The line after a directive's options (`:caption: example.py`, `:linenos:`: the
    indented field lines straight after it, never code), and its caption."""
    caption = ""
    while i < len(lines) and lines[i][:1].isspace() and (option := _OPTION.match(lines[i])):
        if option.group(1) == "caption":
            caption = option.group(2).strip()
        i += 1
    return i, caption


def _table(lines: list[str], i: int) -> tuple[int, str]:
    """A table (Markdown or reStructuredText: its lines up to a blank one), dedented."""
    j = i
    while j < len(lines) and lines[j].strip():
        j += 1
    body = lines[i:j]
    if all(x.lstrip().startswith(("|", "+")) for x in body):  # pipes and borders align
        return j, "\n".join(x.strip() for x in body)
    if body[0].startswith("* - ") and len(body) > 1:  # a list-table's rows, quoted from
        rows = [x for x in body[1:] if x.lstrip().startswith("* ")]  # the first "*" on
        cut = min(_indent(x) for x in rows) if rows else min(map(_indent, body[1:])) - 2
        return j, "\n".join([body[0].rstrip(), *(x[max(0, cut) :].rstrip() for x in body[1:])])
    cut = min(map(_indent, body))  # a simple table's columns are spaces
    return j, "\n".join(x[cut:].rstrip() for x in body)


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def _indented(lines: list[str], i: int) -> tuple[int, str]:
    while i < len(lines) and not lines[i].strip():
        i += 1
    j = i
    while j < len(lines) and (not lines[j].strip() or lines[j][:1].isspace()):
        j += 1
    body = lines[i:j]
    cut = min((len(x) - len(x.lstrip()) for x in body if x.strip()), default=0)
    return j, "\n".join(x[cut:] for x in body).strip("\n")


def _join(lines: list[str], resolved: Mapping[str, str] | None = None) -> str:
    """Hard-wrapped lines as one paragraph, a blank line keeping paragraphs apart, with
    reStructuredText's inline markup read as Markdown's."""
    text = _RST_LITERAL.sub(r"`\1`", _unwrap(lines))
    text = ROLE.sub(lambda match: _role(match, resolved or {}), text)
    return _unescaped(_RST_LINK.sub(r"[\1](\2)", text))


def _unwrap(lines: list[str]) -> str:
    paragraphs: list[str] = []
    current = ""
    nesting = Nesting()
    for line in lines:
        if not line:
            if current:
                paragraphs.append(current)
            current = ""
            continue
        item = ITEM.match(line)
        if item and not nesting.starts(item, current):
            item = None
        if item:  # a list item starts a line of its own, indented as deep as it nests
            if current:
                paragraphs.append(current)
            current = nesting.line(item, line[item.end() :])
        elif current.endswith("-") and line[:1].islower():
            current = current[:-1] + line  # a word hyphenated over the line end
        else:
            current = f"{current} {line}" if current else line
    if current:
        paragraphs.append(current)
    return "\n".join(paragraphs)


def _role(match: re.Match[str], resolved: Mapping[str, str]) -> str:
    """A reStructuredText role as it reads: code for an API name (:class:`~a.B` -> `B`),
    plain words for a cross-reference (:ref:`logging` -> the title it labels)."""
    name, shown = match.group(1).rsplit(":", 1)[-1], role_text(match.group(2))
    if "<" not in match.group(2):  # no explicit title: a cross-reference shows its target's
        shown = shown_reference(name, match.group(2), resolved) or shown
    if name in _PLAIN_ROLES:
        return shown
    titled = shown != match.group(2) and "<" in match.group(2)
    if name in _CALLABLE_ROLES and not titled and not shown.endswith(")"):
        shown += "()"  # as Sphinx shows them (its add_function_parentheses)
    return f"`{shown}`"


def _unescaped(text: str) -> str:
    """Backslash escapes ("\\*", "\\?") as the reader sees them, outside code spans."""
    parts = re.split(r"(`[^`\n]*`)", text)
    return "".join(part if part.startswith("`") else _ESCAPE.sub(r"\1", part) for part in parts)


def unwrapped(text: str) -> str:
    """Plain text with its hard-wrapped lines joined (a blank line still parts two
    paragraphs): how a reader sees a paragraph that a file wrapped at 72 columns."""
    return "\n\n".join(
        _unwrap([x.strip() for x in p.split("\n")]) for p in re.split(r"\n\s*\n", text.strip())
    )


def _wiki_segments(excerpt: str) -> list[Segment]:
    """A wiki page's excerpt as it reads on the wiki: prose without templates or
    references, links as their words (web links as links), bold as bold; tables as code."""
    out: list[Segment] = []
    lines = excerpt.split("\n")
    i = 0
    while i < len(lines):
        j = i
        table = lines[i].lstrip().startswith(_WIKI_TABLE)
        while j < len(lines) and lines[j].lstrip().startswith(_WIKI_TABLE) == table:
            j += 1
        if table:
            out.append(Segment("code", _wiki_table(lines[i:j])))
        else:
            text = _wiki_prose("\n".join(lines[i:j]))
            if text:
                out.append(Segment("text", text))
        i = j
    return out


_WIKI_TABLE = ("{|", "|", "!")
_WIKI_BOLD = re.compile(r"'''(.+?)'''")
_WIKI_ITALIC = re.compile(r"''(.+?)''")
_SPACE_BEFORE_STOP = re.compile(r"[ \t]+([.,;:!?])")


def _wiki_prose(text: str) -> str:
    """Wiki markup read: web links as Markdown links, then what the reader blanks
    (`mediawiki.markup_spans`: templates, references, link syntax...) cut out, so a link
    reads as its words; quotes as emphasis."""
    text = wiki.EXTERNAL.sub(_wiki_link, text)
    kept, pos = [], 0
    for start, end in sorted(wiki.markup_spans(text)):
        if end > pos:
            kept.append(text[pos : max(pos, start)])
            pos = end
    text = "".join(kept) + text[pos:]
    text = _WIKI_ITALIC.sub(r"*\1*", _WIKI_BOLD.sub(r"**\1**", text))
    text = _SPACE_BEFORE_STOP.sub(r"\1", re.sub(r"[ \t]{2,}", " ", text))
    return unwrapped(text)


def _wiki_link(match: re.Match[str]) -> str:
    """ "[https://x.org words]" as a Markdown link; a bare "[https://x.org]" as nothing."""
    if not match.group(1):
        return ""
    return f"[{match.group(1).strip()}]({match.group(0)[1:].split()[0]})"


def _wiki_table(lines: list[str]) -> str:
    """A wiki table's rows as lines of cells parted by " | " (a caption first)."""
    rows: list[str] = []
    cells: list[str] = []
    marker = ""
    for line in lines:
        stripped = line.strip()
        syntax = stripped.startswith(("{|", "|}", "|-"))
        caption = stripped.startswith("|+")
        if cells and (syntax or (not caption and stripped[:1] != marker)):
            rows.append(" | ".join(cells))
            cells = []
        if syntax:
            continue
        if caption:
            rows.append(_wiki_cell(stripped[2:]))
            continue
        marker = stripped[:1]
        cells += [_wiki_cell(c) for c in stripped[1:].split(marker * 2)]
    if cells:
        rows.append(" | ".join(cells))
    return "\n".join(rows)


def _wiki_cell(cell: str) -> str:
    attributes = wiki.CELL_ATTRIBUTES.match(cell)
    text = cell[attributes.end() :] if attributes else cell
    return " ".join(_wiki_prose(text).split())


def links(text: str) -> list[tuple[str, Link | None]]:
    """Prose split into plain runs and links, in order: (text, None) or (label, Link)."""
    out: list[tuple[str, Link | None]] = []
    position = 0
    for match in _LINK.finditer(text):
        if match.start() > position:
            out.append((text[position : match.start()], None))
        out.append((match.group(1), Link(match.group(1), match.group(2))))
        position = match.end()
    if position < len(text):
        out.append((text[position:], None))
    return out
