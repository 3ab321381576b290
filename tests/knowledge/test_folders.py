"""Knowledge folders as people have them: subfolders, every format, links gone wrong."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import knowledge
from knowledge.cli.cli import main

WIKI = "== Pears ==\nPears ripen after picking. They bruise easily.\n"
MARKDOWN = "# Plums\n\nPlums are stone fruit. They dry into prunes.\n"
RST = "Cherries\n========\n\nCherries need cold winters. Birds love them.\n"


def write(folder: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return folder


def test_every_format_in_subfolders_readme_included_hidden_skipped(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "README.md": "# Orchard\n\nThis orchard grows fruit trees.\n",
            "pears.txt": WIKI,
            "stone/plums.markdown": MARKDOWN,
            "stone/deep/cherries.rst": RST,
            ".git/notes.md": "# Hidden\n\nNever read from a hidden folder.\n",
            "node_modules/pkg/readme.md": "# Package\n\nNever read from dependencies.\n",
            "faq.yaml": "[]\n",
        },
    )
    kb = knowledge.load(tmp_path)
    assert [(d.file, d.title) for d in kb.documents] == [
        ("README.md", "Orchard"),
        ("pears.txt", "Pears"),
        ("stone/deep/cherries.rst", "Cherries"),
        ("stone/plums.markdown", "Plums"),
    ]
    assert kb.answer("do cherries need cold winters").excerpts[0].document == "Cherries"
    assert not kb.answer("hidden folder").answered
    assert kb.warnings == ()


def test_same_titles_in_subfolders_stay_apart(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "apples/index.md": "# Index\n\nApples keep for months in a cellar.\n",
            "pears/index.md": "# Index\n\nPears keep for weeks in a cellar.\n",
        },
    )
    kb = knowledge.load(tmp_path)
    assert [d.title for d in kb.documents] == ["Index", "Index (pears/index.md)"]
    assert len({s.id for s in kb.sections}) == len(kb.sections)


def test_reading_problems_are_warnings_naming_the_path(tmp_path: Path) -> None:
    write(tmp_path, {"plums.md": MARKDOWN, "bad.md": "caf\xe9"})
    (tmp_path / "bad.md").write_bytes(b"\xff\xfe not utf-8 \xff")
    (tmp_path / "gone.md").symlink_to(tmp_path / "missing.md")
    (tmp_path / "loop").symlink_to(tmp_path)
    (tmp_path / "folder.md").mkdir()
    write(tmp_path, {"folder.md/inside.txt": WIKI})
    kb = knowledge.load(tmp_path)
    assert sorted(d.file for d in kb.documents) == ["folder.md/inside.txt", "plums.md"]
    reasons = {p.file: p.reason for p in kb.warnings}
    assert "not UTF-8" in reasons["bad.md"]
    assert "dangling link" in reasons["gone.md"]
    assert "symlink loop" in reasons["loop"]


def test_an_unreadable_file_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, {"plums.md": MARKDOWN, "secret.md": "# Secret\n\nHidden text.\n"})
    original = Path.read_text

    def read_text(self: Path, *args: object, **kwargs: object) -> str:
        if self.name == "secret.md":  # what a file without read permission gives
            raise PermissionError(13, "Permission denied", str(self))
        return original(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "read_text", read_text)
    kb = knowledge.load(tmp_path)
    assert [d.file for d in kb.documents] == ["plums.md"]
    assert [(p.file, p.reason) for p in kb.warnings] == [
        ("secret.md", "cannot read: Permission denied")
    ]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their permissions")
def test_a_file_without_read_permission_is_named(tmp_path: Path) -> None:
    write(tmp_path, {"plums.md": MARKDOWN, "secret.md": "# Secret\n\nHidden text.\n"})
    (tmp_path / "secret.md").chmod(0)
    kb = knowledge.load(tmp_path)
    assert [p.file for p in kb.warnings] == ["secret.md"]


def test_check_and_ask_report_skipped_files_without_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(tmp_path, {"plums.md": MARKDOWN})
    (tmp_path / "gone.md").symlink_to(tmp_path / "missing.md")
    (tmp_path / "loop").symlink_to(tmp_path)
    (tmp_path / "fox.txt").write_text("Foxes glow near [[river]]s.\n", encoding="utf-8")
    assert main(["check", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "read as: markdown 1, mediawiki 1" in out  # how each document was taken
    assert "meaning (semantic extra): off" in out  # the sentence model, said once
    assert "2 file(s) skipped" in out
    assert "gone.md: dangling link" in out
    assert "loop: symlink loop" in out
    assert main(["ask", "--knowledge", str(tmp_path), "what do plums dry into"]) == 0
    captured = capsys.readouterr()
    assert "Plums are stone fruit." in captured.out
    assert "skipped gone.md: dangling link" in captured.err
    assert "Traceback" not in captured.err


def test_a_folder_where_nothing_can_be_read_is_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "gone.md").symlink_to(tmp_path / "missing.md")
    assert main(["check", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert "gone.md: dangling link" in out
    assert "no .md, .txt, .rst or .wiki documents" in out


def test_a_manifest_naming_a_folder_is_an_error(tmp_path: Path) -> None:
    write(tmp_path, {"manifest.yaml": "documents:\n  - file: docs.md\n"})
    (tmp_path / "docs.md").mkdir()
    with pytest.raises(knowledge.KnowledgeError) as info:
        knowledge.load(tmp_path)
    assert "'docs.md' is a folder" in str(info.value)


def test_windows_line_ends_read_like_unix_ones(tmp_path: Path) -> None:
    unix = write(tmp_path / "unix", {"plums.md": MARKDOWN, "cherries.rst": RST})
    dos = tmp_path / "dos"
    dos.mkdir()
    for path in unix.iterdir():
        (dos / path.name).write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    one, other = knowledge.load(unix), knowledge.load(dos)
    assert [(s.path, [x.text for x in s.sentences]) for s in one.sections] == [
        (s.path, [x.text for x in s.sentences]) for s in other.sections
    ]
    assert other.answer("dry plums").to_dict() == one.answer("dry plums").to_dict()
