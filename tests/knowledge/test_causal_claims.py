"""A question claiming a cause ("did X happen because of Y") needs a passage that states one.

"because" is a stopword: without looking for the relation, a sentence that merely mentions
X and Y covered all of such a question's words and was quoted at 0.92.
"""

from __future__ import annotations

import pytest

import knowledge
from knowledge.words.cues import claims_a_cause


@pytest.fixture(scope="module")
def kb() -> knowledge.KnowledgeBase:
    return knowledge.load()


@pytest.mark.parametrize(
    "question",
    [
        "did the soviet union collapse because of stalinism",
        "did stalinism cause the collapse of the soviet union",
        "did stalinism lead to the collapse of the soviet union",
    ],
)
def test_a_cause_the_text_never_states_is_not_answered(
    kb: knowledge.KnowledgeBase, question: str
) -> None:
    answer = kb.answer(question)
    assert not answer.answered
    assert answer.confidence < 0.5


def test_a_cause_the_text_states_is_answered(kb: knowledge.KnowledgeBase) -> None:
    answer = kb.answer("was the famine due to collectivization")
    assert answer.answered
    assert "collectivization" in answer.excerpts[0].text


def test_what_claims_a_cause() -> None:
    assert claims_a_cause("Did the bridge close because of the flood?")
    assert claims_a_cause("was the delay due to the strike")
    assert claims_a_cause("did the flood cause the closure")
    assert not claims_a_cause("when did the bridge close")
    assert not claims_a_cause("what is a bridge")
