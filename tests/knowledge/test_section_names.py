"""A question that is a section's name answers with that section's summary and link.

Section names are the text's own words, so by word weight alone "history" looked like
too little to answer; the headings say plainly what the text is about.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import knowledge
from knowledge import Learned
from knowledge.answer.titles import asked_names, spelt


@pytest.fixture(scope="module")
def kb() -> knowledge.KnowledgeBase:
    return knowledge.load()


def _summary_of(kb: knowledge.KnowledgeBase, question: str) -> str:
    """The id of the section whose summary answers `question` (asserting it does)."""
    answer = kb.answer(question, limit=10)
    assert answer.answered, (question, answer.confidence)
    assert answer.kind == "summary", (question, answer.kind)
    ids = {e.section_id for e in answer.excerpts}
    assert len(ids) == 1, (question, ids)
    return ids.pop()


def test_every_section_name_answers_with_its_section(kb: knowledge.KnowledgeBase) -> None:
    wrong = [(s.name, found) for s in kb.topics if (found := _summary_of(kb, s.name)) != s.id]
    assert len(kb.topics) > 15
    assert wrong == []


def test_the_answer_is_the_sections_summary_quoted_where_it_stands(
    kb: knowledge.KnowledgeBase,
) -> None:
    for section in kb.topics:
        answer = kb.answer(section.name, limit=10)
        quoted = " ".join(e.text for e in answer.excerpts)
        summary = kb.summary(section.id)
        assert all(sentence in quoted for sentence in summary.sentences), section.name
        document = kb.document(section.document)
        assert document is not None
        assert all(e.text in document.text for e in answer.excerpts)
        assert all(e.url == section.url for e in answer.excerpts)
        assert answer.suggestions[0] == section.name


@pytest.mark.parametrize(
    ("question", "title"),
    [
        ("history", "History"),
        ("HISTORY?", "History"),
        ("economic policies", "Economic policy"),
        ("Economic policy!", "Economic policy"),
        ("tell me about the purges and executions", "Purges and executions"),
        ("what is the cult of personality?", "Cult of personality"),
        ("great terror", "The Great Terror"),
        ("What's Trotskyism", "Trotskyism"),
        ("Stalinist policies › Economic policy", "Economic policy"),
        ("legacy: public opinion", "Public opinion"),
        ("tell me about stalinism", "(lead)"),  # the document's title names its lead
    ],
)
def test_near_enough_is_the_name(kb: knowledge.KnowledgeBase, question: str, title: str) -> None:
    section = kb.section(_summary_of(kb, question))
    assert section is not None
    assert section.title == title


@pytest.mark.parametrize(
    "question",
    [
        "when did the history of the soviet union begin",  # a question about it, not its name
        "what is the history of the internet",
        "history of jazz music",
        "notes",  # a reference-only section holds no answers
    ],
)
def test_more_than_a_name_is_not_a_name(kb: knowledge.KnowledgeBase, question: str) -> None:
    assert kb.answer(question).kind != "summary"


@pytest.mark.parametrize(
    "question", ["what is the history of the internet", "history of jazz music"]
)
def test_near_misses_off_the_topic_are_still_declined(
    kb: knowledge.KnowledgeBase, question: str
) -> None:
    assert not kb.answer(question).answered


def test_the_leading_words_are_taken_off_once() -> None:
    assert asked_names("tell me about the Great Terror") == [
        spelt("tell me about the Great Terror"),
        spelt("Great Terror"),
    ]
    assert spelt("The Great Terror").stems == spelt("great terrors").stems
    assert asked_names("the") == []


def test_a_stem_hiding_a_longer_suffix_is_another_word(kb: knowledge.KnowledgeBase) -> None:
    assert kb.answer("stalin").kind != "summary"  # the man, not the ideology


BREWING = """# Brewing

How coffee is made from roasted beans.

## Grinding

Beans are ground just before brewing, coarse for a press and fine for espresso.

## Water

Water just off the boil, about 94 degrees, draws out the flavour without bitterness.

# Storage

Roasted beans keep for a month in an airtight tin away from light.

## Water

Keep the tin away from the kettle: steam spoils the beans.
"""


@pytest.fixture(scope="module")
def coffee(tmp_path_factory: pytest.TempPathFactory) -> knowledge.KnowledgeBase:
    folder: Path = tmp_path_factory.mktemp("coffee")
    (folder / "coffee.md").write_text(BREWING)
    return knowledge.load(folder)


def test_any_text_answers_its_own_section_names(coffee: knowledge.KnowledgeBase) -> None:
    for question, title in [
        ("grinding", "Grinding"),
        ("Storage?", "Storage"),
        ("brewing water", "Water"),
        ("storage: water", "Water"),
    ]:
        section = coffee.section(_summary_of(coffee, question))
        assert section is not None
        assert section.title == title, question
    assert coffee.section(_summary_of(coffee, "brewing water")) != coffee.section(
        _summary_of(coffee, "storage water")
    )


def test_a_name_two_sections_share_names_neither(coffee: knowledge.KnowledgeBase) -> None:
    assert coffee.answer("water").kind != "summary"


def test_a_curated_question_asked_as_written_stands(kb: knowledge.KnowledgeBase) -> None:
    entry = next(e for e in kb.faq if e.curated and e.question == "What is Stalinism?")
    answer = kb.answer(entry.question)
    assert answer.kind == "faq"
    assert answer.excerpts[0].text == entry.answer
    assert kb.answer("Stalinism").kind == "summary"  # no curated phrasing is the bare name


def test_a_learned_answer_to_the_very_name_stands(kb: knowledge.KnowledgeBase) -> None:
    quote = "Stalin personally signed 357 proscription lists in 1937 and 1938"
    learned = kb.learned([Learned("1", "the great terror", quote)])
    answer = kb.answer("the great terror", learned=learned)
    assert answer.kind == "learned"
    assert quote in answer.excerpts[0].text
