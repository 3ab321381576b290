"""The rooms: imports run one way through knowledge/ and bot/, with no cycles.

README's "Development" section draws the rooms; this walks the real imports (module- and
function-level; not those under TYPE_CHECKING, which are type hints only) and holds them
to that picture.
"""

from __future__ import annotations

import ast
from collections.abc import Mapping
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# Lower rooms never import higher ones. Rooms of one rank may import each other's modules
# (but never in a cycle: see test_no_import_cycles).
KNOWLEDGE_RANKS = {
    "knowledge.model": 0,
    "knowledge.words": 1,
    "knowledge.read": 2,
    "knowledge.index": 3,
    "knowledge.answer": 4,
    "knowledge.semantic": 4,
    "knowledge.store": 5,
    "knowledge.base": 6,
    "knowledge": 7,  # the public API, __init__.py
    "knowledge.cli": 8,
    "knowledge.__main__": 9,
}
BOT_RANKS = {
    "knowledge": 0,  # the engine, only through its public API (test_live_knowledge)
    "bot.feedback": 1,
    "bot.cluster": 1,
    "bot.state": 1,
    "bot.views": 2,
    "bot.cogs": 3,
    "bot.app": 4,
    "bot": 4,
    "bot.__main__": 5,
}
MAX_LINES = 400


def module_names(package: str) -> dict[str, Path]:
    names: dict[str, Path] = {}
    for path in sorted((ROOT / package).rglob("*.py")):
        if "data" in path.relative_to(ROOT / package).parts[:1]:
            continue  # development-time scripts, not the engine
        parts = path.relative_to(ROOT).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        names[name] = path
    return names


def runtime_imports(path: Path, known: Mapping[str, Path]) -> set[str]:
    """The known modules `path` imports when it runs (TYPE_CHECKING blocks left out)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    hints: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            hints.update(id(inner) for inner in ast.walk(node))
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in hints:
            continue
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name in known)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            for alias in node.names:
                child = f"{node.module}.{alias.name}"
                if child in known:
                    found.add(child)
                elif node.module in known:
                    found.add(node.module)
    return found


def graph(*packages: str) -> dict[str, set[str]]:
    known: dict[str, Path] = {}
    for package in packages:
        known.update(module_names(package))
    return {name: runtime_imports(path, known) - {name} for name, path in known.items()}


def cycles(edges: Mapping[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan's algorithm)."""
    order: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(name: str) -> None:
        order[name] = low[name] = len(order)
        stack.append(name)
        on_stack.add(name)
        for other in sorted(edges.get(name, ())):
            if other not in order:
                visit(other)
                low[name] = min(low[name], low[other])
            elif other in on_stack:
                low[name] = min(low[name], order[other])
        if low[name] == order[name]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == name:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for name in sorted(edges):
        if name not in order:
            visit(name)
    return found


def room_of(module: str, ranks: Mapping[str, int]) -> str:
    """The longest room name that `module` is, or lies inside."""
    candidates = [room for room in ranks if module == room or module.startswith(room + ".")]
    if not candidates:
        raise AssertionError(f"{module} lies in no room: add it to the ranks or move it")
    return max(candidates, key=len)


def upward_imports(edges: Mapping[str, set[str]], ranks: Mapping[str, int]) -> list[str]:
    wrong = []
    for name, imported in sorted(edges.items()):
        here = room_of(name, ranks)
        for other in sorted(imported):
            there = room_of(other, ranks)
            if ranks[there] > ranks[here]:
                wrong.append(f"{name} ({here}) imports {other} ({there})")
    return wrong


def test_no_import_cycles() -> None:
    assert cycles(graph("knowledge", "bot")) == []


def test_knowledge_rooms_import_downwards() -> None:
    edges = graph("knowledge")
    assert len(edges) > 40
    assert upward_imports(edges, KNOWLEDGE_RANKS) == []


def test_bot_rooms_import_downwards() -> None:
    edges = {
        name: {"knowledge" if dep.startswith("knowledge") else dep for dep in deps}
        for name, deps in graph("knowledge", "bot").items()
        if name.startswith("bot")
    }
    assert len(edges) > 30
    assert upward_imports(edges, BOT_RANKS) == []


def test_every_room_says_what_it_holds() -> None:
    for package in ("knowledge", "bot"):
        for init in sorted((ROOT / package).glob("*/__init__.py")):
            if init.parent.name == "data":
                continue
            doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8"))) or ""
            assert len(doc) > 80, f"{init.relative_to(ROOT)} needs a docstring naming its room"
            assert "import" in doc, f"{init.relative_to(ROOT)} should say what it may import"


def test_no_module_is_over_the_line_limit() -> None:
    long = {
        str(path.relative_to(ROOT)): lines
        for package in ("knowledge", "bot")
        for path in (ROOT / package).rglob("*.py")
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}


@pytest.mark.parametrize(
    ("edges", "expected"),
    [
        ({"a": {"b"}, "b": {"a"}, "c": set()}, [["a", "b"]]),
        ({"a": {"b"}, "b": {"c"}, "c": {"a"}}, [["a", "b", "c"]]),
        ({"a": {"b"}, "b": set()}, []),
    ],
)
def test_the_cycle_finder_finds_cycles(
    edges: dict[str, set[str]], expected: list[list[str]]
) -> None:
    assert cycles(edges) == expected


def test_the_walker_sees_an_upward_import_and_skips_type_hints(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        "from typing import TYPE_CHECKING\n"
        "from knowledge.base import load\n"
        "if TYPE_CHECKING:\n    from knowledge.cli import cli\n"
        "def later():\n    from knowledge.answer import answerer\n"
    )
    known = module_names("knowledge")
    found = runtime_imports(sample, known)
    assert found == {"knowledge.base", "knowledge.answer.answerer"}
    wrong = upward_imports({"knowledge.words.text": found}, KNOWLEDGE_RANKS)
    assert len(wrong) == 2
