"""Benchmark questions of every style, drawn from a corpus's own sentences.

    python bench/questions.py bench/.cache/real-50x.sentences.txt   # print a sample

Latency depends on the kind of question: a keyword question with one rare word walks
few postings, a long casual one many; a misspelt word costs a typo lookup; an off-topic
one may leave almost every score at zero. So each corpus gets the same mix, generated
deterministically from its own sentences (words kept, dropped, swapped for synonyms of
the bundled article's lexicon, misspelt), plus the questions written for the bundled article:
bench/questions.txt and, when it is there, the dev set (../shared/eval/dev.yaml, read at
run time, not copied). Off-topic questions are written here, plus gibberish.
"""

from __future__ import annotations

import functools
import random
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
ARTICLE_QUESTIONS = HERE / "questions.txt"
DEV_SET = HERE.parent.parent / "shared" / "eval" / "dev.yaml"
LEXICON = HERE.parent / "knowledge" / "corpus" / "lexicon.yaml"
STYLES = ("keyword", "fact", "how", "why", "paraphrase", "casual", "typo", "multi", "off-topic")
PER_STYLE = 30
SEED = 7

_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*[a-z]")
_YEAR = re.compile(r"\b1[6-9]\d\d\b|\b20[0-2]\d\b")
_DULL = set(
    """
    about above after again also although among another because been before being below
    between both could does doing during each either every from further have having here
    however into itself just many more most much must neither only other ours over same
    several should since some such than that their theirs them then there these they this
    those through under until upon very were what when where which while whom whose will
    with within without would your yours used using
    """.split()
)
OFF_TOPIC = """
what is the weather in lisbon tomorrow
how do i bake sourdough bread
who won the football match last night
best pizza toppings
how tall is mount kilimanjaro
what time is it in tokyo
recommend a good horror movie
how do i fix a flat bicycle tyre
what is the capital of australia
how many calories in an avocado
tips for growing tomatoes on a balcony
who sings that song about summer rain
is coffee bad for your heart
how do i train my puppy to sit
whats the fastest car in the world
how far is the moon from earth
what should i cook for dinner tonight
explain how rainbows form
where can i buy cheap flights
how do i get rid of hiccups
""".strip().splitlines()


@dataclass(frozen=True, slots=True)
class Question:
    style: str
    text: str


def question_set(
    sentences: list[str], per_style: int = PER_STYLE, seed: int = SEED
) -> list[Question]:
    """Every style `per_style` times, then the bundled article's own questions."""
    return generated(sentences, per_style, seed) + article_questions()


def warm_up(sentences: list[str], timed: list[Question], count: int = 20) -> list[str]:
    """Questions for warming a system up, none of them among the `timed` ones."""
    taken = {q.text for q in timed}
    return [q.text for q in generated(sentences, 5, seed=SEED + 1000) if q.text not in taken][
        :count
    ]


