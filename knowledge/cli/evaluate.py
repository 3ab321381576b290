"""Scoring question sets (the dev.yaml format): hit@1, hit@3, section@1, declines, per style.

Several sets are scored at once, each against its own knowledge folder, and shown as one
table: a row per set, a column per measure, and their mean.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from knowledge.base import KnowledgeBase
from knowledge.model import Answer, KnowledgeError, Problem
from knowledge.read.yamlfile import read_yaml


@dataclass(frozen=True, slots=True)
class Question:
    id: str
    q: str
    style: str
    off_topic: bool
    section: str = ""
    evidence: tuple[str, ...] = ()


@dataclass
class Report:
    total: int = 0
    in_domain: int = 0
    off_topic: int = 0
    hit1: int = 0
    hit3: int = 0
    section1: int = 0
    rejected: int = 0
    false_rejects: int = 0
    styles: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))
    misses: list[str] = field(default_factory=list)


OFF_TOPIC_STYLES = frozenset({"off", "offtopic", "near", "meta", "gibberish"})


def read_questions(path: Path) -> list[Question]:
    if not path.is_file():
        what = "is a folder, not a question set" if path.is_dir() else "file not found"
        raise KnowledgeError(Problem(str(path), None, what))
    data, _ = read_yaml(path, relative_to=path.parent)
    if not isinstance(data, list):
        raise KnowledgeError(Problem(path.name, 1, "a question set must be a list"))
    return [_question(item) for item in data if isinstance(item, dict) and "q" in item]


def _question(item: dict[str, Any]) -> Question:
    return Question(
        id=str(item.get("id", "")),
        q=str(item["q"]),
        style=str(item.get("style", "")),
        off_topic=bool(item.get("off_topic", False))
        or str(item.get("style", "")) in ("off", "False"),
        section=str(item.get("section", "")),
        evidence=tuple(str(e) for e in item.get("evidence") or ()),
    )


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().casefold()


def quotes_evidence(answer: Answer, evidence: tuple[str, ...], depth: int) -> bool:
    """Whether one of the first `depth` excerpts holds one of the evidence strings."""
    wanted = [_squash(e) for e in evidence]
    return any(w in _squash(x.text) for x in answer.excerpts[:depth] for w in wanted)


def evaluate(kb: KnowledgeBase, questions: list[Question]) -> Report:
    """Ask every question and count what a reader would count."""
    report = Report()
    for question in questions:
        answer = kb.answer(question.q)
        report.total += 1
        if question.off_topic:
            report.off_topic += 1
            good = not answer.answered
            report.rejected += good
        else:
            report.in_domain += 1
            hit1 = answer.answered and quotes_evidence(answer, question.evidence, 1)
            report.hit1 += hit1
            report.hit3 += answer.answered and quotes_evidence(answer, question.evidence, 3)
            top = answer.excerpts[0].section if answer.excerpts else ""
            report.section1 += answer.answered and top == question.section
            report.false_rejects += not answer.answered
            good = hit1
        report.styles[question.style][0] += good
        report.styles[question.style][1] += 1
        if not good:
            shown = answer.excerpts[0].text[:90] if answer.excerpts else ""
            report.misses.append(
                f"{question.id} [{question.style}] {question.q!r} -> answered={answer.answered} "
                f"conf={answer.confidence:.2f} {answer.kind} {shown!r}"
            )
    return report


def format_report(report: Report, *, failures: bool = False) -> str:
    def ratio(n: int, d: int) -> str:
        return f"{n / d:.3f} ({n}/{d})" if d else "n/a"

    lines = [
        f"questions: {report.total} ({report.in_domain} in domain, {report.off_topic} off topic)",
        f"hit@1:                     {ratio(report.hit1, report.in_domain)}",
        f"hit@3:                     {ratio(report.hit3, report.in_domain)}",
        f"section@1:                 {ratio(report.section1, report.in_domain)}",
        f"off-topic rejected:        {ratio(report.rejected, report.off_topic)}",
        f"in-domain falsely rejected: {ratio(report.false_rejects, report.in_domain)}",
        "",
        "style        right / asked",
    ]
    for style, (good, asked) in sorted(report.styles.items()):
        lines.append(f"{style:<12} {good:>3} / {asked:<3}")
    if failures and report.misses:
        lines += ["", "missed:", *(f"  {m}" for m in report.misses)]
    return "\n".join(lines)


def knowledge_for(questions: Path) -> Path | None:
    """The knowledge folder a question set is about: `knowledge/` beside it, if there is one
    (None: the bundled knowledge)."""
    beside = questions.parent / "knowledge"
    return beside if beside.is_dir() else None


def _measures(report: Report) -> dict[str, str]:
    def ratio(n: int, d: int) -> str:
        return f"{n / d:.2f}" if d else "-"

    return {
        "n": str(report.total),
        "hit@1": ratio(report.hit1, report.in_domain),
        "hit@3": ratio(report.hit3, report.in_domain),
        "section@1": ratio(report.section1, report.in_domain),
        "off rejected": ratio(report.rejected, report.off_topic),
        "falsely rejected": ratio(report.false_rejects, report.in_domain),
    }


def format_table(rows: list[tuple[str, Report]]) -> str:
    """One table: a row per question set, a column per measure and per style (hit@1 for
    in-domain styles, the share declined for off-topic ones), then the mean of the rows."""
    styles = sorted(
        {s for _, r in rows for s in r.styles}, key=lambda s: (s in OFF_TOPIC_STYLES, s)
    )
    header = [*_measures(Report()), *styles]
    table: list[list[str]] = []
    for name, report in rows:
        cells = _measures(report)
        for style in styles:
            good, asked = report.styles.get(style, (0, 0))
            cells[style] = f"{good / asked:.2f}" if asked else "-"
        table.append([name, *(cells[h] for h in header)])
    if len(rows) > 1:
        mean = ["mean"]
        for column in range(1, len(header) + 1):
            values = [float(r[column]) for r in table if r[column] not in ("-", "")]
            mean.append(f"{sum(values) / len(values):.2f}" if values and column > 1 else "")
        table.append(mean)
    widths = [max(len(x) for x in column) for column in zip(["set", *header], *table, strict=True)]
    lines = [
        "  ".join(
            cell.ljust(w) if i == 0 else cell.rjust(w)
            for i, (cell, w) in enumerate(zip(row, widths, strict=True))
        )
        for row in [["set", *header], *table]
    ]
    return "\n".join(lines)
