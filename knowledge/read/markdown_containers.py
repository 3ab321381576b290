"""Markdown containers with bodies: blockquotes and their notes, admonitions, colon and
indented containers (tabs), `<details>` and HTML headings.
"""

from __future__ import annotations

import re

from knowledge.read.blocks import Block
from knowledge.read.markdown_base import (
    COLON_CLOSE,
    COLON_FENCE,
    HTML_HEADING,
    HTML_HEADING_LINES,
    KINDS,
    NOTE_LABEL,
    QUOTE,
    SUMMARY,
    TAB,
    TITLE_WORDS,
    Line,
    ReaderState,
    block_start,
    clean_title,
    indent,
    join,
    offset_of_indent,
    title_or_nothing,
)


class ContainerReading(ReaderState):
    """Reads a container's body through the core reader, under the container's label."""

    def _html_heading(self, lines: list[Line], i: int) -> int | None:
        """An HTML heading (`<h1 align="center">`, as READMEs open), over a few lines at
        most: a heading of its level, titled by its text; returns the line after it."""
        opening = HTML_HEADING.match(self.line(lines[i]))
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
        summary = SUMMARY.search(content)
        if summary:
            self.summary = clean_title(summary.group(1))
            return "summary"
        if re.search(r"</details\s*>", content, re.IGNORECASE):
            return "details-end"
        return "skip"

    def _quote(self, lines: list[Line], i: int, label: str) -> int:
        body: list[Line] = []
        j = i
        while j < len(lines) and (prefix := QUOTE.match(self.line(lines[j]))):
            start, end = lines[j]
            self.blank.append((start, start + prefix.end()))
            body.append((start + prefix.end(), end))
            j += 1
        first = self._next_nonblank(body, 0)
        title: Line | None = None
        note_line: Line | None = None
        if first is not None and (note := NOTE_LABEL.match(self.line(body[first]))):
            self.blank.append(body[first])
            note_line = body[first] if _is_kind(note.group(1) or note.group(2)) else None
            label = join(label, title_or_nothing(note.group(1) or note.group(2)))
            body = body[first + 1 :]
        elif first is not None and self._plain_title(body, first):
            title, body = body[first], body[first + 1 :]
        opened = len(self.blocks)
        self.quote_depth += 1
        if title is not None:
            self._heading(title, 1, self.line(title).strip())
        self.container(body, label)
        self.quote_depth -= 1
        if note_line is not None:
            self.labelled(opened, note_line)
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
        if block_start(text):
            return False
        rest = self._next_nonblank(body, first + 1)
        if rest is None:
            return False
        following = self.line(body[rest]).strip()
        return len(following.split()) > len(words) and not block_start(following)

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
            if COLON_FENCE.match(text):
                inner += 1
            elif closing := COLON_CLOSE.match(text):
                if inner:
                    inner -= 1
                elif len(closing.group(1)) >= colons:
                    self.blank.append(lines[j])
                    break
            j += 1
        title = opening.group(3) or title_or_nothing(opening.group(2))
        before = len(self.blocks)
        self.container(lines[i + 1 : j], join(label, clean_title(title)))
        if _is_kind(opening.group(2)):
            self.labelled(before, lines[i])
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
            if text.strip() and indent(text) < 4:
                break
            start, end = lines[j]
            cut = min(len(text), offset_of_indent(text, 4))
            body.append((start + cut, end))
            j += 1
        while body and self.is_blank(body[-1]):
            body.pop()
        before = len(self.blocks)
        self.container(body, join(label, clean_title(title)))
        code_only = not any(b.kind != "heading" for b in self.blocks[before:])
        self.last_end = body[-1][1] if body else lines[i][1]
        is_tab = bool(TAB.match(self.line(lines[i])))
        if not is_tab:
            self.labelled(before, lines[i])
        return i + 1 + len(body), "code-tabs" if is_tab and code_only and body else "container"


def _is_kind(word: str) -> bool:
    """Whether a container's word names a kind of note ("tip", "warning")."""
    return clean_title(word).casefold().rstrip(":") in KINDS
