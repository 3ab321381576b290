"""Sphinx cross-references read as Sphinx renders them, resolved within the knowledge folder.

`` :ref:`plugin_guide` `` shows the title of the section that `.. _plugin_guide:` labels,
and `` :doc:`/guide/plugins/index` `` the title of that document; the target itself is a
name for the build, not for the reader. Each document keeps what its own untitled `:ref:`
and `:doc:` roles resolve to (`Document.references`), so an excerpt can be shown without
the rest of the folder. A target outside the folder reads as its name made readable.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable, Mapping

from knowledge.read.rst import ROLE, reference_label

RESOLVED = frozenset({"ref", "doc"})


def document_name(file: str) -> str:
    """A document's name as `:doc:` spells it: its path in the folder, no suffix."""
    stem, _ = posixpath.splitext(file.replace("\\", "/"))
    return stem


def references(
    text: str, file: str, labels: Mapping[str, str], titles: Mapping[str, str]
) -> tuple[tuple[str, str], ...]:
    """What each untitled `:ref:` and `:doc:` role of one document shows, by
    `reference_key`: the labelled section's title (`labels`: label -> title), or the
    document's (`titles`: document name -> title); targets not found are left out."""
    found: dict[str, str] = {}
    here = posixpath.dirname(document_name(file))
    for match in ROLE.finditer(text):
        name, content = match.group(1).rsplit(":", 1)[-1], match.group(2)
        if name not in RESOLVED or "<" in content:
            continue  # an explicit title (`text <label>`) is what Sphinx shows
        target = content.lstrip("!~")
        if name == "ref":
            title = labels.get(reference_label(target))
        else:
            path = target[1:] if target.startswith("/") else posixpath.join(here, target)
            title = titles.get(posixpath.normpath(path))
        if title:
            found[reference_key(name, content)] = title
    return tuple(found.items())


def reference_key(role: str, content: str) -> str:
    return f"{role}:{content}"


def shown_reference(role: str, content: str, resolved: Mapping[str, str]) -> str | None:
    """What a `:ref:` or `:doc:` role without a title shows: the title it resolves to, or
    its target made readable (`external-label` -> "external label", `/guide/index` ->
    "guide"); None for any other role."""
    if role not in RESOLVED:
        return None
    title = resolved.get(reference_key(role, content))
    if title:
        return title
    target = content.lstrip("!~")
    if role == "doc":
        parts = [p for p in target.split("/") if p not in ("", ".", "..")]
        if len(parts) > 1 and parts[-1] == "index":
            parts.pop()
        target = parts[-1] if parts else target
    return " ".join(target.replace("_", " ").replace("-", " ").split()) or content


def merged(pairs: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Labels from every document; the first document to define a label keeps it."""
    out: dict[str, str] = {}
    for label, title in pairs:
        out.setdefault(label, title)
    return out
