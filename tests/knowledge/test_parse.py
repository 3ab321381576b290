"""Parsing documents into sections and sentences: headings, lead, anchors, exact offsets."""

from __future__ import annotations

from pathlib import Path

import pytest

import knowledge
from knowledge.read.manifest import DEFAULT_REFERENCE_SECTIONS, DocumentSpec
from knowledge.read.parse import LEAD, parse_document

WIKI = """Stalinism is a way of governing. It began in 1927.
== History ==
Stalin rose to power after Lenin's death. He was general secretary.
=== Etymology ===
The term came into use in the 1930s. Roy W. Howard asked about it.
==== Early uses ====
Early writers used it loosely.
== Purges and executions ==
About 3,000 officers were shot. Some 1.5 million people were deported.
== History ==
A second history section.
== See also ==
* Trotskyism
== References ==
Smith, J. (1990). A book about the purges.
=== Citations ===
Jones wrote about purges too.
== Legacy ==
The legacy is debated.
"""

MARKDOWN = """# Field guide

This guide covers apples. It is short.

## Setup & Install

Plant the tree first. Water it weekly.

```
# not a heading
== not a heading either ==
Code text here. More code.
```

## Setup & Install

Prune in winter. Harvest in autumn.

### Pests: what to do?

Watch for moths.

~~~python
## also not a heading
~~~

## Further reading

Read the orchard book.

### Online

A website about apples.

## After

Back to normal text.
"""


def parse(text: str, name: str, url: str = "", anchors: str = "") -> knowledge.Document:
    path = Path(name)
    style = anchors or ("wikipedia" if path.suffix == ".txt" else "markdown")
    spec = DocumentSpec(path, path.stem, url, "", style)
    return parse_document(spec, text, DEFAULT_REFERENCE_SECTIONS)


def assert_exact(document: knowledge.Document) -> None:
    for section in document.sections:
        assert document.text[section.start : section.end].startswith(
            document.text[section.start : section.start + 1]
        )
        for sentence in section.sentences:
            assert document.text[sentence.start : sentence.end] == sentence.text
            assert sentence.text == sentence.text.strip()
            assert sentence.text
            assert section.start <= sentence.start < sentence.end <= section.end
            assert sentence.section_id == section.id


@pytest.fixture(scope="module")
def wiki() -> knowledge.Document:
    return parse(WIKI, "stalinism.txt", "https://en.wikipedia.org/wiki/Stalinism")


@pytest.fixture(scope="module")
def markdown() -> knowledge.Document:
    return parse(MARKDOWN, "guide.md", "https://example.org/guide")


def test_wiki_headings_at_every_depth(wiki: knowledge.Document) -> None:
    got = [(s.level, s.title, s.path) for s in wiki.sections]
    assert got == [
        (0, LEAD, ()),
        (1, "History", ("History",)),
        (2, "Etymology", ("History", "Etymology")),
        (3, "Early uses", ("History", "Etymology", "Early uses")),
        (1, "Purges and executions", ("Purges and executions",)),
        (1, "History", ("History",)),
        (1, "See also", ("See also",)),
        (1, "References", ("References",)),
        (2, "Citations", ("References", "Citations")),
        (1, "Legacy", ("Legacy",)),
    ]


def test_wiki_lead_is_a_section(wiki: knowledge.Document) -> None:
    lead = wiki.sections[0]
    assert lead.title == LEAD
    assert lead.start == 0
    assert lead.line == 1
    assert [s.text for s in lead.sentences] == [
        "Stalinism is a way of governing.",
        "It began in 1927.",
    ]
    assert lead.url == "https://en.wikipedia.org/wiki/Stalinism"
    assert not lead.reference_only


def test_no_lead_when_text_starts_with_a_heading() -> None:
    doc = parse("== Only ==\nJust this section here.\n", "only.txt")
    assert [s.title for s in doc.sections] == ["Only"]


