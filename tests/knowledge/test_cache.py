"""The knowledge cache: reused when the inputs are the same, rebuilt when not, never trusted
when damaged."""

from __future__ import annotations

import hashlib
import logging
import mmap
import struct
import sys
from pathlib import Path

import numpy as np
import pytest
import yaml

import knowledge
from knowledge import KnowledgeBase
from knowledge.index.texttable import TextTable
from knowledge.store import arrayfile, cache, memory

DEV = Path(__file__).resolve().parents[2] / "bench" / "dev.yaml"

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
    files = list(cache_dir.glob("kb-*.arrays"))
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
    with caplog.at_level(logging.INFO, logger="knowledge.store.cache"):
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


def test_a_cached_bundled_base_answers_every_dev_question_alike(tmp_path: Path) -> None:
    built = knowledge.load(cache_dir=tmp_path)
    cached = knowledge.load(cache_dir=tmp_path)
    assert cached.from_cache
    questions = [str(q["q"]) for q in yaml.safe_load(DEV.read_text(encoding="utf-8"))]
    assert len(questions) >= 80
    for question in questions:
        assert cached.answer(question).to_dict() == built.answer(question).to_dict(), question
    assert [s.sentences for s in cached.sections] == [s.sentences for s in built.sections]
    assert cached.summary(cached.topics[1].id) == built.summary(built.topics[1].id)


def test_cached_arrays_are_read_only_views_of_the_mapped_file(folder: Path, tmp_path: Path) -> None:
    knowledge.load(folder, cache_dir=tmp_path)
    cached = knowledge.load(folder, cache_dir=tmp_path)
    positions = cached._index.postings.positions
    assert not positions.flags.writeable
    base = positions
    while isinstance(base, np.ndarray):
        base = base.base
    assert isinstance(base, memoryview)
    assert isinstance(base.obj, mmap.mmap)


def _damage_an_array(path: Path) -> None:
    """Flip a byte in the last array: the checksum must catch what the pickle would not."""
    blob = bytearray(path.read_bytes())
    blob[-1] ^= 0x01
    path.write_bytes(bytes(blob))


def _damage_header_length(path: Path) -> None:
    blob = bytearray(path.read_bytes())
    offset = len(cache.MAGIC) + 4 + 32
    (length,) = struct.unpack_from(">Q", blob, offset)
    struct.pack_into(">Q", blob, offset, length + 1)
    path.write_bytes(bytes(blob))


@pytest.mark.parametrize(
    "damage", [_damage_an_array, _damage_header_length], ids=["array-byte", "length"]
)
def test_damaged_arrays_or_length_mean_a_rebuild(
    folder: Path, tmp_path: Path, damage, caplog: pytest.LogCaptureFixture
) -> None:
    knowledge.load(folder, cache_dir=tmp_path)
    path = _cache_file(tmp_path)
    damage(path)
    with caplog.at_level(logging.INFO, logger="knowledge.store.cache"):
        assert cache.read_object(path, _key_of(path), KnowledgeBase) is None
    assert "truncated or corrupt" in caplog.text


def _key_of(path: Path) -> bytes:
    return path.read_bytes()[len(cache.MAGIC) + 4 : len(cache.MAGIC) + 36]


