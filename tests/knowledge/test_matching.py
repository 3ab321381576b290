"""General matching: word families and synonyms (WordNet), typos, everyday misspellings."""

from __future__ import annotations

import pickle
import subprocess
import sys
from pathlib import Path

import pytest
import wordfreq

import knowledge
from knowledge.answer.calibration import COEFFICIENTS, Features, calibrate
from knowledge.index.planning import ENGLISH_SHARE, INITIALISM_FACTOR
from knowledge.words import english, wordlists
from knowledge.words.english import english_spelling, rarity
from knowledge.words.text import stem
from knowledge.words.thesaurus import close_in_meaning, related

TEXT = """# Widgets

The creation of a widget takes about an hour. Each widget is stable once assembled.

## Turning

Widgets turn clockwise when powered. A stuck widget should be inspected by hand.

## Storage

Keep spare widgets in a dry cupboard away from sunlight.
"""


@pytest.fixture(scope="module")
def kb(tmp_path_factory: pytest.TempPathFactory) -> knowledge.KnowledgeBase:
    folder: Path = tmp_path_factory.mktemp("widgets")
    (folder / "widgets.md").write_text(TEXT, encoding="utf-8")
    return knowledge.load(folder)


def test_the_wordnet_table_relates_word_families_and_synonyms() -> None:
    _, family = related(("creat",))
    assert ("creation",) in family
    assert ("begin",) in related(("start",))[0]
    assert related(("qwzx",)) == ((), ())


def test_word_families_meet(kb: knowledge.KnowledgeBase) -> None:
    answer = kb.answer("does a widget stabilize")  # the text says "stable"
    assert "Each widget is stable once assembled." in answer.excerpts[0].text


def test_swapped_letters_are_corrected(kb: knowledge.KnowledgeBase) -> None:
    answer = kb.answer("which way do widgets trun")
    assert answer.excerpts[0].text.startswith("Widgets turn clockwise when powered.")


def test_a_plain_word_s_frequency_is_wordfreq_s_own() -> None:
    # Plain words skip wordfreq's tokenizer; the arithmetic after it must be the same.
    words = [w for w in list(english._frequencies())[::13] if w.isascii() and w.isalpha()]
    words += ["qwzxvbnm", "pypi"]
    for word in words:
        assert english._zipf(word) == wordfreq.zipf_frequency(word, "en", wordlist="small")


def test_the_word_lists_read_from_wordfreqs_files_are_wordfreqs_own() -> None:
    """Read without importing wordfreq (its import is half a cached load), the lists are
    the ones wordfreq gives."""
    assert wordlists.frequencies("small_en") == wordfreq.get_frequency_dict("en", "small")
    assert wordlists.top("large_en", 40_000) == wordfreq.top_n_list("en", 40_000)
    assert wordlists.buckets("no_such_list") is None
    assert wordlists.top("no_such_list", 10) is None


