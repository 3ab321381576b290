"""Question-type cues: what kind of answer a question asks for (a date, a number, a
person, a reason) and which sentences could give one, from their wording alone."""

from __future__ import annotations

import re

from knowledge.words.text import fold

_YEAR = re.compile(r"\b(1[0-9]{3}|20[0-9]{2})s?\b")
_MONTHS = re.compile(
    r"\b(January|February|March|April|May|June|July|August|September|October|November|December)\b"
)
_NUMBER = re.compile(
    r"\d|\b(hundreds?|thousands?|millions?|billions?|dozens?|twenty|thirty|forty|fifty|sixty|"
    r"seventy|eighty|ninety|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"percent|half|third|quarter)\b",
    re.IGNORECASE,
)
_CAUSE = re.compile(
    r"\b(because|due to|in order to|so that|as a result|reason|since|led to|lead to|aimed|sought|"
    r"to (?:ensure|avoid|keep|prevent|undermine|discredit)|caus\w*|motiv\w*|therefore|thus)\b",
    re.IGNORECASE,
)
_NAME = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-z]+(?:\s+[A-Z][a-z]+)+")

CUES = ("when", "number", "who", "why")
DEFINITION = "definition"  # "what is X": a unit that opens with X says what it is
TOPIC = "topic"  # "dodge action": no question word, just what it is about
CUE_BITS = {cue: 1 << n for n, cue in enumerate(CUES)}
ANAPHORIC = 1 << len(CUES)  # opens with a pronoun that points back to the unit before
ASKS = ANAPHORIC << 1  # is a question itself ("Can I delete it?"): the unit after answers
_ANAPHORA = (
    "this",
    "these",
    "it",
    "its",
    "he",
    "his",
    "she",
    "her",
    "they",
    "their",
    "such",
    "that",
    "those",
    "however",
    "in doing so",
    "as a result",
)
_LONGEST_ANAPHORA = max(map(len, _ANAPHORA))

# The same questions asked of a sentence's words (its runs of \w characters): a pattern
# between word boundaries matches exactly a whole run. Exact for text without the four
# characters that IGNORECASE takes for ASCII letters but lowercasing does not make them
# (İ ı ſ K): everywhere else, lowercasing is what IGNORECASE does. Such text takes the
# patterns.
_RUN = re.compile(r"\w+")
_CASE_TRAPS = re.compile("[\u0130\u0131\u017f\u212a]")
_DIGIT = re.compile(r"\d")
_YEAR_RUN = re.compile(r"(?:1[0-9]{3}|20[0-9]{2})s?")
_MONTH_WORDS = frozenset(
    "january february march april may june july august september october november december".split()
)
_NUMBER_WORDS = frozenset(
    """hundred hundreds thousand thousands million millions billion billions dozen dozens
    twenty thirty forty fifty sixty seventy eighty ninety two three four five six seven
    eight nine ten eleven twelve percent half third quarter""".split()
)
_CAUSE_WORDS = frozenset("because reason since aimed sought therefore thus".split())
_CAUSE_STEMS = ("caus", "motiv")
# A word without which none of the cause phrases of several words can be there.
_CAUSE_PHRASES = frozenset(
    "due order so result led lead ensure avoid keep prevent undermine discredit".split()
)


def sentence_cues(text: str) -> frozenset[str]:
    """Which kinds of question this sentence could answer (dates, numbers, people, reasons)."""
    bits = sentence_flags(text)
    return frozenset(cue for cue in CUES if bits & CUE_BITS[cue])


def sentence_flags(text: str) -> int:
    """`sentence_cues` as bits of `CUE_BITS`, with `ANAPHORIC` when the sentence opens by
    pointing back to the one before ("This", "However")."""
    plain = text.isascii() or not _CASE_TRAPS.search(text)
    bits = _word_cues(text) if plain else _pattern_cues(text)
    if text[: _LONGEST_ANAPHORA + 1].casefold().startswith(_ANAPHORA):
        bits |= ANAPHORIC
    if text.rstrip("*_`\"'”’)] ").endswith("?"):
        bits |= ASKS
    return bits


