"""Sentence splitting, folding and tokenising on real sentences."""

from __future__ import annotations

import itertools

import pytest

from knowledge.words.text import fold, split_sentences, stem, terms, words


def sentences(text: str, offset: int = 0) -> list[str]:
    spans = split_sentences(text, offset)
    for start, end in spans:
        assert 0 <= start - offset < end - offset <= len(text)
    return [text[s - offset : e - offset] for s, e in spans]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "In 1936 Stalin gave an interview to Roy W. Howard of the Scripps papers. "
            "It was widely reported.",
            [
                "In 1936 Stalin gave an interview to Roy W. Howard of the Scripps papers.",
                "It was widely reported.",
            ],
        ),
        (
            "It was the U.S.S.R. Then it fell apart.",
            ["It was the U.S.S.R.", "Then it fell apart."],
        ),
        (
            "J. A. Smith wrote it. He left.",
            ["J. A. Smith wrote it.", "He left."],
        ),
        (
            "The U.S. government protested the trials. Moscow ignored it.",
            ["The U.S. government protested the trials.", "Moscow ignored it."],
        ),
        (
            "Some crops, e.g. wheat, were requisitioned. Others, i.e. the rest, were not.",
            ["Some crops, e.g. wheat, were requisitioned.", "Others, i.e. the rest, were not."],
        ),
        (
            "Dr. Smith wrote the preface. Prof. Jones wrote the rest.",
            ["Dr. Smith wrote the preface.", "Prof. Jones wrote the rest."],
        ),
        (
            "Repression peaked in the 1930s–40s and eased later. Then came the Thaw.",
            ["Repression peaked in the 1930s–40s and eased later.", "Then came the Thaw."],
        ),
        (
            "About 3,000 officers were shot. Some 1.5 million people were deported. It ended.",
            [
                "About 3,000 officers were shot.",
                "Some 1.5 million people were deported.",
                "It ended.",
            ],
        ),
        (
            'He called it "a success." Critics disagreed.',
            ['He called it "a success."', "Critics disagreed."],
        ),
        (
            "He called it “a success.” Critics disagreed.",
            ["He called it “a success.”", "Critics disagreed."],
        ),
        (
            "Was it planned? Historians argue! Most say yes.",
            ["Was it planned?", "Historians argue!", "Most say yes."],
        ),
        (
            "Stalin died in 1953 (aged 74). Khrushchev followed.",
            ["Stalin died in 1953 (aged 74).", "Khrushchev followed."],
        ),
        ("It ended in 1953. 1954 was calmer.", ["It ended in 1953.", "1954 was calmer."]),
        ("One sentence without a final stop", ["One sentence without a final stop"]),
        (
            "**1. Be kind.** No slurs.\n**2. No spam.** Post once.",
            ["**1. Be kind.**", "No slurs.", "**2. No spam.**", "Post once."],
        ),
        ("It is *done.* Then rest.", ["It is *done.*", "Then rest."]),
    ],
)
def test_split_sentences(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


@pytest.mark.parametrize(
    "whole",
    [
        "Roy W. Howard",
        "U.S.",
        "e.g.",
        "i.e.",
        "Dr. Smith",
        "1930s–40s",
        "3,000",
        "1.5 million",
        "J. V. Stalin",
        "St. Petersburg",
    ],
)
def test_tricky_tokens_never_split(whole: str) -> None:
    text = f"A first sentence stands here. Then {whole} appears in the middle of this one. End."
    found = sentences(text)
    assert any(whole in s for s in found), found
    assert len(found) == 3


def test_offsets_are_exact_and_shifted() -> None:
    text = 'Leading spaces.   Lots of   gaps here!  "Quoted."  Tail without stop  '
    spans = split_sentences(text)
    got = [text[s:e] for s, e in spans]
    assert got == ["Leading spaces.", "Lots of   gaps here!", '"Quoted."', "Tail without stop"]
    for start, end in spans:
        assert text[start:end] == text[start:end].strip()
    shifted = split_sentences(text, offset=1000)
    assert shifted == [(s + 1000, e + 1000) for s, e in spans]


def test_spans_are_ordered_and_disjoint() -> None:
    text = (
        "Stalinism was a system. It relied on terror, e.g. the purges. "
        "Roy W. Howard asked about it in 1936. The U.S. press reported 3,000 arrests. "
        'He said "enough." After that, nothing.'
    )
    spans = split_sentences(text)
    assert len(spans) == 6
    for (_, end), (start, _) in itertools.pairwise(spans):
        assert end <= start
        assert text[end:start].isspace()
    # nothing but whitespace is dropped
    dropped = (
        text[: spans[0][0]]
        + "".join(text[e:s] for (_, e), (s, _) in itertools.pairwise(spans))
        + text[spans[-1][1] :]
    )
    assert dropped.isspace()


def test_empty_and_blank_text_have_no_sentences() -> None:
    assert split_sentences("") == []
    assert split_sentences("   \n\t ") == []


def test_fold_strips_invisible_and_bidi_characters() -> None:
    assert fold("Sta\u200blin") == "stalin"
    assert fold("\u202eStalin\u202c") == "stalin"
    assert fold("\ufeff\u200c\u200d\u2060Stalin\u2066\u2069\u00ad") == "stalin"


def test_fold_strips_accents_and_case() -> None:
    assert fold("Ramón Mercader") == "ramon mercader"
    assert fold("RÉSUMÉ") == "resume"
    assert fold("Straße") == "strasse"


def test_fold_normalises_typographic_punctuation() -> None:
    assert fold("Stalin’s “cult” – 1930s—40s") == 'stalin\'s "cult" - 1930s-40s'


def test_words_keep_numbers_whole() -> None:
    assert words("About 3,000 people") == ["about", "3000", "people"]
    assert words("1.5 million and 12,345,678") == ["1.5", "million", "and", "12345678"]
    assert "1953" in words("in 1953.")


def test_short_options_keep_their_dash() -> None:
    # "-v" is a flag; its letter alone is no word and was dropped from every question.
    found = words("add -v, or -vv (or `-p`). Use -n.")
    assert found == ["add", "-v", "or", "-vv", "or", "-p", "use", "-n"]
    assert terms("the -v flag") == ["-v", stem("flag")]
    # A dash inside or after a word, or before a number, is no option.
    assert words("x-y A -5 well -\n") == ["x-y", "x", "y", "a", "5", "well"]


def test_words_drop_possessive_and_fold() -> None:
    assert words("Stalin's Ré\u200bgime") == ["stalin", "regime"]


def test_names_ending_in_y_are_not_stemmed_into_other_names() -> None:
    assert stem("pypy") != stem("pypi")  # two projects, not one word's forms
    assert stem("numpy") == "numpy"
    assert stem("party") == stem("parties")  # English words keep Snowball's y -> i


def test_terms_stem_and_drop_stopwords() -> None:
    assert terms("What were the purges?") == [stem("purges")]
    assert stem("purges") == stem("purged") == stem("purge")
    assert terms("the of and") == []
    # Casual fillers say nothing about what is asked.
    assert terms("where do i sell stuff or whatever lol") == [stem("sell")]
    assert terms("idk how to reset it btw, plz help thx") == [stem("reset"), stem("help")]
    # Chat drops apostrophes: "dont" and "theres" say as little as "don't" and "there's",
    # but "shell" and "well" are words of their own, not "she'll" and "we'll".
    assert terms("im stuck, theres no shell and it doesnt work well") == [
        stem(w) for w in ("stuck", "shell", "work", "well")
    ]
    assert terms("3,000 deaths") == ["3000", stem("deaths")]
