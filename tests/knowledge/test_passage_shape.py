"""How a passage is shaped and ranked on text as documents are written: short paragraphs
quoted whole, long code blocks counting less than prose, topics asked as keywords, and
misspelt filler words weighing nothing."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import knowledge
from knowledge.answer import scoring
from knowledge.index import index as index_module
from knowledge.words.cues import TOPIC, question_cue
from knowledge.words.english import english_spelling

GUIDE = """\
# Gadget guide

## Charging

A gadget charges through its side port. A full charge lasts two days.

## Storage

Gadgets keep longest in a cool cupboard. Moisture ruins the battery over time, so
never leave one outside overnight. Damp air corrodes the contacts, and a corroded
contact stops the gadget from charging at all. Wipe the contacts with a dry cloth
every month, keep the cupboard ventilated, store spare batteries apart from the
gadget, and check the seals on the lid before the winter comes round again. Owners
who travel should pack the gadget in its padded sleeve, carry the charger separately,
label every cable clearly, photograph serial numbers for insurance claims, and register
warranties online before departure. Repairs outside the warranty period cost extra,
although certified workshops usually quote prices beforehand each year.

## Layout

A new project looks like this:

```text
.
├── settings.toml
├── gadget.lock
├── notes.txt
├── extras/
│   ├── one.txt
│   ├── two.txt
│   └── three.txt
└── README.md
```

## Settings

The settings.toml file holds the gadget's name and its colour.

## Parts

Each model closes with a click, its lid turning on a hinge.

