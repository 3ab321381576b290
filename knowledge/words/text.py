"""Text handling shared by every stage: normalising, tokenising, stemming, sentence splitting.

Everything that compares words goes through `terms()`, so the index and the questions
always agree on what a word is.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import snowballstemmer

from knowledge.words.english import is_english

_STEMMER = snowballstemmer.stemmer("english")

# Characters that carry no meaning for matching but break it: zero-width and bidi controls.
_INVISIBLE = dict.fromkeys(
    map(
        ord,
        "\u200b\u200c\u200d\u200e\u200f\u2060\ufeff\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u00ad",
    ),
    None,
)
_FOLD = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-", "−": "-"})
_FOLD_ALL = {**_INVISIBLE, **_FOLD}  # one pass: neither maps to a key of the other

# A token is a short command-line option ("-v", "-vv": its letters alone would say
# nothing), a number, a word, or an identifier: word characters joined by "." "_" or "-"
# ("uv.lock", "PYENV_VERSION", "--dry-run", "third-party"). Identifiers are searchable as
# written and by their parts. (Possessive `++`: a run of letters is never given back, as
# no shorter run could be followed by what must follow it; a word is not rescanned.)
_TOKEN = re.compile(
    r"(?<![\w-])-[^\W\d_]{1,3}(?![\w-]|\.\w)"
    r"|\d+(?:[.,]\d{3})*(?:\.\d+)*(?![\w-])"
    r"|[^\W_]++(?:[._\-][^\W_]++)+"
    r"|[^\W\d_]++(?:'[^\W\d_]+)?"
    r"|\d+",
    re.UNICODE,
)
# "stalin's" -> "stalin", "why'd" -> "why": what follows the apostrophe says little.
_CONTRACTION = re.compile(r"'(?:s|d|ll|re|ve|m)$")
_PLAIN = re.compile(r"[a-z' ]*")
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3})")
_PART = re.compile(r"\d+(?:\.\d+)?|[^\W\d_]+", re.UNICODE)
# A word broken at a line end by hyphenation ("partic-\nular"), maybe inside a blockquote.
_LINE_BREAK_HYPHEN = re.compile(r"([^\W\d_]+)-\n[ \t>]*([^\W\d_]+)", re.UNICODE)

STOPWORDS = frozenset(
    """
    a about above after again against all am an and any are aren't as at be because been
    before being below between both but by can can't cannot could couldn't did didn't do
    does doesn't doing don't down during each few for from further had hadn't has hasn't
    have haven't having he he'd he'll he's her here here's hers herself him himself his
    how how's i i'd i'll i'm i've if in into is isn't it it's its itself let's me more
    most mustn't my myself no nor not of off on once only or other ought our ours
    ourselves out over own same shan't she she'd she'll she's should shouldn't so some
    such than that that's the their theirs them themselves then there there's these they
    they'd they'll they're they've this those through to too under until up very was
    wasn't we we'd we'll we're we've were weren't what what's when when's where where's
    which while who who's whom why why's will with won't would wouldn't you you'd you'll
    you're you've your yours yourself yourselves also just like really actually anyway
    still even get got did does much many whats whos hows wheres whens tell know thing
    things something ones u ur pls please hey hi hello thanks thank us yeah ok okay
    lot lots kind sort whatever stuff basically kinda sorta gonna wanna gotta etc lol tho
    maybe probably idk tbh imo imho btw rn plz thx ty cuz coz bc abt smth sth vs versus
    """.split()
)
# Contractions typed without their apostrophe ("dont", "theres", "im") say as little,
# except the forms that are words of their own ("shell", "well", "ill", "id").
_WORDS_OF_THEIR_OWN = frozenset("hell id ill lets shed shell wed well".split())
STOPWORDS |= frozenset(w.replace("'", "") for w in STOPWORDS if "'" in w) - _WORDS_OF_THEIR_OWN


def fold(text: str) -> str:
    """Casefold and strip accents and invisible characters, keeping the words' letters."""
    if text.isascii():  # most text: nothing to normalise, no accents to strip
        return text.casefold()
    plain = text.translate(_FOLD_ALL)
    if plain.isascii():  # only typographic quotes, dashes, invisibles: NFKC changes none
        return plain.casefold()
    text = unicodedata.normalize("NFKC", text).translate(_FOLD_ALL).casefold()
    decomposed = unicodedata.normalize("NFKD", text)
    if decomposed.isascii():
        return decomposed
    return "".join(c for c in decomposed if not unicodedata.combining(c))


Group = tuple[str, tuple[str, ...]]  # a token and, for an identifier, its parts


def word_groups(text: str) -> list[Group]:
    """The folded tokens of a text, each with its parts when it is an identifier.

    Numbers lose thousands separators ("3,000" -> "3000"); "'s" is dropped; a word that
    hyphenation split over two lines is whole again.
    """
    folded = fold(text)
    if _PLAIN.fullmatch(folded):  # most phrases: words and spaces only
        plain = (w.strip("'") for w in folded.split())
        return [(_CONTRACTION.sub("", w), ()) for w in plain if w]
    if "-\n" in folded:
        folded = _LINE_BREAK_HYPHEN.sub(_join_hyphenated, folded)
    out: list[Group] = []
    for token in _TOKEN.findall(folded):  # str methods, not a generator per token: 2x faster
        if token[0].isdigit() and not any(map(str.isalpha, token)):
            out.append((_THOUSANDS.sub("", token) if "," in token else token, ()))
        elif token[0] == "-":  # a short option, kept whole
            out.append((token, ()))
        elif "." in token or "_" in token or "-" in token:
            parts = tuple(_PART.findall(token))
            out.append((token, parts) if len(parts) > 1 else (parts[0] if parts else token, ()))
        else:
            out.append((_CONTRACTION.sub("", token) if "'" in token else token, ()))
    return out


