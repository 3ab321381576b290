"""Untrusted folders: nothing outside the knowledge folder is read, nothing is left out
silently, and the cache does not care how the folder's path is spelled."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import knowledge
from knowledge.cli.cli import main

PLUMS = "# Plums\n\nPlums are stone fruit. They dry into prunes.\n"
SECRET = "The secret token is hunter2 and nobody may read it.\n"


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder beside the knowledge folder, holding what must never be served."""
    path = tmp_path / "private"
    path.mkdir()
    (path / "config.txt").write_text(SECRET, encoding="utf-8")
    (path / "notes.md").write_text("# Notes\n\n" + SECRET, encoding="utf-8")
    return path


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    path = tmp_path / "docs"
    path.mkdir()
    (path / "plums.md").write_text(PLUMS, encoding="utf-8")
    return path


def _served(kb: knowledge.KnowledgeBase) -> str:
    return "\n".join(d.text for d in kb.documents)


def test_links_out_of_the_folder_are_skipped_and_named(folder: Path, outside: Path) -> None:
    (folder / "settings.txt").symlink_to(outside / "config.txt")
    (folder / "passwd.md").symlink_to("/etc/passwd")
    (folder / "etc").symlink_to(outside)  # a folder link: never walked
    (folder / "inside.md").symlink_to(folder / "plums.md")  # a link within: read
    kb = knowledge.load(folder)
    assert "hunter2" not in _served(kb)
    assert "root:" not in _served(kb)
    reasons = {p.file: p.reason for p in kb.warnings}
    assert set(reasons) == {"settings.txt", "passwd.md", "etc"}
    assert all("outside the knowledge folder" in r for r in reasons.values())
    assert {d.file for d in kb.documents} == {"plums.md", "inside.md"}
    assert "hunter2" not in str(kb.answer("what is the secret token").to_dict())


def test_a_fifo_is_never_opened(folder: Path) -> None:
    os.mkfifo(folder / "pipe.md")  # opening it for reading would wait for ever
    kb = knowledge.load(folder)
    assert [(p.file, "FIFO" in p.reason) for p in kb.warnings] == [("pipe.md", True)]


def test_a_manifest_naming_files_out_of_the_folder_skips_them(folder: Path, outside: Path) -> None:
    (folder / "faq.yaml").symlink_to(outside / "config.txt")
    (folder / "manifest.yaml").write_text(
        "documents:\n  - file: plums.md\n  - file: ../private/notes.md\nfaq: faq.yaml\n",
        encoding="utf-8",
    )
    kb = knowledge.load(folder)
    assert "hunter2" not in _served(kb)
    assert {p.file for p in kb.warnings} == {"../private/notes.md", "faq.yaml"}


def test_a_remembered_manifest_does_not_follow_a_file_turned_into_a_link(
    folder: Path, outside: Path, tmp_path: Path
) -> None:
    (folder / "more.md").write_text("# More\n\nPears are sweet.\n", encoding="utf-8")
    (folder / "manifest.yaml").write_text(
        "documents:\n  - file: plums.md\n  - file: more.md\n", encoding="utf-8"
    )
    knowledge.load(folder, cache_dir=tmp_path / "cache")
    (folder / "more.md").unlink()
    (folder / "more.md").symlink_to(outside / "notes.md")
    kb = knowledge.load(folder, cache_dir=tmp_path / "cache")
    assert "hunter2" not in _served(kb)
    assert [p.file for p in kb.warnings] == ["more.md"]


def test_check_and_ask_name_what_they_skip(
    folder: Path, outside: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (folder / "settings.txt").symlink_to(outside / "config.txt")
    assert main(["check", str(folder)]) == 0
    out = capsys.readouterr().out
    assert "settings.txt: links outside the knowledge folder" in out
    assert main(["ask", "--knowledge", str(folder), "what is the secret token"]) in (0, 1)
    captured = capsys.readouterr()
    assert "skipped settings.txt: links outside" in captured.err
    assert "hunter2" not in captured.out
    assert "Traceback" not in captured.err


def test_a_document_the_manifest_does_not_list_is_named(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (folder / "manifest.yaml").write_text("documents:\n  - file: plums.md\n", encoding="utf-8")
    knowledge.load(folder, cache_dir=tmp_path / "cache")
    (folder / "pears.md").write_text("# Pears\n\nPears ripen off the tree.\n", encoding="utf-8")
    kb = knowledge.load(folder, cache_dir=tmp_path / "cache")  # the manifest is remembered
    assert [(p.file, p.reason.split(":")[0]) for p in kb.warnings] == [
        ("pears.md", "not listed in manifest.yaml")
    ]
    assert main(["check", str(folder)]) == 0
    assert "pears.md: not listed in manifest.yaml" in capsys.readouterr().out


def test_the_same_folder_spelled_three_ways_loads_from_one_cache(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache_dir = tmp_path / "cache"
    (tmp_path / "link").symlink_to(folder)
    monkeypatch.chdir(tmp_path)
    first = knowledge.load("docs", cache_dir=cache_dir)
    assert not first.from_cache
    for spelling in (str(folder), "link", "./docs/"):
        assert knowledge.load(spelling, cache_dir=cache_dir).from_cache, spelling
    assert len(list(cache_dir.glob("kb-*"))) == 1
