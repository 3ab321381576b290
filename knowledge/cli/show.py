"""Plain-text renderings for a terminal: an answer, the topics, a topic, the FAQ.

Shared by the one-shot commands (`citebot ask`, `topics`, ...) and `citebot chat`.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Mapping

from knowledge.base import KnowledgeBase
from knowledge.model import Answer, Section, written
from knowledge.read.display import links, segments, unwrapped

WIDTH = 88
_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")


def answer(result: Answer, kb: KnowledgeBase) -> str:
    """A readable answer: the quote, its citation, other places to look."""
    if not result.answered:
        lines = ["Not in my knowledge: the text doesn't answer that."]
        if result.suggestions:
            lines.append("Closest topics: " + ", ".join(result.suggestions))
        return "\n".join(lines)
    lines = []
    for number, excerpt in enumerate(result.excerpts, 1):
        if number == 2:
            lines.append("See also:")
        source = kb.document(excerpt.document)
        quote = shown(excerpt.text, *written(source))
        where = " › ".join((excerpt.document, *excerpt.path))
        lines += [quote, f"    — {where} <{excerpt.url}>" if excerpt.url else f"    — {where}"]
    document = kb.document(result.excerpts[0].document)
    lines.append(f"[{result.kind}, confidence {result.confidence:.2f}]")
    if document is not None and document.licence:
        lines.append(f"Source: {document.attribution}")
    return "\n".join(lines)


def shown(text: str, markup: str, references: Mapping[str, str] | None = None) -> str:
    """An excerpt for a terminal: prose wrapped and quoted, links as "label (url)", code
    blocks indented as they are (plain text is quoted as it stands)."""
    if markup == "text":
        return "\n".join(_quoted(p) for p in unwrapped(text).split("\n\n"))
    out = []
    for segment in segments(text, markup, references):
        if segment.kind == "code":
            out += [f"      {line}" for line in segment.text.split("\n")]
            continue
        prose = "".join(
            f"{run} ({target.url})" if target is not None and target.web else run
            for run, target in links(segment.text)
        )
        prose = _STRONG.sub(r"\2", prose)  # no bold in a terminal: "**Rule.**" reads "Rule."
        out += [_quoted(paragraph) for paragraph in prose.split("\n")]
    return "\n".join(out)


def _quoted(text: str) -> str:
    return textwrap.fill(text, width=WIDTH, initial_indent="  > ", subsequent_indent="    ")


def topics(kb: KnowledgeBase) -> str:
    """The sections that hold answers, indented by heading level; of several documents,
    each under its document's title (one without an introduction still gets its line)."""
    several = len(kb.documents) > 1
    top: dict[str, int] = {}  # each document's highest heading level among its topics
    for s in kb.topics:
        if s.level:
            top[s.document] = min(top.get(s.document, s.level), s.level)
    lines: list[str] = []
    document = None
    for s in kb.topics:
        if several and s.document != document:
            document = s.document
            if s.level != 0:
                lines.append(document)
        first = top.get(s.document, 1) if several else 1
        depth = (s.level - first + (1 if several else 0)) if s.level else 0
        count = len(s.sentences)
        lines.append(f"{'  ' * depth}{kb.topic_name(s)}  ({count} sentence{'s' * (count != 1)})")
    return "\n".join(lines)


def topic(kb: KnowledgeBase, name: str) -> str | None:
    """The best-matching section's path, link and summary; None when nothing matches."""
    found: list[Section] = kb.find_sections(name, limit=1)
    if not found:
        return None
    section = found[0]
    document = kb.document(section.document)
    text = kb.summary(section.id).text
    # Plain text reads as it stands; markup is read the way an answer's excerpts are.
    markup, references = written(document)
    plain = markup == "text"
    summary = textwrap.fill(text, width=WIDTH) if plain else shown(text, markup, references)
    return f"{section.display_path}\n{section.url}\n\n{summary}"


def faq(kb: KnowledgeBase) -> str:
    """Every FAQ question with its id and whether it is curated or made from the text."""
    return "\n".join(
        f"[{e.id}] {e.question}  ({'curated' if e.curated else 'from the text'})" for e in kb.faq
    )


def knowledge_name(kb: KnowledgeBase, most: int = 3) -> str:
    """The loaded knowledge in a few words: its first document titles and how many more."""
    titles = [d.title for d in kb.documents]
    named = ", ".join(titles[:most])
    more = len(titles) - most
    return f"{named} and {more} more documents" if more > 0 else named
