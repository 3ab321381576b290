"""Questions that name a section: "history", "Economic policies?", "tell me about the
Great Terror", "what is Stalinism".

People ask for a topic by its name. A name's words are common in its own section, so by
word weight alone such a question looks like little and is declined; the text's own
headings say plainly what it is about. A question is a section's name when, after a
leading "what is" / "tell me about" and with articles aside, its stemmed words are those
of the section's title, of its heading path (or a tail of it), or of its document's title.
Nothing fuzzier: "when was the great terror" asks something else, and stays a question.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from knowledge.index.texttable import TextTable
from knowledge.model import Section
from knowledge.words.text import stem, words

Name = tuple[str, ...]

# Leading words that only say "tell me about this", longest first ("what's" reads "what").
_LEADS: tuple[Name, ...] = tuple(
    sorted(
        (
            tuple(lead.split())
            for lead in (
                "what is",
                "what are",
                "what was",
                "what were",
                "whats",
                "what",
                "tell me about",
                "tell me more about",
                "tell me",
                "more about",
                "about",
                "explain",
                "describe",
                "define",
                "summarize",
                "summarise",
                "summary of",
                "overview of",
                "an overview of",
                "a summary of",
            )
        ),
        key=len,
        reverse=True,
    )
)
# Words a name is the same name without ("the Great Terror", "Maoism and Hoxhaism").
_IGNORED = frozenset({"the", "a", "an", "and", "&"})


# Words of one stem are one name's words when they differ by an ending at most this long
# ("policies" / "policy", "executions" / "execution"), not when the stem hides a longer
# suffix ("Stalinism" / "Stalin": the ideology is not the man).
ENDING = 2


class Spelt(NamedTuple):
    """A name as names are compared: its stems, and its words' lengths for `ENDING`."""

    stems: Name
    lengths: tuple[int, ...]


def spelt(text: str) -> Spelt:
    """`text`'s folded words stemmed, articles and "and" aside."""
    return _spelt(words(text))


def _spelt(found: Sequence[str]) -> Spelt:
    kept = [w for w in found if w not in _IGNORED]
    return Spelt(tuple(stem(w) for w in kept), tuple(len(w) for w in kept))


def asked_names(question: str) -> list[Spelt]:
    """The names a question may be: all its words (a title may be "What is uv?"), then
    its words after one leading "what is" (or the like)."""
    found = words(question)
    out = [_spelt(found)]
    for lead in _LEADS:
        if tuple(found[: len(lead)]) == lead:
            out.append(_spelt(found[len(lead) :]))
            break
    return [name for name in out if name.stems]


def _section_names(section: Section) -> list[Spelt]:
    """The names a section goes by: its title and every tail of its heading path, with
    and without the document's title before it; the lead goes by its document's title."""
    if section.level == 0 or not section.path:
        return [spelt(section.document)]
    tails = [section.path[start:] for start in range(len(section.path))]
    names = [spelt(" ".join(tail)) for tail in tails]
    names.append(spelt(" ".join((section.document, *section.path))))
    return names


# stems ("econom polici") -> the sections going by that name, each "position:lengths"
# ("12:8,8 40:8,6"): text, as a large knowledge base's cache loads it fast (`TextTable`).
Claims = TextTable


def section_names(sections: Sequence[Section], answerable: Sequence[bool]) -> Claims:
    """Each name's stems -> the answerable sections going by it (position, word lengths).
    A document's title names its lead, else its first answerable section."""
    claims: dict[Name, set[tuple[int, tuple[int, ...]]]] = {}
    documents: dict[str, int] = {}
    for position, section in enumerate(sections):
        if not answerable[position]:
            continue
        documents.setdefault(section.document, position)
        for name in _section_names(section):
            if name.stems:
                claims.setdefault(name.stems, set()).add((position, name.lengths))
    for document, position in documents.items():
        name = spelt(document)
        if name.stems:
            claims.setdefault(name.stems, set()).add((position, name.lengths))
    return TextTable.of(
        {
            " ".join(stems): " ".join(
                f"{position}:{','.join(map(str, lengths))}" for position, lengths in sorted(found)
            )
            for stems, found in claims.items()
        }
    )


def _claims(claims: Claims, stems: Name) -> list[tuple[int, list[int]]]:
    """The sections going by a name: (position, its words' lengths)."""
    out = []
    for claim in claims.get(" ".join(stems), "").split():
        position, lengths = claim.split(":")
        out.append((int(position), [int(n) for n in lengths.split(",")]))
    return out


def named_section(claims: Claims, sections: Sequence[Section], name: Spelt) -> int | None:
    """The one section `name` names. A name several sections share names the shallowest
    when only one is that shallow, else none: a bare "Spellcasting" under every class is
    not one topic."""
    positions = {
        position
        for position, lengths in _claims(claims, name.stems)
        if all(abs(a - b) <= ENDING for a, b in zip(lengths, name.lengths, strict=True))
    }
    if not positions:
        return None
    top = min(sections[p].level for p in positions)
    at_top = [p for p in positions if sections[p].level == top]
    return at_top[0] if len(at_top) == 1 else None
