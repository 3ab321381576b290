"""The large-knowledge path: a word in thousands of sentences is walked as arrays, the
rarer words still decide, and candidates are chosen among sentences some word matches."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import knowledge
from knowledge.answer.scoring import best_positions, rank_key
from knowledge.index.index import Index, Matches


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> knowledge.KnowledgeBase:
    folder = tmp_path_factory.mktemp("orchard")
    lines = ["== Regions =="]
    lines += [f"Apples are sold in market number {n} by farmers." for n in range(3000)]
    lines += ["== Varieties ==", "The zebra apple grows only in Kent, near the coast."]
    (folder / "orchard.txt").write_text("Apples everywhere.\n\n" + "\n".join(lines) + "\n")
    return knowledge.load(folder)


def test_a_common_word_does_not_drown_the_rare_one(big: knowledge.KnowledgeBase) -> None:
    answer = big.answer("where does the zebra apple grow").to_dict()
    assert "Kent" in answer["answer"][0]["text"]
    index: Index = big._index
    assert index.postings.count("appl") > 3000


def _matches(sentences: dict[int, float]) -> Matches:
    positions = np.array(sorted(sentences), dtype=np.int32)
    strengths = np.array([sentences[p] for p in sorted(sentences)])
    empty = (np.zeros(0, dtype=np.int32), np.zeros(0))
    return Matches((positions, strengths), empty, np.zeros(1))


def test_candidates_are_the_best_with_ties_to_the_earlier_sentence() -> None:
    matched = [_matches(dict.fromkeys(range(10, 500), 1.0)), _matches({7: 1.0, 900: 1.0})]
    chosen = best_positions([1.0, 2.0], matched, 5, 1000)
    assert chosen.tolist() == [7, 900, 10, 11, 12]
    assert best_positions([1.0], [_matches({})], 5, 1000).tolist() == []


def test_candidates_are_those_of_a_full_sort_on_many_ties() -> None:
    """The cut-off found by a partial sort keeps exactly what sorting every score would."""
    rng = np.random.default_rng(5)
    for _ in range(20):
        count = int(rng.integers(50, 3000))
        matched = [
            _matches({int(p): float(rng.choice([0.5, 1.0])) for p in rng.integers(0, count, n)})
            for n in rng.integers(1, count, 3)
        ]
        weights = [float(w) for w in rng.choice([1.0, 2.0], 3)]
        own: dict[int, float] = {}
        for weight, found in zip(weights, matched, strict=True):
            for p, s in zip(*(a.tolist() for a in found.sentences), strict=True):
                own[p] = own.get(p, 0.0) + weight * s
        expected = sorted(own, key=lambda p: (-own[p], p))[:200]
        assert best_positions(weights, matched, 200, count).tolist() == expected


def test_initialisms_are_made_with_the_index_and_come_back_from_its_cache(
    tmp_path: Path,
) -> None:
    """Made on first use, they were a question's wait (0.13 s at 500x the article)."""
    built = knowledge.load(cache_dir=tmp_path)
    cached = knowledge.load(cache_dir=tmp_path)
    assert cached.from_cache
    assert cached._index.__dict__.get("initialisms") == built._index.initialisms
    assert cached._index.initialisms


def test_topics_a_common_heading_word_names_are_made_as_the_ranking_reaches_them(
    tmp_path: Path,
) -> None:
    """A word heading every section made a candidate of each (1,620 at 500x the article,
    6.8 ms a question): now a stream, best first, read only as far as the answer goes."""
    lines = [f"== Glaze {n} ==\nGlaze number {n} is fired at cone {n}.\n" for n in range(60)]
    (tmp_path / "glazes.txt").write_text("Glazes.\n\n" + "\n".join(lines), encoding="utf-8")
    kb = knowledge.load(tmp_path)
    answerer = kb._answerer
    query = answerer.index.query("glaze")
    weights = [t.weight for t in query.terms]
    matched = [answerer.index.matches(t) for t in query.terms]
    topics = answerer._topic_candidates(weights, matched, query.total_weight)
    assert iter(topics) is topics  # a stream, not a list made whole
    every = list(topics)
    assert len(every) >= 60
    assert every == sorted(every, key=rank_key)
    assert kb.answer("glaze").excerpts
