"""Where an answer's time goes, step by step, over questions of every style.

    python bench/answer_steps.py [--knowledge PATH | --corpus realistic --size 500] [--rounds 3]

Each step of `Answerer.answer` is wrapped in a timer (the wrapping adds ~1 µs a call);
the figures are mean milliseconds per question, over distinct questions of every style
(bench/questions.py), each answered once a round after a warm-up. "other" is the rest
of `answer` (confidence, excerpts, suggestions). For a profile by function, run with
--cprofile.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import corpora
import questions

import knowledge
from knowledge.answer import answerer, scoring
from knowledge.index import index

# (label, owner, attribute): the steps, as the answer runs them.
STEPS: tuple[tuple[str, Any, str], ...] = (
    ("plan (query)", index.Index, "query"),
    ("term matches", index.Index, "matches"),
    ("candidates", answerer, "best_positions"),
    ("section coverage", scoring.PassageScorer, "section_coverage"),
    ("passages", scoring.PassageScorer, "passages"),
    ("phrase bonus", scoring.PassageScorer, "phrase_bonus"),
    ("FAQ matching", answerer.Answerer, "_faq_candidates"),
    ("topics", answerer.Answerer, "_topic_candidates"),
    ("distinct excerpts", answerer.Answerer, "_distinct"),
)


def timed(spent: dict[str, float], label: str, function: Callable[..., Any]) -> Callable[..., Any]:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            spent[label] = spent.get(label, 0.0) + time.perf_counter() - started

    return wrapper


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--knowledge", type=Path, default=None)
    parser.add_argument("--corpus", choices=corpora.CORPORA)
    parser.add_argument("--size", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--cprofile", action="store_true")
    args = parser.parse_args()
    folder = args.knowledge
    if args.corpus:
        folder = corpora.knowledge_for(args.corpus, args.size).folder
    kb = knowledge.load(folder)
    sentences = [x.text for s in kb.topics for x in s.sentences if "\n" not in x.text]
    asked = questions.question_set(sentences)
    texts = [q.text for q in asked]
    for text in questions.warm_up(sentences, asked):
        kb.answer(text)
    if args.cprofile:
        profile = cProfile.Profile()
        profile.enable()
        for _ in range(args.rounds):
            for text in texts:
                kb.answer(text)
        profile.disable()
        pstats.Stats(profile).sort_stats("cumulative").print_stats(40)
        return
    spent: dict[str, float] = {}
    for label, owner, name in STEPS:
        setattr(owner, name, timed(spent, label, getattr(owner, name)))
    total = 0.0
    for _ in range(args.rounds):
        for text in texts:
            started = time.perf_counter()
            kb.answer(text)
            total += time.perf_counter() - started
    count = args.rounds * len(texts)
    steps = sum(spent.values())
    print(f"{folder or 'bundled knowledge'}: {len(texts)} questions x {args.rounds} rounds")
    for label, _, _ in STEPS:
        print(f"  {label:18} {spent.get(label, 0.0) / count * 1000:7.3f} ms")
    print(f"  {'other':18} {(total - steps) / count * 1000:7.3f} ms")
    print(f"  {'answer (all)':18} {total / count * 1000:7.3f} ms")


if __name__ == "__main__":
    main()