def _word_cues(text: str) -> int:
    low = text.lower()
    words = set(_RUN.findall(low))  # lowercasing keeps every character's \w-ness
    digits = _DIGIT.search(text) is not None
    bits = 0
    if (digits and any(_YEAR_RUN.fullmatch(w) for w in words if w[0] in "12")) or (
        not _MONTH_WORDS.isdisjoint(words) and _MONTHS.search(text)  # months: case counts
    ):
        bits |= CUE_BITS["when"]
    if digits or not _NUMBER_WORDS.isdisjoint(words):
        bits |= CUE_BITS["number"]
    if _NAME.search(text):
        bits |= CUE_BITS["who"]
    if (
        not _CAUSE_WORDS.isdisjoint(words)
        or (("caus" in low or "motiv" in low) and any(w.startswith(_CAUSE_STEMS) for w in words))
        or (not _CAUSE_PHRASES.isdisjoint(words) and _CAUSE.search(text))
    ):
        bits |= CUE_BITS["why"]
    return bits


def _pattern_cues(text: str) -> int:
    bits = 0
    if _YEAR.search(text) or _MONTHS.search(text):
        bits |= CUE_BITS["when"]
    if _NUMBER.search(text):
        bits |= CUE_BITS["number"]
    if _NAME.search(text):
        bits |= CUE_BITS["who"]
    if _CAUSE.search(text):
        bits |= CUE_BITS["why"]
    return bits


_QUESTION_CUES = (
    (
        "when",
        re.compile(
            r"^(when|what (year|date|decade|time|period)|in what year|since when)\b"
            r"|\b(what years?|which years?|how long ago|what decade)\b"
        ),
    ),
    (
        "number",
        re.compile(
            r"\b(how (many|much|long|large|big)|number of|death toll|toll"
            r"|what (percentage|proportion|share|fraction))\b"
        ),
    ),
    (
        "who",
        re.compile(
            r"^(who|whom|whose)\b|\bwho\b"
            r"|\b(which|what) (person|people|leader|historian|scholar|writer|politician)\b"
        ),
    ),
    (
        "why",
        re.compile(
            r"^(why|how come)\b|\bwhat (was|were) the (reason|cause|motive|purpose)\b|\bwhy\b"
            r"|\b(because|due to|caused by|owing to)\b"
        ),
    ),
    (
        DEFINITION,
        re.compile(
            r"^(what|whats|what's) (is|are|was|were|does|do) (an? |the )?\S+( \S+)?\??$"
            r"|^(define|definition of|meaning of) |\b(meaning|definition)\??$"
        ),
    ),
)


# A question that names a cause and asks whether it is one ("did X fall because of Y",
# "did Y cause X", "was the famine due to collectivization"): "because" is a stopword, so
# without this the relation asked about is never looked for, and a passage that merely
# mentions X and Y looks like an answer.
_CAUSAL_CLAIM = re.compile(
    r"\b(because|due to|caus(e|es|ed|ing)|owing to|as a result of|the result of|thanks to"
    r"|le(a)?ds? to|result(s|ed)? in)\b"
)


def claims_a_cause(question: str) -> bool:
    """Whether the question asks if one thing was the cause of another."""
    return _CAUSAL_CLAIM.search(fold(question)) is not None


_ASKING = re.compile(
    r"\?|\b(what|whats|how|why|when|where|who|whom|whose|which|can|could|do|does|did|is|are"
    r"|should|would|will|may|must|i|my|me|we|you)\b"
)


def question_cue(question: str) -> str | None:
    """The kind of answer a question asks for, from its wording."""
    folded = fold(question).strip()
    for cue, pattern in _QUESTION_CUES:
        if pattern.search(folded):
            return cue
    return None if _ASKING.search(folded) else TOPIC
