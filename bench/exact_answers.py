"""Every answer, to the last bit, before and after an engine change that must not change any.

    python bench/exact_answers.py record before.json [--sizes 50] [--corpora synthetic,realistic]
    python bench/exact_answers.py compare before.json after.json

`bench/same_answers.py` compares the top excerpt, whether it answered and the confidence
on the dev questions. This compares the whole `Answer` (every excerpt with its score, the
confidence unrounded, the kind, the suggestions and their ids), at limits 1, 3, 5 and 10,
over many more questions: the dev questions and every style of bench/questions.py on the
bundled knowledge and each dev text, and on generated folders (bench/corpora.py) of the
sizes asked. Nothing recorded is kept in the repository.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from pathlib import Path

import corpora
import questions
import same_answers

import knowledge

LIMITS = (1, 3, 5, 10)


def _sentences(kb: knowledge.KnowledgeBase) -> list[str]:
    return [x.text for s in kb.topics for x in s.sentences if "\n" not in x.text]


def cases(sizes: list[int], names: list[str]) -> Iterator[tuple[str, Path | None, list[str]]]:
    """(name, folder or None for the bundled one, questions)."""
    for name, folder, asked in same_answers.question_sets():
        if name == "article":
            continue  # the article alone: the same text as the bundled, without its FAQ
        kb = knowledge.load(folder)
        own = [q for _, q in same_answers._questions(asked)]
        yield name, folder, own + [q.text for q in questions.question_set(_sentences(kb), 30)]
    for corpus in names:
        for size in sizes:
            found = corpora.knowledge_for(corpus, size)
            lines = found.lines()
            asked = [q.text for q in questions.question_set(lines, 30)]
            yield found.label, found.folder, asked


def record(out: Path, sizes: list[int], names: list[str]) -> None:
    found: dict[str, str] = {}
    for name, folder, asked in cases(sizes, names):
        kb = knowledge.load(folder)
        for n, text in enumerate(asked):
            for limit in LIMITS:
                found[f"{name}/{n}/{limit}"] = repr(kb.answer(text, limit=limit))
        print(f"{name}: {len(asked)} questions", flush=True)
    out.write_text(json.dumps(found, indent=0), encoding="utf-8")
    print(f"{len(found)} answers -> {out}")


def compare(before: Path, after: Path) -> int:
    old = json.loads(before.read_text(encoding="utf-8"))
    new = json.loads(after.read_text(encoding="utf-8"))
    differ = [k for k in old if new.get(k) != old[k]]
    for key in differ[:20]:
        print(f"{key}:\n  before {old[key]}\n  after  {new.get(key)}")
    print(f"{len(old)} answers compared, {len(differ)} differ")
    return len(differ)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=("record", "compare"))
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--sizes", default="50")
    parser.add_argument("--corpora", default=",".join(corpora.CORPORA))
    args = parser.parse_args()
    if args.command == "record":
        sizes = [int(s) for s in args.sizes.split(",") if s]
        record(args.files[0], sizes, [c for c in args.corpora.split(",") if c])
    else:
        sys.exit(1 if compare(args.files[0], args.files[1]) else 0)


if __name__ == "__main__":
    main()
