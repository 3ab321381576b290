"""Finding sections by short key, typed name or suggestion: what buttons and menus point at."""

from __future__ import annotations

import hashlib
import weakref

import knowledge

# Per knowledge base (immutable, so computed once): key -> section. Weak, so a reloaded-away
# knowledge base is freed with its table.
_BY_KEY: weakref.WeakKeyDictionary[knowledge.KnowledgeBase, dict[str, knowledge.Section]] = (
    weakref.WeakKeyDictionary()
)


def section_key(section_id: str) -> str:
    """A short stable name for a section that fits any custom_id."""
    return hashlib.sha1(section_id.encode(), usedforsecurity=False).hexdigest()[:12]


def find_section(kb: knowledge.KnowledgeBase, key: str) -> knowledge.Section | None:
    """The section a key or a typed name points at: exact key first, then fuzzy by name."""
    table = _BY_KEY.get(kb)
    if table is None:
        table = _BY_KEY[kb] = {section_key(s.id): s for s in kb.sections}
    section = table.get(key) or kb.section(key)
    if section is not None:
        return section
    found = kb.find_sections(key, limit=1) if key.strip() else []
    return found[0] if found else None


def suggested_sections(
    kb: knowledge.KnowledgeBase, answer: knowledge.Answer
) -> list[knowledge.Section]:
    """The sections an answer suggests, by the ids the engine gives with the names."""
    found = (kb.section(section_id) for section_id in answer.suggested_sections)
    return [section for section in found if section is not None]
