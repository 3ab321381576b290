"""Properties of answer(): never raises, excerpts are verbatim, confidence in [0, 1]."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import knowledge
from knowledge.read.manifest import DEFAULT_REFERENCE_SECTIONS, DocumentSpec
from knowledge.read.parse import parse_document
from knowledge.words.text import split_sentences

KB = knowledge.load()
KINDS = {"faq", "passage", "summary", "none"}
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Words of the article mixed with noise reach the interesting paths (matches, typos, FAQ).
VOCABULARY = sorted({w for s in KB.topics for x in s.sentences for w in x.text.split()})[:3000]
SPECIAL = [
    "\u200b",
    "\u200e",
    "\u202e",
    "\u2066",
    "\ufeff",
    "\x00",
    "\x1b[31m",
    "\r",
    "\t",
    "😀",
    "🇷🇺",
    "ستالين",
    "שלום",
    "сталин",
    "@everyone",
    "@here",
    "<@123>",
    "**",
    "`",
    "[x](http://y)",
    "?",
    "...",
    "'",
    '"',
    "–",
    "3,000",
    "1.5",
]


def check(result: knowledge.Answer, question: str) -> None:
    assert isinstance(result, knowledge.Answer)
    assert result.question == question
    assert 0.0 <= result.confidence <= 1.0
    assert result.kind in KINDS
    if result.answered:
        assert result.excerpts
        assert result.kind != "none"
    for excerpt in result.excerpts:
        document = KB.document(excerpt.document)
        assert document is not None
        assert excerpt.text
        assert excerpt.text in document.text
        assert 0.0 <= excerpt.score <= 1.0
        section = KB.section(excerpt.section_id) if excerpt.section_id else None
        if section is not None:
            assert not section.reference_only
            assert section.path == excerpt.path
    for suggestion in result.suggestions:
        assert isinstance(suggestion, str)
        assert suggestion
    data = result.to_dict()
    assert json.loads(json.dumps(data)) == data
    assert set(data) == {"question", "answered", "confidence", "kind", "answer", "suggestions"}


@SETTINGS
@given(st.text())
def test_arbitrary_text(question: str) -> None:
    check(KB.answer(question), question)


@SETTINGS
@given(st.text(alphabet=st.characters(codec=None, categories=None), max_size=300))
def test_any_code_points(question: str) -> None:
    check(KB.answer(question), question)


@SETTINGS
@given(
    st.lists(
        st.sampled_from(VOCABULARY) | st.sampled_from(SPECIAL) | st.text(max_size=8), max_size=25
    )
)
def test_article_words_and_noise(parts: list[str]) -> None:
    question = " ".join(parts)
    check(KB.answer(question), question)


@SETTINGS
@given(st.text(max_size=60), st.floats(min_value=0, max_value=1), st.integers(1, 10))
def test_threshold_and_limit(question: str, threshold: float, limit: int) -> None:
    result = KB.answer(question, threshold=threshold, limit=limit)
    check(result, question)
    assert len(result.excerpts) <= limit
    if result.answered:
        assert result.confidence >= threshold - 1e-9


@pytest.mark.parametrize(
    "question",
    [
        "",
        "   ",
        "\n\t\r",
        "x" * 100_000,
        "what is stalinism " * 6000,
        "@everyone what is stalinism",
        "**bold** `code` [x](http://y)",
        "\u202eevil",
        "\u200b\u200b",
        "\x00\x01\x02\x7f",
        "😀😀😀 stalin 😀",
        "ما هي الستالينية",
        "Что такое сталинизм?",
        "?!?!?!",
        "3,000 1.5 million 1930s–40s",
        "what is stalin\u200bism",
        "\ud800",  # a lone surrogate
    ],
)
def test_bad_input(question: str) -> None:
    result = KB.answer(question)
    check(result, question)
    if not question.strip() or question in ("\u200b\u200b", "?!?!?!"):
        assert not result.answered


def test_invisible_characters_do_not_change_the_answer() -> None:
    plain = KB.answer("what is stalinism")
    hidden = KB.answer("what\u200b is \u202estalinism\u202c")
    assert [e.text for e in hidden.excerpts] == [e.text for e in plain.excerpts]
    assert hidden.answered == plain.answered


def test_answer_is_deterministic() -> None:
    for question in ("who was trotsky", "collectivisation famine", "", "kruschev secret speech"):
        assert KB.answer(question) == KB.answer(question)


def test_lone_surrogate_is_json_safe() -> None:
    data = KB.answer("\ud800").to_dict()
    assert json.dumps(data)
    json.dumps(data, ensure_ascii=False)


# --- parsing properties ------------------------------------------------------------------

LINES = st.sampled_from(
    [
        "== History ==",
        "=== Sub ===",
        "== See also ==",
        "# Title",
        "## Part",
        "```",
        "",
        "  ",
        "Roy W. Howard met the U.S. envoy, e.g. in 1936.",
        "About 3,000 died. Some 1.5 million were moved!",
        'He said "no." Then left?',
        "- a list item",
        "1. first item",
        "2. second item",
        "> Marching Order",
        "> The party walks in line.",
        ">",
        ":::tip Reloading",
        ":::",
        "**Bold line.**",
        "**1. Be kind.** No slurs.",
        '<h1 align="center">',
        "</h1>",
        "import Tabs from '@theme/Tabs';",
        "{: .note }",
        "## Set up {#setup}",
        "=====",
        "-----",
        ":orphan:",
        "Example: ::",
        "    code()",
        "+------+-----+",
        "+======+=====+",
        "| cell | row |",
        "=====  =====",
        "Day    Hours",
        ".. list-table:: Staff",
        "   :header-rows: 1",
        "   * - Ada",
        "     - Baker",
        "'''Glimmerfoxes''' glow near [[river]]s.<ref>{{cite|x}}</ref> They [[Eat|eat]].",
        "{{Infobox mob",
        "| health = 20",
        "| image = Fox.png",
        "}}",
        "[[File:Fox.png|thumb|At [[dusk]]]]",
        "[[unclosed link",
        "{|",
        "|+ Caption",
        "! Season !! Glow",
        "|-",
        '| style="x" | Spring || Green',
        "|}",
        "<!-- note",
        "-->",
    ]
)


@SETTINGS
@given(
    st.lists(LINES | st.text(max_size=40), min_size=1, max_size=20),
    st.sampled_from([".md", ".txt", ".rst", ".wiki"]),
)
def test_parsed_sentences_are_exact_slices(lines: list[str], suffix: str) -> None:
    text = "\n".join(lines)
    path = Path("doc" + suffix)
    spec = DocumentSpec(
        path, "doc", "https://example.org/doc", "", "wikipedia" if suffix == ".txt" else "markdown"
    )
    refused: tuple[knowledge.Problem, ...] = ()
    try:
        document = parse_document(spec, text, DEFAULT_REFERENCE_SECTIONS)
    except knowledge.KnowledgeError as exc:
        refused = exc.problems
    if refused:
        # only a text without a single sentence may be refused, and it is named
        assert {p.file for p in refused} == {path.name}
        assert all("empty" in p.reason or "no sentences" in p.reason for p in refused)
        return
    ids = set()
    spans = []
    for section in document.sections:
        assert section.id not in ids
        ids.add(section.id)
        last = -1
        for sentence in section.sentences:
            assert document.text[sentence.start : sentence.end] == sentence.text
            assert sentence.text.strip() == sentence.text != ""
            assert sentence.start >= last  # in reading order within a section
            last = sentence.end
            spans.append((sentence.start, sentence.end))
    # No two units overlap (a sidebar's units sit between its parent section's).
    spans.sort()
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(spans))


@SETTINGS
@given(st.text(max_size=400), st.integers(0, 1000))
def test_split_sentences_spans_are_exact(text: str, offset: int) -> None:
    spans = split_sentences(text, offset)
    previous = offset
    for start, end in spans:
        assert previous <= start < end <= offset + len(text)
        assert text[start - offset : end - offset].strip()
        assert text[previous - offset : start - offset].strip() == "" or previous == offset
        previous = end
    assert text[previous - offset :].strip() == "" if spans else not text.strip()
