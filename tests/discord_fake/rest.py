"""Discord's REST API, the parts a bot uses: login, sync, responses, messages.

Each route answers as Discord does (same status codes, error codes and bodies) and
every request is recorded by the middleware, so tests read back the exact JSON.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web

from . import limits
from .payloads import Payload
from .records import RecordedRequest, RequestLog, Upload
from .state import EPHEMERAL, LOADING, FakeState, InteractionRecord

API_PREFIX = "/api/v10"
Handler = Callable[[web.Request, RecordedRequest], Awaitable[web.Response]]
#: Routes Discord serves without the bot token (the interaction token is the credential).
_TOKENLESS = ("/interactions/", "/webhooks/")


def reply(record: RecordedRequest, body: Any = None, status: int = 200) -> web.Response:
    """A JSON reply with Content-Type exactly ``application/json``.

    discord.py only parses JSON when the header has no ``; charset=...`` suffix,
    which aiohttp's ``json_response`` would add.
    """
    record.status, record.response = status, body
    if body is None and status == 204:
        return web.Response(status=204)
    return web.Response(
        status=status, body=json.dumps(body).encode(), headers={"Content-Type": "application/json"}
    )


def error(record: RecordedRequest, status: int, code: int, message: str) -> web.Response:
    return reply(record, {"code": code, "message": message}, status)


async def read_body(request: web.Request) -> tuple[Any, list[Upload]]:
    """The JSON body, from plain JSON or a multipart ``payload_json``, and the files."""
    if not request.body_exists:
        return None, []
    if request.content_type.startswith("multipart/"):
        body: Any = None
        files: list[Upload] = []
        reader = await request.multipart()
        async for part in reader:
            if part.name == "payload_json":  # type: ignore[union-attr]
                body = json.loads(await part.text())  # type: ignore[union-attr]
            else:
                data = bytes(await part.read())  # type: ignore[union-attr]
                name = part.filename or part.name or ""  # type: ignore[union-attr]
                kind = part.headers.get("Content-Type", "")  # type: ignore[union-attr]
                files.append(Upload(part.name or "", name, kind, data))  # type: ignore[union-attr]
        return body, files
    text = await request.text()
    return (json.loads(text) if text else None), []


def too_large(record: RecordedRequest) -> web.Response | None:
    """Discord's answers to files past its limits: 413 for a file too big, 400 for too many."""
    if any(len(u.data) > limits.ATTACHMENT_SIZE_MAX for u in record.uploads):
        return error(record, 413, limits.ENTITY_TOO_LARGE, "Request entity too large")
    if len(record.uploads) > limits.ATTACHMENTS_MAX:
        errors = limits.FormErrors()
        errors.add(("files",), "BASE_TYPE_MAX_LENGTH", "Must be 10 or fewer in length.")
        return reply(record, errors.body(), 400)
    return None


