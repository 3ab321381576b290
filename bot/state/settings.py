"""config.yaml -> a frozen Settings, validated so a typo names the key and the nearest valid one.

Every key has a default: no config at all (with DISCORD_TOKEN set) runs on the bundled knowledge.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

import knowledge

TOKEN_ENV = "DISCORD_TOKEN"
DISCORD_API = "https://discord.com/api/v10"
DISCORD_GATEWAY = "wss://gateway.discord.gg/"
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
POSTGRES_SCHEMES = ("postgresql://", "postgres://")


class SettingsError(ValueError):
    """A config that cannot be used; the message names the key and what is wrong."""


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything the bot reads from config.yaml, typed, with defaults."""

    token: str | None = None
    api_base_url: str = DISCORD_API
    gateway_url: str = DISCORD_GATEWAY
    dev_guild_id: int | None = None
    sync_on_start: bool = False
    shards: int | Literal["auto"] | None = None
    shard_ids: tuple[int, ...] | None = None  # this process's shards (of shard_count)
    shard_count: int | None = None
    message_content: bool | None = None
    knowledge_path: Path | None = None
    knowledge_cache: Path | None = None
    threshold: float | None = None
    channel_threshold: float = 0.8
    defer_above_sentences: int = 20000
    private: bool = True
    private_guilds: Mapping[int, bool] = field(default_factory=dict)
    mentions: bool = True
    answer_channels: frozenset[int] = frozenset()
    forum_topics: bool = False  # an unsure help-forum post gets the closest topics
    moderator_roles: frozenset[int] = frozenset()
    cooldown_questions: int = 5
    cooldown_seconds: float = 60.0
    log_level: str = "INFO"
    feedback_path: Path | None = Path("citebot.db")
    feedback_url: str | None = None  # a postgresql:// URL instead of the SQLite file
    retention_days: int | None = 90

    @property
    def feedback_database(self) -> Path | str | None:
        """The SQLite file, the PostgreSQL URL, or None (memory)."""
        return self.feedback_url if self.feedback_url is not None else self.feedback_path

    @property
    def sharded_process(self) -> bool:
        """One process of several: it holds `shard_ids` only and never syncs commands."""
        return self.shard_ids is not None

    def private_in(self, guild_id: int | None) -> bool:
        """Whether slash replies are ephemeral by default in this server."""
        if guild_id is not None and guild_id in self.private_guilds:
            return self.private_guilds[guild_id]
        return self.private

    def __repr__(self) -> str:
        # The token must never reach a log line, even through a repr.
        return f"Settings(token={'***' if self.token else None}, dev_guild_id={self.dev_guild_id})"


# (section, key) -> (Settings attribute, kind). Kinds are checked by _convert.
_SCHEMA: dict[str, dict[str, tuple[str, str]]] = {
    "discord": {
        "token": ("token", "str?"),
        "api_base_url": ("api_base_url", "url"),
        "gateway_url": ("gateway_url", "url"),
        "dev_guild_id": ("dev_guild_id", "id?"),
        "sync_on_start": ("sync_on_start", "bool"),
        "shards": ("shards", "shards"),
        "shard_ids": ("shard_ids", "shard_ids?"),
        "shard_count": ("shard_count", "count?"),
        "message_content": ("message_content", "bool?"),
    },
    "knowledge": {
        "path": ("knowledge_path", "path?"),
        "cache_dir": ("knowledge_cache", "path?"),
        "threshold": ("threshold", "ratio?"),
        "channel_threshold": ("channel_threshold", "ratio"),
        "defer_above_sentences": ("defer_above_sentences", "count"),
    },
    "answers": {
        "private": ("private", "bool"),
        "private_guilds": ("private_guilds", "guild_bools"),
        "mentions": ("mentions", "bool"),
        "channels": ("answer_channels", "ids"),
        "forum_topics": ("forum_topics", "bool"),
    },
    "cooldown": {
        "questions": ("cooldown_questions", "count"),
        "per_seconds": ("cooldown_seconds", "seconds"),
    },
    "moderators": {"role_ids": ("moderator_roles", "ids")},
    "logging": {"level": ("log_level", "level")},
    "feedback": {
        "database": ("feedback_path", "database?"),
        "retention_days": ("retention_days", "count?"),
    },
}