def test_wiki_sentences_and_lines(wiki: knowledge.Document) -> None:
    by_path = {s.path: s for s in wiki.sections}
    etymology = by_path[("History", "Etymology")]
    assert [s.text for s in etymology.sentences] == [
        "The term came into use in the 1930s.",
        "Roy W. Howard asked about it.",
    ]
    purges = by_path[("Purges and executions",)]
    assert [s.text for s in purges.sentences] == [
        "About 3,000 officers were shot.",
        "Some 1.5 million people were deported.",
    ]
    lines = WIKI.splitlines()
    for section in wiki.sections[1:]:
        assert lines[section.line - 1].strip("= ") == section.title


def test_wikipedia_anchors(wiki: knowledge.Document) -> None:
    urls = [s.url for s in wiki.sections]
    base = "https://en.wikipedia.org/wiki/Stalinism"
    assert urls[1] == f"{base}#History"
    assert urls[4] == f"{base}#Purges_and_executions"
    assert urls[5] == f"{base}#History_2"  # Wikipedia numbers duplicate headings
    assert urls[2] == f"{base}#Etymology"
    ids = [s.id for s in wiki.sections]
    assert len(set(ids)) == len(ids)


def test_reference_sections_and_their_subsections_hold_no_answers(
    wiki: knowledge.Document,
) -> None:
    flags = {s.path: s.reference_only for s in wiki.sections}
    assert flags[("See also",)]
    assert flags[("References",)]
    assert flags[("References", "Citations")]  # inherited from its parent
    assert not flags[("Legacy",)]  # a section after the references is content again
    assert not flags[("History",)]


def test_every_sentence_is_an_exact_slice(
    wiki: knowledge.Document, markdown: knowledge.Document
) -> None:
    assert_exact(wiki)
    assert_exact(markdown)


def test_crlf_files_parse_like_lf_files(tmp_path: Path) -> None:
    (tmp_path / "wiki.txt").write_bytes(WIKI.replace("\n", "\r\n").encode())
    (tmp_path / "guide.md").write_bytes(MARKDOWN.replace("\n", "\r\n").encode())
    kb = knowledge.load(tmp_path)
    wiki, guide = kb.document("Wiki"), kb.document("Field guide")
    assert wiki is not None
    assert guide is not None
    for document, source in ((wiki, WIKI), (guide, MARKDOWN)):
        assert_exact(document)
        expected = parse(source, "x.txt" if document is wiki else "x.md")
        assert [s.path for s in document.sections] == [s.path for s in expected.sections]
        assert [x.text for s in document.sections for x in s.sentences] == [
            x.text for s in expected.sections for x in s.sentences
        ]


WRAPPED = """Server rules
============

1. Be respectful to other members. Harassment and personal attacks are not
   allowed and lead to a ban without warning.
2) No spam: do not post one message in several channels, and do not
advertise other servers without asking a moderator first.

Voice channels
--------------

Music bots may only be used in the music channel; soundboards are not
allowed at all.
A short closing line.
Moderators decide.
"""


def test_hard_wrapped_plain_text_reads_as_paragraphs_and_list_items() -> None:
    doc = parse(WRAPPED, "rules.txt")
    assert [s.path for s in doc.sections] == [("Server rules",), ("Server rules", "Voice channels")]
    rules, voice = ([x.text for x in s.sentences] for s in doc.sections)
    assert rules == [
        "Be respectful to other members.",
        "Harassment and personal attacks are not\n   allowed and lead to a ban without warning.",
        "No spam: do not post one message in several channels, and do not\n"
        "advertise other servers without asking a moderator first.",
    ]
    assert voice[0] == (
        "Music bots may only be used in the music channel; soundboards are not\nallowed at all."
    )
    # A line that ends short of the width ends its paragraph.
    paragraphs = {x.paragraph for x in doc.sections[1].sentences}
    assert len(paragraphs) == 3
    assert_exact(doc)