Hinge: a pivot that lets the lid open.
"""


@pytest.fixture(scope="module")
def kb(tmp_path_factory: pytest.TempPathFactory) -> knowledge.KnowledgeBase:
    folder: Path = tmp_path_factory.mktemp("gadgets")
    (folder / "guide.md").write_text(GUIDE, encoding="utf-8")
    return knowledge.load(folder)


def test_a_short_paragraph_is_quoted_whole(kb: knowledge.KnowledgeBase) -> None:
    top = kb.answer("how long does a full charge last", threshold=0).excerpts[0]
    assert top.text == "A gadget charges through its side port. A full charge lasts two days."


def test_a_long_paragraph_is_quoted_by_its_sentences(kb: knowledge.KnowledgeBase) -> None:
    top = kb.answer("what ruins the battery", threshold=0).excerpts[0]
    assert "Moisture ruins the battery over time" in top.text
    whole = top.text.startswith("Gadgets keep") and top.text.endswith("each year.")
    assert not whole  # the paragraph is too long to quote whole


def test_a_long_code_block_frames_its_sentence(kb: knowledge.KnowledgeBase) -> None:
    """A file tree names many things its lead-in is not about: they count as a label."""
    index = kb._answerer.index
    (term,) = index.query("notes.txt").terms
    matches = index.matches(term)
    assert len(matches.sentences[0]) == 0
    (framed,) = matches.contexts[0]
    assert index.sentence(int(framed)).text == "A new project looks like this:"
    top = kb.answer("what does settings.toml hold", threshold=0).excerpts[0]
    assert top.text == "The settings.toml file holds the gadget's name and its colour."


def test_a_short_command_is_searched_as_the_sentence_s_own_words(tmp_path: Path) -> None:
    (tmp_path / "tool.md").write_text(
        "# Tool\n\n## Setup\n\nTool needs Python 3.9 or later.\n\n"
        "Get it with pip:\n\n```console\n$ pip install tool\n```\n",
        encoding="utf-8",
    )
    top = knowledge.load(tmp_path).answer("how do i install tool", threshold=0).excerpts[0]
    assert top.text.startswith("Get it with pip:")


def test_a_keyword_question_is_a_topic() -> None:
    assert question_cue("hinge pivot") == TOPIC
    assert question_cue("how do hinges work") is None
    assert question_cue("hinges?") is None


def test_a_keyword_question_prefers_the_unit_about_it(kb: knowledge.KnowledgeBase) -> None:
    top = kb.answer("hinge lid", threshold=0).excerpts[0]
    assert top.text == "Hinge: a pivot that lets the lid open."


def test_a_section_covers_what_its_sentences_say_together(kb: knowledge.KnowledgeBase) -> None:
    index = kb._answerer.index
    query = index.query("moisture cupboard contacts")
    weights = [t.weight for t in query.terms]
    matched = [index.matches(t) for t in query.terms]
    covered = kb._answerer.scorer.section_coverage(weights, matched, query.total_weight)
    titles = [s.title for s in index.sections]
    assert titles[int(covered.argmax())] == "Storage"
    assert 0 < covered.max() <= 1
    assert covered[titles.index("Charging")] == 0


def test_a_misspelt_filler_word_weighs_nothing(kb: knowledge.KnowledgeBase) -> None:
    assert english_spelling("shoud") == "should"  # the most frequent word one slip away
    words = [t.word for t in kb._answerer.index.query("shoud i charge it").terms]
    assert words == ["charge"]


def test_a_question_in_the_text_is_quoted_with_its_answer(tmp_path: Path) -> None:
    long_answer = " ".join(f"Detail number {n} of the deletion is written here." for n in range(20))
    (tmp_path / "faq.md").write_text(
        "# Account\n\nCan I delete my account?\n\n"
        "Yes. Go to settings and press the delete button.\n\n"
        f"How long does deletion take? A day. {long_answer}\n",
        encoding="utf-8",
    )
    kb = knowledge.load(tmp_path)
    assert kb.answer("how to delete my account").excerpts[0].text == (
        "Can I delete my account?\n\nYes. Go to settings and press the delete button."
    )
    # In a long paragraph the question takes the sentence after it, not the paragraph.
    assert kb.answer("how long does deletion take").excerpts[0].text == (
        "How long does deletion take? A day."
    )


def test_a_terms_matches_are_remembered_and_cannot_be_written(
    kb: knowledge.KnowledgeBase,
) -> None:
    index = kb._answerer.index
    (term,) = index.query("moisture").terms
    first = index.matches(term)
    assert index.matches(term) is first  # found once, shared by later questions
    strengths = first.sentences[1]
    with pytest.raises(ValueError, match="read-only"):
        strengths[0] = 0.0
    with pytest.raises(ValueError, match="read-only"):
        first.headings[0] = 1.0


def test_remembered_matches_are_forgotten_past_their_bound(
    kb: knowledge.KnowledgeBase, monkeypatch: pytest.MonkeyPatch
) -> None:
    index = kb._answerer.index
    (moisture,) = index.query("moisture").terms
    (battery,) = index.query("battery").terms
    index.__dict__.pop("_matches", None)  # what earlier tests' questions left
    index.__dict__.pop("_matches_bytes", None)
    kept = index.matches(moisture)
    monkeypatch.setattr(index_module, "MATCHES_BYTES", kept.nbytes())
    index.matches(battery)  # over the bound: all are forgotten, this one kept
    assert index.matches(moisture) is not kept
    assert index.matches(moisture).sentences[0].tolist() == kept.sentences[0].tolist()


def test_dense_strengths_read_as_the_sorted_matches_do(kb: knowledge.KnowledgeBase) -> None:
    """A small text's terms carry dense strengths; reading them must give what looking
    each position up in the sorted matches gives, the neighbours off either end included."""
    index = kb._answerer.index
    query = index.query("moisture ruins the battery contacts")
    matched = [index.matches(t) for t in query.terms]
    assert all(m.dense is not None for m in matched)
    wanted = np.arange(-1, index.count + 1)
    dense = scoring._sentence_rows(matched, wanted)
    looked_up = scoring._rows([m.sentences for m in matched], wanted)
    assert dense.tolist() == looked_up.tolist()
    assert dense.any()


def test_a_terms_section_share_is_made_once_and_kept_with_its_matches(
    kb: knowledge.KnowledgeBase,
) -> None:
    index, scorer = kb._answerer.index, kb._answerer.scorer
    query = index.query("moisture cupboard contacts")
    weights = [t.weight for t in query.terms]
    matched = [index.matches(t) for t in query.terms]
    first = scorer.section_coverage(weights, matched, query.total_weight)
    shares = [m.derived["section"] for m in matched]
    again = scorer.section_coverage(weights, matched, query.total_weight)
    assert again.tolist() == first.tolist()
    assert all(m.derived["section"] is s for m, s in zip(matched, shares, strict=True))
    assert all(s.max() <= 1 and not s.flags.writeable for s in shares)
