"""How deeply a document nests, checked before any reader walks it.

Every reader handles nesting (lists in lists, quotes in quotes, indented blocks) line by
line and level by level, and reads structures nested past reason as plain text; but
indentation costs it time with the square of its depth (an indented list 1,000 levels
deep: 1 s; 1,500: 2-3.5 s; 10,000: minutes). Real documents nest a handful of levels; one
indented past `MAX_INDENT` columns, or nesting quotes or wiki list markers past
`MAX_DEPTH`, is skipped with a warning naming it and the line, and the rest of the folder
still serves. The checks are regular expressions over the whole text: milliseconds for a
10 MB file.
"""

from __future__ import annotations

import re

MAX_DEPTH = 1000  # quote or wiki list markers on one line (read in linear time up to here)
MAX_INDENT = 1024  # columns of leading whitespace: an indented list ~500 levels deep

_QUOTES = re.compile(rf"^(?:[ \t]{{0,3}}>){{{MAX_DEPTH + 1}}}", re.MULTILINE)
_WIKI_LIST = re.compile(rf"^[*#:;]{{{MAX_DEPTH + 1}}}", re.MULTILINE)
_INDENT = re.compile(rf"^[ \t]{{{MAX_INDENT + 1}}}", re.MULTILINE)


def too_deep(text: str) -> str | None:
    """Why a document nests too deeply to be read, or None."""
    for pattern, what in (
        (_QUOTES, f"quotes nested past {MAX_DEPTH} levels"),
        (_WIKI_LIST, f"list markers nested past {MAX_DEPTH} levels"),
        (_INDENT, f"lines indented past {MAX_INDENT} columns (nested too deeply)"),
    ):
        found = pattern.search(text)
        if found is not None:
            line = text.count("\n", 0, found.start()) + 1
            return f"line {line}: {what}: not read"
    return None