class RestApi:
    """The route handlers over a ``FakeState``; recording happens in ``middleware``."""

    def __init__(
        self,
        state: FakeState,
        log: RequestLog,
        *,
        gateway_url: Callable[[], str],
        shard_count: Callable[[], int],
        token: str | None = None,
    ) -> None:
        self.state = state
        self.log = log
        self.gateway_url = gateway_url
        self.shard_count = shard_count
        self.token = token

    def add_routes(self, app: web.Application) -> None:
        """Register every route under ``/api/v10``, then the catch-all 404."""
        table: list[tuple[str, str, Handler]] = [
            ("GET", "/users/@me", self.get_me),
            ("GET", "/oauth2/applications/@me", self.get_application),
            ("GET", "/gateway", self.get_gateway),
            ("GET", "/gateway/bot", self.get_gateway_bot),
            ("PUT", "/applications/{app}/commands", self.put_commands),
            ("GET", "/applications/{app}/commands", self.get_commands),
            ("PUT", "/applications/{app}/guilds/{guild}/commands", self.put_commands),
            ("GET", "/applications/{app}/guilds/{guild}/commands", self.get_commands),
            ("POST", "/interactions/{id}/{token}/callback", self.post_callback),
            ("POST", "/webhooks/{app}/{token}", self.post_followup),
            ("GET", "/webhooks/{app}/{token}/messages/{message}", self.get_webhook_message),
            ("PATCH", "/webhooks/{app}/{token}/messages/{message}", self.edit_webhook_message),
            ("DELETE", "/webhooks/{app}/{token}/messages/{message}", self.delete_webhook_message),
            ("POST", "/channels/{channel}/messages", self.post_channel_message),
            ("GET", "/channels/{channel}/messages/{message}", self.get_channel_message),
            ("PATCH", "/channels/{channel}/messages/{message}", self.edit_channel_message),
            ("DELETE", "/channels/{channel}/messages/{message}", self.delete_channel_message),
            ("PATCH", "/channels/{channel}", self.edit_channel),
            ("POST", "/channels/{channel}/typing", self.no_content),
            (
                "PUT",
                "/channels/{channel}/messages/{message}/reactions/{emoji}/@me",
                self.no_content,
            ),
            (
                "DELETE",
                "/channels/{channel}/messages/{message}/reactions/{emoji}/@me",
                self.no_content,
            ),
        ]
        for method, path, handler in table:
            app.router.add_route(method, API_PREFIX + path, self._wrap(handler))
        app.router.add_route("*", API_PREFIX + "/{tail:.*}", self._wrap(self.not_found))

    def _wrap(self, handler: Handler) -> Callable[[web.Request], Awaitable[web.Response]]:
        """Record the request, check the bot token, run the handler, log the answer."""

        async def recorded(request: web.Request) -> web.Response:
            body, files = await read_body(request)
            record = RecordedRequest(
                method=request.method,
                path=request.path.removeprefix(API_PREFIX),
                query=dict(request.query),
                json=body,
                headers=dict(request.headers),
                files=[f.filename for f in files],
                uploads=files,
            )
            try:
                if not record.path.startswith(_TOKENLESS) and not self._authorized(request):
                    return error(record, 401, 0, "401: Unauthorized")
                return too_large(record) or await handler(request, record)
            finally:
                self.log.add(record)

        return recorded

    def _authorized(self, request: web.Request) -> bool:
        header = request.headers.get("Authorization", "")
        if self.token is not None:
            return header == f"Bot {self.token}"
        return header.startswith("Bot ") and len(header) > 4

    # --- login and gateway discovery ------------------------------------------------

    async def get_me(self, request: web.Request, record: RecordedRequest) -> web.Response:
        return reply(record, self.state.bot_user)

    async def get_application(self, request: web.Request, record: RecordedRequest) -> web.Response:
        owner = {"id": "1", "username": "owner", "discriminator": "0", "avatar": None}
        return reply(
            record,
            {
                "id": self.state.application_id,
                "name": self.state.bot_user["username"],
                "description": "",
                "icon": None,
                "bot_public": True,
                "bot_require_code_grant": False,
                "owner": owner,
                "verify_key": "0" * 64,
                "flags": 0,
                "team": None,
                "summary": "",
            },
        )

    async def get_gateway(self, request: web.Request, record: RecordedRequest) -> web.Response:
        return reply(record, {"url": self.gateway_url()})

    async def get_gateway_bot(self, request: web.Request, record: RecordedRequest) -> web.Response:
        limit = {"total": 1000, "remaining": 1000, "reset_after": 0, "max_concurrency": 1}
        return reply(
            record,
            {"url": self.gateway_url(), "shards": self.shard_count(), "session_start_limit": limit},
        )

    # --- application commands ---------------------------------------------------------

    async def put_commands(self, request: web.Request, record: RecordedRequest) -> web.Response:
        if request.match_info["app"] != self.state.application_id:
            return error(record, 403, 50001, "Missing Access")
        errors = limits.FormErrors()
        limits.check_commands(errors, record.json or [])
        if errors:
            return reply(record, errors.body(), 400)
        guild = request.match_info.get("guild")
        return reply(record, self.state.store_commands(list(record.json or []), guild))

    async def get_commands(self, request: web.Request, record: RecordedRequest) -> web.Response:
        guild = request.match_info.get("guild")
        stored = self.state.guild_commands.get(guild, []) if guild else self.state.global_commands
        return reply(record, stored)

    # --- interaction responses ----------------------------------------------------------

    async def post_callback(self, request: web.Request, record: RecordedRequest) -> web.Response:
        interaction = self.state.interactions.get(request.match_info["id"])
        if interaction is None or interaction.token != request.match_info["token"]:
            return error(record, 404, 10062, "Unknown interaction")
        if interaction.acknowledged:
            return error(
                record,
                400,
                limits.ALREADY_ACKNOWLEDGED,
                "Interaction has already been acknowledged.",
            )
        body = record.json or {}
        errors = limits.FormErrors()
        limits.check_callback(errors, body)
        if errors:
            return reply(record, errors.body(), 400)
        message = self._apply_callback(
            interaction, int(body["type"]), body.get("data") or {}, record.uploads
        )
        record.message = message
        if "with_response" not in request.query:
            return reply(record, None, 204)
        answer: Payload = {
            "interaction": {
                "id": interaction.id,
                "type": interaction.payload["type"],
                "response_message_id": interaction.response_message_id,
                "response_message_loading": interaction.loading,
                "response_message_ephemeral": interaction.ephemeral,
            }
        }
        if message is not None:
            answer["resource"] = {"type": body["type"], "message": message}
        return reply(record, answer)

    def _apply_callback(
        self, interaction: InteractionRecord, kind: int, data: Payload, uploads: list[Upload]
    ) -> Payload | None:
        """Mark the interaction answered; create or edit the message the type implies."""
        interaction.response_type = kind
        channel_id = interaction.payload["channel"]["id"]
        flags = int(data.get("flags") or 0)
        if kind == 4:
            message = self.state.create_message(
                channel_id, data, interaction=interaction, uploads=uploads
            )
        elif kind == 5:
            interaction.loading = True
            body = {"content": "", "flags": LOADING | (flags & EPHEMERAL)}
            message = self.state.create_message(channel_id, body, interaction=interaction)
        elif kind in (6, 7) and "message" in interaction.payload:
            message_id = interaction.payload["message"]["id"]
            if kind == 7:
                return self.state.edit_message(message_id, data, uploads)
            return self.state.messages.get(message_id)
        else:
            return None
        interaction.response_message_id = message["id"]
        interaction.ephemeral = bool(message["flags"] & EPHEMERAL)
        return message

    # --- follow-ups (the interaction webhook) -----------------------------------------

    def _webhook_interaction(self, request: web.Request) -> InteractionRecord | None:
        if request.match_info["app"] != self.state.application_id:
            return None
        return self.state.interaction_by_token(request.match_info["token"])

    def _webhook_message_id(
        self, interaction: InteractionRecord, request: web.Request
    ) -> str | None:
        wanted = request.match_info["message"]
        if wanted != "@original":
            return wanted
        if interaction.response_message_id is not None:
            return interaction.response_message_id
        # A deferred update (type 6) on a component: @original is the clicked message.
        return (interaction.payload.get("message") or {}).get("id")

    async def post_followup(self, request: web.Request, record: RecordedRequest) -> web.Response:
        interaction = self._webhook_interaction(request)
        if interaction is None or not interaction.acknowledged:
            return error(record, 404, 10015, "Unknown Webhook")
        body = record.json or {}
        errors = limits.FormErrors()
        limits.check_message(errors, body)
        if errors:
            return reply(record, errors.body(), 400)
        if interaction.loading and interaction.response_message_id is not None:
            # Documented Discord behaviour: the first follow-up after a deferred
            # "thinking" response edits that response (and keeps its ephemerality).
            interaction.loading = False
            message = self.state.edit_message(interaction.response_message_id, body, record.uploads)
        else:
            channel_id = interaction.payload["channel"]["id"]
            message = self.state.create_message(
                channel_id, body, interaction=interaction, uploads=record.uploads
            )
        record.message = message
        return reply(record, message)

    async def get_webhook_message(
        self, request: web.Request, record: RecordedRequest
    ) -> web.Response:
        interaction = self._webhook_interaction(request)
        if interaction is None:
            return error(record, 404, 10015, "Unknown Webhook")
        message = self.state.messages.get(self._webhook_message_id(interaction, request) or "")
        if message is None:
            return error(record, 404, 10008, "Unknown Message")
        return reply(record, message)

    async def edit_webhook_message(
        self, request: web.Request, record: RecordedRequest
    ) -> web.Response:
        interaction = self._webhook_interaction(request)
        if interaction is None:
            return error(record, 404, 10015, "Unknown Webhook")
        errors = limits.FormErrors()
        limits.check_message(errors, record.json or {})
        if errors:
            return reply(record, errors.body(), 400)
        message_id = self._webhook_message_id(interaction, request)
        message = self.state.edit_message(message_id or "", record.json or {}, record.uploads)
        if message is None:
            return error(record, 404, 10008, "Unknown Message")
        if message_id == interaction.response_message_id:
            interaction.loading = False
        record.message = message
        return reply(record, message)

    async def delete_webhook_message(
        self, request: web.Request, record: RecordedRequest
    ) -> web.Response:
        interaction = self._webhook_interaction(request)
        if interaction is None:
            return error(record, 404, 10015, "Unknown Webhook")
        if not self.state.delete_message(self._webhook_message_id(interaction, request) or ""):
            return error(record, 404, 10008, "Unknown Message")
        return reply(record, None, 204)

    # --- channel messages -------------------------------------------------------------

    async def post_channel_message(
        self, request: web.Request, record: RecordedRequest
    ) -> web.Response:
        channel_id = request.match_info["channel"]
        if channel_id not in self.state.channels:
            return error(record, 404, 10003, "Unknown Channel")
        body = record.json or {}
        errors = limits.FormErrors()
        limits.check_message(errors, body)
        reference = body.get("message_reference") or {}
        if (
            reference.get("message_id")
            and reference.get("fail_if_not_exists", True)
            and str(reference["message_id"]) not in self.state.messages
        ):
            errors.add(("message_reference",), "REPLIES_UNKNOWN_MESSAGE", "Unknown message")
        if not (
            body.get("content")
            or body.get("embeds")
            or body.get("components")
            or body.get("sticker_ids")
            or record.files
            or body.get("poll")
        ):
            return error(record, 400, 50006, "Cannot send an empty message")
        if errors:
            return reply(record, errors.body(), 400)
        message = self.state.create_message(channel_id, body, uploads=record.uploads)
        record.message = message
        return reply(record, message)

    async def edit_channel(self, request: web.Request, record: RecordedRequest) -> web.Response:
        """PATCH a channel or thread (e.g. a forum post's ``applied_tags``)."""
        channel = self.state.channels.get(request.match_info["channel"])
        if channel is None:
            return error(record, 404, 10003, "Unknown Channel")
        channel.update(record.json or {})
        return reply(record, channel)

    async def get_channel_message(
        self, request: web.Request, record: RecordedRequest
    ) -> web.Response:
        message = self.state.messages.get(request.match_info["message"])
        if message is None or message["channel_id"] != request.match_info["channel"]:
            return error(record, 404, 10008, "Unknown Message")
        return reply(record, message)

    async def edit_channel_message(
        self, request: web.Request, record: RecordedRequest
    ) -> web.Response:
        errors = limits.FormErrors()
        limits.check_message(errors, record.json or {})
        if errors:
            return reply(record, errors.body(), 400)
        message = self.state.edit_message(
            request.match_info["message"], record.json or {}, record.uploads
        )
        if message is None:
            return error(record, 404, 10008, "Unknown Message")
        record.message = message
        return reply(record, message)

    async def delete_channel_message(
        self, request: web.Request, record: RecordedRequest
    ) -> web.Response:
        if not self.state.delete_message(request.match_info["message"]):
            return error(record, 404, 10008, "Unknown Message")
        return reply(record, None, 204)

    async def no_content(self, request: web.Request, record: RecordedRequest) -> web.Response:
        return reply(record, None, 204)

    async def not_found(self, request: web.Request, record: RecordedRequest) -> web.Response:
        return error(
            record, 404, 0, f"discord_fake does not implement {request.method} {record.path}"
        )
