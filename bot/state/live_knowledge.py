"""The bot's live knowledge: the current KnowledgeBase, swapped whole on reload.

A reload builds off the event loop and swaps in one assignment.

Handlers read `knowledge.current` once and use that snapshot for their whole reply, so a reload
in the middle of an answer never mixes two knowledge bases.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import knowledge

log = logging.getLogger("citebot")


@dataclass(frozen=True, slots=True)
class Loaded:
    """One built knowledge base with when and how fast it was built."""

    kb: knowledge.KnowledgeBase
    loaded_at: datetime
    seconds: float
    counts: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Change:
    """What a reload changed, named so a moderator can check it at a glance."""

    old_fingerprint: str
    new_fingerprint: str
    seconds: float
    documents_added: tuple[str, ...]
    documents_removed: tuple[str, ...]
    sections_added: tuple[str, ...]
    sections_removed: tuple[str, ...]
    faq_added: tuple[str, ...]
    faq_removed: tuple[str, ...]

    @property
    def changed(self) -> bool:
        return self.old_fingerprint != self.new_fingerprint


Progress = Callable[[str, int, int], None]  # knowledge.load's (stage, done, total)


def _build(
    path: Path | None,
    threshold: float | None,
    cache_dir: Path | None = None,
    faq_text: str | None = None,
    progress: Progress | None = None,
) -> Loaded:
    started = time.perf_counter()
    kb = knowledge.load(
        path, threshold=threshold, cache_dir=cache_dir, faq_text=faq_text, progress=progress
    )
    for problem in kb.warnings:  # a stray file is named, and the rest still serves
        log.warning("knowledge: skipped %s", problem)
    return Loaded(kb, datetime.now(UTC), time.perf_counter() - started, kb.counts())


def _diff(old: tuple[str, ...], new: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    before, after = set(old), set(new)
    return tuple(x for x in new if x not in before), tuple(x for x in old if x not in after)


def compare(old: knowledge.KnowledgeBase, new: knowledge.KnowledgeBase, seconds: float) -> Change:
    """The documents, sections and FAQ questions added and removed between two builds."""
    docs = _diff(tuple(d.title for d in old.documents), tuple(d.title for d in new.documents))
    sections = _diff(
        tuple(s.display_path for s in old.sections), tuple(s.display_path for s in new.sections)
    )
    faq = _diff(tuple(e.question for e in old.faq), tuple(e.question for e in new.faq))
    return Change(old.fingerprint, new.fingerprint, seconds, *docs, *sections, *faq)


class LiveKnowledge:
    """The one place the bot's current knowledge lives."""

    def __init__(
        self,
        path: Path | None = None,
        threshold: float | None = None,
        cache_dir: Path | None = None,
        *,
        progress: Progress | None = None,
    ) -> None:
        """Load synchronously: a bot that cannot read its knowledge should not start.

        With `cache_dir`, unchanged knowledge is read back from the engine's cache
        instead of rebuilt, so a restart on large knowledge is quick. `progress` is told
        how this first load goes (a bar on the terminal at start-up)."""
        self.path = path
        self.threshold = threshold
        self.cache_dir = cache_dir
        self._current = _build(path, threshold, cache_dir, progress=progress)
        self._lock = asyncio.Lock()

    @property
    def current(self) -> Loaded:
        return self._current

    @property
    def kb(self) -> knowledge.KnowledgeBase:
        return self._current.kb

    async def reload(self, *, faq_text: str | None = None) -> Change:
        """Rebuild in a thread; raise KnowledgeError (old knowledge kept) or swap and report.

        `faq_text` stands in for the folder's curated FAQ file (FAQ edits kept in PostgreSQL)."""
        async with self._lock:
            old = self._current
            new = await asyncio.to_thread(
                _build, self.path, self.threshold, self.cache_dir, faq_text
            )
            self._current = new
            return compare(old.kb, new.kb, new.seconds)
