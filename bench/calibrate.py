"""Fit the confidence model across every development text, and check it leave-one-text-out.

    python bench/calibrate.py          # prints the fitted coefficients and both checks

For each text (the bundled article without its curated files, and every set under
`../shared/eval/sets/`), every question is answered and the features of its best passage
(`knowledge.answer.calibration.Features`) recorded: questions the text answers are positives,
questions it does not are negatives. A logistic regression is fitted on all texts
together, then once per text on the others only, and scored on that text: a coefficient
that only helps one text shows up as a gap between the two figures.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

import numpy as np

import knowledge
from knowledge.answer.calibration import COEFFICIENTS
from knowledge.cli.evaluate import read_questions

sys.path.insert(0, str(Path(__file__).parent))
from quality import eval_dir

L2 = 0.1  # a little shrinkage: a coefficient must earn its size on every text


def features(kb: knowledge.KnowledgeBase, question: str) -> list[float] | None:
    """The features of the best passage for a question (None: nothing matched at all)."""
    answerer = kb._answerer
    query = answerer.index.query(question)
    if not query.terms or query.total_weight <= 0:
        return None
    ranked = answerer._rank(query)
    if not ranked:
        return None
    return [float(x) for x in answerer.features(query, ranked[0])]


def collect(kb: knowledge.KnowledgeBase, questions: Path) -> tuple[np.ndarray, np.ndarray]:
    rows, labels = [], []
    for question in read_questions(questions):
        found = features(kb, question.q)
        if found is not None:
            rows.append(found)
            labels.append(0.0 if question.off_topic else 1.0)
    return np.array(rows), np.array(labels)


def fit(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Logistic regression by Newton's method, both classes weighing the same in all (a
    decline where an answer was due and an answer to another topic cost alike); returns
    weights then bias."""
    design = np.hstack([x, np.ones((len(x), 1))])
    balance = np.where(y == 1, 0.5 / max(1, y.sum()), 0.5 / max(1, (1 - y).sum())) * len(y)
    w = np.zeros(design.shape[1])
    penalty = L2 * np.eye(len(w))
    penalty[-1, -1] = 0.0
    for _ in range(50):
        p = 1 / (1 + np.exp(-np.clip(design @ w, -30, 30)))
        gradient = design.T @ (balance * (p - y)) + penalty @ w
        hessian = design.T @ (design * (balance * p * (1 - p))[:, None]) + penalty
        w -= np.linalg.solve(hessian, gradient)
    return w


def rates(w: np.ndarray, x: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """(off-topic rejected, in-domain falsely rejected) at the 0.5 threshold."""
    p = 1 / (1 + np.exp(-np.clip(np.hstack([x, np.ones((len(x), 1))]) @ w, -30, 30)))
    answered = p >= 0.5
    return float(np.mean(~answered[y == 0])), float(np.mean(~answered[y == 1]))


def main() -> int:
    root = eval_dir()
    with tempfile.TemporaryDirectory() as bare:
        shutil.copy(knowledge.DEFAULT_KNOWLEDGE / "stalinism.txt", bare)
        texts = {"article": (knowledge.load(bare), root / "dev.yaml")}
        for questions in sorted(root.glob("sets/*/questions.yaml")):
            name = questions.parent.name
            texts[name] = (knowledge.load(questions.parent / "knowledge"), questions)
        data = {name: collect(kb, questions) for name, (kb, questions) in texts.items()}
    every_x = np.vstack([x for x, _ in data.values()])
    every_y = np.concatenate([y for _, y in data.values()])
    fitted = fit(every_x, every_y)
    print("coefficients:", "(" + ", ".join(f"{v:.3f}" for v in fitted) + ")")
    print(f"{'text':<12} {'current':>18} {'fitted on all':>18} {'left out':>18}")
    for name, (x, y) in data.items():
        others = [n for n in data if n != name]
        held = fit(
            np.vstack([data[n][0] for n in others]), np.concatenate([data[n][1] for n in others])
        )
        cells = [rates(np.array(COEFFICIENTS), x, y), rates(fitted, x, y), rates(held, x, y)]
        shown = ["off {:.2f} / fr {:.2f}".format(*c) for c in cells]
        print(f"{name:<12} {shown[0]:>18} {shown[1]:>18} {shown[2]:>18}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
