"""Editing the curated FAQ file: validated exactly as the loader does, written atomically.

A candidate FAQ text is loaded with `knowledge.load(faq_text=...)`, so a quote the loader would
refuse is refused here, with the loader's own reason (which names the closest sentence). Only
then is it saved: the real file replaced (temp file + os.replace, the old one kept as
`<name>.bak`), or, with PostgreSQL, the edit stored in the database for every process (see
bot/cluster/overlay.py); then the knowledge is reloaded through `LiveKnowledge`.
"""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import stat
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

import knowledge
from bot.cluster.state import FaqEdit
from bot.state.live_knowledge import Change, LiveKnowledge

if TYPE_CHECKING:
    from bot.cluster.overlay import FaqOverlay

MANIFEST = "manifest.yaml"
RETRIES = 5  # edits made at once from several processes: each retries on the newest text


class CurateError(Exception):
    """An edit that cannot be made; the message says why, for a moderator."""


@dataclass(frozen=True, slots=True)
class Edit:
    entry_id: str
    change: Change


def curated_file(folder: Path) -> Path:
    """The FAQ file new entries go to: the manifest's first, else the folder's faq.yaml."""
    manifest = folder / MANIFEST
    if not manifest.is_file():
        return folder / "faq.yaml"
    try:
        data = knowledge.parse_yaml(manifest.read_text(encoding="utf-8"), MANIFEST) or {}
    except knowledge.KnowledgeError as exc:
        raise CurateError(str(exc)) from None
    names = data.get("faq") if isinstance(data, dict) else None
    names = [names] if isinstance(names, str) else names
    if not names:
        raise CurateError(f"{MANIFEST} names no FAQ file: add `faq: [faq.yaml]` to it first")
    return folder / str(names[0])


def new_id(question: str, taken: set[str]) -> str:
    """A lowercase-kebab id from the question, unique among `taken`."""
    base = re.sub(r"[^a-z0-9]+", "-", question.casefold()).strip("-")[:48].strip("-") or "entry"
    entry_id, n = base, 1
    while entry_id in taken:
        n += 1
        entry_id = f"{base}-{n}"
    return entry_id


def with_entry(text: str, entry: dict[str, object]) -> str:
    """The file's text with one entry appended (comments and layout left as they are)."""
    block = yaml.safe_dump([entry], allow_unicode=True, sort_keys=False, width=1_000_000)
    head = text if not text or text.endswith("\n") else text + "\n"
    return f"{head}\n{block}" if head.strip() else block


def without_entry(text: str, entry_id: str) -> str:
    """The file's text with the entry `entry_id` cut out (the comments before the next kept)."""
    node = yaml.compose(text)
    items = node.value if isinstance(node, yaml.SequenceNode) else []
    lines = text.splitlines(keepends=True)
    for i, item in enumerate(items):
        if not isinstance(item, yaml.MappingNode):
            continue
        if not any(k.value == "id" and str(v.value) == entry_id for k, v in item.value):
            continue
        start = item.start_mark.line
        end = items[i + 1].start_mark.line if i + 1 < len(items) else len(lines)
        while end > start + 1 and (
            not lines[end - 1].strip() or lines[end - 1].lstrip()[:1] == "#"
        ):
            end -= 1
        return "".join(lines[:start] + lines[end:])
    raise CurateError(
        f"no curated FAQ entry {entry_id!r} in {node.start_mark.name if node else 'the file'}"
    )


def validate(folder: Path, faq_file: Path, text: str) -> knowledge.KnowledgeBase:
    """Load the folder as it would be with `text` as its FAQ file; raise KnowledgeError."""
    del faq_file  # the loader's curated file is the same one: the manifest's first, or faq.yaml
    return knowledge.load(folder, faq_text=text)


def taken_ids(text: str) -> set[str]:
    """The entry ids a FAQ text already uses (none if it does not parse)."""
    try:
        data = knowledge.parse_yaml(text, "faq.yaml")
    except knowledge.KnowledgeError:
        return set()
    items = data if isinstance(data, list) else []
    return {str(e.get("id")) for e in items if isinstance(e, dict) and e.get("id")}


