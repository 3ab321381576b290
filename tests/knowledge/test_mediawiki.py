"""MediaWiki markup: a wiki page's source read as the page reads, excerpts still verbatim."""

from __future__ import annotations

from pathlib import Path

import pytest

import knowledge
from knowledge.cli.show import shown
from knowledge.read.display import segments
from knowledge.read.mediawiki import is_mediawiki, read_mediawiki

PAGE = """{{Infobox mob
| name = Glimmerfox
| health = 20
}}
'''Glimmerfoxes''' are the shy [[Creature|creatures]] that glow near [[river]]s at night.<ref>{{cite web|url=https://example.org|title=Foxes}}</ref> They eat moonberries.
<!-- Editors: the glow colour is disputed. -->

== Taming ==
Feed a glimmerfox three [[Moonberry|moonberries]] to tame it.<ref name="tame"/> See [https://example.org/taming the taming guide] for more.

=== Collars ===
A tamed glimmerfox wears a '''silver collar''' and follows its owner.

{| class="wikitable"
|+ Glow by season
! Season !! Glow colour
|-
| Spring || Pale green
|-
| style="color: blue" | Winter || Deep blue
|}

[[File:Glimmerfox.png|thumb|A glimmerfox at [[dusk]]]]
[[Category:Creatures]]
__NOTOC__
"""  # noqa: E501 (a wiki paragraph is one long line)


@pytest.fixture(scope="module")
def kb(tmp_path_factory: pytest.TempPathFactory) -> knowledge.KnowledgeBase:
    folder = tmp_path_factory.mktemp("wiki")
    (folder / "glimmerfox.txt").write_text(PAGE, encoding="utf-8")
    return knowledge.load(folder)


def units(kb: knowledge.KnowledgeBase) -> list[str]:
    return [x.text for s in kb.sections for x in s.sentences]


def test_a_wiki_page_source_is_read_as_mediawiki() -> None:
    assert is_mediawiki(PAGE)
    assert not is_mediawiki("== History ==\nA plain copy of an article, with 'quotes'.\n")
    assert read_mediawiki(PAGE).markup == "mediawiki"


def test_templates_references_comments_files_and_categories_are_never_text(
    kb: knowledge.KnowledgeBase,
) -> None:
    texts = units(kb)
    assert texts[0] == (
        "'''Glimmerfoxes''' are the shy [[Creature|creatures]] that glow near [[river]]s at night."
    )  # the reference after the stop is not part of the sentence
    assert texts[1] == "They eat moonberries."
    for markup in ("{{", "<ref", "disputed", "File:", "Category:", "NOTOC"):
        assert not any(markup in t for t in texts), markup
    assert not kb.answer("what colour is the glow disputed").answered


def test_a_link_is_searched_by_its_words(kb: knowledge.KnowledgeBase) -> None:
    # "[[river]]s" reads "rivers"; "[[Moonberry|moonberries]]" reads "moonberries".
    rivers = kb.answer("where do glimmerfoxes glow rivers").excerpts[0].text
    assert rivers.startswith(units(kb)[0])  # with the rest of its short paragraph
    tame = kb.answer("how many moonberries to tame a glimmerfox")
    assert tame.excerpts[0].text.startswith("Feed a glimmerfox three")
    assert [s.name for s in kb.sections] == ["Glimmerfox", "Infobox mob", "Taming", "Collars"]


def test_a_table_row_is_a_unit_quoted_with_its_header(kb: knowledge.KnowledgeBase) -> None:
    winter = kb.answer("what colour do glimmerfoxes glow in winter", threshold=0.1)
    assert winter.excerpts[0].text == (
        '! Season !! Glow colour\n| style="color: blue" | Winter || Deep blue'
    )
    code = segments(winter.excerpts[0].text, "mediawiki")
    assert [(s.kind, s.text) for s in code] == [
        ("code", "Season | Glow colour\nWinter | Deep blue")
    ]
    rows = [x for s in kb.sections for x in s.sentences if x.header]
    assert [r.label for r in rows] == ["Glow by season", "Glow by season"]


