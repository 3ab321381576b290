"""knowledge.words.typos: the indexed lookups give exactly what a rapidfuzz scan of the vocabulary
gives (RapidFuzz's own way of testing: properties against a naive reference)."""

from __future__ import annotations

import pickle
import random
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

import knowledge
from knowledge.words import typo_filters
from knowledge.words.typos import SLACK, TypoIndex

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
from questions import slip
from typo_speed import scan

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# Few letters, so that near spellings, ties and repeated bigrams are common; "é" and "ß"
# are letters a folded vocabulary may still hold.
WORD = st.text(alphabet="abcéß", max_size=14)
VOCABULARY = st.lists(WORD, max_size=50)
CUTOFF = st.floats(0, 1) | st.sampled_from([0.0, 0.5, 0.8, 0.84, 1.0])


def scan_similar(word: str, words: list[str], cutoff: float, limit: int) -> list[tuple[int, float]]:
    found = process.extract(
        word,
        words,
        scorer=Levenshtein.normalized_similarity,
        score_cutoff=max(0.0, cutoff - SLACK),
        limit=limit,
    )
    return [(position, score) for _, score, position in found]


def scan_same_initial(word: str, words: list[str], cutoff: float) -> tuple[int, float] | None:
    best = process.extractOne(
        word, words, scorer=fuzz.ratio, score_cutoff=max(0.0, cutoff - 100 * SLACK)
    )
    return None if best is None or best[0][:1] != word[:1] else (best[2], best[1])


@SETTINGS
@given(VOCABULARY, WORD, CUTOFF, st.integers(1, 5))
def test_similar_is_the_scan(words: list[str], word: str, cutoff: float, limit: int) -> None:
    assert TypoIndex(words).similar(word, cutoff, limit) == scan_similar(word, words, cutoff, limit)


@SETTINGS
@given(VOCABULARY, WORD.filter(bool), st.floats(0, 100), st.data())
def test_same_initial_is_the_scan(
    words: list[str], word: str, cutoff: float, data: st.DataObject
) -> None:
    if words and data.draw(st.booleans()):  # a cutoff right at a score: ties and rounding
        cutoff = fuzz.ratio(word, data.draw(st.sampled_from(words)))
    index = TypoIndex(words)
    assert index.closest_if_same_initial(word, cutoff) == scan_same_initial(word, words, cutoff)


@SETTINGS
@given(VOCABULARY, WORD.filter(bool))
def test_corrections_are_the_scan(words: list[str], word: str) -> None:
    assert TypoIndex(words).corrections(word) == scan(word, words)


