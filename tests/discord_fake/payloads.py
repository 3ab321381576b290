"""Pure builders of Discord payloads that discord.py 2.7 accepts.

Each builder fills the keys discord.py reads unconditionally (a missing one is a
``KeyError`` inside the client's gateway reader, which kills its connection), so a
test only states what it cares about.
"""

from __future__ import annotations

import itertools
import mimetypes
import time
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from . import limits

Payload = dict[str, Any]

DISCORD_EPOCH_MS = 1_420_070_400_000
_counter = itertools.count(1)


class permissions:
    """Permission bit sets as Discord sends them (decimal strings in payloads)."""

    SEND_MESSAGES = 1 << 11
    MANAGE_MESSAGES = 1 << 13
    MANAGE_GUILD = 1 << 5
    ADMINISTRATOR = 1 << 3
    VIEW_CHANNEL = 1 << 10
    #: What a regular member usually has in a text channel.
    DEFAULT = VIEW_CHANNEL | SEND_MESSAGES | (1 << 14) | (1 << 15) | (1 << 16) | (1 << 31)
    ADMIN = DEFAULT | ADMINISTRATOR | MANAGE_GUILD | MANAGE_MESSAGES


def snowflake() -> str:
    """A fresh, time-ordered snowflake (so ``created_at`` is now)."""
    ms = int(time.time() * 1000) - DISCORD_EPOCH_MS
    return str((ms << 22) | (next(_counter) & 0x3FFFFF))


def now_iso() -> str:
    return datetime.now(UTC).isoformat()


def user(
    *,
    id: str | None = None,
    username: str = "alice",
    bot: bool = False,
    global_name: str | None = None,
) -> Payload:
    return {
        "id": id or snowflake(),
        "username": username,
        "discriminator": "0",
        "global_name": global_name,
        "avatar": None,
        "bot": bot,
        "public_flags": 0,
    }


_new_user = user  # ``member()`` takes a ``user`` argument that hides the builder


def role(
    *, id: str | None = None, name: str = "role", permissions: int = 0, position: int = 1
) -> Payload:
    return {
        "id": id or snowflake(),
        "name": name,
        "color": 0,
        "hoist": False,
        "position": position,
        "permissions": str(permissions),
        "managed": False,
        "mentionable": False,
        "flags": 0,
    }


def member(
    *,
    user: Payload | None = None,
    roles: Sequence[str] = (),
    permissions: int = permissions.DEFAULT,
    nick: str | None = None,
) -> Payload:
    """A guild member; ``permissions`` is what Discord computes for the channel."""
    return {
        "user": user if user is not None else _new_user(),
        "roles": list(roles),
        "joined_at": now_iso(),
        "nick": nick,
        "deaf": False,
        "mute": False,
        "pending": False,
        "flags": 0,
        "permissions": str(permissions),
    }


def text_channel(
    *, id: str | None = None, guild_id: str | None = None, name: str = "general"
) -> Payload:
    channel: Payload = {
        "id": id or snowflake(),
        "type": 0,
        "name": name,
        "position": 0,
        "permission_overwrites": [],
        "nsfw": False,
        "topic": None,
        "last_message_id": None,
        "rate_limit_per_user": 0,
        "parent_id": None,
        "flags": 0,
    }
    if guild_id is not None:
        channel["guild_id"] = guild_id
    return channel


def dm_channel(*, recipient: Payload, id: str | None = None) -> Payload:
    return {
        "id": id or snowflake(),
        "type": 1,
        "recipients": [recipient],
        "last_message_id": None,
        "flags": 0,
    }


def guild(
    *,
    id: str | None = None,
    name: str = "Test Guild",
    owner_id: str | None = None,
    channels: Sequence[Payload] = (),
    roles: Sequence[Payload] = (),
    members: Sequence[Payload] = (),
) -> Payload:
    """A full GUILD_CREATE payload; an ``@everyone`` role (id = guild id) is added."""
    gid = id or snowflake()
    everyone = role(id=gid, name="@everyone", permissions=permissions.DEFAULT, position=0)
    return {
        "id": gid,
        "name": name,
        "icon": None,
        "owner_id": owner_id or snowflake(),
        "unavailable": False,
        "large": False,
        "member_count": len(members),
        "features": [],
        "preferred_locale": "en-US",
        "verification_level": 0,
        "default_message_notifications": 0,
        "explicit_content_filter": 0,
        "mfa_level": 0,
        "nsfw_level": 0,
        "premium_tier": 0,
        "system_channel_flags": 0,
        "joined_at": now_iso(),
        "roles": [everyone, *roles],
        "emojis": [],
        "stickers": [],
        "channels": [dict(c) for c in channels],
        "threads": [],
        "members": list(members),
        "voice_states": [],
        "presences": [],
        "stage_instances": [],
        "guild_scheduled_events": [],
        "soundboard_sounds": [],
    }


