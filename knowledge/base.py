"""The KnowledgeBase: everything built from one knowledge folder, immutable once built."""

from __future__ import annotations

from pathlib import Path

from knowledge.model import Answer, Document, FaqEntry, Section, Summary

DEFAULT_KNOWLEDGE = Path(__file__).parent / "corpus"


class KnowledgeBase:
    """Documents, sections, FAQ, summaries and the index of one knowledge folder.

    Immutable after construction: safe to share between threads and to swap whole.
    """

    source: Path            # the knowledge folder it was built from
    fingerprint: str        # 12 hex chars of a hash over the source files' bytes
    build_seconds: float    # how long load() took
    threshold: float        # default confidence threshold (manifest option, else 0.5)
    documents: tuple[Document, ...]
    sections: tuple[Section, ...]   # every section, reference-only ones included
    topics: tuple[Section, ...]     # the sections that hold answers, in document order
    faq: tuple[FaqEntry, ...]       # curated entries first, then generated ones

    def answer(self, question: str, *, threshold: float | None = None, limit: int = 3) -> Answer:
        """Answer a question; never raises. `threshold` overrides the default."""
        raise NotImplementedError

    def section(self, section_id: str) -> Section | None:
        raise NotImplementedError

    def summary(self, section_id: str) -> Summary:
        raise NotImplementedError

    def find_sections(self, query: str, limit: int = 25) -> list[Section]:
        """Fuzzy match on section titles/paths (autocomplete); empty query -> first `limit`."""
        raise NotImplementedError

    def faq_entry(self, entry_id: str) -> FaqEntry | None:
        raise NotImplementedError

    def find_faq(self, query: str, limit: int = 25) -> list[FaqEntry]:
        """Fuzzy match on FAQ questions and alternates; empty query -> first `limit`."""
        raise NotImplementedError

    def document(self, title: str) -> Document | None:
        raise NotImplementedError

    def counts(self) -> dict[str, int]:
        """{"documents", "sections", "topics", "sentences", "faq", "curated_faq"}."""
        raise NotImplementedError


def load(path: str | Path | None = None, *, threshold: float | None = None) -> KnowledgeBase:
    """Build a KnowledgeBase from a folder (default: the bundled one).

    Raises KnowledgeError listing every problem (file, line, reason).
    """
    raise NotImplementedError
