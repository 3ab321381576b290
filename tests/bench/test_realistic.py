"""bench/realistic.py: distinct, deterministic text in both heading styles, that loads."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

import knowledge

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
import realistic
import synth

# Stand-ins for the two dev texts (the real ones live outside the repository).
GUIDE = """# Guide

## Installing

Run the installer from the terminal to set up the tool on a new machine.
The installer writes its files to the home folder, under a hidden directory.
After installing, open a new shell so that the command is found on the path.

## Projects

A project keeps its settings in a file named after the tool, next to the code.
Each project has its own environment, created the first time you run a command.
"""
RULES = """# Rules

## Checks

Roll a twenty-sided die and add the modifier of the ability the check uses.
If the total equals or exceeds the Difficulty Class, the check succeeds.
The Game Master decides which ability applies, based on what the character attempts.
"""


@pytest.fixture(scope="module")
def sets(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("sets")
    for name, text in (("uv-docs", GUIDE), ("dnd-srd", RULES)):
        (root / name / "knowledge").mkdir(parents=True)
        (root / name / "knowledge" / "text.md").write_text(text, encoding="utf-8")
    return root


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_same_seed_same_bytes(tmp_path: Path, sets: Path) -> None:
    a, b, c = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    realistic.generate(1, a, seed=3, sets=sets)
    realistic.generate(1, b, seed=3, sets=sets)
    realistic.generate(1, c, seed=4, sets=sets)
    assert _files(a) == _files(b)
    assert _files(a) != _files(c)


def test_distinct_sentences_both_heading_styles_and_it_loads(tmp_path: Path, sets: Path) -> None:
    folder = tmp_path / "real-2x"
    documents, count = realistic.generate(2, folder, sets=sets)
    placed = synth.sentences_file(folder).read_text(encoding="utf-8").splitlines()
    assert count == len(placed) == 2 * len(synth.source_sentences())
    assert len(set(placed)) == len(placed)  # no sentence twice
    pool = set(realistic.pool_sentences(sets))
    assert sum(s in pool for s in placed) < len(placed) / 2  # most are rewritten
    texts = [p.read_text(encoding="utf-8") for p in folder.iterdir() if p.suffix == ".txt"]
    markdown = [p.read_text(encoding="utf-8") for p in folder.iterdir() if p.suffix == ".md"]
    assert texts
    assert markdown
    assert all(t.startswith("== ") for t in texts)
    assert all(t.startswith("# ") and "\n## " in t for t in markdown)
    kb = knowledge.load(folder)
    assert kb.counts()["documents"] == documents
    assert kb.counts()["sentences"] >= count * 0.95
    assert kb.answer("what was the great purge").answered


def test_vocabulary_grows_with_the_size(tmp_path: Path, sets: Path) -> None:
    def vocabulary(size: int) -> int:
        folder = tmp_path / f"v{size}"
        realistic.generate(size, folder, sets=sets)
        lines = synth.sentences_file(folder).read_text(encoding="utf-8").split()
        return len({w.casefold() for w in lines})

    one, four = vocabulary(1), vocabulary(4)
    assert four > 2 * one


def test_missing_dev_texts_say_where_they_were_expected(tmp_path: Path) -> None:
    with pytest.raises(SystemExit, match="needs the dev texts"):
        realistic.generate(1, tmp_path / "out", sets=tmp_path / "nowhere")
