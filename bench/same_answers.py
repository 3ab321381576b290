"""Answers before and after an engine change, to show a change keeps them the same.

Every question of `bench/dev.yaml` (on the bundled knowledge, and on the article alone in
a temporary folder) and of each evaluation set beside the repository
(`../shared/eval/sets/*/questions.yaml`, on its own `knowledge/` folder) is answered.

    python bench/same_answers.py record before.json   # full answers (not kept in the repo)
    python bench/same_answers.py compare before.json after.json
    python bench/same_answers.py digests tests/knowledge/same_answers.json

The digests file holds only SHA-256 digests of (set, question id, top excerpt, answered):
no question's text enters the repository.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import yaml

import knowledge

REPO = Path(__file__).resolve().parents[1]
DEV = REPO / "bench" / "dev.yaml"
EVAL = REPO.parent / "shared" / "eval" / "sets"
ARTICLE = REPO / "knowledge" / "corpus" / "stalinism.txt"


def _questions(path: Path) -> list[tuple[str, str]]:
    return [(str(q["id"]), str(q["q"])) for q in yaml.safe_load(path.read_text())]


def question_sets(eval_sets: Path = EVAL) -> Iterator[tuple[str, Path | None, Path]]:
    """(name, knowledge folder or None for the bundled one, questions file)."""
    yield "bundled", None, DEV
    yield "article", ARTICLE, DEV  # copied alone into a temporary folder
    for questions in sorted(eval_sets.glob("*/questions.yaml")):
        yield questions.parent.name, questions.parent / "knowledge", questions


def answers(eval_sets: Path = EVAL) -> Iterator[tuple[str, str, knowledge.Answer]]:
    """(set name, question id, answer) for every question of every set."""
    for name, source, questions in question_sets(eval_sets):
        with tempfile.TemporaryDirectory() as tmp:
            folder = source
            if source is not None and source.is_file():
                shutil.copy(source, tmp)
                folder = Path(tmp)
            kb = knowledge.load(folder)
            for qid, text in _questions(questions):
                yield name, qid, kb.answer(text)


def digest(name: str, qid: str, answer: knowledge.Answer) -> str:
    """SHA-256 of (set, question id, top excerpt, answered): comparable, not readable."""
    top = answer.excerpts[0].text if answer.excerpts else ""
    key = json.dumps([name, qid, top, answer.answered])
    return hashlib.sha256(key.encode()).hexdigest()


def record(out: Path) -> None:
    found = {
        f"{name}/{qid}": {**a.to_dict(), "raw_confidence": a.confidence}
        for name, qid, a in answers()
    }
    out.write_text(json.dumps(found, indent=1, ensure_ascii=False))
    print(f"{len(found)} answers -> {out}")


def compare(before_file: Path, after_file: Path) -> int:
    before = json.loads(before_file.read_text())
    after = json.loads(after_file.read_text())
    differ = 0
    for key, old in before.items():
        new = after.get(key)
        if new is None:
            print(f"{key}: missing after")
            differ += 1
            continue
        top = [(e["text"] if e else "") for e in (old["answer"][:1] or [None])]
        top_new = [(e["text"] if e else "") for e in (new["answer"][:1] or [None])]
        problems = []
        if top != top_new:
            problems.append("top excerpt")
        if old["answered"] != new["answered"]:
            problems.append("answered")
        if abs(old["raw_confidence"] - new["raw_confidence"]) > 1e-6:
            problems.append(f"confidence {old['raw_confidence']} -> {new['raw_confidence']}")
        if problems:
            differ += 1
            print(f"{key}: " + ", ".join(problems))
    print(f"{len(before)} questions compared, {differ} differ")
    return differ


def digests(out: Path) -> None:
    found = {f"{name}/{qid}": digest(name, qid, a) for name, qid, a in answers()}
    out.write_text(json.dumps(found, indent=0, sort_keys=True) + "\n")
    print(f"{len(found)} digests -> {out}")


if __name__ == "__main__":
    command, *paths = sys.argv[1:]
    if command == "record":
        record(Path(paths[0]))
    elif command == "compare":
        sys.exit(1 if compare(Path(paths[0]), Path(paths[1])) else 0)
    elif command == "digests":
        digests(Path(paths[0]))
    else:
        sys.exit(__doc__)
