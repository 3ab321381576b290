"""Broken knowledge folders raise KnowledgeError naming file, line and reason; `check` says so."""

from __future__ import annotations

from pathlib import Path

import pytest

import knowledge
from knowledge.cli.cli import main

DOC = """Apples are a fruit grown in orchards. They are usually red or green.
== Growing ==
Apple trees are pruned in winter. Farmers harvest them in autumn.
== Pests ==
The codling moth is the worst pest of apples. Traps reduce the damage.
== References ==
Smith wrote a book about apples.
"""

GOOD_FAQ = """\
- id: what-are-apples
  question: What are apples?
  alternates: [define apples]
  answer: "Apples are a fruit grown in orchards."
  section: "(lead)"
- id: worst-pest
  question: What is the worst apple pest?
  answer: "The codling moth is the worst pest of apples."
  section: Pests
"""

MANIFEST = """\
documents:
  - file: apples.txt
    title: Apples
    url: https://example.org/wiki/Apples
    licence: CC BY-SA 4.0
faq: [faq.yaml]
"""


REFERENCE_QUOTE = (
    "- id: ref\n  question: Who wrote about apples?\n  answer: Smith wrote a book about apples.\n"
)


def folder(tmp_path: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


def problems(path: Path) -> list[knowledge.Problem]:
    with pytest.raises(knowledge.KnowledgeError) as info:
        knowledge.load(path)
    found = list(info.value.problems)
    assert found
    assert str(info.value)  # the message joins every problem
    return found


def test_good_folder_loads(tmp_path: Path) -> None:
    kb = knowledge.load(
        folder(tmp_path, {"manifest.yaml": MANIFEST, "apples.txt": DOC, "faq.yaml": GOOD_FAQ})
    )
    assert kb.counts()["documents"] == 1
    assert kb.counts()["curated_faq"] == 2
    entry = kb.faq_entry("worst-pest")
    assert entry is not None
    assert entry.file == "faq.yaml"
    assert entry.line == 6
    section = kb.section(entry.section_id)
    assert section is not None
    assert section.title == "Pests"
    assert section.url == "https://example.org/wiki/Apples#Pests"


def test_invalid_yaml_manifest_names_the_line(tmp_path: Path) -> None:
    bad = "documents:\n  - file: apples.txt\n    title: Apples\n  oops: [unclosed\n"
    [problem] = problems(folder(tmp_path, {"manifest.yaml": bad, "apples.txt": DOC}))
    assert problem.file == "manifest.yaml"
    assert problem.line == 4
    assert "invalid YAML" in problem.reason
    assert str(problem).startswith("manifest.yaml:4: ")


def test_manifest_naming_a_missing_document(tmp_path: Path) -> None:
    manifest = "documents:\n  - file: apples.txt\n  - file: pears.txt\n    title: Pears\n"
    [problem] = problems(folder(tmp_path, {"manifest.yaml": manifest, "apples.txt": DOC}))
    assert problem.file == "manifest.yaml"
    assert problem.line == 3
    assert "pears.txt" in problem.reason
    assert "not found" in problem.reason


def test_manifest_unknown_key_and_bad_threshold(tmp_path: Path) -> None:
    manifest = "documents: [{file: apples.txt}]\nfaqs: [faq.yaml]\noptions:\n  threshold: 7\n"
    found = problems(folder(tmp_path, {"manifest.yaml": manifest, "apples.txt": DOC}))
    reasons = " | ".join(p.reason for p in found)
    assert "faqs" in reasons
    assert "threshold" in reasons
    assert any(p.line == 2 for p in found if "faqs" in p.reason)


def test_manifest_naming_a_missing_faq_file(tmp_path: Path) -> None:
    manifest = "documents: [{file: apples.txt}]\nfaq: [nowhere.yaml]\n"
    [problem] = problems(folder(tmp_path, {"manifest.yaml": manifest, "apples.txt": DOC}))
    assert problem.file == "manifest.yaml"
    assert "nowhere.yaml" in problem.reason


def test_manifest_without_documents(tmp_path: Path) -> None:
    [problem] = problems(folder(tmp_path, {"manifest.yaml": "faq: []\n", "apples.txt": DOC}))
    assert "documents" in problem.reason


def test_empty_document(tmp_path: Path) -> None:
    manifest = "documents:\n  - file: apples.txt\n  - file: empty.txt\n"
    [problem] = problems(
        folder(tmp_path, {"manifest.yaml": manifest, "apples.txt": DOC, "empty.txt": " \n\n"})
    )
    assert problem.file == "empty.txt"
    assert "empty" in problem.reason


def test_folder_not_found(tmp_path: Path) -> None:
    [problem] = problems(tmp_path / "nope")
    assert "not found" in problem.reason


def test_folder_without_documents(tmp_path: Path) -> None:
    [problem] = problems(folder(tmp_path, {"notes.yaml": "a: 1\n"}))
    assert "no .md, .txt, .rst or .wiki documents" in problem.reason


def test_duplicate_faq_ids(tmp_path: Path) -> None:
    faq = GOOD_FAQ + (
        "- id: what-are-apples\n"
        "  question: What colour are apples?\n"
        '  answer: "They are usually red or green."\n'
    )
    [problem] = problems(
        folder(tmp_path, {"manifest.yaml": MANIFEST, "apples.txt": DOC, "faq.yaml": faq})
    )
    assert problem.file == "faq.yaml"
    assert problem.line == 10
    assert "duplicate" in problem.reason
    assert "what-are-apples" in problem.reason


def test_duplicate_faq_ids_across_files(tmp_path: Path) -> None:
    other = (
        "- id: worst-pest\n"
        "  question: How are apples harvested?\n"
        '  answer: "Farmers harvest them in autumn."\n'
    )
    manifest = MANIFEST.replace("faq: [faq.yaml]", "faq: [faq.yaml, more.yaml]")
    files = {"manifest.yaml": manifest, "apples.txt": DOC, "faq.yaml": GOOD_FAQ, "more.yaml": other}
    [problem] = problems(folder(tmp_path, files))
    assert problem.file == "more.yaml"
    assert problem.line == 1
    assert "duplicate" in problem.reason
    assert "worst-pest" in problem.reason


def test_faq_answer_not_in_text_names_the_closest_sentence(tmp_path: Path) -> None:
    faq = (
        "- id: ok\n"
        "  question: What are apples?\n"
        '  answer: "Apples are a fruit grown in orchards."\n'
        "- id: misquoted\n"
        "  question: When are trees pruned?\n"
        '  answer: "Apple trees are pruned in summer."\n'
    )
    [problem] = problems(folder(tmp_path, {"apples.txt": DOC, "faq.yaml": faq}))
    assert problem.file == "faq.yaml"
    assert problem.line == 4
    assert "misquoted" in problem.reason
    assert "verbatim" in problem.reason
    assert "Apple trees are pruned in winter." in problem.reason


def test_faq_quote_must_match_exactly(tmp_path: Path) -> None:
    faq = (
        '- id: q\n  question: What are apples?\n  answer: "apples are a fruit grown in orchards."\n'
    )
    [problem] = problems(folder(tmp_path, {"apples.txt": DOC, "faq.yaml": faq}))
    assert "verbatim" in problem.reason


def test_faq_quote_in_a_reference_section_is_rejected(tmp_path: Path) -> None:
    faq = REFERENCE_QUOTE
    [problem] = problems(folder(tmp_path, {"apples.txt": DOC, "faq.yaml": faq}))
    assert problem.file == "faq.yaml"
    assert problem.line == 1


def test_faq_quote_in_a_reference_section_says_why(tmp_path: Path) -> None:
    faq = REFERENCE_QUOTE
    [problem] = problems(folder(tmp_path, {"apples.txt": DOC, "faq.yaml": faq}))
    assert "reference" in problem.reason.lower()
    assert "References" in problem.reason


def test_faq_quote_across_a_heading_is_rejected(tmp_path: Path) -> None:
    faq = (
        "- id: across\n"
        "  question: What about apples?\n"
        '  answer: "They are usually red or green.\\n== Growing ==\\n'
        'Apple trees are pruned in winter."\n'
    )
    [problem] = problems(folder(tmp_path, {"apples.txt": DOC, "faq.yaml": faq}))
    assert (problem.file, problem.line) == ("faq.yaml", 1)
    assert "across" in problem.reason
    assert "heading" in problem.reason


@pytest.mark.parametrize(
    "quote", ["les are a fruit grown in orchards.", "Apples are a fruit grown in orch"]
)
def test_faq_quote_cut_inside_a_word_is_rejected(tmp_path: Path, quote: str) -> None:
    faq = f'- id: cut\n  question: What are apples?\n  answer: "{quote}"\n'
    [problem] = problems(folder(tmp_path, {"apples.txt": DOC, "faq.yaml": faq}))
    assert (problem.file, problem.line) == ("faq.yaml", 1)
    assert "word" in problem.reason


def test_faq_section_mismatch(tmp_path: Path) -> None:
    faq = (
        "- id: wrong-section\n"
        "  question: What is the worst pest?\n"
        '  answer: "The codling moth is the worst pest of apples."\n'
        "  section: Growing\n"
    )
    [problem] = problems(folder(tmp_path, {"apples.txt": DOC, "faq.yaml": faq}))
    assert "Pests" in problem.reason
    assert "Growing" in problem.reason


def test_unknown_faq_key(tmp_path: Path) -> None:
    faq = GOOD_FAQ + (
        "- id: colour\n"
        "  question: What colour are apples?\n"
        '  answer: "They are usually red or green."\n'
        "  awnser: typo\n"
    )
    [problem] = problems(folder(tmp_path, {"apples.txt": DOC, "faq.yaml": faq}))
    assert problem.file == "faq.yaml"
    assert problem.line == 10
    assert "awnser" in problem.reason


@pytest.mark.parametrize(
    ("faq", "words"),
    [
        ("id: x\nquestion: q\n", "list"),
        ("- just a string\n", "mapping"),
        ("- id: x\n  answer: They are usually red or green.\n", "question"),
        ("- id: x\n  question: Colour?\n", "answer"),
        ("- question: Colour?\n  answer: They are usually red or green.\n", "id"),
        (
            "- id: x\n  question: Colour?\n  answer: They are usually red or green.\n"
            "  alternates: c\n",
            "alternates",
        ),
        ("- id: x\n  question: [unclosed\n", "invalid YAML"),
    ],
)
def test_malformed_faq_entries(tmp_path: Path, faq: str, words: str) -> None:
    found = problems(folder(tmp_path, {"apples.txt": DOC, "faq.yaml": faq}))
    assert all(p.file == "faq.yaml" for p in found)
    assert all(p.line is not None for p in found)
    assert any(words in p.reason for p in found), found


def test_all_faq_problems_are_reported_at_once(tmp_path: Path) -> None:
    faq = (
        "- id: a\n  question: Q?\n  answer: Not in the text at all.\n"
        "- id: b\n  question: Q?\n  answer: Also missing from it.\n"
    )
    found = problems(folder(tmp_path, {"apples.txt": DOC, "faq.yaml": faq}))
    assert [p.line for p in found] == [1, 4]


@pytest.mark.parametrize(
    ("synonyms", "line"),
    [
        ("- [apple, pome]\n- fruit\n", 2),
        ("- [apple, pome]\n- [ok, 3]\n", 2),
        ("apple: pome\n", 1),
        ("just a string\n", 1),
    ],
)
def test_synonyms_must_be_a_list_of_lists(tmp_path: Path, synonyms: str, line: int) -> None:
    manifest = "documents: [{file: apples.txt}]\nsynonyms: [syn.yaml]\n"
    found = problems(
        folder(tmp_path, {"manifest.yaml": manifest, "apples.txt": DOC, "syn.yaml": synonyms})
    )
    assert [(p.file, p.line) for p in found] == [("syn.yaml", line)]
    assert "list" in found[0].reason


def test_folder_without_manifest(tmp_path: Path) -> None:
    files = {
        "apple_growing-notes.txt": DOC,
        "pears.md": "# Pears\n\nPears are sweeter than apples. They bruise easily.\n",
        "faq.yaml": GOOD_FAQ,
        "synonyms.yaml": "- [moth, codling moth]\n",
    }
    kb = knowledge.load(folder(tmp_path, files))
    titles = sorted(d.title for d in kb.documents)
    assert titles == ["Apple growing notes", "Pears"]
    assert kb.counts()["curated_faq"] == 2
    assert kb.faq_entry("worst-pest") is not None
    doc = kb.document("Apple growing notes")
    assert doc is not None
    assert doc.url == ""
    assert all(s.url == "" for s in doc.sections)
    assert doc.file == "apple_growing-notes.txt"


def test_folder_without_manifest_reads_readme_too(tmp_path: Path) -> None:
    files = {"apples.txt": DOC, "README.md": "# Notes\n\nThis folder holds notes on apples.\n"}
    kb = knowledge.load(folder(tmp_path, files))
    assert [(d.file, d.title) for d in kb.documents] == [
        ("README.md", "Notes"),
        ("apples.txt", "Apples"),
    ]


def test_folder_errors_collect_every_problem(tmp_path: Path) -> None:
    manifest = "documents:\n  - file: apples.txt\n  - file: gone.txt\n  - file: empty.txt\n"
    files = {"manifest.yaml": manifest, "apples.txt": DOC, "empty.txt": ""}
    found = problems(folder(tmp_path, files))
    assert any("gone.txt" in p.reason for p in found)


# --- citebot check ------------------------------------------------------------------------


def test_check_reports_problems_with_exit_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    faq = (
        "- id: a\n  question: Q?\n  answer: Not in the text at all.\n"
        "- id: b\n  question: Q?\n  answer: They are usually red or green.\n"
        "- id: b\n  question: Q?\n  answer: They are usually red or green.\n"
    )
    path = folder(tmp_path, {"apples.txt": DOC, "faq.yaml": faq})
    assert main(["check", str(path)]) == 1
    out = capsys.readouterr().out
    assert "2 problem(s)" in out
    assert "faq.yaml:1: entry 'a': answer is not a verbatim quote" in out
    assert "faq.yaml:7: duplicate FAQ id 'b'" in out


def test_duplicate_id_after_an_invalid_entry_is_reported(tmp_path: Path) -> None:
    faq = (
        "- id: a\n  question: Q?\n  answer: Not in the text at all.\n"
        "- id: a\n  question: Q?\n  answer: They are usually red or green.\n"
    )
    found = problems(folder(tmp_path, {"apples.txt": DOC, "faq.yaml": faq}))
    assert any(p.line == 4 and "duplicate" in p.reason for p in found)


def test_check_bad_yaml_manifest(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = folder(
        tmp_path, {"manifest.yaml": "documents:\n- file: a.txt\n  : :\n  - x\n", "a.txt": DOC}
    )
    assert main(["check", str(path)]) == 1
    out = capsys.readouterr().out
    assert "manifest.yaml:" in out
    assert "invalid YAML" in out


def test_check_good_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = folder(tmp_path, {"manifest.yaml": MANIFEST, "apples.txt": DOC, "faq.yaml": GOOD_FAQ})
    assert main(["check", str(path)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("OK")
    assert "documents: 1" in out
    assert "curated faq: 2" in out
    assert "sentences: 6" in out


def test_check_bundled_folder(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("OK")
    assert "documents: 1" in out


def test_structures_nested_beyond_reason_load_as_plain_text(tmp_path: Path) -> None:
    """Quotes, colon containers and lists nested hundreds deep once overflowed the stack."""
    (tmp_path / "quotes.md").write_text(">" * 600 + " Deep quoted text.\n", encoding="utf-8")
    (tmp_path / "notes.md").write_text(":::note\nNested note text.\n" * 400, encoding="utf-8")
    (tmp_path / "items.rst").write_text(
        "".join(" " * (2 * depth) + "- item\n\n" for depth in range(300)), encoding="utf-8"
    )
    kb = knowledge.load(tmp_path)
    assert len(kb.documents) == 3
    assert kb.answer("deep quoted text").excerpts
