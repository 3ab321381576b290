"""bench/synth.py: the synthetic knowledge is deterministic and loads."""

from __future__ import annotations

import sys
from pathlib import Path

import knowledge

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
import synth


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_same_seed_same_bytes(tmp_path: Path) -> None:
    a, b, c = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    synth.generate(2, a, seed=7)
    synth.generate(2, b, seed=7)
    synth.generate(2, c, seed=8)
    assert _files(a) == _files(b)
    assert synth.sentences_file(a).read_bytes() == synth.sentences_file(b).read_bytes()
    assert _files(a) != _files(c)


def test_two_times_folder_loads(tmp_path: Path) -> None:
    folder = tmp_path / "synth-2x"
    documents, sentences = synth.generate(2, folder)
    assert sentences == 2 * len(synth.source_sentences())
    kb = knowledge.load(folder)
    counts = kb.counts()
    assert counts["documents"] == documents > 1
    assert counts["sentences"] >= sentences * 0.95
    assert kb.answer("what was the great purge").answered
