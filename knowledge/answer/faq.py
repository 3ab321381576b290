"""FAQ entries: curated ones from faq.yaml (validated as verbatim quotes) and ones built from
the text itself (headings and defining sentences)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from pathlib import Path

from rapidfuzz import fuzz, process

from knowledge.model import Document, FaqEntry, KnowledgeError, Problem, Section, Sentence
from knowledge.read.units import END, START
from knowledge.read.yamlfile import read_yaml_list

_ENTRY_KEYS = {"id", "question", "alternates", "answer", "section"}
_DEFINES = re.compile(
    r"^(?:The )?(?P<subject>[A-Z][\w'’\-]*(?: [\w'’\-]+){0,4}?) (?P<verb>is|was|are|were) "
    r"(?:a|an|the) "
)
_WIKI_MARKS = re.compile(r"'{2,5}|\[\[(?:[^|\[\]\n]*\|)?|\]\]")  # bold quotes, link syntax
_KNOWN_AS = re.compile(
    r"\b(?:known as|called|termed|dubbed) (?:the )?[\"“]?"
    r"(?P<name>[A-Z][\w\-]*(?: [A-Z][\w\-]*){0,4})"
)


def locate(quote: str, documents: Sequence[Document]) -> Section | str:
    """The answerable section holding a verbatim quote, or why it cannot answer.

    The quote must stand inside one section, start and end on word boundaries, and lie
    within that section's sentences (never across a heading).
    """
    reason = "answer is not a verbatim quote of the text"
    for document in documents:
        text = document.text
        start = text.find(quote)
        while start != -1:
            end = start + len(quote)
            section = _section_holding(document, start, end)
            if _cuts_a_word(text, start, end):
                reason = "answer starts or ends in the middle of a word"
            elif section is None:
                reason = "answer runs across a heading or outside the sections' sentences"
            elif section.reference_only:
                reason = f"answer is in the reference-only section {section.title!r}"
            else:
                return section
            start = text.find(quote, start + 1)
    return reason


def _section_holding(document: Document, start: int, end: int) -> Section | None:
    """The section whose sentences alone cover [start, end): every sentence of the document
    that the stretch touches belongs to it. (A section's first and last sentence are not
    enough: a blockquote's sidebar section sits between its parent's sentences.)"""
    touched = {
        section.id: (section, rows)
        for section in document.sections
        if (rows := section.sentences.values())  # offsets without making Sentences
        and any(row[START] < end and row[END] > start for row in rows)
    }
    if len(touched) != 1:
        return None
    section, rows = next(iter(touched.values()))
    return section if rows[0][START] <= start and end <= rows[-1][END] else None


def _cuts_a_word(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return (before.isalnum() and text[start].isalnum()) or (
        after.isalnum() and text[end - 1].isalnum()
    )


def quoted_sentences(entry: FaqEntry, section: Section | None, text: str) -> tuple[Sentence, ...]:
    """The sentences of `section` (in a document whose text is `text`) that an entry quotes."""
    span = quoted_span(entry, section, text)
    if section is None or span is None:
        return ()
    return tuple(section.sentences[span[0] : span[1] + 1])


def quoted_span(entry: FaqEntry, section: Section | None, text: str) -> tuple[int, int] | None:
    """First and last number (in `section.sentences`) of the sentences an entry quotes."""
    if section is None or not section.sentences:
        return None
    rows = section.sentences.values()  # offsets without making Sentences
    start = text.find(entry.answer, rows[0][START])
    if start < 0:
        return None
    end = start + len(entry.answer)
    touched = [i for i, row in enumerate(rows) if row[START] < end and row[END] > start]
    return (touched[0], touched[-1]) if touched else None


def closest_sentence(quote: str, sections: Iterable[Section]) -> str:
    """The sentence most like a quote that was not found: the hint in the error message."""
    sentences = [s.text for section in sections for s in section.sentences]
    best = process.extractOne(quote, sentences, scorer=fuzz.ratio) if sentences else None
    return best[0] if best else ""


def read_curated(
    path: Path,
    folder: Path,
    documents: Sequence[Document],
    seen: set[str] | None = None,
    text: str | None = None,
) -> list[FaqEntry]:
    """Entries of one faq.yaml; every problem (with its line) is collected, then raised.

    `seen` holds the ids of earlier FAQ files, so an id repeated across files is caught;
    `text`, when given, is read instead of the file's own.
    """
    name, items = read_yaml_list(path, relative_to=folder, items="FAQ entries", text=text)
    entries: list[FaqEntry] = []
    problems: list[Problem] = []
    seen = set() if seen is None else seen
    for raw, line in items:
        raw_id = str(raw.get("id") or "").strip() if isinstance(raw, dict) else ""
        if raw_id and raw_id in seen:
            problems.append(Problem(name, line, f"duplicate FAQ id {raw_id!r}"))
            continue
        seen.add(raw_id)
        entry = _entry(raw, name, line, documents, problems)
        if entry is not None:
            entries.append(entry)
    if problems:
        raise KnowledgeError(problems)
    return entries


def _scalar(value: object) -> bool:
    return isinstance(value, str | int | float) and not isinstance(value, bool)


def _entry(
    raw: object, name: str, line: int | None, documents: Sequence[Document], problems: list[Problem]
) -> FaqEntry | None:
    if not isinstance(raw, dict):
        problems.append(Problem(name, line, "an entry must be a mapping with question and answer"))
        return None
    unknown = sorted(set(raw) - _ENTRY_KEYS)
    if unknown:
        problems.append(
            Problem(name, line, f"unknown key(s) {unknown} (allowed: {sorted(_ENTRY_KEYS)})")
        )
    wrong = [k for k in ("id", "section") if raw.get(k) is not None and not _scalar(raw[k])]
    if wrong:  # str() of a nested value would make an id of it (or expand an alias bomb)
        problems.append(Problem(name, line, f"{' and '.join(wrong)} must be text"))
        return None
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
    if isinstance(section, str):
        hint = closest_sentence(answer, (s for d in documents for s in d.sections))
        problems.append(Problem(name, line, f"{label}: {section}; closest sentence: {hint!r}"))
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
            subject = section.name
            add(f"What is {subject}?", _opening(section, document.text), section)
            for sentence in section.sentences.texts():
                plain = _WIKI_MARKS.sub("", sentence)  # "'''Creepers''' are [[mob]]s"
                for match in (_DEFINES.match(plain), _KNOWN_AS.search(plain)):
                    if match is None:
                        continue
                    thing = match.groupdict().get("subject") or match.group("name")
                    verb = match.groupdict().get("verb") or "is"
                    add(
                        f"What {verb if verb in ('are', 'were') else 'is'} {thing}?",
                        sentence,
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