def words(text: str) -> list[str]:
    """The folded words of a text, identifiers followed by their parts."""
    out: list[str] = []
    for token, parts in word_groups(text):
        out.append(token)
        out.extend(parts)
    return out


def _join_hyphenated(match: re.Match[str]) -> str:
    """ "partic-\nular" -> "particular"; "well-\nknown" stays an identifier of two words."""
    head, tail = match.group(1), match.group(2)
    if tail[0].islower() and (
        is_english(head + tail) or not (is_english(head) and is_english(tail))
    ):
        return head + tail
    return f"{head}-{tail}"


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """The Snowball stem of a folded word; numbers and identifiers stay as they are."""
    if word[0].isdigit() or not word.isalpha():
        return word
    stemmed = str(_STEMMER.stemWord(word))
    if word[-1] == "y" and stemmed == word[:-1] + "i" and not is_english(word):
        return word  # Snowball's y -> i is for English: "pypy" is not "pypi"
    return stemmed


def terms(text: str) -> list[str]:
    """Stemmed content words: what the index stores and what questions are matched on."""
    return [stem(w) for w in words(text) if w not in STOPWORDS and (len(w) > 1 or w.isdigit())]


def content_words(text: str) -> list[str]:
    """Unstemmed content words, for typo correction against the vocabulary."""
    return [w for w in words(text) if w not in STOPWORDS and (len(w) > 1 or w.isdigit())]


# --- sentence splitting -------------------------------------------------------------------

_ABBREVIATIONS = frozenset(
    """
    e.g i.e etc vs cf al approx ca c mr mrs ms dr prof st jr sr no nos vol pp p ed eds
    fig gen col lt sgt capt gov rev hon jan feb mar apr jun jul aug sep sept oct nov dec
    inc ltd co corp dept univ est
    """.split()
)
# A sentence ends at . ! or ? (plus closing quotes or brackets) before whitespace.
_END = re.compile(r"[.!?]+[\"'”’)\]*_]*(?=\s+)")  # closing emphasis too: "**Rule.**"
# After an abbreviation ("U.S.S.R."), only a word that usually opens a sentence ends one.
_STARTER = re.compile(
    r"\s+(?:The|This|That|These|Those|It|He|She|They|We|In|On|At|After|Before|But|However|"
    r"Then|Thus|An|As|When|While|Its|His|Her|Their)\b"
)
_NEXT_STARTS_SENTENCE = re.compile(r"\s+[\"'“‘(\[]?(?:\*\*|__)?[A-Z0-9À-ÖØ-Þ]")
# "1." opening a line (maybe in bold: "**1. Be kind.**") numbers it; it ends no sentence.
_ENUMERATOR = re.compile(r"[ \t]*(?:\*\*|__)?\d{1,3}")
_ENUMERATOR_REACH = 40  # how far before its dot a line number's line may start


def _is_abbreviation(text: str, dot: int) -> bool:
    """Whether the period at `dot` closes an abbreviation or an initial, not a sentence."""
    if text[dot] != ".":
        return False
    start = dot
    while start > 0 and (text[start - 1].isalpha() or text[start - 1] == "."):
        start -= 1
    token = text[start:dot]
    if not token:
        return False
    if len(token) == 1 and token.isupper():
        return True  # an initial: "Roy W. Howard"
    if "." in token:
        return True  # "U.S.", "e.g."
    return token.casefold() in _ABBREVIATIONS


def _numbers_line(text: str, dot: int) -> bool:
    """Whether the period at `dot` follows a number that opens its line ("2." of "2. Be
    kind"), which numbers the line rather than ends a sentence."""
    newline = text.rfind("\n", max(0, dot - _ENUMERATOR_REACH), dot)
    if newline < 0 and dot > _ENUMERATOR_REACH:
        return False  # the line opens further back than any line number reaches
    return _ENUMERATOR.fullmatch(text, newline + 1, dot) is not None


def split_sentences(text: str, offset: int = 0) -> list[tuple[int, int]]:
    """(start, end) spans of the sentences in paragraph, shifted by `offset`.

    Spans are exact: whitespace between sentences is left out, nothing else is lost.
    """
    spans: list[tuple[int, int]] = []
    start = len(text) - len(text.lstrip())
    for match in _END.finditer(text, start):
        end = match.end()
        if not _NEXT_STARTS_SENTENCE.match(text, end):
            continue
        dot = match.start()
        if match.group() == "." and text[dot - 1 : dot].isdigit() and _numbers_line(text, dot):
            continue
        if (
            _is_abbreviation(text, match.start())
            and match.group() == "."
            and not _STARTER.match(text, end)
        ):
            continue
        spans.append((start, end))
        start = end
        while start < len(text) and text[start].isspace():
            start += 1
    if text[start:].strip():
        end = len(text.rstrip())
        spans.append((start, end))
    return [(s + offset, e + offset) for s, e in spans if text[s:e].strip()]
