"""The index as arrays answers every evaluation question as the dict-based index did.

`same_answers.json` holds SHA-256 digests of (set, question id, top excerpt, answered),
recorded with `python bench/same_answers.py digests` before the change: the questions'
text stays out of the repository, read at test time from `bench/dev.yaml` and from the
evaluation sets beside the repository (`../shared/eval/sets`).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "bench"))
import same_answers  # noqa: E402

RECORDED = json.loads((Path(__file__).with_name("same_answers.json")).read_text())


def test_the_same_top_excerpt_for_every_dev_question() -> None:
    changed = [
        f"{name}/{qid}"
        for name, qid, answer in same_answers.answers()
        if RECORDED[f"{name}/{qid}"] != same_answers.digest(name, qid, answer)
    ]
    assert changed == []


def test_the_evaluation_sets_were_compared() -> None:
    if not same_answers.EVAL.is_dir():
        pytest.skip(f"no evaluation sets at {same_answers.EVAL}")
    names = {name for name, _, _ in same_answers.question_sets()}
    assert {"bundled", "article", "dnd-srd", "uv-docs"} <= names