def test_a_short_first_line_of_plain_text_is_its_title(tmp_path: Path) -> None:
    (tmp_path / "rules.txt").write_text(
        "Server rules\n\nBe kind to each other. Insults are removed.\n", encoding="utf-8"
    )
    (tmp_path / "notes.txt").write_text(
        "Meetings start at nine.\n\nBring a laptop.\n", encoding="utf-8"
    )
    kb = knowledge.load(tmp_path)
    assert sorted(d.title for d in kb.documents) == ["Notes", "Server rules"]
    units = [x.text for s in kb.sections for x in s.sentences]
    assert "Server rules" not in units
    assert "Meetings start at nine." in units  # a sentence is no title


def test_a_txt_that_writes_markdown_is_read_as_markdown(tmp_path: Path) -> None:
    (tmp_path / "rules.txt").write_text(
        "# Community Rules\n\n**1. Be kind.** No slurs.\n**2. No spam.** Post once.\n\n"
        "## Channels\n- #trading - scams get a ban\n",
        encoding="utf-8",
    )
    (tmp_path / "wiki.txt").write_text(
        "A wiki copy.\n== History ==\n**Bold** stays text here.\n# a numbered item\n",
        encoding="utf-8",
    )
    (tmp_path / "page.mdx").write_text("# Page\n\nSome text.\n", encoding="utf-8")
    kb = knowledge.load(tmp_path)
    markups = {d.file: d.markup for d in kb.documents}
    assert markups == {"rules.txt": "markdown", "wiki.txt": "text", "page.mdx": "markdown"}
    rules = kb.document("Community Rules")  # its lone top heading names it
    assert rules is not None
    assert [s.path for s in rules.sections] == [(), ("Channels",)]
    assert [x.text for x in rules.sections[0].sentences] == [
        "**1. Be kind.** No slurs.",
        "**2. No spam.** Post once.",
    ]
    assert kb.document("Wiki") is not None
    assert knowledge.load().documents[0].markup == "text"  # the bundled plain-text article


def test_plain_text_with_long_lines_keeps_a_paragraph_a_line() -> None:
    long = "This line is a whole paragraph of a plain-text copy of a wiki article. " * 3
    doc = parse(f"{long.strip()}\n{long.strip()}\n- {long.strip()}\n", "copy.txt")
    units = doc.sections[0].sentences
    assert len({x.paragraph for x in units}) == 3
    assert units[-1].text.startswith("This line")  # the item's marker is not its text


def test_markdown_single_top_heading_names_the_document(markdown: knowledge.Document) -> None:
    assert markdown.title == "Field guide"
    lead = markdown.sections[0]
    assert lead.title == LEAD
    assert [s.text for s in lead.sentences] == ["This guide covers apples.", "It is short."]
    assert lead.path == ()


def test_markdown_headings_and_github_slugs(markdown: knowledge.Document) -> None:
    got = [(s.title, s.path, s.url) for s in markdown.sections[1:]]
    base = "https://example.org/guide"
    assert got == [
        ("Setup & Install", ("Setup & Install",), f"{base}#setup--install"),
        ("Setup & Install", ("Setup & Install",), f"{base}#setup--install-1"),
        (
            "Pests: what to do?",
            ("Setup & Install", "Pests: what to do?"),
            f"{base}#pests-what-to-do",
        ),
        ("Further reading", ("Further reading",), f"{base}#further-reading"),
        ("Online", ("Further reading", "Online"), f"{base}#online"),
        ("After", ("After",), f"{base}#after"),
    ]
    assert [s.reference_only for s in markdown.sections] == [
        False,
        False,
        False,
        False,
        True,
        True,
        False,
    ]


def test_markdown_fenced_code_is_not_parsed(markdown: knowledge.Document) -> None:
    titles = [s.title for s in markdown.sections]
    assert not any("not a heading" in t for t in titles)
    assert not any("also not" in t for t in titles)
    texts = [x.text for s in markdown.sections for x in s.sentences]
    assert not any("Code text" in t or "not a heading" in t or "```" in t for t in texts)
    first_setup = markdown.sections[1]
    assert [s.text for s in first_setup.sentences] == ["Plant the tree first.", "Water it weekly."]


