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
    kb: knowledge.KnowledgeBase, names: tuple[str, ...]
) -> list[knowledge.Section]:
    """The sections behind an answer's suggestion names (titles, or "(lead)")."""
    out: list[knowledge.Section] = []
    for name in names:
        match = next(
            (s for s in kb.topics if name in (s.title, kb.topic_name(s), s.display_path)), None
        ) or find_section(kb, name)
        if match is not None and match not in out:
            out.append(match)
    return out
