"""What every part of the Markdown reader shares: its patterns, limits and state.

The reader (`knowledge.read.markdown`) is split by what it reads: the core (paragraphs,
headings, code) there, tables and lists in `markdown_lists`, containers with bodies
(blockquotes, admonitions, colon and indented containers, HTML) in `markdown_containers`.
Each part is a mixin over `ReaderState`.
"""

from __future__ import annotations

import re

from knowledge.read.blocks import Block, headed

Line = tuple[int, int]  # a line's content (after its containers' prefixes) and its end

MAX_NESTING = 32  # quotes, lists and containers nested deeper are read as plain text
HEADING_CODE_WORDS = 12  # a code block straight under a heading this short is a unit
HTML_HEADING_LINES = 6  # an HTML heading closes within this many lines, or is none
TITLE_WORDS = 8  # a blockquote's first line of at most this many words may be its title
FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.S)
FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
RULE = re.compile(r"^ {0,3}(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})$")
ITEM = re.compile(r"^( {0,3})([-*+]|\d{1,9}[.)])([ \t]+|$)")
QUOTE = re.compile(r"^ {0,3}> ?")
ADMONITION = re.compile(r'^(?:!!!|\?\?\?\+?)[ \t]*([\w-]+)(?:[ \t]+"([^"]*)")?[ \t]*$')
TAB = re.compile(r'^===\+?[ \t]+"([^"]*)"[ \t]*$')
# Docusaurus, VitePress and MyST containers: ":::tip Title" ... ":::" (more colons nest).
COLON_FENCE = re.compile(r"^ {0,3}(:{3,})[ \t]*\{?([\w-]+)\}?(?:[ \t]+(.*?))?[ \t]*$")
COLON_CLOSE = re.compile(r"^ {0,3}(:{3,})[ \t]*$")
# MDX pages open with import and export statements: code, never text.
MDX_STATEMENT = re.compile(
    r"^(?:import\s.*\bfrom\s+['\"]|import\s+['\"{]|export\s+(?:const|let|var|default|function|class)\b)"
)
DELIMITER = re.compile(r"^ {0,3}\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$")
CAPTION = re.compile(r"^ {0,3}(?:Table:|:)[ \t]+(\S.*)$")
HTML_LINE = re.compile(r"^[ \t]*(?:</?[A-Za-z][^>]*>[ \t]*)+$")
HTML_HEADING = re.compile(r"^ {0,3}<h([1-6])(?:\s[^>]*)?>", re.IGNORECASE)
SUMMARY = re.compile(r"<summary>(.*?)</summary>", re.IGNORECASE)
# Attribute lists (Markdown extra, MkDocs `attr_list`, Pandoc): `{: .class }`, `{#id}`.
ATTRIBUTES = r"\{:?[ \t]*([#.][^{}\n]*|[\w-]+=[^{}\n]*)\}"
ATTRIBUTES_AFTER = re.compile(r"[ \t]*" + ATTRIBUTES + r"[ \t]*$")
ATTRIBUTE_LINE = re.compile(r"^[ \t]*\{:[^{}\n]*\}[ \t]*$")
IMAGE_LINE = re.compile(
    r"^[ \t]*(?:\[?!\[[^\]]*\]\([^)]*\)(?:\]\([^)]*\))?(?:" + ATTRIBUTES + r")?[ \t]*)+$"
)
LINK_DEFINITION = re.compile(r"^ {0,3}\[[^\]]+\]:[ \t]*\S+")
# Admonition kinds say how to read a note, not what it is about: they label nothing.
KINDS = frozenset(
    """note tip hint info important warning caution danger attention error bug example
    abstract summary tldr success check done question help faq failure fail missing quote
    cite seealso todo""".split()
)
NOTE_LABEL = re.compile(r"^[ \t]*(?:\*\*([^*]+)\*\*|\[!(\w+)\])[ \t]*$")
# A line of bold text alone is a title people write in place of a heading.
BOLD_LINE = re.compile(r"^[ \t]*(?:\*\*([^*\n]+?)\*\*|__([^_\n]+?)__)[ \t]*:?[ \t]*$")
ENDS_SENTENCE = re.compile(r"[.!?][\"'”’)\]*_]*[ \t]*$")
RUN_IN = re.compile(r"^(?:\*\*|__)([^*_\n]{2,80}?)[.:]?(?:\*\*|__)")
LINK_ONLY = re.compile(r"^[ \t]*(?:\[[^\]]*\]\([^)]*\)[ \t,;.:]*)+$")
# Inline markup whose characters are not words of the text: link targets, images, tags.
INLINE = re.compile(
    r"!\[[^\]\n]*\]\([^)\n]*\)"  # an image
    r"|\]\([^)\n]*\)"  # a link's target: "](url)"
    r"|\]\[[^\]\n]*\]"  # a reference link's label
    r"|<https?://[^>\n]*>"  # an autolink
    r"|</?[A-Za-z][^>\n]*>"  # an HTML tag
)


