"""Files that go while the folder is read: skipped with a warning, never a failed build."""

from __future__ import annotations

from pathlib import Path

import pytest

import knowledge

DOCS = {
    "a.md": "# Apples\n\nApples grow in orchards.\n",
    "b.md": "# Bananas\n\nBananas grow in bunches.\n",
    "c.md": "# Cherries\n\nCherries need cold winters.\n",
}


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    path = tmp_path / "docs"
    path.mkdir()
    for name, text in DOCS.items():
        (path / name).write_text(text, encoding="utf-8")
    return path


def _deleting(path: Path) -> knowledge.base.Progress:
    """A progress hook that deletes `path` once the first document has been read."""

    def progress(stage: str, done: int, total: int) -> None:
        del total
        if stage == "documents" and done == 1:
            path.unlink(missing_ok=True)

    return progress


@pytest.mark.parametrize("listed", [False, True], ids=["walked", "manifest"])
def test_a_document_deleted_mid_read_is_skipped_with_a_warning(
    folder: Path, tmp_path: Path, listed: bool
) -> None:
    if listed:
        (folder / "manifest.yaml").write_text(
            "documents:\n  - file: a.md\n  - file: b.md\n  - file: c.md\n", encoding="utf-8"
        )
    kb = knowledge.load(folder, cache_dir=tmp_path / "cache", progress=_deleting(folder / "b.md"))
    assert [d.file for d in kb.documents] == ["a.md", "c.md"]
    assert [(p.file, p.reason) for p in kb.warnings] == [("b.md", "file not found")]
    assert "Cherries need cold winters." in kb.answer("what do cherries need").excerpts[0].text


def test_a_faq_file_deleted_mid_read_is_skipped_with_a_warning(folder: Path) -> None:
    (folder / "faq.yaml").write_text(
        "- id: apples\n  question: Where do apples grow?\n  answer: Apples grow in orchards.\n",
        encoding="utf-8",
    )
    kb = knowledge.load(folder, progress=_deleting(folder / "faq.yaml"))
    assert [(p.file, p.reason) for p in kb.warnings] == [("faq.yaml", "file not found")]
    assert len(kb.documents) == 3