#: Settings whose values are secret: a type error names the type, never the value.
_SECRETS = frozenset({"token", "feedback_path"})  # a PostgreSQL URL may hold a password

_KIND_TEXT = {
    "str?": "a string or null",
    "url": "a URL (http://, https://, ws:// or wss://)",
    "id?": "a Discord id (a positive integer) or null",
    "bool": "true or false",
    "bool?": "true, false or null",
    "shards": 'null, "auto" or a positive integer',
    "shard_ids?": 'null, a shard id, a range "0-3", or a list of shard ids',
    "database?": "a SQLite file path, a postgresql:// URL, or null",
    "path?": "a folder path or null",
    "ratio?": "a number from 0 to 1 or null",
    "ratio": "a number from 0 to 1",
    "count": "a positive integer",
    "count?": "a positive integer or null",
    "seconds": "a positive number of seconds",
    "guild_bools": "a mapping of server id to true/false",
    "ids": "a list of Discord ids",
    "level": "one of " + ", ".join(LOG_LEVELS),
}


def _is_id(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _convert(kind: str, value: Any, base: Path) -> tuple[bool, Any]:
    """(ok, converted value) for one raw YAML value of the given kind."""
    if kind.endswith("?") and value is None:
        return True, None
    match kind.rstrip("?"):
        case "str":
            return isinstance(value, str), value
        case "url":
            ok = isinstance(value, str) and value.startswith(("http://", "https://", "ws"))
            return ok, value
        case "id":
            return _is_id(value), value
        case "bool":
            return isinstance(value, bool), value
        case "shards":
            return value is None or value == "auto" or _is_id(value), value
        case "path":
            return isinstance(value, str) and bool(value), base / str(value)
        case "database":
            if isinstance(value, str) and value.startswith(POSTGRES_SCHEMES):
                return True, value
            return isinstance(value, str) and bool(value), base / str(value)
        case "shard_ids":
            try:
                return True, parse_shard_ids(value)
            except ValueError:
                return False, None
        case "ratio":
            return _is_number(value) and 0 <= value <= 1, value
        case "count":
            return _is_id(value), value
        case "seconds":
            return _is_number(value) and value > 0, float(value) if _is_number(value) else 0
        case "guild_bools":
            ok = isinstance(value, dict) and all(
                _is_id(k) and isinstance(v, bool) for k, v in value.items()
            )
            return ok, dict(value) if ok else {}
        case "ids":
            ok = isinstance(value, list) and all(_is_id(v) for v in value)
            return ok, frozenset(value) if ok else frozenset()
        case _:  # "level"
            ok = isinstance(value, str) and value.upper() in LOG_LEVELS
            return ok, value.upper() if ok else value


def _unknown(name: str, valid: list[str]) -> str:
    close = difflib.get_close_matches(name, valid, n=1, cutoff=0.5)
    hint = f"; did you mean {close[0]!r}?" if close else f"; valid keys: {', '.join(valid)}"
    return f"unknown key {name!r}{hint}"


def _section(name: str, body: object, base: Path, values: dict[str, Any]) -> list[str]:
    """Validate one section into `values`; return what is wrong with it."""
    schema = _SCHEMA.get(name)
    if schema is None:
        return [_unknown(name, list(_SCHEMA))]
    if body is None:
        return []
    if not isinstance(body, dict):
        return [f"{name} must be a mapping of keys"]
    errors: list[str] = []
    for key, value in body.items():
        if key not in schema:
            valid = [f"{s}.{k}" for s, keys in _SCHEMA.items() for k in keys]
            errors.append(_unknown(f"{name}.{key}", valid))
            continue
        attr, kind = schema[key]
        ok, converted = _convert(kind, value, base)
        if ok:
            values[attr] = converted
        else:
            # A secret's value never reaches a message (a terminal, a log): only its type.
            got = f"a {type(value).__name__}" if attr in _SECRETS else repr(value)
            errors.append(f"{name}.{key} must be {_KIND_TEXT[kind]}, got {got}")
    return errors


def parse(raw: object, *, base: Path = Path(), env: Mapping[str, str] | None = None) -> Settings:
    """Validate a loaded YAML document; raise SettingsError naming every bad key."""
    env = os.environ if env is None else env
    raw = {} if raw is None else raw
    if not isinstance(raw, dict):
        raise SettingsError("the config must be a mapping of sections (discord:, knowledge:, ...)")
    values: dict[str, Any] = {}
    errors = [e for name, body in raw.items() for e in _section(str(name), body, base, values)]
    if errors:
        raise SettingsError("config: " + "\n  ".join(errors))
    if env.get(TOKEN_ENV):
        values["token"] = env[TOKEN_ENV]
    values.setdefault("feedback_path", base / "citebot.db")  # beside the config file
    if isinstance(values["feedback_path"], str):  # a PostgreSQL URL
        values["feedback_url"], values["feedback_path"] = values["feedback_path"], None
    settings = Settings(**values)
    check_shards(settings)
    return settings


def parse_shard_ids(value: object) -> tuple[int, ...]:
    """`3`, `"0-3"`, `"0-3,8"` or `[0, 1]` -> sorted shard ids; ValueError if malformed."""
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int):
        items: list[object] = [value]
    elif isinstance(value, str):
        items = [part.strip() for part in value.split(",")]
    elif isinstance(value, list):
        items = list(value)
    else:
        raise ValueError(value)
    ids: set[int] = set()
    for item in items:
        if isinstance(item, str) and "-" in item.strip("-"):
            low, high = (int(x) for x in item.split("-", 1))
            ids.update(range(low, high + 1))
        elif isinstance(item, int | str) and not isinstance(item, bool):
            ids.add(int(item))
        else:
            raise ValueError(item)
    if not ids or min(ids) < 0:
        raise ValueError(value)
    return tuple(sorted(ids))