class ReaderState:
    """The reader's state and line access, shared by its parts."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.source = text  # the text with front matter and comments blanked
        self.blank: list[tuple[int, int]] = []
        self.blocks: list[Block] = []
        self.quote_depth = 0  # headings inside blockquotes are sidebars
        self.last_end = 0  # where the last code block, table, list or container ended
        self.summary = ""  # the label a <details> block's <summary> gave
        self.depth = 0  # containers being read: 1 is the document itself
        # List items being read, outermost first: (its marker's offset, its paragraph's
        # end). A nested item is quoted with its parent's line, as a row with its header.
        self.items: list[tuple[int, int]] = []
        self.marker_at = 0  # where the marker of the item about to be read is

    def line(self, line: Line) -> str:
        return self.source[line[0] : line[1]]

    def labelled(self, first: int, opening: Line) -> None:
        """The paragraphs of a note read from block `first` on are quoted with its opening
        line (`!!! tip`, `> [!NOTE]`), which reads as its label ("Tip:")."""
        headed(self.blocks, first, opening)

    def is_blank(self, line: Line) -> bool:
        return not self.line(line).strip()

    def _next_nonblank(self, lines: list[Line], i: int) -> int | None:
        while i < len(lines) and self.is_blank(lines[i]):
            i += 1
        return i if i < len(lines) else None

    def container(self, lines: list[Line], label: str, *, item: bool = False) -> None:
        """Read one container's body (the core reader does; the parts call it)."""
        raise NotImplementedError

    def _heading(self, line: Line, level: int, raw: str) -> None:
        raise NotImplementedError

    def _interrupts(self, lines: list[Line], j: int) -> bool:
        raise NotImplementedError


def clean_title(raw: str) -> str:
    """A heading as people read it: no code ticks, emphasis or link syntax."""
    title = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", raw)
    title = title.replace("`", "")
    return re.sub(r"(?<!\w)[*_]+|[*_]+(?!\w)", "", title).strip()


def indent(line: str) -> int:
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


def offset_of_indent(text: str, width: int) -> int:
    """How many characters of `text` make up its first `width` columns of indentation."""
    column = 0
    for position, char in enumerate(text):
        if column >= width or char not in " \t":
            return position
        column += 4 - column % 4 if char == "\t" else 1
    return len(text)


def block_start(text: str) -> bool:
    """Whether a line opens something other than a paragraph (heading, list, code, ...)."""
    return bool(
        ATX.match(text)
        or ITEM.match(text)
        or FENCE.match(text)
        or QUOTE.match(text)
        or ADMONITION.match(text)
        or TAB.match(text)
        or "|" in text
        or text.startswith(("<", "!", "[", "`", "*", "_"))
    )


def title_or_nothing(kind: str) -> str:
    """A note's own title; "Note", "Tip" and the like are no title."""
    title = clean_title(kind)
    return "" if title.casefold().rstrip(":") in KINDS else title


def join(*labels: str) -> str:
    return " › ".join(x for x in labels if x)
