"""How a note's opening line and a list's items read once shown (see `display`).

A note opens with a line that names its kind or title: Sphinx's `.. note::`,
`.. admonition:: Title` and `.. versionadded:: 2.0`, Markdown's `!!! tip`, `:::tip` and
`> [!NOTE]`; it reads as the label those tools draw ("Note:", "Added in version 2.0:").
List items keep a line of their own, nested as deep as their source nests them.
"""

from __future__ import annotations

import re

from knowledge.model import LIST_MARKER
from knowledge.read.markdown_base import KINDS as NOTE_KINDS

# A note's opening line, its kind or title shown as Sphinx and the Markdown flavours show
# it: ".. note::", ".. admonition:: Title", ".. versionadded:: 2.0", ":::tip", "[!NOTE]".
# Markdown's content tabs (`=== "Windows"`) and admonitions (`!!! tip "Title"`).
_LABEL = re.compile(r'^(===\+?|!!!|\?\?\?\+?)\s*([\w-]+)?\s*(?:"([^"]*)")?\s*$')
_RST_NOTE = re.compile(r"^\.\.\s+([\w-]+)::[ \t]*(.*)$")
_COLON_NOTE = re.compile(r"^:{3,}\s*\{?([\w-]+)\}?(?:\s+(.*?))?\s*$")
_COLON_CLOSE = re.compile(r"^:{3,}$")
_ALERT = re.compile(r"^(?:\[!(\w+)\]|\*\*(\w+)\*\*)$")
_TITLED = frozenset({"admonition", "topic", "sidebar", "rubric"})
_VERSIONS = {
    "versionadded": "Added in version",
    "versionchanged": "Changed in version",
    "deprecated": "Deprecated since version",
    "versionremoved": "Removed in version",
}
# A list item's line: its indent, its marker ("-", "*", "+", "•", "1.", "2)", "#.").
ITEM = re.compile(r"^([ \t]*)(" + LIST_MARKER + r")[ \t]+(?=\S)")


def note_label(line: str, markup: str) -> tuple[str, bool] | None:
    """How a note's or a content tab's opening line reads ("Note:", "Added in version
    2.0:", a title; "" for none) and whether it stands on a line of its own (a tab's
    name); None for a line that opens neither."""
    if markup == "rst":
        label = _rst_label(line)
        return None if label is None else (label, False)
    if found := _LABEL.match(line):
        if found.group(1).startswith("="):  # a content tab: its name, then its text
            return (f"{found.group(3)}:" if found.group(3) else ""), True
        title = found.group(3) or kind_label(found.group(2) or "")
        return (f"{title}:" if title else ""), False
    if _COLON_CLOSE.match(line):
        return "", False
    if found := _COLON_NOTE.match(line):
        title = found.group(2) or kind_label(found.group(1))
        return (f"{title}:" if title else ""), False
    if found := _ALERT.match(line):
        kind = kind_label(found.group(1) or found.group(2))
        return (f"{kind}:", False) if kind else None
    return None


def _rst_label(line: str) -> str | None:
    """`.. note::`, `.. note:: Text`, `.. admonition:: Title`, `.. versionadded:: 2.0`."""
    found = _RST_NOTE.match(line)
    if found is None:
        return None
    name, argument = found.group(1).casefold(), found.group(2).strip()
    if name in _VERSIONS:
        return f"{_VERSIONS[name]} {argument}:".replace(" :", ":")
    if name in _TITLED:  # its argument is its title
        return f"{argument}:" if argument else ""
    kind = kind_label(name)
    return (f"{kind}: {argument}" if argument else f"{kind}:") if kind else None


def kind_label(name: str) -> str:
    """A note's kind as its label reads ("seealso" -> "See also"), or "" for a word that
    names no kind of note."""
    name = name.casefold()
    if name not in NOTE_KINDS:
        return ""
    return "See also" if name == "seealso" else name.capitalize()


class Nesting:
    """List items as Markdown nests them: each level indented under its parent's text,
    bullets as "-", numbers kept ("#." as "1.")."""

    def __init__(self) -> None:
        self.open: list[tuple[int, str]] = []  # (source indent, shown indent) per level

    def starts(self, item: re.Match[str], current: str) -> bool:
        """Whether the line is an item: a bullet always; a number where a paragraph or a
        list may start, or "1." ("in\n1917. the" is a wrapped sentence, as in Markdown)."""
        marker = item.group(2)
        return not marker[0].isdigit() or not current or bool(self.open) or marker[:-1] == "1"

    def line(self, item: re.Match[str], text: str) -> str:
        depth = len(item.group(1).expandtabs(4))
        while self.open and self.open[-1][0] >= depth:
            self.open.pop()
        marker = item.group(2)
        marker = "-" if marker in "-*+•" else "1." if marker[0] == "#" else marker
        indent = self.open[-1][1] if self.open else ""
        self.open.append((depth, indent + " " * (len(marker) + 1)))
        return f"{indent}{marker} {text.strip()}"