def test_excerpts_are_shown_as_the_page_reads(kb: knowledge.KnowledgeBase) -> None:
    lead = "'''Glimmerfoxes''' glow near [[river]]s.<ref>x</ref> They eat [[Berry|berries]]."
    assert [s.text for s in segments(lead, "mediawiki")] == [
        "**Glimmerfoxes** glow near rivers. They eat berries."
    ]
    feed = next(t for t in units(kb) if t.startswith("See "))
    assert shown(feed, "mediawiki") == (
        "  > See the taming guide (https://example.org/taming) for more."
    )


def test_a_wiki_file_suffix_is_read_too(tmp_path: Path) -> None:
    (tmp_path / "page.wiki").write_text("== Care ==\nBrush a [[glimmerfox]] weekly.\n")
    kb = knowledge.load(tmp_path)
    assert kb.documents[0].markup == "mediawiki"
    assert units(kb) == ["Brush a [[glimmerfox]] weekly."]


def test_generated_questions_name_the_subject_without_markup(
    kb: knowledge.KnowledgeBase,
) -> None:
    questions = [e.question for e in kb.faq]
    assert "What are Glimmerfoxes?" in questions
    assert not any("'" in q or "[" in q for q in questions)


def test_a_template_that_never_closes_ends_with_its_line() -> None:
    text = "{{ Infobox\nWords here.\n{{ cite {{ inner }}\nMore words. [[ open\n"
    reading = read_mediawiki(text)
    shown = [reading.masked[b.start : b.end] for b in reading.blocks]
    assert shown == ["Words here.", "More words.    open"]


def test_a_wiki_numbered_list_is_no_markdown_heading(tmp_path: Path) -> None:
    (tmp_path / "steps.txt").write_text(
        "# Feed the [[glimmerfox]] at dusk.\n# Brush its '''silver collar'''.\n",
        encoding="utf-8",
    )
    kb = knowledge.load(tmp_path)
    assert kb.documents[0].markup == "mediawiki"
    assert units(kb) == ["Feed the [[glimmerfox]] at dusk.", "Brush its '''silver collar'''."]


def test_indented_lines_and_definition_terms_read_without_their_marks() -> None:
    text = "== Care ==\n;Grooming\n:Brush the fur weekly.\n::A soft brush is best.\n"
    reading = read_mediawiki(text)
    shown = [reading.masked[b.start : b.end] for b in reading.blocks if b.kind != "heading"]
    assert shown == ["Grooming", "Brush the fur weekly.", "A soft brush is best."]


def test_an_infobox_is_a_section_of_its_filled_in_values(kb: knowledge.KnowledgeBase) -> None:
    box = kb.sections[1]
    assert (box.title, box.path) == ("Infobox mob", ("Infobox mob",))
    assert [(x.text, x.label) for x in box.sentences] == [
        ("name = Glimmerfox", "Infobox mob"),
        ("health = 20", "Infobox mob"),
    ]
    health = kb.answer("how much health does a glimmerfox have", threshold=0.1)
    assert health.excerpts[0].text == "health = 20"
    assert kb.sections[0].sentences[0].text.startswith("'''Glimmerfoxes'''")  # the lead opens


def test_a_template_of_layout_or_links_only_is_no_infobox() -> None:
    text = (
        "{{Infobox mob\n| image = Fox.png\n| caption = A fox\n| name = Fox\n}}\n"
        "{{Navbox\n| list1 = [[Fox]] • [[Wolf]]\n| list2 = [[Owl]]\n}}\nFoxes glow.\n"
    )
    reading = read_mediawiki(text)
    assert [b.kind for b in reading.blocks] == ["text"]
    assert reading.masked.split() == ["Foxes", "glow."]


def test_a_gallery_is_no_text() -> None:
    text = "Foxes glow.\n<gallery>\nFox.png|A fox at dusk\nOwl.png|An owl\n</gallery>\n"
    reading = read_mediawiki(text)
    assert reading.masked.split() == ["Foxes", "glow."]
    assert [
        s.text for s in segments("Foxes glow.<gallery>Fox.png|A fox</gallery>", "mediawiki")
    ] == ["Foxes glow."]
