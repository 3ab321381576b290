"""The knowledge cache: reused when the inputs are the same, rebuilt when not, never trusted
when damaged."""

from __future__ import annotations

import logging
import struct
from pathlib import Path

import pytest

import knowledge
from knowledge import cache

DOC = """Apples are a fruit grown in orchards. They are usually red or green.

== Growing ==
Apple trees are pruned in winter. Orchards need bees for pollination.

== Pests ==
The codling moth is the worst pest of apples.
"""


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    path = tmp_path / "apples"
    path.mkdir()
    (path / "apples.txt").write_text(DOC, encoding="utf-8")
    return path


def _cache_file(cache_dir: Path) -> Path:
    files = list(cache_dir.glob("kb-*.pickle"))
    assert len(files) == 1, files
    return files[0]


def test_second_load_reads_the_cache_and_answers_alike(folder: Path, tmp_path: Path) -> None:
    cache_dir = tmp_path / "cache"
    built = knowledge.load(folder, cache_dir=cache_dir)
    cached = knowledge.load(folder, cache_dir=cache_dir)
    assert not built.from_cache
    assert cached.from_cache
    assert cached.fingerprint == built.fingerprint
    question = "when are apple trees pruned"
    assert cached.answer(question).to_dict() == built.answer(question).to_dict()


def test_threshold_override_applies_to_a_cached_base(folder: Path, tmp_path: Path) -> None:
    knowledge.load(folder, cache_dir=tmp_path / "c")
    cached = knowledge.load(folder, cache_dir=tmp_path / "c", threshold=0.99)
    assert cached.from_cache
    assert cached.threshold == 0.99


def test_changed_source_is_rebuilt(folder: Path, tmp_path: Path) -> None:
    cache_dir = tmp_path / "cache"
    knowledge.load(folder, cache_dir=cache_dir)
    (folder / "apples.txt").write_text(
        DOC + "\n== Harvest ==\nApples are picked in autumn by hand.\n", encoding="utf-8"
    )
    fresh = knowledge.load(folder, cache_dir=cache_dir)
    assert not fresh.from_cache
    assert any(s.title == "Harvest" for s in fresh.topics)
    assert "picked in autumn" in fresh.answer("when are apples picked").excerpts[0].text


def _damage_truncated(path: Path) -> None:
    path.write_bytes(path.read_bytes()[:-100])


def _damage_garbage(path: Path) -> None:
    path.write_bytes(b"\x00garbage" * 50)


def _damage_wrong_version(path: Path) -> None:
    blob = bytearray(path.read_bytes())
    struct.pack_into(">I", blob, len(cache.MAGIC), cache.FORMAT + 1)
    path.write_bytes(bytes(blob))


def _damage_flipped_byte(path: Path) -> None:
    blob = bytearray(path.read_bytes())
    blob[-10] ^= 0xFF
    path.write_bytes(bytes(blob))


@pytest.mark.parametrize(
    "damage",
    [_damage_truncated, _damage_garbage, _damage_wrong_version, _damage_flipped_byte],
    ids=["truncated", "garbage", "wrong-version", "flipped-byte"],
)
def test_damaged_cache_is_rebuilt_and_replaced(
    folder: Path, tmp_path: Path, damage, caplog: pytest.LogCaptureFixture
) -> None:
    cache_dir = tmp_path / "cache"
    knowledge.load(folder, cache_dir=cache_dir)
    damage(_cache_file(cache_dir))
    with caplog.at_level(logging.INFO, logger="knowledge.cache"):
        rebuilt = knowledge.load(folder, cache_dir=cache_dir)
    assert not rebuilt.from_cache
    assert "ignoring cache" in caplog.text
    assert rebuilt.answer("what is the worst pest of apples").answered
    # The rebuild replaced the damaged file: the next load trusts it again.
    assert knowledge.load(folder, cache_dir=cache_dir).from_cache


def test_unwritable_cache_dir_still_loads(folder: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("a file where the cache folder should be")
    kb = knowledge.load(folder, cache_dir=blocker / "cache")
    assert kb.answer("what colour are apples").excerpts
