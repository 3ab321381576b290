"""Attach meaning to a knowledge base as it loads: its units' and FAQ phrasings' vectors."""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path

from knowledge.index.index import Index
from knowledge.model import Document, FaqEntry
from knowledge.semantic.encoder import asked_for, shared_encoder
from knowledge.semantic.meaning import FaqPlans, Meaning, Status
from knowledge.semantic.vectors import Progress, build_vectors, unit_texts


def attach_meaning(
    index: Index,
    documents: Sequence[Document],
    curated: Sequence[FaqEntry],
    cache_folder: Path | None,
    progress: Progress,
    *,
    wanted: bool | None = None,
) -> tuple[Meaning | None, Status]:
    """The knowledge's meaning and what to say of it; (None, why not) without the model.
    `wanted` None: as CITEBOT_SEMANTIC says (off unless it is 1)."""
    if not (asked_for() if wanted is None else wanted):
        return None, Status(False, "not asked for (CITEBOT_SEMANTIC=1 turns it on)")
    encoder = shared_encoder()
    if isinstance(encoder, str):
        return None, Status(False, f"{encoder}; answering by words alone")
    started = time.perf_counter()
    units = unit_texts(index, documents)
    phrasings = [(e.question, *e.alternates) for e in curated]
    flat = [text for entry in phrasings for text in entry]
    vectors, embedded = build_vectors([*units, *flat], encoder, cache_folder, progress)
    plans = FaqPlans(index.query, phrasings)
    seconds = time.perf_counter() - started
    detail = f"{encoder.name}, {len(units)} unit vectors" + (
        f" ({embedded} embedded in {seconds:.1f} s)" if embedded else " (all stored)"
    )
    status = Status(True, detail)
    return Meaning(encoder, vectors[: len(units)], plans, vectors[len(units) :], status), status