def message(
    *,
    channel_id: str,
    author: Payload,
    content: str = "",
    id: str | None = None,
    guild_id: str | None = None,
    member: Payload | None = None,
    mentions: Sequence[Payload] = (),
    embeds: Sequence[Payload] = (),
    components: Sequence[Payload] = (),
    flags: int = 0,
    type: int = 0,
    extra: Mapping[str, Any] | None = None,
) -> Payload:
    """A full message object as Discord returns it from REST or MESSAGE_CREATE."""
    msg: Payload = {
        "id": id or snowflake(),
        "channel_id": channel_id,
        "author": author,
        "content": content,
        "timestamp": now_iso(),
        "edited_timestamp": None,
        "tts": False,
        "mention_everyone": False,
        "mentions": list(mentions),
        "mention_roles": [],
        "attachments": [],
        "embeds": list(embeds),
        "components": list(components),
        "pinned": False,
        "type": type,
        "flags": flags,
    }
    if guild_id is not None:
        msg["guild_id"] = guild_id
    if member is not None:
        msg["member"] = {k: v for k, v in member.items() if k != "user"}
    if extra:
        msg.update(extra)
    return msg


def attachment(
    *, channel_id: str, filename: str, size: int, description: str | None = None
) -> Payload:
    """An attachment object as Discord returns it in a message, for a file it stored."""
    attachment_id = snowflake()
    url = f"https://cdn.discordapp.com/attachments/{channel_id}/{attachment_id}/{filename}"
    found: Payload = {
        "id": attachment_id,
        "filename": filename,
        "size": size,
        "url": url,
        "proxy_url": url.replace("cdn.discordapp.com", "media.discordapp.net"),
        "content_type": mimetypes.guess_type(filename)[0],
    }
    if description:
        found["description"] = description
    return found


def option(name: str, value: Any, type: int | None = None, *, focused: bool = False) -> Payload:
    """One command option as sent in an interaction; ``type`` inferred from ``value``."""
    opt: Payload = {"name": name, "type": type or infer_option_type(value), "value": value}
    if focused:
        opt["focused"] = True
    return opt


def infer_option_type(value: Any) -> int:
    """Discord option type for a Python value (bool before int: bool is an int)."""
    if isinstance(value, bool):
        return 5
    if isinstance(value, int):
        return 4
    if isinstance(value, float):
        return 10
    return 3


class Where:
    """Where an interaction happens: a guild channel with a member, or a DM with a user."""

    def __init__(
        self,
        *,
        application_id: str,
        channel: Payload,
        guild_id: str | None = None,
        member: Payload | None = None,
        user: Payload | None = None,
        locale: str = "en-US",
    ) -> None:
        if guild_id is not None and member is None:
            raise ValueError("a guild interaction needs a member")
        if guild_id is None and user is None:
            raise ValueError("a DM interaction needs a user")
        self.application_id = application_id
        self.channel = channel
        self.guild_id = guild_id
        self.member = member
        self.user = user if user is not None else (member or {}).get("user")
        self.locale = locale

    def base(self, type: int, data: Payload | None) -> Payload:
        """The envelope shared by all interaction types."""
        payload: Payload = {
            "id": snowflake(),
            "application_id": self.application_id,
            "type": type,
            "token": "itoken-" + snowflake(),
            "version": 1,
            "channel": {"id": self.channel["id"], "type": self.channel["type"]},
            "channel_id": self.channel["id"],
            "locale": self.locale,
            "app_permissions": str(permissions.ADMIN),
            "entitlements": [],
            "attachment_size_limit": limits.ATTACHMENT_SIZE_MAX,
        }
        if data is not None:
            payload["data"] = data
        if self.guild_id is not None:
            payload["guild_id"] = self.guild_id
            payload["guild_locale"] = "en-US"
            payload["guild"] = {"id": self.guild_id, "locale": "en-US", "features": []}
            payload["member"] = self.member
            payload["authorizing_integration_owners"] = {"0": self.guild_id}
            payload["context"] = 0
        else:
            payload["user"] = self.user
            payload["authorizing_integration_owners"] = {"1": (self.user or {})["id"]}
            payload["context"] = 1
        return payload


def command_options(path: Sequence[str], options: Sequence[Payload]) -> list[Payload]:
    """Nest leaf ``options`` under subcommand groups/subcommands named in ``path``."""
    nested = list(options)
    for depth, name in reversed(list(enumerate(path))):
        is_group = depth < len(path) - 1
        nested = [{"name": name, "type": 2 if is_group else 1, "options": nested}]
    return nested