@settings(max_examples=100, deadline=None)
@given(VOCABULARY, WORD.filter(bool))
def test_without_the_bucket_table_too(words: list[str], word: str) -> None:
    """Vocabularies with too many tokens and buckets for a table search each posting list."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(typo_filters, "_MAX_CUT", -1)
        index = TypoIndex(words)
    assert index._by_length.cut is None
    assert index.corrections(word) == scan(word, words)
    assert index.similar(word, 0.5, 5) == scan_similar(word, words, 0.5, 5)


@settings(max_examples=150, deadline=None)
@given(VOCABULARY.filter(bool), WORD, st.booleans(), st.data())
def test_bigram_counts_with_and_without_the_table(
    words: list[str], word: str, by_initial: bool, data: st.DataObject
) -> None:
    """What the bigram filter counts: each of the word's tokens, once per time a
    vocabulary word has it, for the words of a range of buckets."""
    for max_cut in (1 << 20, -1):
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(typo_filters, "_MAX_CUT", max_cut)
            index = TypoIndex(words)
        bigrams = index._by_initial if by_initial else index._by_length
        buckets = len(bigrams.bucket_start) - 1
        first = data.draw(st.integers(0, buckets - 1))
        end = data.draw(st.integers(first + 1, buckets))
        begin, counts = bigrams.counts(index._token_ids(word), first, end)
        mine = typo_filters.word_tokens(word, index._letters)
        expected = [
            sum(typo_filters.word_tokens(words[p], index._letters).count(t) for t in mine)
            for p in bigrams.order[begin : begin + len(counts)].tolist()
        ]
        assert counts.tolist() == expected
        assert begin == bigrams.bucket_start[first]
        assert len(counts) == bigrams.bucket_start[end] - begin


def test_same_as_the_scan_on_the_bundled_vocabulary() -> None:
    """A real vocabulary: misspelt words, dropped letters, and words it never had."""
    words = list(knowledge.load()._index.vocabulary)
    index = TypoIndex(words)
    rng = random.Random(9)
    long_words = [w for w in words if len(w) >= 4]
    questions = [slip(rng.choice(long_words), rng) for _ in range(250)]
    questions += [slip(slip(rng.choice(long_words), rng), rng) for _ in range(100)]
    questions += ["kruschev", "colectivization", "zzzzzzz", "banana", "chernobyl", "nkvd"]
    differ = [w for w in questions if index.corrections(w) != scan(w, words)]
    assert differ == []
    assert any(index.corrections(w) for w in questions)  # not vacuous


def test_index_corrections_use_it() -> None:
    index = knowledge.load()._index
    assert isinstance(index.typos, TypoIndex)
    for word in ("kruschev", "colectivization", "stalinn", "trotksy", "zzzzzzz"):
        found: dict[str, float] = {}
        for position, score in scan(word, list(index.vocabulary)):
            term = index.vocabulary_stems[position]
            found[term] = max(found.get(term, 0.0), score)
        assert index.corrections(word) == sorted(found.items(), key=lambda kv: -kv[1])
    assert index.corrections("colectivization")[0][0] == "collectiv"


def test_the_cache_is_bounded_and_not_saved() -> None:
    index = TypoIndex(["purge", "purges", "kulak"], cache_size=2)
    first = index.corrections("purgee")
    for word in ("kulakk", "kulaks", "purgee"):
        index.corrections(word)
    assert len(index._cache) == 2
    assert list(index._cache) == ["kulaks", "purgee"]  # least recently used went first
    copy = pickle.loads(pickle.dumps(index))
    assert not copy._cache
    assert copy.corrections("purgee") == first == ((0, 0.8333333333333334), (1, 0.8333333333333334))


def test_deletion_neighbours_are_one_edit_or_one_deletion_each() -> None:
    words = ["stalin", "stalins", "staln", "stalim", "satlin", "tsalin", "lenin"]
    index = TypoIndex(words)
    found = {words[p] for p in index._deletions.neighbours("stalin").tolist()}
    # every word within one edit, and swaps (one deletion from each side meet)
    assert found == {"stalin", "stalins", "staln", "stalim", "satlin", "tsalin"}


@settings(max_examples=100, deadline=None)
@given(st.lists(st.text(alphabet="abç😀", min_size=2, max_size=9), min_size=1, max_size=5))
def test_python_and_numpy_hashes_and_tokens_agree(words: list[str]) -> None:
    """The question side is computed in Python, the vocabulary side with numpy."""
    for word in words:
        rows = typo_filters.codes([word], len(word))
        assert set(typo_filters._deletion_hashes(rows).tolist()) == (
            typo_filters._variant_hashes(word)
        )
        letters = {c: i for i, c in enumerate(sorted(set("".join(words))))}
        dense = np.array([[letters[c] for c in word]])
        assert typo_filters.bigram_tokens(dense, len(letters)).ravel().tolist() == (
            typo_filters.word_tokens(word, letters)
        )


def test_a_word_exactly_at_the_cutoff_is_a_correction() -> None:
    # 1 - 1/5 is 0.8, the cutoff for short words; rapidfuzz alone turns it away at 0.8.
    assert Levenshtein.normalized_similarity("stdn", "stdin", score_cutoff=0.8) == 0.0
    assert TypoIndex(["stdin", "stand"]).corrections("stdn") == ((0, 0.8),)


def test_sorted_distinct_is_np_unique() -> None:
    rng = np.random.default_rng(11)
    for size in (0, 1, 2, 50):
        values = rng.integers(0, 20, size)
        assert typo_filters.sorted_distinct(values).tolist() == np.unique(values).tolist()


def test_neither_a_load_nor_a_misspelt_question_imports_numpy_ma() -> None:
    """numpy 2.4's np.unique imports numpy.ma on its first call (15-90 ms): not on the way."""
    code = (
        "import sys, knowledge\n"
        "kb = knowledge.load()\n"
        "kb.answer('what was the great purrge')\n"
        "print('numpy.ma' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True
    )
    assert out.stdout.split() == ["False"]
