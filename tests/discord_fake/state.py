"""What the fake Discord remembers: channels, messages, interactions, commands.

Kept apart from the HTTP routes so the test API (building a click on a message the
bot sent) and the REST side (creating that message) share one source of truth.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from . import payloads
from .payloads import Payload
from .records import Upload

EPHEMERAL = 1 << 6
LOADING = 1 << 7
MESSAGE_FIELDS = ("content", "embeds", "components", "poll")


@dataclass
class InteractionRecord:
    """An interaction the fake dispatched, and how the bot has answered it so far."""

    payload: Payload
    response_type: int | None = None
    response_message_id: str | None = None
    loading: bool = False
    ephemeral: bool = False

    @property
    def id(self) -> str:
        return str(self.payload["id"])

    @property
    def token(self) -> str:
        return str(self.payload["token"])

    @property
    def acknowledged(self) -> bool:
        return self.response_type is not None

    @property
    def user(self) -> Payload:
        member = self.payload.get("member")
        found: Payload = member["user"] if member else self.payload["user"]
        return found


def _attachments(
    body: Mapping[str, Any], uploads: Sequence[Upload], channel_id: str, current: list[Payload]
) -> list[Payload] | None:
    """A message's attachments after a body and its files; None when they do not change.

    As on Discord: `attachments` lists what the message keeps, an `id` that is an index
    naming the new file sent as `files[index]`, any other id an attachment it already has.
    """
    listed = body.get("attachments")
    if listed is None and not uploads:
        return None
    if listed is None:
        listed = [{"id": n} for n in range(len(uploads))]
    sent = {u.field: u for u in uploads}
    kept = {a["id"]: a for a in current}
    out = []
    for item in listed:
        upload = sent.get(f"files[{item['id']}]")
        if upload is not None:
            out.append(
                payloads.attachment(
                    channel_id=channel_id,
                    filename=item.get("filename") or upload.filename,
                    size=len(upload.data),
                    description=item.get("description"),
                )
            )
        elif str(item["id"]) in kept:
            out.append(kept[str(item["id"])])
    return out


def _interaction_message_type(payload: Payload) -> int:
    """Discord's message type for a reply to an interaction (20 slash, 23 context menu)."""
    if payload["type"] != 2:
        return 0
    return 20 if payload["data"].get("type", 1) == 1 else 23


class FakeState:
    """The world as Discord would store it."""

    def __init__(self, *, application_id: str, bot_user: Payload) -> None:
        self.application_id = application_id
        self.bot_user = bot_user
        self.guilds: list[Payload] = []
        self.channels: dict[str, Payload] = {}
        #: Every message that exists: sent by the bot, or dispatched by the test.
        self.messages: dict[str, Payload] = {}
        self.deleted_messages: list[Payload] = []
        self.interactions: dict[str, InteractionRecord] = {}
        self.global_commands: list[Payload] = []
        self.guild_commands: dict[str, list[Payload]] = {}
        self._command_ids: dict[tuple[str | None, int, str], str] = {}

    def add_guild(self, guild: Payload) -> Payload:
        self.guilds.append(guild)
        for channel in guild["channels"]:
            channel.setdefault("guild_id", guild["id"])
            self.channels[channel["id"]] = channel
        return guild

    def guild_of_channel(self, channel_id: str) -> str | None:
        channel = self.channels.get(channel_id)
        return channel.get("guild_id") if channel else None

    def interaction_by_token(self, token: str) -> InteractionRecord | None:
        return next((i for i in self.interactions.values() if i.token == token), None)

    # --- messages ----------------------------------------------------------------------

    def create_message(
        self,
        channel_id: str,
        body: Mapping[str, Any],
        *,
        author: Payload | None = None,
        interaction: InteractionRecord | None = None,
        uploads: Sequence[Upload] = (),
    ) -> Payload:
        """Store a message made from a create body (and files), as Discord would echo it."""
        guild_id = self.guild_of_channel(channel_id)
        extra: Payload = {k: body[k] for k in ("poll",) if k in body}
        reference = body.get("message_reference")
        if reference:
            # Discord echoes snowflakes as strings; discord.py sends ints.
            ids = {k: str(v) for k, v in reference.items() if k.endswith("_id") and v is not None}
            extra["message_reference"] = {"type": 0, "channel_id": channel_id, **reference, **ids}
            referenced = self.messages.get(str(reference.get("message_id")))
            extra["referenced_message"] = referenced
            extra["type"] = 19
        if interaction is not None:
            extra["webhook_id"] = self.application_id
            extra["application_id"] = self.application_id
            extra["interaction_metadata"] = {
                "id": interaction.id,
                "type": interaction.payload["type"],
                "user": interaction.user,
                "authorizing_integration_owners": interaction.payload[
                    "authorizing_integration_owners"
                ],
            }
            extra["type"] = _interaction_message_type(interaction.payload)
        message = payloads.message(
            channel_id=channel_id,
            author=author or self.bot_user,
            content=body.get("content") or "",
            guild_id=guild_id,
            embeds=body.get("embeds") or [],
            components=body.get("components") or [],
            flags=int(body.get("flags") or 0),
            extra=extra,
        )
        if "type" in extra:
            message["type"] = extra["type"]
        message["attachments"] = _attachments(body, uploads, channel_id, []) or []
        self.messages[message["id"]] = message
        return message

    def edit_message(
        self, message_id: str, body: Mapping[str, Any], uploads: Sequence[Upload] = ()
    ) -> Payload | None:
        """Apply an edit body (and files) to a stored message (only the fields it holds)."""
        message = self.messages.get(message_id)
        if message is None:
            return None
        for key in MESSAGE_FIELDS:
            if key in body and body[key] is not None:
                message[key] = body[key]
        attachments = _attachments(body, uploads, message["channel_id"], message["attachments"])
        if attachments is not None:
            message["attachments"] = attachments
        if "flags" in body and body["flags"] is not None:
            message["flags"] = int(body["flags"]) | (message["flags"] & EPHEMERAL)
        message["flags"] &= ~LOADING
        message["edited_timestamp"] = payloads.now_iso()
        return message

    def delete_message(self, message_id: str) -> bool:
        message = self.messages.pop(message_id, None)
        if message is not None:
            self.deleted_messages.append(message)
        return message is not None

    # --- commands ----------------------------------------------------------------------

    def store_commands(self, commands: list[Payload], guild_id: str | None) -> list[Payload]:
        """Echo a bulk overwrite with ids, stable per (scope, type, name) across syncs."""
        echoed = []
        for command in commands:
            kind = int(command.get("type", 1))
            key = (guild_id, kind, command["name"])
            command_id = self._command_ids.setdefault(key, payloads.snowflake())
            stored = {
                "id": command_id,
                "application_id": self.application_id,
                "version": payloads.snowflake(),
                "type": kind,
                "description": "",
                "options": [],
                "default_member_permissions": None,
                "nsfw": False,
                **command,
            }
            dmp = stored["default_member_permissions"]
            stored["default_member_permissions"] = None if dmp is None else str(dmp)
            if guild_id is not None:
                stored["guild_id"] = guild_id
            echoed.append(stored)
        if guild_id is None:
            self.global_commands = echoed
        else:
            self.guild_commands[guild_id] = echoed
        return echoed

    def find_command(self, name: str, kind: int, guild_id: str | None) -> Payload | None:
        """A synced command, guild-specific first (as Discord shows both)."""
        pools = [self.guild_commands.get(guild_id, [])] if guild_id else []
        pools.append(self.global_commands)
        for pool in pools:
            for command in pool:
                if command["name"] == name and command["type"] == kind:
                    return command
        return None
