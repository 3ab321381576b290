"""Per-server settings: config.yaml gives the defaults, moderators override them per server.

Overrides live in the feedback database (table guild_settings) and in memory; /settings
commits a change before it is in force, so "Changed" is said only of what a restart keeps.
The write tells the other processes sharing the database (PostgreSQL NOTIFY, sent when it
commits); they re-read that server's overrides.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from bot.feedback import Db, FeedbackStore, StoreUnavailable, learning
from bot.state.settings import Settings

log = logging.getLogger("citebot.servers")

# Setting name -> what it holds (for validation and display).
KEYS = {
    "answer_channels": "channel ids",
    "moderator_roles": "role ids",
    "private": "true/false",
    "cooldown_questions": "questions",
    "cooldown_seconds": "seconds",
    "threshold": "confidence 0-1",
    "learn_confirmations": "askers' 👍 that teach an answer (0: moderators only)",
    "forum_topics": "true/false",
}


@dataclass(frozen=True, slots=True)
class ServerSettings:
    """The settings in force in one server, and which of them the server set itself."""

    answer_channels: frozenset[int]
    moderator_roles: frozenset[int]
    private: bool
    cooldown_questions: int
    cooldown_seconds: float
    threshold: float | None
    learn_confirmations: int
    forum_topics: bool = False
    overridden: frozenset[str] = frozenset()


def defaults(settings: Settings, guild_id: int | None) -> dict[str, Any]:
    """What config.yaml says for a server."""
    return {
        "answer_channels": settings.answer_channels,
        "moderator_roles": settings.moderator_roles,
        "private": settings.private_in(guild_id),
        "cooldown_questions": settings.cooldown_questions,
        "cooldown_seconds": settings.cooldown_seconds,
        "threshold": settings.threshold,
        "learn_confirmations": learning.CONFIRMATIONS,
        "forum_topics": settings.forum_topics,
    }


def _decode(key: str, raw: str) -> Any:
    value = json.loads(raw)
    if key in ("answer_channels", "moderator_roles"):
        return frozenset(int(v) for v in value)
    if key in ("cooldown_questions", "learn_confirmations"):
        return int(value)
    if key in ("cooldown_seconds", "threshold"):
        return float(value)
    return bool(value)


def _encode(value: Any) -> str:
    return json.dumps(sorted(value) if isinstance(value, frozenset) else value)


def _read_all(db: Db) -> list[tuple[int, str, str]]:
    return db.execute("SELECT guild_id, key, value FROM guild_settings").fetchall()


def _read_guild(guild_id: int) -> Callable[[Db], list[tuple[int, str, str]]]:
    def read(db: Db) -> list[tuple[int, str, str]]:
        sql = "SELECT guild_id, key, value FROM guild_settings WHERE guild_id = ?"
        return db.execute(sql, (guild_id,)).fetchall()

    return read


def _overrides(rows: list[tuple[int, str, str]]) -> dict[int, dict[str, Any]]:
    found: dict[int, dict[str, Any]] = {}
    for guild_id, key, raw in rows:
        if key in KEYS:
            found.setdefault(int(guild_id), {})[key] = _decode(key, raw)
    return found


class ServerBook:
    """Every server's overrides, read once at start-up, written behind on change."""

    def __init__(self, settings: Settings, store: FeedbackStore) -> None:
        self._settings = settings
        self._store = store
        self._overrides: dict[int, dict[str, Any]] = {}
        self._resolved: dict[int | None, ServerSettings] = {}

    async def load(self) -> None:
        """Read every stored override (at start-up, and after missing notifications); an
        unavailable store leaves what is in memory."""
        try:
            rows = await self._store.read(_read_all)
        except StoreUnavailable:
            return  # the store has logged it
        self._overrides = _overrides(rows)
        self._resolved.clear()

    async def refresh(self, guild_id: int) -> None:
        """Re-read one server's overrides: another process changed them."""
        try:
            rows = await self._store.read(_read_guild(guild_id))
        except StoreUnavailable:
            return
        self._overrides[guild_id] = _overrides(rows).get(guild_id, {})
        self._resolved.pop(guild_id, None)

    def get(self, guild_id: int | None) -> ServerSettings:
        """The settings in force in a server (a DM gets the defaults)."""
        found = self._resolved.get(guild_id)
        if found is None:
            own = self._overrides.get(guild_id, {}) if guild_id is not None else {}
            values = {**defaults(self._settings, guild_id), **own}
            found = self._resolved[guild_id] = ServerSettings(**values, overridden=frozenset(own))
        return found

    async def change(self, guild_id: int, changes: dict[str, Any]) -> ServerSettings:
        """Override settings in one server (None: back to the default), all or none: written
        and committed first, then in force; StoreUnavailable if the store could not keep them
        (then nothing changed)."""
        unknown = set(changes) - set(KEYS)
        if unknown:
            raise KeyError(", ".join(sorted(unknown)))

        def save(db: Db) -> None:
            for key, value in changes.items():
                if value is None:
                    _delete(db, guild_id, key)
                else:
                    _upsert(db, guild_id, key, _encode(value))

        if changes:
            await self._store.commit(save)
        own = self._overrides.setdefault(guild_id, {})
        for key, value in changes.items():
            if value is None:
                own.pop(key, None)
            else:
                own[key] = value
            log.info("server %s: %s set to %r", guild_id, key, value)
        self._resolved.pop(guild_id, None)
        return self.get(guild_id)


def _delete(db: Db, guild_id: int, key: str) -> None:
    db.execute("DELETE FROM guild_settings WHERE guild_id = ? AND key = ?", (guild_id, key))
    db.notify("settings", guild=guild_id)


def _upsert(db: Db, guild_id: int, key: str, raw: str) -> None:
    db.execute(
        "INSERT INTO guild_settings (guild_id, key, value) VALUES (?, ?, ?)"
        " ON CONFLICT (guild_id, key) DO UPDATE SET value = excluded.value",
        (guild_id, key, raw),
    )
    db.notify("settings", guild=guild_id)