def replace_file(path: Path, text: str) -> None:
    """Write atomically: a temp file beside it, then os.replace; the old file kept as .bak.

    The file keeps its mode (a temp file is made 0600: the FAQ became unreadable to a web
    server or a second user); a folder that cannot be written is a CurateError saying so."""
    try:
        mode = stat.S_IMODE(path.stat().st_mode) if path.exists() else _new_file_mode()
        if path.exists():
            shutil.copy2(path, path.with_name(path.name + ".bak"))
        fd, tmp = _temporary(path)
    except OSError as exc:
        raise CurateError(
            f"Not saved: {path.name} cannot be written in the knowledge folder ({exc.strerror}). "
            "Make the folder writable by the bot, or keep FAQ edits in the database "
            "(feedback.database: postgresql://...)."
        ) from None
    try:
        os.fchmod(fd, mode)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _temporary(path: Path) -> tuple[int, str]:
    """A new temp file beside `path`: (descriptor, name)."""
    return tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")


def _new_file_mode() -> int:
    """A new FAQ file's mode: readable by all, as a file made with the usual umask (asking
    for the umask sets it, process-wide, which another thread would feel)."""
    return 0o644


class FaqEditor:
    """Adds and removes curated FAQ entries, one edit at a time: in the folder's file, or
    (PostgreSQL) as edits in the database over it, which every process applies."""

    def __init__(self, knowledge: LiveKnowledge, overlay: FaqOverlay | None = None) -> None:
        self.knowledge = knowledge
        self.overlay = overlay
        self._lock = asyncio.Lock()

    def folder(self) -> Path:
        if self.overlay is not None:
            return self.overlay.folder
        if self.knowledge.path is None:
            raise CurateError(
                "The bundled knowledge is read-only: copy it to a folder of your own and set "
                "knowledge.path in config.yaml to edit its FAQ."
            )
        return self.knowledge.path

    def editable(self) -> list[knowledge.FaqEntry]:
        """The curated entries that /faq remove can take out (those in the curated file)."""
        try:
            name = curated_file(self.folder()).name
        except CurateError:
            return []
        return [e for e in self.knowledge.kb.faq if e.curated and Path(e.file).name == name]

    async def add(
        self,
        question: str,
        alternates: list[str],
        quote: str,
        section: str,
        guild_id: int | None = None,
    ) -> Edit:
        """Validate and append an entry, then reload; KnowledgeError if the loader refuses it."""
        entry: dict[str, object] = {"id": "", "question": question.strip()}
        if alternates:
            entry["alternates"] = alternates
        entry["answer"] = quote.strip()
        if section.strip():
            entry["section"] = section.strip()

        def edit(text: str) -> tuple[str, FaqEdit]:
            taken = {e.id for e in self.knowledge.kb.faq} | taken_ids(text)
            entry["id"] = new_id(question, taken)
            return with_entry(text, entry), FaqEdit(0, "add", str(entry["id"]), dict(entry))

        return await self._edit(edit, guild_id)

    async def remove(self, entry_id: str, guild_id: int | None = None) -> Edit:
        def edit(text: str) -> tuple[str, FaqEdit]:
            return without_entry(text, entry_id), FaqEdit(0, "remove", entry_id, None)

        return await self._edit(edit, guild_id)

    async def _edit(self, make: Callable[[str], tuple[str, FaqEdit]], guild_id: int | None) -> Edit:
        """Edit the current text, validate, save, reload; retried if another process edited
        the FAQ meanwhile (PostgreSQL)."""
        folder = self.folder()
        path = curated_file(folder)
        async with self._lock:
            for _ in range(RETRIES):
                text, after = await self._current(path)
                new, edit = make(text)
                await asyncio.to_thread(validate, folder, path, new)
                if self.overlay is None:
                    await asyncio.to_thread(replace_file, path, new)
                    change = await self.knowledge.reload()
                    return Edit(edit.entry_id, change)
                if await self.overlay.save(after, edit, guild_id):
                    change = await self.knowledge.reload(faq_text=new)
                    return Edit(edit.entry_id, change)
        raise CurateError("The FAQ kept changing while this edit was made; please try again.")

    async def _current(self, path: Path) -> tuple[str, int]:
        """The curated FAQ text as it stands, and the last database edit in it."""
        if self.overlay is not None:
            merged = await self.overlay.merged()
            if merged.text is not None:
                return merged.text, merged.last_edit
            return await asyncio.to_thread(_read, path), merged.last_edit
        return await asyncio.to_thread(_read, path), 0


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8") if path.exists() else ""
