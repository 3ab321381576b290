"""The optional sentence model (`citebot[semantic]`): the real model on real text.

Tests that need onnxruntime and tokenizers are skipped where the extra is not installed;
the rest (the vector store, the status said without the extra) run everywhere.
"""

from __future__ import annotations

import hashlib
import importlib.util
import threading
from pathlib import Path

import numpy as np
import pytest

import knowledge
from knowledge.answer import learned as learned_answers
from knowledge.answer.learned import Learned
from knowledge.semantic import encoder as encoder_module
from knowledge.semantic.vectors import (
    BUNDLED,
    DIGEST,
    STORE_NAME,
    VectorStore,
    digest,
    unit_texts,
)

HAVE_EXTRA = all(importlib.util.find_spec(m) for m in ("onnxruntime", "tokenizers"))
needs_extra = pytest.mark.skipif(not HAVE_EXTRA, reason="the semantic extra is not installed")

GARDEN = """\
# Compost

## Greens

Kitchen scraps such as vegetable peelings and coffee grounds rot quickly and add nitrogen.

## Browns

Dry leaves, straw and cardboard add carbon and keep the heap from turning slimy.

## Turning

Mix the heap with a fork every two weeks so that air reaches the middle.
"""


def _digest_ending_in_nul() -> tuple[str, bytes]:
    for n in range(10_000):
        text = f"text {n}"
        if digest(text).endswith(b"\0"):
            return text, digest(text)
    raise AssertionError("no digest ends in a NUL byte")


def test_a_store_round_trips_every_key_even_one_ending_in_nul(tmp_path: Path) -> None:
    _text, key = _digest_ending_in_nul()
    keys = np.frombuffer(key + digest("other"), np.uint8).reshape(-1, DIGEST)
    vectors = np.arange(2 * 384, dtype=np.float16).reshape(2, 384)
    VectorStore(keys, vectors).write(tmp_path / STORE_NAME)
    back = VectorStore.read(tmp_path / STORE_NAME)
    assert back.get(key) is not None
    assert float(back.get(key)[1]) == 1.0
    assert back.get(digest("other")) is not None
    assert back.get(digest("absent")) is None


def test_a_hostile_or_broken_store_is_ignored(tmp_path: Path) -> None:
    path = tmp_path / STORE_NAME
    np.savez(path, keys=np.array([object()], dtype=object), vectors=np.zeros((1, 384)))
    assert len(VectorStore.read(path)) == 0  # object arrays need pickle: refused
    path.write_bytes(b"not a zip file")
    assert len(VectorStore.read(path)) == 0
    np.savez(path, keys=np.zeros((2, DIGEST), np.uint8), vectors=np.zeros((3, 384), np.float16))
    assert len(VectorStore.read(path)) == 0  # shapes that do not agree


