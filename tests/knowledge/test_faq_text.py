"""`knowledge.load(faq_text=...)`: curated FAQ text kept outside the folder, checked as the file."""

from __future__ import annotations

from pathlib import Path

import pytest

import knowledge

LEAD = "Widgets are small devices made in the town of Example. They are blue."
HISTORY = "The first widget was built in 1901 by Ada Smith."
ENTRY = f'- id: who-built\n  question: Who built the first widget?\n  answer: "{HISTORY}"\n'


def folder(tmp_path: Path, faq: str | None = None, manifest: str | None = None) -> Path:
    root = tmp_path / "kb"
    root.mkdir()
    (root / "widgets.txt").write_text(f"{LEAD}\n\n== History ==\n{HISTORY}\n", encoding="utf-8")
    if faq is not None:
        (root / "faq.yaml").write_text(faq, encoding="utf-8")
    if manifest is not None:
        (root / "manifest.yaml").write_text(manifest, encoding="utf-8")
    return root


def test_the_text_stands_in_for_the_faq_file_and_changes_the_fingerprint(tmp_path: Path) -> None:
    root = folder(tmp_path, faq="[]\n")
    plain = knowledge.load(root)
    edited = knowledge.load(root, faq_text=ENTRY)
    assert plain.faq_entry("who-built") is None
    entry = edited.faq_entry("who-built")
    assert entry is not None
    assert entry.curated
    assert entry.file == "faq.yaml"
    assert edited.fingerprint != plain.fingerprint
    assert knowledge.load(root, faq_text=ENTRY).fingerprint == edited.fingerprint
    assert (root / "faq.yaml").read_text(encoding="utf-8") == "[]\n"  # the folder is untouched


def test_a_folder_without_a_faq_file_takes_the_text_as_faq_yaml(tmp_path: Path) -> None:
    kb = knowledge.load(folder(tmp_path), faq_text=ENTRY)
    assert kb.faq_entry("who-built") is not None


def test_the_text_is_checked_like_the_file(tmp_path: Path) -> None:
    bad = ENTRY.replace("1901", "1902")
    with pytest.raises(knowledge.KnowledgeError) as raised:
        knowledge.load(folder(tmp_path, faq="[]\n"), faq_text=bad)
    (problem,) = raised.value.problems
    assert problem.file == "faq.yaml"
    assert problem.line == 1
    assert "not a verbatim quote" in problem.reason


def test_a_manifest_without_a_faq_file_is_named(tmp_path: Path) -> None:
    root = folder(tmp_path, manifest="documents:\n  - file: widgets.txt\n")
    with pytest.raises(knowledge.KnowledgeError, match="names no FAQ file"):
        knowledge.load(root, faq_text=ENTRY)


def test_the_cache_is_keyed_on_the_text(tmp_path: Path) -> None:
    root = folder(tmp_path, faq="[]\n")
    cache = tmp_path / "cache"
    first = knowledge.load(root, cache_dir=cache, faq_text=ENTRY)
    again = knowledge.load(root, cache_dir=cache, faq_text=ENTRY)
    other = knowledge.load(root, cache_dir=cache, faq_text="[]\n")
    assert again.from_cache
    assert again.faq_entry("who-built") is not None
    assert not other.from_cache
    assert other.faq_entry("who-built") is None
    assert first.fingerprint == again.fingerprint != other.fingerprint
