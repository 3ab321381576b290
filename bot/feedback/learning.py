"""Learned answers in the feedback store: per server, pending until confirmed, then published.

A learned answer keeps the question's text and its verbatim quote, never a user id. Its
confirmations (👍 / 👎 and moderators' picks) are rows of `learned_votes` with the same
salted hashes the question log uses, so /forget-me can take them back: an answer that was
published only by those votes goes back to pending. Every change tells the other processes
(`learned`, with the guild) so each rereads that server's published answers.

Status is recomputed from the votes whenever one changes (`recount`):
published  a moderator's pick (on the command line, or a moderator's 👍 in Discord), or
           `needed` distinct 👍 (the server's `learn.confirmations`; 0 = moderators only);
removed    removed by a moderator, or retired by as many 👎 (or one moderator's 👎);
stale      its quote is no longer verbatim in the knowledge (set aside at a reload);
pending    anything else.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable
from dataclasses import dataclass

import knowledge
from bot.feedback.db import Db

STATUSES = ("pending", "published", "stale", "removed")
NOTIFY = "learned"
SETTING = "learn_confirmations"  # the per-server setting (guild_settings), JSON int
CONFIRMATIONS = 2  # its default


@dataclass(frozen=True, slots=True)
class Row:
    """One learned answer as moderators see it."""

    id: int
    guild_id: int
    question: str
    quote: str
    section: str | None
    status: str
    picked: bool
    learned_at: float
    up: int
    down: int


def add(
    db: Db,
    guild_id: int,
    question: str,
    quote: str,
    section: str | None,
    *,
    picked: bool = False,
) -> int:
    """Record a learned answer (pending, or published when `picked`); its id.

    The same question and quote again in that server is the same answer: picked again, a
    removed or pending one is published; otherwise it is left as it is."""
    now = time.time()
    question = " ".join(question.split())
    with db.transaction():
        found = db.execute(
            "SELECT id, status FROM learned WHERE guild_id = ? AND question = ? AND quote = ?",
            (guild_id, question, quote),
        ).fetchone()
        if found is not None:
            learned_id = int(found[0])
            if picked:
                db.execute(
                    "UPDATE learned SET picked = 1, status = 'published', changed_at = ?"
                    " WHERE id = ?",
                    (now, learned_id),
                )
        else:
            db.execute(
                "INSERT INTO learned (guild_id, question, quote, section, status, picked,"
                " learned_at, changed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (guild_id, question, quote, section, "published" if picked else "pending",
                 int(picked), now, now),
            )  # fmt: skip
            learned_id = int(
                db.execute(
                    "SELECT max(id) FROM learned WHERE guild_id = ? AND question = ? AND quote = ?",
                    (guild_id, question, quote),
                ).fetchone()[0]
            )
        db.notify(NOTIFY, guild=guild_id)
    return learned_id


def find(db: Db, guild_id: int, question: str, quote: str) -> int | None:
    """The id of a server's learned answer for this question and quote, if any."""
    found = db.execute(
        "SELECT id FROM learned WHERE guild_id = ? AND question = ? AND quote = ?",
        (guild_id, " ".join(question.split()), quote),
    ).fetchone()
    return int(found[0]) if found is not None else None


def vote(
    db: Db, learned_id: int, voter: str, value: int, *, moderator: bool, needed: int | None = None
) -> str | None:
    """One user's 👍 (1) or 👎 (-1) on a learned answer (a second replaces the first); the
    status it then has (None: no such answer)."""
    if not voter or value not in (-1, 1):
        raise ValueError("a vote needs a voter's hash and +1 or -1")
    with db.transaction():
        db.execute(
            "INSERT INTO learned_votes (learned_id, user_hash, vote, moderator, voted_at)"
            " SELECT id, ?, ?, ?, ? FROM learned WHERE id = ?"
            " ON CONFLICT (learned_id, user_hash) DO UPDATE SET"
            " vote = excluded.vote, moderator = excluded.moderator, voted_at = excluded.voted_at",
            (voter, value, int(moderator), time.time(), learned_id),
        )
        return recount(db, learned_id, needed)


def confirmations_needed(db: Db, guild_id: int) -> int:
    """The server's `learn.confirmations` (distinct 👍 that publish; 0 = moderators only)."""
    found = db.execute(
        "SELECT value FROM guild_settings WHERE guild_id = ? AND key = ?", (guild_id, SETTING)
    ).fetchone()
    try:
        return max(0, int(json.loads(found[0]))) if found is not None else CONFIRMATIONS
    except (TypeError, ValueError):
        return CONFIRMATIONS


def recount(db: Db, learned_id: int, needed: int | None = None) -> str | None:
    """Set a learned answer's status from its votes (stale and removed ones stay so);
    `needed` defaults to the server's setting."""
    row = db.execute("SELECT status, picked, guild_id FROM learned WHERE id = ?", (learned_id,))
    found = row.fetchone()
    if found is None:
        return None
    status, picked, guild_id = str(found[0]), bool(found[1]), int(found[2])
    if status in ("stale", "removed"):
        return status
    if needed is None:
        needed = confirmations_needed(db, guild_id)
    up, down, mod_up, mod_down = _tally(db, learned_id)
    if mod_down or (needed > 0 and down >= needed):
        new = "removed"
    elif picked or mod_up or (needed > 0 and up >= needed):
        new = "published"
    else:
        new = "pending"
    if new != status:
        db.execute(
            "UPDATE learned SET status = ?, changed_at = ? WHERE id = ?",
            (new, time.time(), learned_id),
        )
        db.notify(NOTIFY, guild=guild_id)
    return new


