"""FAQ entries: curated ones from faq.yaml (validated as verbatim quotes) and ones built from
the text itself (headings and defining sentences)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from pathlib import Path

from rapidfuzz import fuzz, process

from knowledge.model import Document, FaqEntry, KnowledgeError, Problem, Section
from knowledge.parse import LEAD
from knowledge.yamlfile import item_lines, read_yaml

_ENTRY_KEYS = {"id", "question", "alternates", "answer", "section"}
_DEFINES = re.compile(
    r"^(?:The )?(?P<subject>[A-Z][\w'’\-]*(?: [\w'’\-]+){0,4}?) (?P<verb>is|was|are|were) "
    r"(?:a|an|the) "
)
_KNOWN_AS = re.compile(
    r"\b(?:known as|called|termed|dubbed) (?:the )?[\"“]?(?P<name>[A-Z][\w\-]*(?: [A-Z][\w\-]*){0,4})"
)


def locate(quote: str, documents: Sequence[Document]) -> Section | None:
    """The answerable section holding a verbatim quote, or None when the text lacks it."""
    for document in documents:
        start = document.text.find(quote)
        while start != -1:
            for section in document.sections:
                inside = any(s.start <= start < s.end for s in section.sentences)
                if inside and not section.reference_only:
                    return section
            start = document.text.find(quote, start + 1)
    return None


def closest_sentence(quote: str, sections: Iterable[Section]) -> str:
    """The sentence most like a quote that was not found: the hint in the error message."""
    sentences = [s.text for section in sections for s in section.sentences]
    best = process.extractOne(quote, sentences, scorer=fuzz.ratio) if sentences else None
    return best[0] if best else ""


def read_curated(path: Path, folder: Path, documents: Sequence[Document]) -> list[FaqEntry]:
    """Entries of one faq.yaml; every problem (with its line) is collected, then raised."""
    data, node = read_yaml(path, relative_to=folder)
    name = path.name if path.parent == folder else str(path)
    if data is None:
        return []
    if not isinstance(data, list):
        raise KnowledgeError(Problem(name, 1, "a FAQ file must be a list of entries"))
    entries: list[FaqEntry] = []
    problems: list[Problem] = []
    seen: set[str] = set()
    for raw, line in zip(data, item_lines(node), strict=False):
        entry = _entry(raw, name, line, documents, problems)
        if entry is None:
            continue
        if entry.id in seen:
            problems.append(Problem(name, line, f"duplicate FAQ id {entry.id!r}"))
            continue
        seen.add(entry.id)
        entries.append(entry)
    if problems:
        raise KnowledgeError(problems)
    return entries


def _entry(
    raw: object, name: str, line: int, documents: Sequence[Document], problems: list[Problem]
) -> FaqEntry | None:
    if not isinstance(raw, dict):
        problems.append(Problem(name, line, "an entry must be a mapping with question and answer"))
        return None
    unknown = sorted(set(raw) - _ENTRY_KEYS)
    if unknown:
        problems.append(
            Problem(name, line, f"unknown key(s) {unknown} (allowed: {sorted(_ENTRY_KEYS)})")
        )
    entry_id = str(raw.get("id") or "").strip()
    question = raw.get("question")
    answer = raw.get("answer")
    alternates = raw.get("alternates") or []
    label = f"entry {entry_id!r}" if entry_id else "entry"
    if not entry_id:
        problems.append(Problem(name, line, "entry has no id"))
    if not isinstance(question, str) or not question.strip():
        problems.append(Problem(name, line, f"{label} has no question"))
        return None
    if not isinstance(answer, str) or not answer.strip():
        problems.append(Problem(name, line, f"{label} has no answer"))
        return None
    if not isinstance(alternates, list) or not all(isinstance(a, str) for a in alternates):
        problems.append(Problem(name, line, f"{label}: alternates must be a list of strings"))
        alternates = []
    section = locate(answer, documents)
    if section is None:
        hint = closest_sentence(answer, (s for d in documents for s in d.sections))
        problems.append(
            Problem(
                name,
                line,
                f"{label}: answer is not a verbatim quote of the text; closest: {hint!r}",
            )
        )
        return None
    wanted = raw.get("section")
    if wanted and wanted not in (section.title, " › ".join(section.path)):
        problems.append(
            Problem(name, line, f"{label}: quote is in section {section.title!r}, not {wanted!r}")
        )
    return FaqEntry(
        entry_id, question.strip(), tuple(alternates), answer, section.id, True, name, line
    )


def generate(documents: Sequence[Document]) -> list[FaqEntry]:
    """Entries the text implies: "What is <heading>?" and "What is X?" for defining sentences."""
    entries: list[FaqEntry] = []
    seen: set[str] = set()

    def add(question: str, answer: str, section: Section) -> None:
        key = question.casefold()
        if key not in seen:
            seen.add(key)
            entries.append(
                FaqEntry(f"auto-{len(entries) + 1}", question, (), answer, section.id, False)
            )

    for document in documents:
        for section in document.sections:
            if section.reference_only or not section.sentences:
                continue
            subject = document.title if section.title == LEAD else section.title
            add(f"What is {subject}?", _opening(section, document.text), section)
            for sentence in section.sentences:
                for match in (_DEFINES.match(sentence.text), _KNOWN_AS.search(sentence.text)):
                    if match is None:
                        continue
                    thing = match.groupdict().get("subject") or match.group("name")
                    verb = match.groupdict().get("verb") or "is"
                    add(
                        f"What {'were' if verb in ('are', 'were') else 'is'} {thing}?",
                        sentence.text,
                        section,
                    )
    return entries


def _opening(section: Section, text: str) -> str:
    """The first sentence of a section, with the second when the first is a mere fragment."""
    sentences = section.sentences
    first = sentences[0]
    if len(first.text) < 80 and len(sentences) > 1 and sentences[1].paragraph == first.paragraph:
        return text[first.start : sentences[1].end]
    return first.text