def slash_interaction(
    where: Where,
    name: str,
    options: Sequence[Payload] = (),
    *,
    command_id: str | None = None,
    command_guild_id: str | None = None,
    resolved: Payload | None = None,
    autocomplete: bool = False,
) -> Payload:
    """A chat-input command (type 2) or its autocomplete (type 4).

    ``name`` may hold subcommands: ``"topic show"`` or ``"admin kb reload"``.
    """
    root, *path = name.split()
    data: Payload = {
        "id": command_id or snowflake(),
        "name": root,
        "type": 1,
        "options": command_options(path, options),
    }
    if command_guild_id is not None:
        data["guild_id"] = command_guild_id
    if resolved is not None:
        data["resolved"] = resolved
    return where.base(4 if autocomplete else 2, data)


def autocomplete_interaction(
    where: Where, name: str, options: Sequence[Payload], focused: str, **kwargs: Any
) -> Payload:
    """Autocomplete (type 4): the option named ``focused`` carries ``focused: true``."""
    marked = [{**o, "focused": True} if o["name"] == focused else o for o in options]
    if not any(o["name"] == focused for o in options):
        marked.append(option(focused, "", 3, focused=True))
    return slash_interaction(where, name, marked, autocomplete=True, **kwargs)


def find_component(message: Payload, custom_id: str) -> Payload | None:
    """The component with ``custom_id`` anywhere in a message's component tree."""
    stack = list(message.get("components", []))
    while stack:
        comp = stack.pop()
        if comp.get("custom_id") == custom_id:
            found: Payload = comp
            return found
        stack.extend(comp.get("components", []))
        if "component" in comp:
            stack.append(comp["component"])
        if "accessory" in comp:
            stack.append(comp["accessory"])
    return None


def component_interaction(
    where: Where, message: Payload, custom_id: str, *, values: Sequence[str] | None = None
) -> Payload:
    """A button or select click (type 3) on a full ``message`` that holds ``custom_id``."""
    comp = find_component(message, custom_id)
    if comp is None:
        raise LookupError(f"message {message['id']} has no component with custom_id {custom_id!r}")
    data: Payload = {"custom_id": custom_id, "component_type": comp["type"]}
    if comp["type"] != 2:
        data["values"] = list(values or [])
    payload = where.base(3, data)
    payload["message"] = message
    return payload


def modal_interaction(
    where: Where, custom_id: str, fields: Mapping[str, str], *, message: Payload | None = None
) -> Payload:
    """A modal submit (type 5); each field is a text input in its own action row."""
    rows = [
        {"type": 1, "components": [{"type": 4, "custom_id": key, "value": value}]}
        for key, value in fields.items()
    ]
    payload = where.base(5, {"custom_id": custom_id, "components": rows})
    if message is not None:
        payload["message"] = message
    return payload


def message_command_interaction(
    where: Where,
    name: str,
    target: Payload,
    *,
    command_id: str | None = None,
    command_guild_id: str | None = None,
) -> Payload:
    """A message context-menu command (type 2, data.type 3) on ``target``."""
    data: Payload = {
        "id": command_id or snowflake(),
        "name": name,
        "type": 3,
        "target_id": target["id"],
        "resolved": {"messages": {target["id"]: target}},
    }
    if command_guild_id is not None:
        data["guild_id"] = command_guild_id
    return where.base(2, data)


def forum_channel(
    *,
    id: str | None = None,
    guild_id: str | None = None,
    name: str = "help",
    tags: Sequence[str] = ("Solved",),
) -> Payload:
    """A forum (type 15) with ``available_tags`` named as given."""
    channel = text_channel(id=id, guild_id=guild_id, name=name)
    channel.update(
        type=15,
        available_tags=[
            {"id": snowflake(), "name": t, "moderated": False, "emoji_id": None, "emoji_name": None}
            for t in tags
        ],
        default_forum_layout=0,
        default_sort_order=None,
        default_reaction_emoji=None,
        default_thread_rate_limit_per_user=0,
    )
    return channel


def thread(*, forum: Payload, owner_id: str, name: str, id: str | None = None) -> Payload:
    """A forum post: a public thread (type 11) whose parent is ``forum``."""
    return {
        "id": id or snowflake(),
        "type": 11,
        "guild_id": forum["guild_id"],
        "parent_id": forum["id"],
        "owner_id": owner_id,
        "name": name,
        "last_message_id": None,
        "rate_limit_per_user": 0,
        "message_count": 0,
        "member_count": 1,
        "flags": 0,
        "applied_tags": [],
        "thread_metadata": {
            "archived": False,
            "auto_archive_duration": 1440,
            "archive_timestamp": now_iso(),
            "locked": False,
        },
    }
