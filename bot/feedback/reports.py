"""What moderators read from the store: statistics, unanswered questions grouped, the CSV log.

Plain functions over a `Db` (SQLite or PostgreSQL), shared by the bot (on the store's thread)
and the offline CLI; `guild_id=None` means every server.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, TextIO

from rapidfuzz import fuzz, process, utils

from bot.feedback.db import Db

SIMILAR = 85  # rapidfuzz ratio (0-100) at which two phrasings are one question
_FILLER = re.compile(r"\b(?:is|was|are|were|the|a|an|do|does|did|be|been)\b")


@dataclass(frozen=True, slots=True)
class Stats:
    days: int
    questions: int
    answered: int
    up: int
    down: int
    sections: list[tuple[str, int]]
    per_day: list[tuple[str, int, int]]  # (YYYY-MM-DD, questions, answered)

    @property
    def answered_rate(self) -> float:
        return self.answered / self.questions if self.questions else 0.0


@dataclass(slots=True)
class Group:
    """Near-duplicate questions that went unanswered (declined, or their answer voted 👎)."""

    question: str  # the most frequent phrasing
    question_id: int  # a row asking it: what the "Add to FAQ" button carries
    count: int = 0
    declined: int = 0
    downvoted: int = 0
    phrasings: Counter[str] = field(default_factory=Counter)


def _where(since: float, guild_id: int | None, alias: str = "") -> tuple[str, list[Any]]:
    prefix = f"{alias}." if alias else ""
    clause, params = f"{prefix}asked_at >= ?", [since]
    if guild_id is not None:
        clause += f" AND {prefix}guild_id = ?"
        params.append(guild_id)
    return clause, params


UP = "COALESCE(SUM(CASE WHEN v.vote = 1 THEN 1 ELSE 0 END), 0)"
DOWN = "COALESCE(SUM(CASE WHEN v.vote = -1 THEN 1 ELSE 0 END), 0)"


def stats(db: Db, since: float, guild_id: int | None, days: int) -> Stats:
    """Counts, votes, the busiest sections and a per-day series since `since`."""
    where, params = _where(since, guild_id)
    total, answered = db.execute(
        f"SELECT COUNT(*), COALESCE(SUM(answered), 0) FROM questions WHERE {where}", params
    ).fetchone()
    vwhere, vparams = _where(since, guild_id, "q")
    up, down = db.execute(
        f"SELECT {UP}, {DOWN} FROM votes v"
        f" JOIN questions q ON q.answer_key = v.answer_key WHERE {vwhere}",
        vparams,
    ).fetchone()
    sections = db.execute(
        f"SELECT section, COUNT(*) AS n FROM questions WHERE {where} AND answered = 1"
        " AND section IS NOT NULL GROUP BY section ORDER BY n DESC, section LIMIT 5",
        params,
    ).fetchall()
    day = db.day("asked_at")
    per_day = db.execute(
        f"SELECT {day} AS day, COUNT(*), SUM(answered) FROM questions"
        f" WHERE {where} GROUP BY {day} ORDER BY day",
        params,
    ).fetchall()
    sections = [(str(name), int(n)) for name, n in sections]
    per_day = [(str(d), int(n), int(done)) for d, n, done in per_day]
    return Stats(days, int(total), int(answered), int(up), int(down), sections, per_day)


def phrasing(text: str) -> str:
    """How a question is shown in a group: case and spacing folded, words kept."""
    return " ".join(text.casefold().split())


def _key(text: str) -> str:
    """A phrasing reduced to what tells questions apart (case, punctuation, fillers gone)."""
    return " ".join(_FILLER.sub(" ", utils.default_process(text)).split())


def group(rows: Sequence[tuple[int, str, bool]]) -> list[Group]:
    """(question id, text, declined) rows -> groups of near-duplicates, most frequent first."""
    by_key: dict[str, list[tuple[int, str, bool]]] = {}
    for row in rows:
        by_key.setdefault(_key(row[1]), []).append(row)
    groups: list[Group] = []
    keys: list[str] = []
    for key, members in sorted(by_key.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        found = process.extractOne(key, keys, scorer=fuzz.ratio, score_cutoff=SIMILAR)
        if found is None:
            keys.append(key)
            groups.append(Group(members[0][1], members[0][0]))
        target = groups[found[2]] if found is not None else groups[-1]
        for _, text, declined in members:
            target.count += 1
            target.declined += declined
            target.downvoted += not declined
            target.phrasings[phrasing(text)] += 1
    for g in groups:
        g.question = g.phrasings.most_common(1)[0][0]
    groups.sort(key=lambda g: -g.count)
    return groups


def unanswered(db: Db, since: float, guild_id: int | None) -> list[Group]:
    """Declined questions and answers voted down more than up, grouped by similarity."""
    where, params = _where(since, guild_id, "q")
    rows = db.execute(
        "SELECT q.id, q.question, q.answered = 0 FROM questions q"
        " LEFT JOIN votes v ON v.answer_key = q.answer_key"
        f" WHERE {where} GROUP BY q.id"
        " HAVING q.answered = 0 OR COALESCE(SUM(v.vote), 0) < 0 ORDER BY q.id",
        params,
    ).fetchall()
    return group([(i, text, bool(declined)) for i, text, declined in rows])


def group_of(db: Db, question_id: int, guild_id: int | None) -> Group | None:
    """The unanswered group a question belongs to (for the "Add to FAQ" button)."""
    sql, params = "SELECT question FROM questions WHERE id = ?", [question_id]
    if guild_id is not None:
        sql, params = sql + " AND guild_id = ?", [question_id, guild_id]
    found = db.execute(sql, params).fetchone()
    if found is None:
        return None
    for g in unanswered(db, 0.0, guild_id):
        if phrasing(found[0]) in g.phrasings:
            return g
    return Group(found[0], question_id, 1, phrasings=Counter({phrasing(found[0]): 1}))


EXPORT_COLUMNS = (
    "id", "asked_at", "guild_id", "channel_id", "user_hash", "question",
    "answered", "confidence", "kind", "section", "up", "down",
)  # fmt: skip


def export(db: Db, out: TextIO, since: float, guild_id: int | None) -> int:
    """The question log as CSV (one row a question, with its vote counts); rows written."""
    where, params = _where(since, guild_id, "q")
    rows = db.execute(
        "SELECT q.id, q.asked_at, q.guild_id, q.channel_id, q.user_hash, q.question, q.answered,"
        f" q.confidence, q.kind, q.section, {UP}, {DOWN} FROM questions q"
        f" LEFT JOIN votes v ON v.answer_key = q.answer_key WHERE {where}"
        " GROUP BY q.id ORDER BY q.id",
        params,
    )
    writer = csv.writer(out)
    writer.writerow(EXPORT_COLUMNS)
    count = 0
    for row in rows.fetchall():
        when = datetime.fromtimestamp(row[1], UTC).isoformat(timespec="seconds")
        text = (_cell(row[5]), bool(row[6]), round(row[7], 4), row[8], _cell(row[9]))
        writer.writerow((row[0], when, *row[2:5], *text, *map(int, row[10:])))
        count += 1
    return count


def _cell(text: str | None) -> str | None:
    """User text that a spreadsheet would run as a formula gets a leading apostrophe."""
    return "'" + text if text and text[0] in "=+-@\t\r" else text
