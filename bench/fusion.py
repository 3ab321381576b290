"""Fit the blend of words and meaning (`knowledge.answer.fusion`) on the uncurated dev
texts together, and check it leave-one-text-out.

    python bench/fusion.py          # needs the semantic extra

Prints the grid's best settings over all texts (and the shipped ones' scores), then for
each text the settings fitted on the others and that text's hit@1 with them: a blend
that only fits the texts it was fitted on shows up there.
"""

from __future__ import annotations

import argparse
import itertools
import shutil
import sys
import tempfile
from functools import lru_cache
from pathlib import Path

import knowledge
from knowledge.answer import fusion
from knowledge.cli.evaluate import evaluate, read_questions

sys.path.insert(0, str(Path(__file__).resolve().parent))
from quality import eval_dir

GRID = {
    "LEXICAL_WEIGHT": [0.1, 0.2, 0.3, 0.4, 0.5],
    "DENSE": [2, 3, 4, 6],
    "LEXICAL_DEPTH": [3, 5, 8],
    "BEYOND": [0.3, 0.5, 0.7],
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--eval-dir", type=Path, default=eval_dir())
    parser.add_argument("--cache-dir", type=Path, default=Path.home() / ".cache" / "citebot-bench")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as bare:
        shutil.copy(knowledge.DEFAULT_KNOWLEDGE / "stalinism.txt", Path(bare) / "stalinism.txt")
        texts = [("article, uncurated", args.eval_dir / "dev.yaml", Path(bare))]
        for questions in sorted(args.eval_dir.glob("sets/*/questions.yaml")):
            texts.append((questions.parent.name, questions, questions.parent / "knowledge"))
        loaded = []
        for name, questions, folder in texts:
            kb = knowledge.load(folder, cache_dir=args.cache_dir, semantic=True)
            if kb.meaning is None:
                sys.exit(str(kb.meaning_status))
            remember(kb)
            loaded.append((name, kb, read_questions(questions)))
        shipped = {key: getattr(fusion, key) for key in GRID}
        scores: dict[tuple[object, ...], list[float]] = {}
        for values in itertools.product(*GRID.values()):
            for key, value in zip(GRID, values, strict=True):
                setattr(fusion, key, value)
            scores[values] = [hit1(kb, qs) for _, kb, qs in loaded]
        for key, value in shipped.items():
            setattr(fusion, key, value)
    names = [name for name, _, _ in loaded]
    print("settings: " + ", ".join(GRID))
    print("shipped  ", tuple(shipped.values()), _row(names, scores[tuple(shipped.values())]))
    best = max(scores, key=lambda v: (sum(scores[v]), v == tuple(shipped.values())))
    print("best, all", best, _row(names, scores[best]))
    for held, name in enumerate(names):
        fitted = max(scores, key=lambda v: sum(s for n, s in enumerate(scores[v]) if n != held))
        print(f"fitted without {name}: {fitted}; {name} hit@1 {scores[fitted][held]:.3f}")
    return 0


def hit1(kb: knowledge.KnowledgeBase, questions: list) -> float:
    report = evaluate(kb, questions)
    return report.hit1 / max(1, report.in_domain)


def remember(kb: knowledge.KnowledgeBase) -> None:
    """Embed each question once for the whole grid (the model is the slow part)."""
    assert kb.meaning is not None
    encoder = kb.meaning.encoder
    if not hasattr(encoder, "_bench_remembered"):
        encoder.encode_one = lru_cache(maxsize=None)(encoder.encode_one)
        encoder._bench_remembered = True


def _row(names: list[str], values: list[float]) -> str:
    return "  ".join(f"{n} {v:.3f}" for n, v in zip(names, values, strict=True)) + (
        f"  mean {sum(values) / len(values):.3f}"
    )


if __name__ == "__main__":
    raise SystemExit(main())