def test_loading_knowledge_does_not_import_wordfreq_on_its_way() -> None:
    code = (
        "import sys, threading, knowledge\n"
        "from knowledge.words import english\n"
        "english.warm_spelling_in_background = lambda: None\n"
        "kb = knowledge.load()\n"
        "kb.answer('who led the red army')\n"
        "print('wordfreq' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert out.stdout.split() == ["False"]


def test_a_cached_load_returns_with_the_tables_the_first_question_needs(tmp_path: Path) -> None:
    """From a cache (where the tables are loaded after the read: a thread meanwhile
    slowed it), `load` returns with every table loaded and no warm-up thread left
    running (one sharing the GIL slowed an answer by 5-20 ms): the first question loads
    nothing. wordfreq itself is there for the numbers and hyphenated words its tokenizer
    must read. After a build, what is left loads on while the bot connects."""
    code = (
        "import sys, threading, knowledge\n"
        "from knowledge.words import english, thesaurus\n"
        f"kb = knowledge.load(cache_dir={str(tmp_path)!r})\n"
    )
    subprocess.run([sys.executable, "-c", code], timeout=120, check=True)  # builds
    code += (
        "alive = [t.name for t in threading.enumerate() if t.name.startswith('citebot-')]\n"
        "print(kb.from_cache, len(thesaurus._TABLES), english._everyday.cache_info().currsize,"
        " 'wordfreq' in sys.modules, alive)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert out.stdout.split() == ["True", "3", "1", "True", "[]"]


def test_an_everyday_word_misspelt_weighs_as_the_word_it_is() -> None:
    assert english_spelling("compleetly") == "completely"
    assert english_spelling("completely") is None  # spelt right
    assert english_spelling("qwzxvbnm") is None  # gibberish is no word


def test_a_misspelt_everyday_word_does_not_turn_a_question_away(
    kb: knowledge.KnowledgeBase,
) -> None:
    plain = kb.answer("where do i keep spare widgets")
    misspelt = kb.answer("where do i keep spare widgets honnestly")
    assert misspelt.excerpts[0].text == plain.excerpts[0].text
    gibberish = kb.answer("where do i keep spare widgets qwzxvbnm")
    assert misspelt.confidence > gibberish.confidence


def test_calibration_has_a_coefficient_for_every_feature() -> None:
    assert len(COEFFICIENTS) == len(Features._fields) + 1
    low = Features(0.2, 0.2, 0.0, 0.0)
    high = Features(0.9, 0.9, 0.0, 1.0)
    assert 0.0 <= calibrate(low) < calibrate(high) <= 1.0


ENV = """# Pyenv

The `pyenv version` command shows the version in use.

Set `PYENV_ROOT` to move the install.

## Shims

Shims forward each command to the selected version.
"""


def test_an_identifier_is_not_claimed_by_its_parts(tmp_path: Path) -> None:
    (tmp_path / "env.md").write_text(ENV, encoding="utf-8")
    kb = knowledge.load(tmp_path)
    assert not kb.answer("what is PYENV_VERSION").answered  # the text never names it
    root = kb.answer("what is PYENV_ROOT")
    assert root.answered
    assert root.excerpts[0].text == "Set `PYENV_ROOT` to move the install."
    assert kb.answer("pyenv version command").excerpts[0].text.startswith("The `pyenv version`")


HELP = """# Getting help

## Verbose output

The `-v` flag can be used to display verbose output for a command.

## Listing commands

Run `tool --help` to list every command you can run.
"""


def test_a_short_option_is_searchable_as_written(tmp_path: Path) -> None:
    (tmp_path / "help.md").write_text(HELP, encoding="utf-8")
    kb = knowledge.load(tmp_path)
    answer = kb.answer("what does -v do when I run a command")
    assert answer.excerpts[0].text.startswith("The `-v` flag")


def test_a_generated_faq_claims_no_more_than_the_words_it_shares() -> None:
    # "What is Trotskyism?" (made from a heading) once answered this with confidence 1.0.
    answer = knowledge.load().answer("who was trotsky")
    assert answer.confidence < 0.9
    assert answer.kind != "faq"


def test_a_word_is_not_close_in_meaning_to_its_negation() -> None:
    # The sentence model behind related.tsv puts them side by side.
    assert close_in_meaning("advantage")  # it has other neighbours
    assert all(not near.startswith("disadvantag") for near, _ in close_in_meaning("advantage"))
    assert all(not near.startswith("inaccura") for near, _ in close_in_meaning("accuracy"))
    assert ("armour", 0.94) in close_in_meaning("armor")  # a spelling is no negation


def test_a_word_is_not_close_in_meaning_to_its_opposite() -> None:
    # The sentence model puts antonyms side by side too; WordNet's antonyms part them.
    highest = dict(close_in_meaning("highest"))
    assert stem("maximum") in highest
    assert stem("lowest") not in highest
    buy = dict(close_in_meaning("buy"))
    assert stem("purchase") in buy
    assert stem("sell") not in buy
    assert stem("close") not in dict(close_in_meaning("open"))


def test_a_swap_is_a_candidate_beside_a_one_letter_edit(tmp_path: Path) -> None:
    (tmp_path / "car.md").write_text(
        "# Car\n\nThe wheels turn freely.\n\nThe trunk holds the spare wheel.\n", encoding="utf-8"
    )
    corrections = dict(knowledge.load(tmp_path)._answerer.index.corrections("trun"))
    assert set(corrections) == {"turn", "trunk"}  # swapped letters; one letter left out
    assert corrections["turn"] == 0.75  # one slip in four letters


def test_a_word_met_only_through_a_correction_weighs_less_the_less_sure_it_is(
    tmp_path: Path,
) -> None:
    (tmp_path / "git.md").write_text(
        "# Git\n\nCommit the lockfile.\n\nPush the branch.\n\nTag the release.\n",
        encoding="utf-8",
    )
    index = knowledge.load(tmp_path)._answerer.index
    (exact,) = index.query("commit").terms
    (slip,) = index.query("comitt").terms  # a correction, at a ratio of 5/6
    assert dict(slip.alternatives) == {("commit",): pytest.approx(5 / 6)}
    english = (1 - ENGLISH_SHARE + ENGLISH_SHARE * rarity("comitt")) / (
        1 - ENGLISH_SHARE + ENGLISH_SHARE * rarity("commit")
    )
    assert slip.weight == pytest.approx(exact.weight * english * (5 / 6) ** 0.5)


def test_two_letters_the_text_never_uses_may_be_a_phrase_s_initials(tmp_path: Path) -> None:
    (tmp_path / "rules.md").write_text(
        "# Rules\n\n## Damage\n\nDamage lowers your Hit Points.\n\n"
        "## Healing\n\nA potion restores Hit Points.\n\n## Shields\n\nA shield helps.\n\n"
        "## Dice\n\nRoll the HD when you rest.\n",
        encoding="utf-8",
    )
    kb = knowledge.load(tmp_path)
    index = kb._answerer.index
    assert index.initialisms["hp"] == ("hit", "point")
    (term,) = index.query("hp").terms
    assert dict(term.alternatives) == {("hit", "point"): INITIALISM_FACTOR}
    assert kb.answer("what restores hp", threshold=0).excerpts[0].text == (
        "A potion restores Hit Points."
    )
    (own,) = index.query("hd").terms  # the text uses it: no phrase stands in for it
    assert dict(own.alternatives) == {("hd",): 1.0}


def test_pypy_is_not_pypi(tmp_path: Path) -> None:
    (tmp_path / "python.md").write_text(
        "# Python\n\n## PyPI\n\nThe tool is published to PyPI, the package index.\n\n"
        "## Other implementations\n\nTo install PyPy, an alternative implementation:\n\n"
        "```console\n$ tool install pypy\n```\n",
        encoding="utf-8",
    )
    kb = knowledge.load(tmp_path)
    assert kb.answer("pypy").excerpts[0].section == "Other implementations"
    assert kb.answer("where is it published on pypi").excerpts[0].section == "PyPI"


def test_a_remembered_question_word_plans_as_a_fresh_one(tmp_path: Path) -> None:
    (tmp_path / "env.md").write_text(ENV, encoding="utf-8")
    index = knowledge.load(tmp_path)._index
    question = "where does pyenv put the instal and its shims"
    first = index.query(question)
    assert index.query(question) == first  # planned from what was remembered
    fresh = pickle.loads(pickle.dumps(index))  # a cache keeps no remembered words
    assert "_plans" not in fresh.__dict__
    assert fresh.query(question) == first


def test_loading_knowledge_loads_the_word_tables_before_the_first_question() -> None:
    """The first question is as fast as the rest: no table is read on the answering path."""
    code = (
        "import threading, knowledge\n"
        "from knowledge.words import english, thesaurus\n"
        "knowledge.load()\n"
        "for t in threading.enumerate():\n"
        "    if t.name in ('citebot-thesaurus', 'citebot-spelling'): t.join(30)\n"
        "print(sorted(thesaurus._TABLES))\n"
        "print(english._everyday.cache_info().currsize)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert out.stdout.split() == ["['opposites',", "'related',", "'wordnet']", "1"]