def _tally(db: Db, learned_id: int) -> tuple[int, int, int, int]:
    """(👍, 👎, moderators' 👍, moderators' 👎) of one learned answer."""
    found = db.execute(
        "SELECT coalesce(sum(CASE WHEN vote = 1 THEN 1 ELSE 0 END), 0),"
        " coalesce(sum(CASE WHEN vote = -1 THEN 1 ELSE 0 END), 0),"
        " coalesce(sum(CASE WHEN vote = 1 AND moderator = 1 THEN 1 ELSE 0 END), 0),"
        " coalesce(sum(CASE WHEN vote = -1 AND moderator = 1 THEN 1 ELSE 0 END), 0)"
        " FROM learned_votes WHERE learned_id = ?",
        (learned_id,),
    ).fetchone()
    return int(found[0]), int(found[1]), int(found[2]), int(found[3])


def published(db: Db, guild_id: int) -> list[tuple[int, str, str]]:
    """(id, question, quote) of a server's published answers, oldest first."""
    rows = db.execute(
        "SELECT id, question, quote FROM learned WHERE guild_id = ? AND status = 'published'"
        " ORDER BY id",
        (guild_id,),
    ).fetchall()
    return [(int(r[0]), str(r[1]), str(r[2])) for r in rows]


def listing(db: Db, guild_id: int | None, statuses: Iterable[str] = STATUSES) -> list[Row]:
    """A server's learned answers (every server's with None) with their vote counts."""
    wanted = tuple(s for s in statuses if s in STATUSES) or STATUSES
    marks = ", ".join("?" for _ in wanted)
    where = f"status IN ({marks})" + (" AND guild_id = ?" if guild_id is not None else "")
    params = (*wanted, guild_id) if guild_id is not None else wanted
    rows = db.execute(
        "SELECT l.id, l.guild_id, l.question, l.quote, l.section, l.status, l.picked,"
        " l.learned_at,"
        " (SELECT count(*) FROM learned_votes v WHERE v.learned_id = l.id AND v.vote = 1),"
        " (SELECT count(*) FROM learned_votes v WHERE v.learned_id = l.id AND v.vote = -1)"
        f" FROM learned l WHERE {where} ORDER BY l.id",
        params,
    ).fetchall()
    return [
        Row(int(r[0]), int(r[1]), str(r[2]), str(r[3]), r[4], str(r[5]), bool(r[6]),
            float(r[7]), int(r[8]), int(r[9]))
        for r in rows
    ]  # fmt: skip


def remove(db: Db, guild_id: int, learned_id: int) -> bool:
    """A moderator removes one of the server's learned answers; False if it has none such."""
    with db.transaction():
        changed = db.execute(
            "UPDATE learned SET status = 'removed', changed_at = ?"
            " WHERE id = ? AND guild_id = ? AND status <> 'removed'",
            (time.time(), learned_id, guild_id),
        ).rowcount
        if changed:
            db.notify(NOTIFY, guild=guild_id)
    return bool(changed)


def set_stale(db: Db, guild_id: int, stale: Iterable[int], fresh: Iterable[int]) -> int:
    """After a reload: set aside answers whose quote is gone; bring back those whose quote
    is in the text again (their votes recounted). How many changed."""
    now = time.time()
    changed = 0
    with db.transaction():
        for learned_id in stale:
            changed += db.execute(
                "UPDATE learned SET status = 'stale', changed_at = ?"
                " WHERE id = ? AND guild_id = ? AND status IN ('pending', 'published')",
                (now, learned_id, guild_id),
            ).rowcount
        for learned_id in fresh:
            back = db.execute(
                "UPDATE learned SET status = 'pending', changed_at = ?"
                " WHERE id = ? AND guild_id = ? AND status = 'stale'",
                (now, learned_id, guild_id),
            ).rowcount
            if back:
                recount(db, learned_id)
            changed += back
        if changed:
            db.notify(NOTIFY, guild=guild_id)
    return changed


def forget(db: Db, voter: str) -> int:
    """Inside /forget-me's transaction: delete a user's confirmations and recount what they
    confirmed, so one confirmed only by them goes back to pending. How many were deleted."""
    touched = [
        int(r[0])
        for r in db.execute(
            "SELECT learned_id FROM learned_votes WHERE user_hash = ?", (voter,)
        ).fetchall()
    ]
    deleted = db.execute("DELETE FROM learned_votes WHERE user_hash = ?", (voter,)).rowcount
    for learned_id in touched:
        recount(db, learned_id)
    return deleted


def server_learned(kb: knowledge.KnowledgeBase, db: Db, guild: int) -> knowledge.LearnedAnswers:
    """A server's published learned answers, checked against this knowledge."""
    rows = published(db, guild)
    return kb.learned(knowledge.Learned(str(i), q, quote) for i, q, quote in rows)
