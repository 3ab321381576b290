"""The large-knowledge path: a word in thousands of sentences is looked up by membership
around the candidates rarer words chose, and answers as the full walk would."""

from __future__ import annotations

import pytest

import knowledge
from knowledge.index import Index


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> knowledge.KnowledgeBase:
    folder = tmp_path_factory.mktemp("orchard")
    lines = ["== Regions =="]
    lines += [f"Apples are sold in market number {n} by farmers." for n in range(3000)]
    lines += ["== Varieties ==", "The zebra apple grows only in Kent, near the coast."]
    (folder / "orchard.txt").write_text("Apples everywhere.\n\n" + "\n".join(lines) + "\n")
    return knowledge.load(folder)


def test_a_common_word_takes_the_membership_path(big: knowledge.KnowledgeBase) -> None:
    index = big._index
    query = index.query("where does the zebra apple grow")
    common = [t.word for t in query.terms if index.is_common(t)]
    assert common == ["apple"]


def test_membership_path_answers_like_the_full_walk(
    big: knowledge.KnowledgeBase, monkeypatch: pytest.MonkeyPatch
) -> None:
    question = "where does the zebra apple grow"
    fast = big.answer(question).to_dict()
    monkeypatch.setattr(Index, "is_common", lambda self, term: False)
    slow = big.answer(question).to_dict()
    assert "Kent" in fast["answer"][0]["text"]
    # The best answer and its confidence are the same; lesser excerpts may differ, since
    # sentences that only share the common word are never candidates on this path.
    for key in ("answered", "confidence", "kind"):
        assert fast[key] == slow[key]
    assert fast["answer"][0] == slow["answer"][0]
