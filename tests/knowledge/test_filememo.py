"""The memo of file digests: a cached load reads no unchanged input again, an edit is
always seen, and a memo written by a stranger is ignored or at worst means a rebuild."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import knowledge
from knowledge.store import cache, filememo
from knowledge.store.filememo import MEMO

DOC = """Apples are a fruit grown in orchards. They are usually red or green.

== Growing ==
Apple trees are pruned in winter. Orchards need bees for pollination.
"""


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    path = tmp_path / "apples"
    path.mkdir()
    (path / "apples.txt").write_text(DOC, encoding="utf-8")
    return path


@pytest.fixture
def hashed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the files whose bytes are read to hash them, as they are read."""
    read: list[str] = []
    real = filememo.hashlib.file_digest

    def spy(handle, digest):  # type: ignore[no-untyped-def]
        read.append(Path(handle.name).name)
        return real(handle, digest)

    monkeypatch.setattr(filememo.hashlib, "file_digest", spy)
    return read


def test_a_second_load_reads_no_unchanged_file_and_an_edit_is_seen(
    folder: Path, tmp_path: Path, hashed: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(filememo, "RACY_SECONDS", 0.0)  # every file old enough to trust
    cache_dir = tmp_path / "cache"
    knowledge.load(folder, cache_dir=cache_dir)
    assert "apples.txt" in hashed
    hashed.clear()
    again = knowledge.load(folder, cache_dir=cache_dir)
    assert again.from_cache
    assert hashed == []
    # Same size, other words: the file's times moved, so it is read and the text rebuilt.
    (folder / "apples.txt").write_text(DOC.replace("winter", "spring"), encoding="utf-8")
    edited = knowledge.load(folder, cache_dir=cache_dir)
    assert hashed == ["apples.txt"]
    assert not edited.from_cache
    assert "spring" in edited.answer("when are apple trees pruned").excerpts[0].text


def test_a_file_changed_just_now_is_hashed_every_time(
    folder: Path, tmp_path: Path, hashed: list[str]
) -> None:
    """Its times could stay the same through another edit: it is never remembered."""
    cache_dir = tmp_path / "cache"
    knowledge.load(folder, cache_dir=cache_dir)
    hashed.clear()
    assert knowledge.load(folder, cache_dir=cache_dir).from_cache
    assert "apples.txt" in hashed


def test_the_cache_file_checksum_is_checked_again_once_the_file_changed(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(filememo, "RACY_SECONDS", 0.0)
    cache_dir = tmp_path / "cache"
    knowledge.load(folder, cache_dir=cache_dir)
    assert knowledge.load(folder, cache_dir=cache_dir).from_cache  # checked, remembered
    checked: list[int] = []
    real = cache._sha256
    monkeypatch.setattr(cache, "_sha256", lambda h: checked.append(1) or real(h))
    assert knowledge.load(folder, cache_dir=cache_dir).from_cache
    assert checked == []
    (stored,) = cache_dir.glob("kb-*.arrays")
    blob = bytearray(stored.read_bytes())
    blob[-1] ^= 0x01  # same size, one bit: the stamp moved, the checksum finds it
    stored.write_bytes(bytes(blob))
    rebuilt = knowledge.load(folder, cache_dir=cache_dir)
    assert checked == [1]
    assert not rebuilt.from_cache


@pytest.mark.parametrize(
    "memo",
    [
        b"not json {",
        b'{"a": 1}',
        b'[["x", 1, 2, 3, 4, 5]]',
        b'[["x", 1, 2, 3, 4, "5", "' + b"0" * 64 + b'"]]',
        b'[["x", 1, 2, 3, 4, 5, "zz"]]',
        b'[["x", 1, 2, 3, 4, 5, "' + b"g" * 64 + b'"]]',
        b"[" * 100_000,
    ],
    ids=["broken", "object", "short-row", "text-number", "short-digest", "not-hex", "deep"],
)
def test_a_memo_that_is_not_well_formed_is_ignored(
    folder: Path, tmp_path: Path, memo: bytes, hashed: list[str]
) -> None:
    cache_dir = tmp_path / "cache"
    knowledge.load(folder, cache_dir=cache_dir)
    (cache_dir / MEMO).write_bytes(memo)
    hashed.clear()
    kb = knowledge.load(folder, cache_dir=cache_dir)
    assert kb.from_cache
    assert "apples.txt" in hashed
    # What was left is written afresh: the stranger's rows are gone.
    assert b'"x"' not in (cache_dir / MEMO).read_bytes()


def test_a_forged_digest_costs_a_rebuild_never_a_wrong_text(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A stranger's entry for a document, with its stamp right and its digest wrong, keys
    no cache file that exists: the knowledge is built again from the text as it is."""
    monkeypatch.setattr(filememo, "RACY_SECONDS", 0.0)
    cache_dir = tmp_path / "cache"
    knowledge.load(folder, cache_dir=cache_dir)
    rows = json.loads((cache_dir / MEMO).read_text(encoding="utf-8"))
    for row in rows:
        if row[0].endswith("apples.txt"):
            row[-1] = "ab" * 32
    (cache_dir / MEMO).write_text(json.dumps(rows), encoding="utf-8")
    kb = knowledge.load(folder, cache_dir=cache_dir)
    assert not kb.from_cache
    assert "winter" in kb.answer("when are apple trees pruned").excerpts[0].text


def test_the_same_folder_spelled_relative_or_absolute_shares_its_entries(
    folder: Path, tmp_path: Path, hashed: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(filememo, "RACY_SECONDS", 0.0)
    cache_dir = tmp_path / "cache"
    knowledge.load(folder, cache_dir=cache_dir)
    hashed.clear()
    monkeypatch.chdir(folder.parent)
    assert knowledge.load(Path(folder.name), cache_dir=cache_dir).from_cache
    assert hashed == []