def test_markdown_several_top_headings_keep_a_lead() -> None:
    doc = parse("Intro line here.\n\n# One\n\nFirst part.\n\n# Two\n\nSecond part.\n", "two.md")
    assert [(s.level, s.title) for s in doc.sections] == [(0, LEAD), (1, "One"), (1, "Two")]
    assert doc.title == "two"


def test_markdown_paragraphs_and_list_items() -> None:
    text = "# T\n\nA paragraph that\nwraps over lines. Second one.\n\n- item one\n- item two\n"
    doc = parse(text, "list.md")
    assert_exact(doc)
    lead = doc.sections[0]
    texts = [s.text for s in lead.sentences]
    assert texts[0] == "A paragraph that\nwraps over lines."
    assert "item one" in texts  # the list marker is not part of the item's text
    assert "item two" in texts
    paragraphs = [s.paragraph for s in lead.sentences]
    assert paragraphs == sorted(paragraphs)
    assert len(set(paragraphs)) == 3


def test_sentence_ids_are_unique_and_ordered(wiki: knowledge.Document) -> None:
    sentences = [x for s in wiki.sections for x in s.sentences]
    assert [x.id for x in sentences] == sorted({x.id for x in sentences})
    assert [x.start for x in sentences] == sorted(x.start for x in sentences)


def test_empty_document_is_an_error() -> None:
    with pytest.raises(knowledge.KnowledgeError) as info:
        parse("  \n\n\t\n", "blank.txt")
    assert info.value.problems[0].file == "blank.txt"
    assert "empty" in info.value.problems[0].reason


# --- the bundled corpus ----------------------------------------------------------------


@pytest.fixture(scope="module")
def kb() -> knowledge.KnowledgeBase:
    return knowledge.load()


def test_bundled_corpus_sentences_are_exact(kb: knowledge.KnowledgeBase) -> None:
    for document in kb.documents:
        assert_exact(document)
        assert sum(len(s.sentences) for s in document.sections) > 200


def test_bundled_corpus_structure(kb: knowledge.KnowledgeBase) -> None:
    document = kb.document("Stalinism")
    assert document is not None
    assert document.url == "https://en.wikipedia.org/wiki/Stalinism"
    assert "CC BY-SA" in document.licence
    assert document.sections[0].title == LEAD
    assert document.sections[0].sentences
    urls = {s.url for s in document.sections}
    assert "https://en.wikipedia.org/wiki/Stalinism#Purges_and_executions" in urls
    paths = {s.path for s in document.sections}
    assert ("Stalinist policies", "The Great Terror") in paths
    for section in document.sections:
        if section.level > 1:
            parent = section.path[:-1]
            assert parent in paths
        if section.level:
            assert section.url.endswith("#" + section.title.replace(" ", "_")) or section.url[
                -2:
            ].startswith("_")


def test_bundled_reference_sections_hold_no_answers(kb: knowledge.KnowledgeBase) -> None:
    reference = [s for s in kb.sections if s.reference_only]
    titles = {s.title for s in reference}
    assert {"See also", "References", "Further reading", "External links"} <= titles
    # subsections of a reference section are reference-only too
    for section in kb.sections:
        if section.path and section.path[0] in {"References", "Further reading"}:
            assert section.reference_only, section.path
    assert not any(s.reference_only for s in kb.topics)
    reference_ids = {s.id for s in reference}
    assert not any(e.section_id in reference_ids for e in kb.faq)
    # questions made of a reference section's own words never get answered from it
    for section in reference:
        for sentence in section.sentences[:5]:
            result = kb.answer(sentence.text)
            assert all(x.section_id not in reference_ids for x in result.excerpts)
            assert all(x.section not in titles for x in result.excerpts if x.path)
