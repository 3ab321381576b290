"""Folders of several documents: ids unique across them, every excerpt inside the section
it cites, and the same answers whatever Python's hash seed."""

from __future__ import annotations

import os
import random
import subprocess
import sys
from pathlib import Path

import pytest

import knowledge
from knowledge.model import Excerpt

DOCUMENTS = {
    "apples.md": """# Apples

Apples grow on trees in cool climates. Most apples are picked in autumn.

## Storage

Apples keep for months in a cold cellar. A bruised apple spoils the others.

## Pests

Codling moths lay eggs on young apples. Traps catch the moths in spring.
""",
    "pears.md": """# Pears

Pears ripen after picking, unlike apples. A ripe pear yields near the stem.

## Storage

Pears keep for weeks in a cold cellar. They bruise more easily than apples.

## Pests

Pear psylla suck the sap of young shoots. Soap sprays control the psylla.
""",
    "plums.txt": """Plums are stone fruit that ripen in late summer.
== Storage ==
Plums keep for a few days only. Dried plums are called prunes.
== Pests ==
Plum curculio beetles scar the fruit. Shaking the tree drops the beetles.
""",
    "faq.yaml": """- id: keep-pears
  question: How long do pears last?
  answer: "Pears keep for weeks in a cold cellar."
""",
}


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("orchard")
    for name, text in DOCUMENTS.items():
        (root / name).write_text(text, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def kb(folder: Path) -> knowledge.KnowledgeBase:
    return knowledge.load(folder)


def questions(kb: knowledge.KnowledgeBase) -> list[str]:
    """Every heading, every sentence, and a few words of each: what people might ask."""
    out = [" ".join(s.path) or s.document for s in kb.sections]
    for section in kb.sections:
        for sentence in section.sentences:
            out.append(sentence.text)
            out.append(" ".join(sentence.text.split()[1:4]))
            out.append(f"{section.document} {section.title} {sentence.text.split()[-1]}")
    return out


def inside_its_section(kb: knowledge.KnowledgeBase, excerpt: Excerpt) -> bool:
    """Whether the excerpt is quoted from the section it cites (units a..b of it)."""
    section = kb.section(excerpt.section_id)
    document = kb.document(excerpt.document)
    assert section is not None
    assert document is not None
    units = section.sentences
    for first in range(len(units)):
        for last in range(first, min(first + 3, len(units))):
            if units[first].quote(document.text, units[last]) == excerpt.text:
                return True
    span = document.text[units[0].start : units[-1].end] if units else ""
    return excerpt.text in span  # a curated answer quotes a stretch of the section


def test_sentence_ids_and_paragraphs_are_unique_across_documents(
    kb: knowledge.KnowledgeBase,
) -> None:
    units = [x for s in kb.sections for x in s.sentences]
    ids = [x.id for x in units]
    assert len(ids) == len(set(ids))
    by_paragraph: dict[int, set[str]] = {}
    for unit in units:
        by_paragraph.setdefault(unit.paragraph, set()).add(unit.section_id)
    assert all(len(sections) == 1 for sections in by_paragraph.values())


def test_every_excerpt_lies_inside_the_section_it_cites(kb: knowledge.KnowledgeBase) -> None:
    asked = questions(kb)
    assert len(asked) > 50
    for question in asked:
        for excerpt in kb.answer(question, limit=5).excerpts:
            assert inside_its_section(kb, excerpt), (question, excerpt)
            section = kb.section(excerpt.section_id)
            assert section is not None
            assert (excerpt.document, excerpt.path) == (section.document, section.path)


def test_topics_and_faq_of_a_later_document_cite_that_document(
    kb: knowledge.KnowledgeBase,
) -> None:
    plums = kb.answer("plums pests").excerpts[0]
    assert plums.document == "Plums"
    assert "curculio" in plums.text
    pears = kb.answer("how long do pears last").excerpts[0]
    assert (pears.document, pears.text) == ("Pears", "Pears keep for weeks in a cold cellar.")


def tie_prone_questions(kb: knowledge.KnowledgeBase) -> list[str]:
    """Questions that match many sentences about as well: a few words of each sentence,
    three words drawn from it, and its first words with some misspelt (typo correction)."""
    draw = random.Random(5)
    out = []
    for text in (x.text for s in kb.topics for x in s.sentences):
        words = text.split()
        out.append(" ".join(words[2:7]))
        out.append(" ".join(draw.sample(words, min(3, len(words)))))
        out.append(" ".join(w[::-1] if i % 3 == 0 else w for i, w in enumerate(words[:6])))
    return out


def _answers_with_seed(folder: Path | None, asked: list[str], seed: str) -> str:
    where = ["--knowledge", str(folder)] if folder is not None else []
    done = subprocess.run(
        [sys.executable, "-m", "knowledge", "ask", "--json", *where],
        input="\n".join(asked) + "\n",
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONHASHSEED": seed},
        check=True,
    )
    assert len(done.stdout.splitlines()) == len(asked)
    return done.stdout


def test_answers_do_not_depend_on_the_hash_seed(folder: Path, kb: knowledge.KnowledgeBase) -> None:
    # Before ties were broken by position, about 1 in 60 of these answers changed.
    bundled = tie_prone_questions(knowledge.load())
    assert len(bundled) > 800
    runs = {_answers_with_seed(None, bundled, seed) for seed in ("1", "2")}
    assert len(runs) == 1
    local = questions(kb) + tie_prone_questions(kb)
    assert len({_answers_with_seed(folder, local, seed) for seed in ("0", "9")}) == 1
