"""Reloading a large knowledge folder while questions keep coming: the event loop stays
free, every question is answered (from the old knowledge until the swap), none is lost."""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path

import knowledge
from bot.state.live_knowledge import LiveKnowledge
from bot.state.settings import load as load_settings


def _large_folder(root: Path, copies: int) -> Path:
    """The bundled article's text repeated into many documents (a big, valid folder)."""
    source = (knowledge.DEFAULT_KNOWLEDGE / "stalinism.txt").read_text(encoding="utf-8")
    body = source.split("== See also ==")[0]
    folder = root / "large"
    folder.mkdir()
    for n in range(copies):
        (folder / f"part-{n:03d}.txt").write_text(body, encoding="utf-8")
    return folder


async def test_questions_are_answered_throughout_a_large_reload(tmp_path: Path) -> None:
    small = tmp_path / "small"
    shutil.copytree(knowledge.DEFAULT_KNOWLEDGE, small)
    store = LiveKnowledge(small)
    old = store.kb
    store.path = _large_folder(tmp_path, copies=25)

    asked = answered = 0
    served_by: set[int] = set()
    reload = asyncio.create_task(store.reload())
    while not reload.done():
        kb = store.kb  # a handler reads the current knowledge once
        result = kb.answer("what was the great purge")
        asked += 1
        answered += result.answered
        served_by.add(id(kb))
        await asyncio.sleep(0.005)  # the loop turns: the build is not blocking it
    change = await reload

    assert asked >= 5, "the event loop was blocked while the knowledge was built"
    assert answered == asked
    assert id(old) in served_by
    assert store.kb is not old
    assert store.kb.counts()["documents"] == 25
    assert change.changed
    assert "Great Purge" in store.kb.answer("what was the great purge").excerpts[0].text


def test_a_restart_reads_unchanged_knowledge_from_the_cache(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first = LiveKnowledge(None, cache_dir=cache)
    again = LiveKnowledge(None, cache_dir=cache)
    assert not first.kb.from_cache
    assert again.kb.from_cache
    assert again.kb.fingerprint == first.kb.fingerprint


def test_cache_dir_is_a_knowledge_setting(tmp_path: Path) -> None:
    config = tmp_path / "config.yaml"
    config.write_text(f"knowledge:\n  cache_dir: {tmp_path / 'cache'}\n")
    assert load_settings(config).knowledge_cache == tmp_path / "cache"