def test_without_the_extra_the_status_says_so_and_answers_are_lexical(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(encoder_module, "_importable", lambda name: name != "onnxruntime")
    encoder_module.forget_shared()
    try:
        kb = knowledge.load(semantic=True)
        assert kb.meaning is None
        assert "onnxruntime missing" in str(kb.meaning_status)
        assert 'pip install "citebot[semantic]"' in str(kb.meaning_status)
        plain = knowledge.load(semantic=False)
        question = "what happened to the kulaks"
        assert kb.answer(question) == plain.answer(question)
    finally:
        encoder_module.forget_shared()


def test_off_unless_asked_for(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CITEBOT_SEMANTIC", raising=False)
    kb = knowledge.load()
    assert kb.meaning is None
    assert "CITEBOT_SEMANTIC=1" in str(kb.meaning_status)


@needs_extra
def test_the_model_puts_paraphrases_close_and_strangers_apart() -> None:
    found = encoder_module.shared_encoder()
    assert not isinstance(found, str), found
    a, b, c = found.encode(
        [
            "How do I remove a package?",
            "What is the way to uninstall a package?",
            "The heap should be turned every two weeks.",
        ]
    )
    assert abs(float(np.linalg.norm(a)) - 1) < 1e-4
    assert float(a @ b) > 0.7
    assert float(a @ c) < 0.3
    # A text alone and among others: the same vector (each is embedded alone).
    assert float(found.encode_one("How do I remove a package?") @ a) > 0.999


@needs_extra
def test_vectors_are_cached_by_text_and_an_edit_embeds_only_what_changed(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "garden"
    folder.mkdir()
    (folder / "compost.md").write_text(GARDEN, encoding="utf-8")
    cache = tmp_path / "cache"
    first = knowledge.load(folder, cache_dir=cache, semantic=True)
    assert first.meaning is not None
    assert len(first.meaning) == first._index.count
    assert "embedded" in str(first.meaning_status)
    again = knowledge.load(folder, cache_dir=cache, semantic=True)
    assert "all stored" in str(again.meaning_status)
    (folder / "compost.md").write_text(
        GARDEN + "\n## Worms\n\nRed worms eat scraps and leave castings.\n", encoding="utf-8"
    )
    edited = knowledge.load(folder, cache_dir=cache, semantic=True)
    assert "(1 embedded" in str(edited.meaning_status)


@needs_extra
def test_a_question_in_other_words_finds_its_unit_by_meaning(tmp_path: Path) -> None:
    folder = tmp_path / "garden"
    folder.mkdir()
    (folder / "compost.md").write_text(GARDEN, encoding="utf-8")
    kb = knowledge.load(folder, semantic=True)
    assert kb.meaning is not None
    asked = kb.meaning.ask("how often should I aerate my pile", 1)
    (closest,) = asked.dense
    assert "every two weeks" in kb._index.sentence(closest).text
    answer = kb.answer("how often should I aerate my pile", threshold=0.0)
    assert "every two weeks" in answer.excerpts[0].text


def test_vectors_are_kept_under_the_shipped_models_own_digest() -> None:
    shipped = hashlib.sha256(encoder_module.MODEL.read_bytes()).hexdigest()
    assert shipped == encoder_module.MODEL_SHA256, "set MODEL_SHA256 to the model's digest"
    plain = hashlib.sha1(b"a text", usedforsecurity=False).digest()
    assert digest("a text") != plain  # another model's vector of it is never found


@needs_extra
def test_the_shipped_vectors_cover_the_bundled_knowledge_and_match_the_model() -> None:
    kb = knowledge.load(semantic=False)
    store = VectorStore.read(BUNDLED)
    units = unit_texts(kb._index, kb.documents)
    curated = [kb.faq[i] for i in kb._answerer.curated]
    phrasings = [t for e in curated for t in (e.question, *e.alternates)]
    missing = [t for t in units + phrasings if store.get(digest(t)) is None]
    assert missing == [], "run knowledge/data/derive_corpus_vectors.py"
    found = encoder_module.shared_encoder()
    assert not isinstance(found, str)
    for text in units[:5]:
        shipped = store.get(digest(text))
        assert shipped is not None
        assert float(found.encode_one(text) @ shipped.astype(np.float32)) > 0.999


@needs_extra
def test_a_rewording_of_a_learned_question_matches_it_without_all_its_words(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "garden"
    folder.mkdir()
    (folder / "compost.md").write_text(GARDEN, encoding="utf-8")
    quote = "Mix the heap with a fork every two weeks so that air reaches the middle."
    pair = Learned("1", "how often do I turn my compost heap", quote)
    reworded = "how frequently should I be turning the compost pile"  # "pile" is not in it
    lexical = knowledge.load(folder, semantic=False)
    assert lexical.answer(reworded, learned=lexical.learned([pair])).kind != "learned"
    kb = knowledge.load(folder, semantic=True)
    answer = kb.answer(reworded, learned=kb.learned([pair]))
    assert answer.kind == "learned"
    assert answer.excerpts[0].text == quote


@needs_extra
def test_a_paraphrase_of_a_learned_question_gets_its_passage_first_but_is_never_answered_by_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Few shared words and a middling cosine (under LEARNED_COSINE): the learned question
    nearest in meaning, well ahead of the others, reorders an answer the engine gives; it
    never turns a declined question into an answer."""
    folder = tmp_path / "garden"
    folder.mkdir()
    (folder / "compost.md").write_text(GARDEN, encoding="utf-8")
    kb = knowledge.load(folder, semantic=True)
    turning = "Mix the heap with a fork every two weeks so that air reaches the middle."
    browns = "Dry leaves, straw and cardboard add carbon and keep the heap from turning slimy."
    learned = kb.learned(
        [
            Learned("1", "how often do I turn my compost heap", turning),
            Learned("2", "what makes a compost heap go slimy", browns),
        ]
    )
    asked = "how regularly should kitchen scraps in the compost be stirred"
    assert kb.answer(asked, threshold=0.0).excerpts[0].text.startswith("Kitchen scraps")
    hinted = kb.answer(asked, threshold=0.0, learned=learned)
    assert (hinted.kind, hinted.excerpts[0].text) == ("learned", turning)
    assert [e.text for e in hinted.excerpts].count(turning) == 1
    monkeypatch.setattr(learned_answers, "HINT_COSINE", 0.99)
    assert kb.answer(asked, threshold=0.0, learned=learned).kind == "passage"
    monkeypatch.undo()
    declined = "my compost is a soggy mess, what do I add"  # near the second in meaning
    assert not kb.answer(declined).answered
    assert not kb.answer(declined, learned=learned).answered


@needs_extra
def test_a_cached_load_plans_curated_phrasings_only_when_a_question_comes_near(
    tmp_path: Path,
) -> None:
    """Planning every curated phrasing took a quarter of a cached load; and the encoder,
    made on a thread beside the load, is made when the load returns."""
    knowledge.load(cache_dir=tmp_path, semantic=True)
    encoder_module.forget_shared()  # so that this load makes it, on its thread
    kb = knowledge.load(cache_dir=tmp_path, semantic=True)
    assert kb.from_cache
    assert kb.meaning is not None
    assert not any(t.name == "citebot-encoder" and t.is_alive() for t in threading.enumerate())
    plans = kb.meaning.faq_plans
    assert len(plans) == len(kb._answerer.curated) > 10
    first = kb.faq[kb._answerer.curated[0]]
    planned_before = set(plans._planned)
    answer = kb.answer(first.question)
    assert answer.kind == "faq"
    assert set(plans._planned) - planned_before  # planned on the way: the entries near it
    assert len(plans._planned) < len(plans)
    assert [q.text for q in plans[0]] == [
        kb._answerer.index.query(t).text for t in (first.question, *first.alternates)
    ]
