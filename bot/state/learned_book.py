"""Each server's learned answers, as the ask cog hands them to the engine.

A server's published answers are read from the feedback store on its first question and
kept, checked against the knowledge in force (`KnowledgeBase.learned`); a change in this
process, or a `learned` notification from another (the cluster listener), drops that
server's copy, so its next question reads them again: they apply at once, everywhere, and
after a restart. Confirmations come from askers' 👍 / 👎 on an answer (`confirm`).
"""

from __future__ import annotations

import contextlib
import logging
import time

import knowledge
from bot.feedback import Db, FeedbackStore, StoreUnavailable, learning

log = logging.getLogger("citebot.learned")
RATE = 20  # confirmations one user may give in an hour (one user never publishes alone)
HOUR = 3600.0


class LearnedBook:
    """Per server: its published learned answers, built for one knowledge base."""

    def __init__(self, store: FeedbackStore) -> None:
        self.store = store
        self._built: dict[int, tuple[knowledge.KnowledgeBase, knowledge.LearnedAnswers]] = {}
        self._recent: dict[int, list[float]] = {}  # user id -> times of their confirmations

    async def get(
        self, guild_id: int | None, kb: knowledge.KnowledgeBase
    ) -> knowledge.LearnedAnswers | None:
        """The server's learned answers for `kb`; None in DMs or while the store is down."""
        if guild_id is None:
            return None
        built = self._built.get(guild_id)
        if built is not None and built[0] is kb:
            return built[1]
        try:
            rows = await self.store.read(lambda db: learning.published(db, guild_id))
        except StoreUnavailable:
            return built[1] if built is not None else None
        learned = kb.learned(knowledge.Learned(str(i), q, quote) for i, q, quote in rows)
        self._built[guild_id] = (kb, learned)
        if learned.stale:  # the text changed under them (a reload): set aside, listed
            gone = [int(pair.key) for pair, _ in learned.stale]
            with contextlib.suppress(StoreUnavailable):  # (read: it takes its own transaction)
                await self.store.read(lambda db: learning.set_stale(db, guild_id, gone, []))
            log.info("server %s: %d learned answer(s) stale after a reload", guild_id, len(gone))
        return learned

    def changed(self, guild_id: int | None = None) -> None:
        """A server's learned answers changed (None: any server's, e.g. after a reconnect)."""
        if guild_id is None:
            self._built.clear()
        else:
            self._built.pop(guild_id, None)

    def _allowed(self, user_id: int) -> bool:
        now = time.monotonic()
        recent = [t for t in self._recent.get(user_id, []) if now - t < HOUR]
        self._recent[user_id] = recent
        if len(recent) >= RATE:
            return False
        recent.append(now)
        return True

    async def confirm(
        self, guild_id: int, answer: knowledge.Answer, user_id: int, vote: int, moderator: bool
    ) -> str | None:
        """An asker's 👍 (1) on an answer: it counts toward the question, with the answer's
        first excerpt, becoming a learned answer. A 👎 (-1) counts against the learned
        answer shown (or one pending for that question). The status it then has."""
        if not answer.answered or not answer.excerpts or not self._allowed(user_id):
            return None
        voter = self.store.hash_user(user_id)
        if not voter:
            return None
        question, quote = answer.question, answer.excerpts[0].text
        section = " › ".join((answer.excerpts[0].document, *answer.excerpts[0].path))

        shown_learned = answer.kind == "learned"

        def write(db: Db) -> str | None:
            if vote > 0:
                found = learning.add(db, guild_id, question, quote, section)
                return learning.vote(db, found, voter, vote, moderator=moderator)
            # 👎: against this question's own learned answer, and, when a learned answer
            # was shown, against the learned answers whose quote it shows.
            ids = {learning.find(db, guild_id, question, quote)}
            if shown_learned:
                ids |= {i for i, _, q in learning.published(db, guild_id) if q in quote}
            statuses = [
                learning.vote(db, i, voter, vote, moderator=moderator)
                for i in sorted(i for i in ids if i is not None)
            ]
            return statuses[0] if statuses else None

        try:
            status = await self.store.read(write)
        except StoreUnavailable:
            return None
        self.changed(guild_id)
        log.info("learned answer in server %s: %s", guild_id, status)
        return status
