"""The curated and generated FAQ and the section summaries, on the bundled text and small ones."""

from __future__ import annotations

from pathlib import Path

import pytest

import knowledge
from knowledge.answer.faq import generate
from knowledge.answer.summarize import summarize
from knowledge.read.manifest import DEFAULT_REFERENCE_SECTIONS, DocumentSpec
from knowledge.read.parse import LEAD, parse_document


@pytest.fixture(scope="module")
def kb() -> knowledge.KnowledgeBase:
    return knowledge.load()


def test_curated_faq_loads(kb: knowledge.KnowledgeBase) -> None:
    curated = [e for e in kb.faq if e.curated]
    assert len(curated) >= 40
    assert kb.counts()["curated_faq"] == len(curated)
    ids = [e.id for e in curated]
    assert len(set(ids)) == len(ids)
    for entry in curated:
        assert entry.question.strip()
        assert entry.file == "faq.yaml"
        assert entry.line is not None
        assert kb.faq_entry(entry.id) is entry


def test_curated_answers_are_verbatim_in_their_section(kb: knowledge.KnowledgeBase) -> None:
    for entry in kb.faq:
        section = kb.section(entry.section_id)
        assert section is not None, entry.id
        assert not section.reference_only, entry.id
        document = kb.document(section.document)
        assert document is not None
        start = document.text.find(entry.answer)
        assert start != -1, entry.id
        assert section.start <= start < section.end, entry.id
        assert section in kb.topics


def test_curated_entries_have_alternates(kb: knowledge.KnowledgeBase) -> None:
    curated = [e for e in kb.faq if e.curated]
    with_alternates = [e for e in curated if e.alternates]
    assert len(with_alternates) >= 0.9 * len(curated)
    for entry in with_alternates:
        assert all(isinstance(a, str) and a.strip() for a in entry.alternates)


def test_curated_answers_are_whole_sentences(kb: knowledge.KnowledgeBase) -> None:
    """A curated answer starts at a sentence and ends at one (1-3 whole sentences)."""
    for entry in kb.faq:
        if not entry.curated:
            continue
        section = kb.section(entry.section_id)
        assert section is not None
        starts = {s.text[:40] for s in section.sentences}
        ends = {s.text[-40:] for s in section.sentences}
        assert entry.answer[:40] in starts or any(
            s.text.startswith(entry.answer[:40]) for s in section.sentences
        ), entry.id
        assert any(entry.answer.endswith(e) for e in ends), entry.id


def test_curated_faq_covers_the_article(kb: knowledge.KnowledgeBase) -> None:
    covered = {e.section_id for e in kb.faq if e.curated}
    assert len(covered) >= 0.75 * len(kb.topics)


def test_generated_entries_exist_for_headings(kb: knowledge.KnowledgeBase) -> None:
    generated = [e for e in kb.faq if not e.curated]
    assert generated
    for entry in generated:
        assert not entry.alternates or all(a.strip() for a in entry.alternates)
    terror = [
        e
        for e in generated
        if "great terror" in e.question.casefold() and e.question.casefold().startswith("what")
    ]
    assert terror
    entry = terror[0]
    section = kb.section(entry.section_id)
    assert section is not None
    assert section.title == "The Great Terror"
    assert entry.answer in kb.documents[0].text
    assert entry.answer.startswith(section.sentences[0].text[:30])


def test_every_topic_has_a_generated_heading_entry(kb: knowledge.KnowledgeBase) -> None:
    generated = {e.section_id for e in kb.faq if not e.curated}
    curated_ids = {e.id for e in kb.faq if e.curated}
    assert not curated_ids & {e.id for e in kb.faq if not e.curated}
    for section in kb.topics:
        assert section.id in generated, section.path


def test_generated_entries_on_a_small_text() -> None:
    text = (
        "Orchard care is a craft. It takes patience.\n"
        "== Pruning ==\n"
        "Pruning is the removal of branches to shape a tree. It is done in winter.\n"
        "Growers use a method known as the Open Centre to let light in.\n"
        "== References ==\n"
        "Pruning is a topic of many books.\n"
    )
    spec = DocumentSpec(Path("orchards.txt"), "Orchards", "", "", "wikipedia")
    document = parse_document(spec, text, DEFAULT_REFERENCE_SECTIONS)
    entries = generate([document])
    questions = {e.question: e for e in entries}
    assert "What is Pruning?" in questions
    assert "What is Orchards?" in questions  # the lead answers for the document
    assert questions["What is Orchards?"].answer == "Orchard care is a craft. It takes patience."
    assert "What is Open Centre?" in questions
    for entry in entries:
        assert entry.answer in text
        assert not entry.curated
        assert "Pruning is a topic of many books." not in entry.answer  # references skipped
    assert len({e.id for e in entries}) == len(entries)
    assert len({e.question.casefold() for e in entries}) == len(entries)


# --- summaries ----------------------------------------------------------------------------


def test_every_topic_has_a_verbatim_ordered_summary(kb: knowledge.KnowledgeBase) -> None:
    for section in kb.topics:
        summary = kb.summary(section.id)
        assert summary.section_id == section.id
        assert len(summary.sentences) >= 1, section.path
        own = [s.text for s in section.sentences]
        positions = [own.index(s) for s in summary.sentences]  # each is one of its sentences
        assert positions == sorted(positions), section.path
        assert len(set(positions)) == len(positions)
        assert len(summary.text) <= 4096
        assert summary.text == " ".join(summary.sentences)


def test_summaries_aim_for_about_600_characters(kb: knowledge.KnowledgeBase) -> None:
    lengths = []
    for section in kb.topics:
        summary = kb.summary(section.id)
        total = sum(len(s.text) for s in section.sentences)
        if total > 900:
            assert 300 <= len(summary.text) <= 1500, (section.path, len(summary.text))
        lengths.append(len(summary.text))
    assert sum(lengths) / len(lengths) <= 1000


def test_short_section_summary_is_the_whole_section(kb: knowledge.KnowledgeBase) -> None:
    short = [s for s in kb.topics if sum(len(x.text) for x in s.sentences) < 400]
    assert short
    for section in short:
        assert kb.summary(section.id).sentences == tuple(s.text for s in section.sentences)


def test_reference_sections_have_no_summary(kb: knowledge.KnowledgeBase) -> None:
    reference = [s for s in kb.sections if s.reference_only]
    assert reference
    for section in reference:
        with pytest.raises(KeyError):
            kb.summary(section.id)


def test_summary_of_a_long_single_sentence() -> None:
    sentence = "This sentence " + "goes on and on " * 200 + "and ends."
    text = f"Short intro.\n== Long ==\n{sentence}\n"
    spec = DocumentSpec(Path("long.txt"), "Long", "", "", "wikipedia")
    document = parse_document(spec, text, DEFAULT_REFERENCE_SECTIONS)
    section = document.sections[1]
    summary = summarize(section)
    assert summary.sentences == (sentence,)


def test_summary_of_a_tiny_document() -> None:
    spec = DocumentSpec(Path("tiny.md"), "Tiny", "", "", "markdown")
    document = parse_document(spec, "Just one line", DEFAULT_REFERENCE_SECTIONS)
    lead = document.sections[0]
    assert lead.title == LEAD
    assert summarize(lead).sentences == ("Just one line",)
