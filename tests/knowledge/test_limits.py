"""A file too large, or nested too deeply, is skipped with a warning naming it; the rest
of the folder still serves."""

from __future__ import annotations

from pathlib import Path

import pytest

import knowledge
from knowledge.cli.cli import main

PLUMS = "# Plums\n\nPlums are stone fruit. They dry into prunes.\n"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    path = tmp_path / "docs"
    path.mkdir()
    (path / "plums.md").write_text(PLUMS, encoding="utf-8")
    return path


def _skipped(kb: knowledge.KnowledgeBase) -> dict[str, str]:
    assert [d.file for d in kb.documents] == ["plums.md"]  # the rest still serves
    assert kb.answer("what do plums dry into").answered
    return {p.file: p.reason for p in kb.warnings}


def test_a_file_past_the_default_size_limit_is_skipped(folder: Path) -> None:
    (folder / "huge.txt").write_text("Words fill this file. " * 500_000, encoding="utf-8")  # 11 MB
    assert "past the 10 MB limit for a file" in _skipped(knowledge.load(folder))["huge.txt"]


def test_the_size_limit_is_a_manifest_option(folder: Path) -> None:
    (folder / "big.md").write_text("# Big\n\n" + "A sentence of words. " * 1000, encoding="utf-8")
    (folder / "manifest.yaml").write_text(
        "documents:\n  - file: plums.md\n  - file: big.md\noptions:\n  max_file_mb: 0.01\n",
        encoding="utf-8",
    )
    assert "past the 0.01 MB limit" in _skipped(knowledge.load(folder))["big.md"]


def test_a_bad_size_limit_names_the_option(folder: Path) -> None:
    (folder / "manifest.yaml").write_text(
        "documents:\n  - file: plums.md\noptions:\n  max_file_mb: lots\n", encoding="utf-8"
    )
    with pytest.raises(knowledge.KnowledgeError, match=r"options\.max_file_mb must be a number"):
        knowledge.load(folder)


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("list.md", "".join("  " * i + f"- item {i}.\n" for i in range(2000))),  # 4 MB
        ("quotes.md", "".join(">" * i + f" line {i}.\n" for i in range(995, 1005))),
        ("list.rst", "".join("  " * i + f"- item {i}.\n\n" for i in range(2000))),
        ("list.wiki", "== Deep ==\n" + "".join("*" * i + f" item {i}.\n" for i in (999, 1001))),
    ],
)
def test_a_document_nested_past_the_depth_limit_is_skipped(
    folder: Path, name: str, text: str
) -> None:
    (folder / name).write_text("Intro sentence here.\n\n" + text, encoding="utf-8")
    reason = _skipped(knowledge.load(folder))[name]
    assert reason.startswith("line ")
    assert reason.endswith(": not read")
    assert "nested past 1000 levels" in reason or "indented past 1024 columns" in reason


def test_check_names_a_skipped_file(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (folder / "quotes.md").write_text("".join(">" * i + " x.\n" for i in range(990, 1010)))
    assert main(["check", str(folder)]) == 0
    assert "quotes.md: line 12: quotes nested past 1000 levels: not read" in capsys.readouterr().out
