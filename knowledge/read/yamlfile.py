"""Reading YAML so that every problem can name its file and line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from knowledge.model import KnowledgeError, Problem

# libyaml's parser when PyYAML was built with it: ten times faster on a large FAQ.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_text(path: Path, *, relative_to: Path) -> str:
    """A file's text as UTF-8, or a KnowledgeError that names it."""
    name = _name(path, relative_to)
    try:
        return path.read_text(encoding="utf-8-sig")  # text mode: \r\n and \r read as \n
    except FileNotFoundError:
        raise KnowledgeError(Problem(name, None, "file not found")) from None
    except IsADirectoryError:
        raise KnowledgeError(Problem(name, None, "is a folder, not a file")) from None
    except UnicodeDecodeError as exc:
        raise KnowledgeError(Problem(name, None, f"not UTF-8 text ({exc.reason})")) from None
    except OSError as exc:
        raise KnowledgeError(Problem(name, None, f"cannot read: {exc.strerror}")) from None


def read_yaml(
    path: Path, *, relative_to: Path, text: str | None = None
) -> tuple[Any, yaml.Node | None]:
    """The parsed document and its node tree (for `item_lines`); `text` stands in for the file's.

    A syntax error becomes a KnowledgeError with the line the parser stopped at.
    """
    if text is None:
        text = read_text(path, relative_to=relative_to)
    name = _name(path, relative_to)
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        reason = getattr(exc, "problem", None) or str(exc)
        raise KnowledgeError(Problem(name, line, f"invalid YAML: {reason}")) from None
    finally:
        loader.dispose()
    return data, node


def item_lines(node: yaml.Node | None, key: str | None = None) -> list[int]:
    """1-based lines of a list's items or a mapping's keys; with `key`, of that key's value."""
    if key is not None:
        if not isinstance(node, yaml.MappingNode):
            return []
        node = next((v for k, v in node.value if k.value == key), None)
    if isinstance(node, yaml.SequenceNode):
        return [item.start_mark.line + 1 for item in node.value]
    if isinstance(node, yaml.MappingNode):
        return [k.start_mark.line + 1 for k, _ in node.value]
    return []


def _name(path: Path, relative_to: Path) -> str:
    try:
        return str(path.relative_to(relative_to))
    except ValueError:
        return str(path)


def read_yaml_list(
    path: Path, *, relative_to: Path, items: str, text: str | None = None
) -> tuple[str, list[tuple[Any, int | None]]]:
    """A YAML file that must hold a list: its display name and (item, line) pairs.

    An empty file is an empty list; anything but a list is a KnowledgeError naming `items`.
    """
    data, node = read_yaml(path, relative_to=relative_to, text=text)
    name = path.name if path.parent == relative_to else str(path)
    if data is None:
        return name, []
    if not isinstance(data, list):
        raise KnowledgeError(Problem(name, 1, f"the file must be a list of {items}"))
    lines: list[int | None] = [*item_lines(node)]
    lines += [None] * (len(data) - len(lines))
    return name, list(zip(data, lines, strict=True))
