"""`citebot learn add|list|remove`, `citebot ask --database --guild` and `faq export
--learned`, on SQLite and PostgreSQL, through the console script's entry point."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from bot.app.cli import main

Database = Path | str
TEXT = """== Boats ==
The club owns six rowing boats and two canoes.
Boats must be booked a day ahead on the noticeboard in the boathouse.

== Safety ==
Every rower must pass a swimming test before going out alone.
Life jackets hang on the hooks beside the slipway.
"""
QUOTE = "Life jackets hang on the hooks beside the slipway."


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    where = tmp_path / "club"
    where.mkdir()
    (where / "club.txt").write_text(TEXT)
    return where


def ask(capsys: pytest.CaptureFixture[str], db: Database, guild: int, folder: Path, q: str) -> dict:
    code = main(["ask", "--json", "--database", str(db), "--guild", str(guild),
                 "--knowledge", str(folder), q])  # fmt: skip
    assert code == 0
    return json.loads(capsys.readouterr().out.splitlines()[-1])


def test_learn_add_then_ask_in_that_server_only(
    database: Database, folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(database)
    question = "where do we keep the buoyancy vests"
    add = ["learn", "add", "--database", db, "--guild", "1", "--knowledge", str(folder)]
    assert main([*add, "--question", question, "--answer", QUOTE]) == 0
    assert "Club › Safety" in capsys.readouterr().out
    here = ask(capsys, db, 1, folder, "where are the buoyancy vests kept")
    assert here["kind"] == "learned"
    assert here["answered"]
    assert here["answer"][0]["text"] == QUOTE
    elsewhere = ask(capsys, db, 2, folder, "where are the buoyancy vests kept")
    assert elsewhere["kind"] != "learned"
    assert main(["learn", "list", "--database", db, "--guild", "1"]) == 0
    listed = capsys.readouterr().out
    assert "[published]" in listed
    assert question in listed
    assert "(picked)" in listed
    assert main(["learn", "remove", "--database", db, "--guild", "2", "1"]) == 1
    assert "no learned answer 1" in capsys.readouterr().err
    assert main(["learn", "remove", "--database", db, "--guild", "1", "1"]) == 0
    capsys.readouterr()
    assert ask(capsys, db, 1, folder, "where are the buoyancy vests kept")["kind"] != "learned"


def test_a_quote_that_is_not_verbatim_is_refused(
    tmp_path: Path, folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "f.db"
    add = ["learn", "add", "--database", str(db), "--guild", "1", "--knowledge", str(folder)]
    assert main([*add, "--question", "vests?", "--answer", "Life jackets hang by the door."]) == 1
    err = capsys.readouterr().err
    assert "refused" in err
    assert "not a verbatim quote" in err
    assert f"closest sentence: {QUOTE!r}" in err
    assert not db.exists()  # refused before the database was touched


def test_missing_database_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = str(tmp_path / "none.db")
    assert main(["ask", "--json", "--database", missing, "--guild", "1", "boats"]) == 1
    assert main(["learn", "list", "--database", missing]) == 1
    err = capsys.readouterr().err
    assert err.count("no feedback database") == 2
    assert "Traceback" not in err


def test_faq_export_can_add_learned_answers(
    tmp_path: Path, folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(tmp_path / "f.db")
    add = ["learn", "add", "--database", db, "--guild", "7", "--knowledge", str(folder)]
    assert main([*add, "--question", "where are the life jackets", "--answer", QUOTE]) == 0
    config = tmp_path / "config.yaml"
    config.write_text(f"knowledge:\n  path: {folder}\nfeedback:\n  database: {db}\n")
    out = tmp_path / "faq.yaml"
    assert main(["faq", "export", "--config", str(config), "--learned", "7", "-o", str(out)]) == 0
    entries = yaml.safe_load(out.read_text())
    assert entries == [{"id": "learned-7-1", "question": "where are the life jackets",
                        "answer": QUOTE}]  # fmt: skip
