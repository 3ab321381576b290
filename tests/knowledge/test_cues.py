"""Sentence cues read from a sentence's words give what the patterns give."""

from __future__ import annotations

import pytest

import knowledge
from knowledge.words.cues import ANAPHORIC, _pattern_cues, _word_cues, sentence_cues, sentence_flags

TRICKY = [
    "In the 1930s the party grew.",
    "It grew in 1990 and 2024, not in 3024 or 19900.",
    "The order came in May.",
    "may be so",
    "Due to the famine, thousands died.",
    "due  to two spaces",
    "They acted in order to win.",
    "He did so that nobody would know.",
    "As a result, prices rose.",
    "This caused a panic; the motives were unclear.",
    "reasons differ from the reason",
    "Twenty-two men and a half-life",
    "ten_x and x_two are identifiers",
    "He met Joseph Stalin and Leon Trotsky.",
    "However, it was cold.",
    "Its end came quickly.",
    "the lead to the plan, led to nothing",
    "to ensure, to avoid, to keep, to prevent, to undermine, to discredit",
    "",
]


@pytest.mark.parametrize("text", TRICKY)
def test_words_and_patterns_agree_on_tricky_sentences(text: str) -> None:
    assert _word_cues(text) == _pattern_cues(text)


def test_words_and_patterns_agree_on_every_bundled_sentence() -> None:
    kb = knowledge.load()
    texts = [x.text for s in kb.sections for x in s.sentences if x.text.isascii()]
    assert len(texts) > 300
    assert [_word_cues(t) for t in texts] == [_pattern_cues(t) for t in texts]


def test_cues_and_pointing_back() -> None:
    assert sentence_cues("Stalin died in March 1953.") == {"when", "number"}
    assert sentence_cues("Über 1953 hinaus, wegen Joseph Stalin") == {"when", "number", "who"}
    assert sentence_flags("However, it ended.") & ANAPHORIC
    assert not sentence_flags("The end.") & ANAPHORIC
