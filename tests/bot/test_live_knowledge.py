"""The store: reloads build off the loop, swap whole, and keep the old knowledge on failure."""

from __future__ import annotations

import ast
import logging
from pathlib import Path

import pytest
from bot_folders import WIDGET_SECTIONS, write_folder

import knowledge
from bot.state.live_knowledge import LiveKnowledge

BOT = Path(__file__).parents[2] / "bot"


async def test_reload_reports_what_changed(tmp_path: Path) -> None:
    folder = write_folder(tmp_path / "kb", WIDGET_SECTIONS)
    store = LiveKnowledge(folder)
    write_folder(folder, {"History": WIDGET_SECTIONS["History"], "Colours": "They are blue."})
    change = await store.reload()
    assert change.changed
    assert change.sections_added == ("Widgets › Colours",)
    assert change.sections_removed == ("Widgets › Manufacturing",)
    assert change.documents_added == change.documents_removed == ()
    assert store.kb.fingerprint == change.new_fingerprint


async def test_a_failed_reload_keeps_the_old_knowledge(tmp_path: Path) -> None:
    folder = write_folder(tmp_path / "kb", WIDGET_SECTIONS)
    store = LiveKnowledge(folder)
    before = store.current
    write_folder(folder, WIDGET_SECTIONS, faq="- question: Q?\n  answer: Not in the text.\n")
    with pytest.raises(knowledge.KnowledgeError) as caught:
        await store.reload()
    assert caught.value.problems
    assert all(p.file for p in caught.value.problems)
    assert store.current is before


def test_bot_uses_only_the_engine_public_api() -> None:
    """`bot/` imports `knowledge` itself, never its modules (the engine's API is its __init__).

    The one exception is the offline CLI, which `citebot` delegates to on purpose."""
    for path in BOT.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.ImportFrom)
                and node.module
                and node.module != "knowledge.cli.cli"
            ):
                assert node.module.split(".")[0] != "knowledge", f"{path}: {node.module}"
            if isinstance(node, ast.Import):
                for alias in node.names:
                    bad = alias.name.startswith("knowledge.")
                    assert not bad, f"{path}: {alias.name}"


def test_the_engine_does_not_import_the_bot() -> None:
    engine = BOT.parent / "knowledge"
    for path in engine.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "import discord" not in text
        assert "from bot" not in text


def test_skipped_files_are_named_in_the_log(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    (tmp_path / "notes.md").write_text("# Notes\n\nWidgets are blue.\n", encoding="utf-8")
    (tmp_path / "gone.md").symlink_to(tmp_path / "missing.md")
    with caplog.at_level(logging.WARNING, logger="citebot"):
        live = LiveKnowledge(tmp_path)
    assert [d.file for d in live.kb.documents] == ["notes.md"]
    assert any("skipped gone.md: dangling link" in r.getMessage() for r in caplog.records), (
        caplog.text
    )
