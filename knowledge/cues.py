"""Question-type cues: what kind of answer a question asks for (a date, a number, a
person, a reason) and which sentences could give one, from their wording alone."""

from __future__ import annotations

import re

from knowledge.text import fold

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


def sentence_cues(text: str) -> frozenset[str]:
    """Which kinds of question this sentence could answer (dates, numbers, people, reasons)."""
    cues = set()
    if _YEAR.search(text) or _MONTHS.search(text):
        cues.add("when")
    if _NUMBER.search(text):
        cues.add("number")
    if _NAME.search(text):
        cues.add("who")
    if _CAUSE.search(text):
        cues.add("why")
    return frozenset(cues)


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
