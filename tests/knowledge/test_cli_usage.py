"""What the command line says when it is used wrongly or asked about itself (issue 10)."""

from __future__ import annotations

import io
from importlib import metadata
from pathlib import Path

import pytest

from knowledge.cli.cli import main


class Terminal(io.StringIO):
    """Standard input as a person at a terminal: nothing piped in."""

    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(
    ("option", "value"),
    [("--threshold", "1.5"), ("--threshold", "-0.1"), ("--threshold", "nan"), ("--limit", "0")],
)
def test_out_of_range_options_are_errors(
    option: str, value: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["ask", option, value, "when did stalin die"])
    assert exited.value.code == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert f"argument {option}" in captured.err


def test_the_edges_of_the_ranges_are_accepted(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "--json", "--threshold", "1", "--limit", "1", "when did stalin die"]) == 0
    assert main(["ask", "--json", "--threshold", "0", "when did stalin die"]) == 0
    assert capsys.readouterr().out.count("\n") == 2


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--version"])
    assert exited.value.code == 0
    assert capsys.readouterr().out.strip() == f"citebot {metadata.version('citebot')}"


def test_ask_with_no_question_at_a_terminal_says_how_to_use_it(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.stdin", Terminal("when did stalin die\n"))
    assert main(["ask"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert 'citebot ask "QUESTION"' in captured.err
    assert "citebot ask --json < questions.txt" in captured.err


def test_a_missing_question_set_is_file_not_found(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "nope.yaml"
    assert main(["eval", str(missing)]) == 2
    err = capsys.readouterr().err
    assert err.strip() == f"citebot: {missing}: file not found"
    assert "knowledge" not in err


def test_a_broken_question_set_is_not_called_a_knowledge_problem(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "set.yaml"
    broken.write_text("- q: [unclosed\n")
    assert main(["eval", str(broken)]) == 1
    err = capsys.readouterr().err
    assert "the question set has problems" in err
    assert "set.yaml" in err
    assert "knowledge folder" not in err
