"""bench/questions.py: every style, deterministic, distinct, and no evaluation question."""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
import questions
import synth

SENTENCES = [s.text for s in synth.source_sentences()]


def test_every_style_the_same_number_of_times() -> None:
    made = questions.generated(SENTENCES, 5, seed=1)
    for style in questions.STYLES:
        mine = [q.text for q in made if q.style == style]
        assert len(mine) == len(set(mine)) == 5, style
    assert made == questions.generated(SENTENCES, 5, seed=1)
    assert made != questions.generated(SENTENCES, 5, seed=2)


def test_typos_are_words_the_text_does_not_have() -> None:
    text = {w.casefold().strip(".,;:()\"'") for s in SENTENCES for w in s.split()}
    for q in questions.generated(SENTENCES, 10, seed=1):
        if q.style == "typo":
            assert any(w not in text for w in q.text.split()), q.text


def test_warm_up_questions_are_not_timed_ones() -> None:
    timed = questions.question_set(SENTENCES)
    warm = questions.warm_up(SENTENCES, timed)
    assert len(warm) == 20
    assert not {q.text for q in timed} & set(warm)


def test_the_article_questions_come_along() -> None:
    asked = questions.question_set(SENTENCES, 2)
    assert any(q.style == "article" and q.text == "when did stalin die" for q in asked)


def test_no_question_of_the_evaluation_sets() -> None:
    """The sets' questions measure answer quality: they must not leak into the repository."""
    sets = questions.DEV_SET.parent / "sets"
    held_out = set()
    for path in sets.glob("*/questions.yaml"):
        for item in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            held_out.add(str(item.get("q", "")).casefold())
    bench = Path(questions.__file__).parent
    mine = {q.text.casefold() for q in questions.question_set(SENTENCES)}
    mine |= {line.casefold() for line in (bench / "questions.txt").read_text().splitlines()}
    assert not mine & held_out