def test_a_cache_of_another_key_is_stale(
    folder: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    knowledge.load(folder, cache_dir=tmp_path)
    path = _cache_file(tmp_path)
    with caplog.at_level(logging.INFO, logger="knowledge.store.cache"):
        assert cache.read_object(path, b"\x01" * 32, KnowledgeBase) is None
    assert "stale" in caplog.text


def _write_body(path: Path, key: bytes, body: bytes) -> None:
    """A file whose header and checksum are right for `body`, whatever the body holds."""
    header = cache.MAGIC + struct.pack(
        ">I32sQ32s", cache.FORMAT, key, len(body), hashlib.sha256(body).digest()
    )
    path.write_bytes(header + body)


@pytest.mark.parametrize(
    "body",
    [
        b"",
        struct.pack(">QI", 10**9, 0),  # a pickle longer than the file
        struct.pack(">QI", 0, 1) + struct.pack(">QQ", 0, 10**9),  # an array past the end
        b"\x00" * 200,
        arrayfile.dump(["not", "a", "knowledge", "base"])[0],  # a cut-off body
        b"".join(arrayfile.dump(["not", "a", "knowledge", "base"])),
    ],
    ids=["empty", "long-pickle", "array-outside", "zeros", "cut-off", "not-a-kb"],
)
def test_a_well_checksummed_body_that_does_not_hold_together_is_ignored(
    tmp_path: Path, body: bytes, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "kb.arrays"
    _write_body(path, b"k" * 32, body)
    with caplog.at_level(logging.INFO, logger="knowledge.store.cache"):
        assert cache.read_object(path, b"k" * 32, KnowledgeBase) is None
    assert "ignoring cache" in caplog.text


def test_arrays_round_trip_through_the_file_layout(tmp_path: Path) -> None:
    data = {"ints": np.arange(1000, dtype=np.int32), "empty": np.zeros(0), "text": "kept"}
    body = b"".join(arrayfile.dump(data, start=4))
    path = tmp_path / "body"
    path.write_bytes(b"head" + body)
    with path.open("rb") as handle:
        loaded = arrayfile.load(handle, 4, len(body))
    assert loaded["text"] == "kept"
    assert np.array_equal(loaded["ints"], data["ints"])
    assert loaded["ints"].ctypes.data % 64 == 0  # aligned in the file, so in the map
    assert len(loaded["empty"]) == 0


@pytest.fixture
def listed(tmp_path: Path) -> Path:
    """A folder whose manifest names its documents."""
    path = tmp_path / "listed"
    path.mkdir()
    (path / "apples.txt").write_text(DOC, encoding="utf-8")
    (path / "pears.txt").write_text("Pears ripen off the tree in a cool room.\n", encoding="utf-8")
    (path / "manifest.yaml").write_text(
        "documents:\n"
        "  - file: apples.txt\n    title: Apples\n"
        "  - file: pears.txt\n    title: Pears\n",
        encoding="utf-8",
    )
    return path


def test_a_manifest_read_before_is_reused_from_the_cache(
    listed: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from knowledge.store import inputs  # noqa: PLC0415

    built = knowledge.load(listed, cache_dir=tmp_path / "c")
    assert len(list((tmp_path / "c").glob("manifest-*.arrays"))) == 1
    reads: list[Path] = []
    real = inputs.read_manifest
    monkeypatch.setattr(inputs, "read_manifest", lambda f: reads.append(f) or real(f))
    cached = knowledge.load(listed, cache_dir=tmp_path / "c")
    assert cached.from_cache
    assert reads == []
    assert [d.title for d in cached.documents] == [d.title for d in built.documents]
    (listed / "manifest.yaml").write_text(
        (listed / "manifest.yaml").read_text().replace("title: Pears", "title: Pear trees")
    )
    changed = knowledge.load(listed, cache_dir=tmp_path / "c")
    assert reads == [listed]
    assert not changed.from_cache
    assert "Pear trees" in [d.title for d in changed.documents]


def test_a_document_gone_since_the_manifest_was_remembered_is_a_knowledge_error(
    listed: Path, tmp_path: Path
) -> None:
    knowledge.load(listed, cache_dir=tmp_path / "c")
    (listed / "pears.txt").unlink()
    with pytest.raises(knowledge.KnowledgeError, match=r"pears\.txt"):
        knowledge.load(listed, cache_dir=tmp_path / "c")
    (listed / "pears.txt").mkdir()  # a folder where the document was
    with pytest.raises(knowledge.KnowledgeError, match=r"pears\.txt"):
        knowledge.load(listed, cache_dir=tmp_path / "c")


def test_a_damaged_remembered_manifest_is_read_again(
    listed: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    knowledge.load(listed, cache_dir=tmp_path / "c")
    (memo,) = (tmp_path / "c").glob("manifest-*.arrays")
    _damage_flipped_byte(memo)
    with caplog.at_level(logging.INFO, logger="knowledge.store.cache"):
        again = knowledge.load(listed, cache_dir=tmp_path / "c")
    assert "ignoring cache" in caplog.text
    assert again.from_cache  # the knowledge base itself was fine
    assert [d.title for d in again.documents] == ["Apples", "Pears"]


def test_a_cached_base_has_its_lookups_made_again_not_stored(folder: Path, tmp_path: Path) -> None:
    built = knowledge.load(folder, cache_dir=tmp_path / "c")
    cached = knowledge.load(folder, cache_dir=tmp_path / "c")
    assert cached.from_cache
    assert [s.id for s in cached.sections] == [s.id for s in built.sections]
    assert [s.id for s in cached.topics] == [s.id for s in built.topics]
    growing = next(s for s in built.sections if s.title == "Growing")
    assert cached.section(growing.id) == growing
    assert cached.summary(growing.id).text == built.summary(growing.id).text
    assert "_sections_by_id" not in cached.__getstate__()  # derived, so never in the file


def test_text_tables_and_section_runs_round_trip_through_the_file_layout(
    tmp_path: Path,
) -> None:
    table = TextTable.of({"china": "china chines", "mao": "mao maoist"})
    body = b"".join(arrayfile.dump({"table": table, "empty": TextTable.of({})}))
    path = tmp_path / "body"
    path.write_bytes(body)
    with path.open("rb") as handle:
        loaded = arrayfile.load(handle, 0, len(body))
    assert loaded["table"] == table
    assert dict(loaded["table"]) == {"china": "china chines", "mao": "mao maoist"}
    assert len(loaded["empty"]) == 0
    assert loaded["table"].get("lenin", "") == ""


@pytest.mark.parametrize("entries", [{"a\nb": "x"}, {"a": "x\ny"}, {"": "x"}])
def test_a_text_table_refuses_what_would_not_read_back(entries: dict[str, str]) -> None:
    with pytest.raises(ValueError, match="TextTable"):
        TextTable.of(entries)


def test_a_cached_table_whose_lines_disagree_does_not_load() -> None:
    with pytest.raises(ValueError, match="shorter"):
        TextTable("a\nb", "x")  # two keys, one value: the file is damaged, so rebuilt


def test_freed_memory_is_handed_back_where_the_allocator_can_be_asked(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert memory.give_back() is sys.platform.startswith("linux")
    monkeypatch.setattr(sys, "platform", "darwin")
    assert memory.give_back() is False  # nothing to ask: nothing done, nothing raised

    def no_libc(name: str) -> None:
        raise OSError(f"{name}: cannot open shared object file")

    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setattr(memory.ctypes, "CDLL", no_libc)
    assert memory.give_back() is False
