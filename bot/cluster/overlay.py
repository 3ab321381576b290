"""Curated FAQ edits kept in the database, over each machine's read-only faq.yaml.

With PostgreSQL, /faq add and /faq remove do not write the knowledge folder (it is read-only
on every machine, and there are several machines); they append an edit to the database.
Every process applies the same edits, in order, to its folder's curated FAQ file and loads
the result through `knowledge.load(faq_text=...)`, which checks it exactly as the file.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from pathlib import Path

import knowledge
from bot.cluster import state
from bot.feedback import FeedbackStore, StoreUnavailable
from bot.state.curate import CurateError, curated_file, with_entry, without_entry

log = logging.getLogger("citebot.faq")


@dataclass(frozen=True, slots=True)
class Merged:
    """The curated FAQ text with every edit applied, and the last edit it includes."""

    text: str | None  # None: no edits, the folder's own file as it is
    last_edit: int


def folder_of(path: Path | None) -> Path:
    """The knowledge folder whose FAQ the edits apply to (the bundled one too: it is not
    written, so it may be edited this way)."""
    return path if path is not None else knowledge.DEFAULT_KNOWLEDGE


def base_text(folder: Path) -> str:
    path = curated_file(folder)
    return path.read_text(encoding="utf-8") if path.exists() else ""


def merge(base: str, edits: list[state.FaqEdit]) -> str:
    """The edits applied in order; one that no longer applies is skipped (and logged)."""
    text = base
    for edit in edits:
        try:
            if edit.action == "add" and edit.entry is not None:
                text = with_entry(text, edit.entry)
            else:
                text = without_entry(text, edit.entry_id)
        except CurateError as exc:
            log.warning("FAQ edit %d (%s %s) no longer applies: %s", edit.id, edit.action,
                        edit.entry_id, exc)  # fmt: skip
    return text


class FaqOverlay:
    """Reads the edits and the folder's file into the FAQ text every process loads."""

    def __init__(self, store: FeedbackStore, folder: Path | None) -> None:
        self.store = store
        self.folder = folder_of(folder)
        self._last = Merged(None, 0)

    async def merged(self) -> Merged:
        """The current text; the last one known if the database is unavailable."""
        try:
            edits = await self.store.read(state.faq_edits)
        except StoreUnavailable:
            log.warning("FAQ edits unavailable: using the ones read before")
            return self._last
        if not edits:
            self._last = Merged(None, 0)
        else:
            text = await asyncio.to_thread(lambda: merge(base_text(self.folder), edits))
            self._last = Merged(text, edits[-1].id)
        return self._last

    async def save(self, after: int, edit: state.FaqEdit, guild_id: int | None) -> bool:
        """Store an edit unless another came first (then False: merge again and retry)."""
        try:
            saved = await self.store.read(lambda db: state.save_faq_edit(db, after, edit, guild_id))
        except StoreUnavailable as exc:
            raise CurateError(
                "The database is unavailable, so the FAQ cannot be edited now; try again later."
            ) from exc
        return saved is not None
