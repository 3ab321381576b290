"""Every YAML file citebot reads refuses an alias bomb at once, naming file and line, and
checks the type of each field."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

import knowledge
from bot.state.settings import SettingsError
from bot.state.settings import load as load_settings
from knowledge.cli.cli import main

DOC = "# Plums\n\nPlums are stone fruit. They dry into prunes.\n"


def bomb(key: str, indent: str = "") -> str:
    """Nine nested aliases of nine: a billion strings once walked."""
    lines = [f'{indent}x0: &x0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for n in range(1, 10):
        lines.append(f"{indent}x{n}: &x{n} [{', '.join([f'*x{n - 1}'] * 9)}]")
    return "\n".join(lines) + f"\n{indent}{key}: *x9\n"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    path = tmp_path / "docs"
    path.mkdir()
    (path / "plums.md").write_text(DOC, encoding="utf-8")
    return path


def _refused(folder: Path) -> knowledge.Problem:
    started = time.perf_counter()
    with pytest.raises(knowledge.KnowledgeError) as caught:
        knowledge.load(folder)
    assert time.perf_counter() - started < 2  # refused, not expanded (3-4 GB before)
    return caught.value.problems[0]


def test_an_alias_bomb_in_a_manifest_title_is_refused_with_its_line(folder: Path) -> None:
    text = "documents:\n  - file: plums.md\n    title: *x9\n"
    (folder / "manifest.yaml").write_text(bomb("spare").replace("spare: *x9\n", "") + text)
    problem = _refused(folder)
    assert problem.file == "manifest.yaml"
    assert problem.line == 10  # where the aliased collection is
    assert "alias" in problem.reason


@pytest.mark.parametrize("name", ["faq.yaml", "synonyms.yaml"])
def test_an_alias_bomb_in_a_faq_or_synonyms_file_is_refused(folder: Path, name: str) -> None:
    (folder / name).write_text("- " + bomb("question", "  ").lstrip())
    problem = _refused(folder)
    assert (problem.file, "alias" in problem.reason) == (name, True)
    assert problem.line is not None


def test_an_alias_that_holds_itself_is_refused(folder: Path) -> None:
    (folder / "faq.yaml").write_text("- &e {id: a, question: *e}\n")
    assert "hold itself" in _refused(folder).reason


def test_an_alias_bomb_in_front_matter_is_no_title(folder: Path) -> None:
    front = "---\n" + bomb("title") + "---\n"
    (folder / "plums.md").write_text(front + DOC)
    started = time.perf_counter()
    kb = knowledge.load(folder)
    assert time.perf_counter() - started < 2
    assert [d.title for d in kb.documents] == ["Plums"]


def test_an_alias_bomb_in_the_config_is_refused_with_its_line(tmp_path: Path) -> None:
    config = tmp_path / "config.yaml"
    config.write_text("discord:\n" + bomb("token", "  "))
    started = time.perf_counter()
    with pytest.raises(SettingsError, match=r"config.yaml:11: invalid YAML: aliases expand"):
        load_settings(config, env={})
    assert time.perf_counter() - started < 2


def test_check_names_the_file_and_line_without_a_traceback(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (folder / "faq.yaml").write_text("- " + bomb("question", "  ").lstrip())
    assert main(["check", str(folder)]) != 0
    captured = capsys.readouterr()
    assert "faq.yaml:" in captured.out + captured.err
    assert "Traceback" not in captured.out + captured.err


@pytest.mark.parametrize(
    ("entry", "reason"),
    [
        ("title: [a, b]", "document title must be text, not list"),
        ("url: {a: 1}", "document url must be text, not dict"),
        ("title: 12", "document title must be text, not int"),
    ],
)
def test_each_manifest_field_has_its_type_checked(folder: Path, entry: str, reason: str) -> None:
    (folder / "manifest.yaml").write_text(f"documents:\n  - file: plums.md\n    {entry}\n")
    problem = _refused(folder)
    assert (problem.file, problem.line, problem.reason) == ("manifest.yaml", 2, reason)


def test_a_faq_id_must_be_text(folder: Path) -> None:
    (folder / "faq.yaml").write_text(
        "- id: [a, b]\n  question: What are plums?\n  answer: Plums are stone fruit.\n"
    )
    problem = _refused(folder)
    assert (problem.file, problem.line, problem.reason) == ("faq.yaml", 1, "id must be text")
