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
        if node is not None and "*" in text:  # an alias is written `*name`: none, no bomb
            refuse_alias_bombs(node, name)
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        reason = getattr(exc, "problem", None) or str(exc)
        raise KnowledgeError(Problem(name, line, f"invalid YAML: {reason}")) from None
    finally:
        loader.dispose()
    return data, node


def parse_yaml(text: str, name: str) -> Any:
    """YAML text (a config, a manifest, front matter) parsed with aliases bounded; a
    KnowledgeError naming `name` and the line when it is not valid or is an alias bomb."""
    return read_yaml(Path(name), relative_to=Path(), text=text)[0]


def refuse_alias_bombs(root: yaml.Node, name: str) -> None:
    """A KnowledgeError when aliases make the document expand past `MAX_ALIASED_NODES`
    nodes more than it holds, or make a collection hold itself.

    The parser keeps an aliased node once, but whatever walks the data (str() of a title,
    an error message quoting an entry) meets it every time: nine nested aliases of nine
    made 3-4 GB and a MemoryError. Sizes are counted over the node graph, memoised, so the
    check takes time in proportion to the text, not to its expansion."""
    sizes: dict[int, int] = {}
    uses: dict[int, int] = {}
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    open_ids: set[int] = set()
    while stack:
        node, done = stack.pop()
        key = id(node)
        children = _children(node)
        if done:
            open_ids.discard(key)
            sizes[key] = min(1 + sum(sizes[id(c)] for c in children), 1 << 62)
            continue
        uses[key] = uses.get(key, 0) + 1
        if key in open_ids:
            raise _bomb(name, node, "an alias makes a collection hold itself")
        if key in sizes:
            continue
        open_ids.add(key)
        stack.append((node, True))
        stack.extend((c, False) for c in reversed(children))
    if sizes[id(root)] - len(sizes) > MAX_ALIASED_NODES:
        shared = [n for n in _nodes(root) if uses[id(n)] > 1 and _children(n)]
        worst = max(shared, key=lambda n: sizes[id(n)] * uses[id(n)])
        reason = f"aliases expand past {MAX_ALIASED_NODES} nodes (an alias bomb?): refused"
        raise _bomb(name, worst, reason)


MAX_ALIASED_NODES = 10_000


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    return []


def _nodes(root: yaml.Node) -> list[yaml.Node]:
    """Each distinct node once."""
    seen: dict[int, yaml.Node] = {}
    pending = [root]
    while pending:
        node = pending.pop()
        if id(node) not in seen:
            seen[id(node)] = node
            pending.extend(_children(node))
    return list(seen.values())


def _bomb(name: str, node: yaml.Node, reason: str) -> KnowledgeError:
    return KnowledgeError(Problem(name, node.start_mark.line + 1, f"invalid YAML: {reason}"))


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