def check_shards(settings: Settings) -> None:
    """shard_ids need shard_count, fit inside it, and exclude `shards`."""
    ids, count = settings.shard_ids, settings.shard_count
    if settings.shards is not None and (ids is not None or count is not None):
        raise SettingsError("config: set discord.shards, or shard_ids with shard_count; not both")
    if ids is not None and count is None:
        raise SettingsError("config: discord.shard_ids needs discord.shard_count (all processes')")
    if ids is not None and count is not None and max(ids) >= count:
        raise SettingsError(
            f"config: discord.shard_ids go from 0 to shard_count - 1 ({count - 1}); got {max(ids)}"
        )


def load(path: Path | None, *, env: Mapping[str, str] | None = None) -> Settings:
    """Read a config file (None: defaults only); paths in it are relative to the file."""
    if path is None:
        return parse({}, env=env)
    try:
        raw = knowledge.parse_yaml(path.read_text(encoding="utf-8"), str(path))
    except OSError as exc:
        raise SettingsError(f"cannot read config {path}: {exc.strerror}") from exc
    except knowledge.KnowledgeError as exc:  # file:line: reason; alias bombs refused at once
        raise SettingsError(f"config is not valid YAML: {exc}") from None
    return parse(raw, base=path.resolve().parent, env=env)


def with_shards(settings: Settings, shard_ids: str | None, shard_count: int | None) -> Settings:
    """`citebot run --shard-ids ... --shard-count ...` over the config's keys, checked."""
    if shard_ids is None and shard_count is None:
        return settings
    values: dict[str, Any] = {"shards": None}
    if shard_ids is not None:
        try:
            values["shard_ids"] = parse_shard_ids(shard_ids)
        except ValueError:
            wanted = 'a shard id, a range "0-3" or a list "0,2,4"'
            raise SettingsError(f"--shard-ids must be {wanted}; got {shard_ids!r}") from None
    if shard_count is not None:
        if shard_count < 1:
            raise SettingsError(f"--shard-count must be a positive integer; got {shard_count}")
        values["shard_count"] = shard_count
    changed = replace(settings, **values)
    check_shards(changed)
    return changed


def check_store(settings: Settings) -> None:
    """A PostgreSQL URL needs the optional driver: say how to install it, before starting."""
    if settings.feedback_url is None:
        return
    try:
        import psycopg  # noqa: F401, PLC0415
    except ImportError:
        raise SettingsError(
            "feedback.database is a PostgreSQL URL, but psycopg is not installed: "
            "pip install 'citebot[postgres]'"
        ) from None
