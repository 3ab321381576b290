"""Learned answers: matched like curated questions, weighty words demanded, quotes checked."""

from __future__ import annotations

from pathlib import Path

import pytest

import knowledge
from knowledge import Learned
from knowledge.answer import learned as learned_answers

CLUB = """== Membership ==
Anyone may join the club by filling in the form at the front desk and paying the annual fee.
The annual fee is forty pounds, payable in September.

== Juniors ==
Members under sixteen must bring a signed letter from a parent or guardian.
Junior members train on Saturday mornings with a qualified coach.

== Boats ==
The club owns six rowing boats and two canoes.
Boats must be booked a day ahead on the noticeboard in the boathouse.

== Safety ==
Every rower must pass a swimming test before going out alone.
Life jackets hang on the hooks beside the slipway.
"""

JOIN = "Anyone may join the club by filling in the form at the front desk"
BOOK = "Boats must be booked a day ahead on the noticeboard in the boathouse."


@pytest.fixture(scope="module")
def kb(tmp_path_factory: pytest.TempPathFactory) -> knowledge.KnowledgeBase:
    folder = tmp_path_factory.mktemp("club")
    (folder / "club.txt").write_text(CLUB)
    return knowledge.load(folder)


def test_a_learned_question_answers_its_rewording(kb: knowledge.KnowledgeBase) -> None:
    learned = kb.learned([Learned("1", "where do I reserve a rowing boat", BOOK)])
    before = kb.answer("how can i reserve one of the rowing boats")
    after = kb.answer("how can i reserve one of the rowing boats", learned=learned)
    assert after.kind == "learned"
    assert after.answered
    assert after.excerpts[0].text == BOOK
    assert after.excerpts[0].section == "Boats"
    assert before.kind != "learned"
    assert after.to_dict()["kind"] == "learned"


def test_a_fragment_quotes_the_sentences_it_touches(kb: knowledge.KnowledgeBase) -> None:
    learned = kb.learned([Learned("1", "how do I become a member", JOIN)])
    result = kb.answer("how do i become a member", learned=learned)
    assert result.kind == "learned"
    text = result.excerpts[0].text
    assert JOIN in text  # the whole sentence, verbatim
    assert text in CLUB
    assert text.endswith("annual fee.")


def test_the_new_questions_weighty_words_are_needed(kb: knowledge.KnowledgeBase) -> None:
    learned = kb.learned([Learned("1", "how do I join the club", JOIN)])
    assert kb.answer("how do i join the club", learned=learned).kind == "learned"
    near_miss = kb.answer("what age do you have to be to join the club", learned=learned)
    assert near_miss.kind != "learned"
    assert all(JOIN not in e.text for e in near_miss.excerpts[:1]) or near_miss.kind != "learned"


def test_typos_meet_the_learned_words(kb: knowledge.KnowledgeBase) -> None:
    learned = kb.learned([Learned("1", "when is the annual fee payable", JOIN)])
    assert kb.answer("when is the anual fee payabel", learned=learned).kind == "learned"


def test_stale_quotes_are_listed_never_quoted(kb: knowledge.KnowledgeBase) -> None:
    gone = Learned("2", "do you have kayaks", "The club owns four kayaks.")
    learned = kb.learned([gone, Learned("1", "how do I book a boat", BOOK)])
    assert [p for p, _ in learned.stale] == [gone]
    assert "verbatim" in learned.stale[0][1]
    assert len(learned) == 1
    result = kb.answer("do you have kayaks", learned=learned)
    assert all("kayaks" not in e.text for e in result.excerpts)


def test_nothing_learned_changes_nothing(kb: knowledge.KnowledgeBase) -> None:
    empty = kb.learned([])
    for question in ("how do i join", "where are the life jackets", "boats", "who trains juniors"):
        assert kb.answer(question, learned=empty) == kb.answer(question)
        assert kb.answer(question, learned=None) == kb.answer(question)


def test_a_set_made_for_an_older_text_is_checked_again(tmp_path: Path) -> None:
    (tmp_path / "club.txt").write_text(CLUB)
    old = knowledge.load(tmp_path)
    learned = old.learned([Learned("1", "how do I book a boat", BOOK)])
    (tmp_path / "club.txt").write_text(CLUB.replace(BOOK, "Boats are first come, first served."))
    new = knowledge.load(tmp_path)
    result = new.answer("how do i book a boat", learned=learned)
    assert result.kind != "learned"
    assert all(BOOK not in e.text for e in result.excerpts)


def test_odd_input_never_raises(kb: knowledge.KnowledgeBase) -> None:
    learned = kb.learned(
        [Learned("1", "", BOOK), Learned("2", "???", ""), Learned("3", "boat " * 500, BOOK)]
    )
    for question in ("", "   ", "boat", "?" * 3000, "how do I book a boat"):
        assert isinstance(kb.answer(question, learned=learned), knowledge.Answer)


def test_a_question_clearly_nearest_a_learned_one_gets_its_passage_first_if_answered(
    kb: knowledge.KnowledgeBase, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Too few shared words to match the learned question, but nearer it than any other:
    its passage, which the engine found too, goes first; a declined question stays so."""
    fee = "The annual fee is forty pounds, payable in September."
    saturday = "Junior members train on Saturday mornings with a qualified coach."
    learned = kb.learned(
        [
            Learned("1", "how much does it cost to be a member", fee),
            Learned("2", "when do the juniors train", saturday),
        ]
    )
    asked = "what do members pay and when"
    assert learned.matches(kb._answerer.index.query(asked)) == {}
    assert kb.answer(asked, threshold=0.0).excerpts[0].text != fee
    hinted = kb.answer(asked, threshold=0.0, learned=learned)
    assert (hinted.kind, hinted.excerpts[0].text) == ("learned", fee)
    assert [e.text for e in hinted.excerpts].count(fee) == 1
    assert not kb.answer(asked).answered
    assert not kb.answer(asked, learned=learned).answered
    monkeypatch.setattr(learned_answers, "WORD_HINT_MARGIN", 0.9)  # no longer clearly nearest
    assert kb.answer(asked, threshold=0.0, learned=learned).kind == "passage"