def article_questions() -> list[Question]:
    """bench/questions.txt, and the dev set's questions when the shared folder is there."""
    found = [
        Question("article", line.strip())
        for line in ARTICLE_QUESTIONS.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    if DEV_SET.exists():
        items = yaml.safe_load(DEV_SET.read_text(encoding="utf-8")) or []
        found += [Question("dev", str(item["q"])) for item in items if item.get("q")]
    return found


def generated(sentences: list[str], per_style: int, seed: int) -> list[Question]:
    """`per_style` questions of each style in STYLES, from sentences picked at random."""
    rng = random.Random(f"{seed}:{len(sentences)}")
    pool = [s for s in sentences if len(set(_content(s))) >= 4]
    synonyms = _synonyms()
    out: list[Question] = []
    for style in STYLES:
        made: set[str] = set()
        while len(made) < per_style:
            text = _question(style, rng, pool, synonyms)
            if text not in made:
                made.add(text)
                out.append(Question(style, text))
    return out


def _question(style: str, rng: random.Random, pool: list[str], synonyms: dict[str, str]) -> str:
    sentence = rng.choice(pool)
    words = _content(sentence)
    if style == "keyword":
        return " ".join(w.casefold() for w in _rarest(words, rng.randint(1, 3)))
    if style == "fact":
        year = _YEAR.search(sentence)
        names = [w for w in words if w[0].isupper()]
        if year and names:
            return f"what happened to {rng.choice(names)} in {year.group()}"
        if any(c.isdigit() for c in sentence):
            return f"how many {' '.join(_rarest(words, 2))} were there".casefold()
        return f"what is the {' '.join(_rarest(words, 3))}".casefold()
    if style == "how":
        return f"how {rng.choice(('does', 'did', 'do i'))} {' '.join(_rarest(words, 3))}".casefold()
    if style == "why":
        return f"why {rng.choice(('did', 'was', 'is'))} {' '.join(_rarest(words, 3))}".casefold()
    if style == "paraphrase":
        swapped = [synonyms[w] for w in dict.fromkeys(x.casefold() for x in words) if w in synonyms]
        kept = [w.casefold() for w in _rarest(words, 2)]
        return f"in other words what about the {' '.join(swapped[:2] + kept)}"
    if style == "casual":
        a, b = _rarest(words, 2)
        template = rng.choice(
            ("so like whats the deal with {} and {} lol", "yo {} {} ??", "wait {} did what with {}")
        )
        return template.format(a.casefold(), b.casefold())
    if style == "typo":
        chosen = _rarest(words, rng.randint(2, 3))
        i = max(range(len(chosen)), key=lambda j: len(chosen[j]))
        chosen[i] = slip(chosen[i].casefold(), rng, inner=True)
        return " ".join(w.casefold() for w in chosen)
    if style == "multi":
        other = _content(rng.choice(pool))
        first, second = " ".join(_rarest(words, 2)), " ".join(_rarest(other, 2))
        return f"what is {first} and how does {second} work".casefold()
    if rng.random() < 0.75:
        return rng.choice(OFF_TOPIC)
    return " ".join(
        "".join(rng.choice("bcdfghjklmnpqrstvwxz aeiou") for _ in range(rng.randint(4, 9))).strip()
        or "xq"
        for _ in range(rng.randint(1, 3))
    )


def _content(sentence: str) -> list[str]:
    return [w for w in _WORD.findall(sentence) if len(w) > 3 and w.casefold() not in _DULL]


def _rarest(words: list[str], count: int) -> list[str]:
    """The longest distinct words (long words are the rare ones), in sentence order."""
    distinct = list(dict.fromkeys(words))
    keep = set(sorted(distinct, key=lambda w: (-len(w), w))[:count])
    return [w for w in distinct if w in keep]


def slip(word: str, rng: random.Random, *, inner: bool = False) -> str:
    """One typing slip: a letter dropped, doubled, swapped with the next, or replaced;
    `inner`: never at the first or last letter (a reader still recognises the word)."""
    if inner:
        i = rng.randrange(1, len(word) - 1) if len(word) > 2 else 0
    else:
        i = rng.randrange(len(word))
    how = rng.randrange(4)
    if how == 0:
        return word[:i] + word[i + 1 :]
    if how == 1:
        return word[:i] + word[i] + word[i:]
    if how == 2 and i + 1 < len(word):
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    return word[:i] + rng.choice("aeioustrnl") + word[i + 1 :]


@functools.lru_cache(maxsize=1)
def _synonyms() -> dict[str, str]:
    """One-word synonyms from the bundled article's lexicon: each word to another of its group."""
    groups = yaml.safe_load(LEXICON.read_text(encoding="utf-8")) or []
    out: dict[str, str] = {}
    for group in groups:
        single = [w for w in group if isinstance(w, str) and " " not in w]
        for a, b in zip(single, single[1:] + single[:1], strict=True):
            if a != b:
                out.setdefault(a.casefold(), b.casefold())
    return out


def main() -> None:
    sentences = Path(sys.argv[1]).read_text(encoding="utf-8").splitlines()
    for q in generated(sentences, 3, SEED):
        print(f"{q.style:10} {q.text}")


if __name__ == "__main__":
    main()
