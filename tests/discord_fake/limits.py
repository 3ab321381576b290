"""Discord's payload limits, checked the way Discord reports them.

Discord answers a payload past a limit with HTTP 400, code 50035 ("Invalid Form
Body") and a tree of errors mirroring the JSON path. Modelling that here means a
reply the bot would fail to send in production fails in tests too.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

INVALID_FORM_BODY = 50035
ALREADY_ACKNOWLEDGED = 40060
ENTITY_TOO_LARGE = 40005  # with HTTP 413: a file past the upload limit

#: A bot's upload limit per file (a server's boosts can raise it; interactions carry the
#: value in ``attachment_size_limit``), and files per message.
ATTACHMENT_SIZE_MAX = 10 * 1024 * 1024
ATTACHMENTS_MAX = 10

CONTENT_MAX = 2000
EMBEDS_MAX = 10
EMBED_TOTAL_MAX = 6000
EMBED_TITLE_MAX = 256
EMBED_DESCRIPTION_MAX = 4096
EMBED_FOOTER_MAX = 2048
EMBED_AUTHOR_MAX = 256
EMBED_FIELDS_MAX = 25
FIELD_NAME_MAX = 256
FIELD_VALUE_MAX = 1024
CHOICES_MAX = 25
CHOICE_MAX = 100
ROWS_MAX = 5
BUTTONS_PER_ROW_MAX = 5
BUTTON_LABEL_MAX = 80
CUSTOM_ID_MAX = 100
SELECT_OPTIONS_MAX = 25
SELECT_OPTION_TEXT_MAX = 100
MODAL_TITLE_MAX = 45
COMMAND_NAME_MAX = 32
COMMAND_DESCRIPTION_MAX = 100
COMMAND_OPTIONS_MAX = 25

_CHAT_INPUT_NAME = re.compile(r"^[-_'\w]{1,32}$")

Path = tuple[str | int, ...]


class FormErrors:
    """Collects errors into Discord's nested ``{"a": {"0": {"_errors": [...]}}}`` shape."""

    def __init__(self) -> None:
        self.tree: dict[str, Any] = {}

    def add(self, path: Path, code: str, message: str) -> None:
        node = self.tree
        for key in path:
            node = node.setdefault(str(key), {})
        node.setdefault("_errors", []).append({"code": code, "message": message})

    def too_long(self, path: Path, value: Any, limit: int) -> None:
        if value is not None and len(value) > limit:
            self.add(path, "BASE_TYPE_MAX_LENGTH", f"Must be {limit} or fewer in length.")

    def length_between(self, path: Path, value: Any, low: int, high: int) -> None:
        size = len(value) if value is not None else 0
        if not low <= size <= high:
            self.add(path, "BASE_TYPE_BAD_LENGTH", f"Must be between {low} and {high} in length.")

    def __bool__(self) -> bool:
        return bool(self.tree)

    def body(self) -> dict[str, Any]:
        """The JSON body Discord sends with the 400."""
        return {"code": INVALID_FORM_BODY, "message": "Invalid Form Body", "errors": self.tree}


def check_message(errors: FormErrors, data: Mapping[str, Any], path: Path = ()) -> None:
    """A message create/edit body: content, embeds, components."""
    errors.too_long((*path, "content"), data.get("content"), CONTENT_MAX)
    embeds = data.get("embeds") or []
    errors.too_long((*path, "embeds"), embeds, EMBEDS_MAX)
    total = 0
    for i, embed in enumerate(embeds):
        total += check_embed(errors, embed, (*path, "embeds", i))
    if total > EMBED_TOTAL_MAX:
        errors.add(
            (*path, "embeds"), "MAX_EMBED_SIZE_EXCEEDED", "Embed size exceeds maximum size of 6000"
        )
    check_components(errors, data.get("components") or [], (*path, "components"))


def check_embed(errors: FormErrors, embed: Mapping[str, Any], path: Path) -> int:
    """Checks one embed; returns its character count toward the 6000 total."""
    title = embed.get("title") or ""
    description = embed.get("description") or ""
    footer = (embed.get("footer") or {}).get("text") or ""
    author = (embed.get("author") or {}).get("name") or ""
    errors.too_long((*path, "title"), title, EMBED_TITLE_MAX)
    errors.too_long((*path, "description"), description, EMBED_DESCRIPTION_MAX)
    errors.too_long((*path, "footer", "text"), footer, EMBED_FOOTER_MAX)
    errors.too_long((*path, "author", "name"), author, EMBED_AUTHOR_MAX)
    fields = embed.get("fields") or []
    errors.too_long((*path, "fields"), fields, EMBED_FIELDS_MAX)
    size = len(title) + len(description) + len(footer) + len(author)
    for i, field in enumerate(fields):
        name, value = field.get("name") or "", field.get("value") or ""
        errors.length_between((*path, "fields", i, "name"), name, 1, FIELD_NAME_MAX)
        errors.length_between((*path, "fields", i, "value"), value, 1, FIELD_VALUE_MAX)
        size += len(name) + len(value)
    return size


def check_components(errors: FormErrors, rows: Sequence[Mapping[str, Any]], path: Path) -> None:
    """Action rows of buttons and selects (classic components)."""
    errors.too_long(path, rows, ROWS_MAX)
    for r, row in enumerate(rows):
        children = row.get("components") or []
        if row.get("type") == 1:
            buttons = [c for c in children if c.get("type") == 2]
            errors.too_long((*path, r, "components"), buttons, BUTTONS_PER_ROW_MAX)
            if len(children) > len(buttons) and len(children) > 1:
                errors.add(
                    (*path, r, "components"),
                    "COMPONENT_LAYOUT_WIDTH_EXCEEDED",
                    "A select menu must be alone in its row.",
                )
        for c, comp in enumerate(children):
            check_component(errors, comp, (*path, r, "components", c))


def check_component(errors: FormErrors, comp: Mapping[str, Any], path: Path) -> None:
    errors.too_long((*path, "custom_id"), comp.get("custom_id"), CUSTOM_ID_MAX)
    if comp.get("type") == 2:
        errors.too_long((*path, "label"), comp.get("label"), BUTTON_LABEL_MAX)
        if comp.get("style") == 5 and not comp.get("url"):
            errors.add((*path, "url"), "BASE_TYPE_REQUIRED", "This field is required")
    if comp.get("type") == 3:
        options = comp.get("options") or []
        errors.length_between((*path, "options"), options, 1, SELECT_OPTIONS_MAX)
        for i, opt in enumerate(options):
            errors.length_between(
                (*path, "options", i, "label"), opt.get("label"), 1, SELECT_OPTION_TEXT_MAX
            )
            errors.length_between(
                (*path, "options", i, "value"), opt.get("value"), 1, SELECT_OPTION_TEXT_MAX
            )


def check_choices(errors: FormErrors, choices: Sequence[Mapping[str, Any]], path: Path) -> None:
    """Autocomplete results: at most 25, each name and value 1-100 characters."""
    errors.too_long(path, choices, CHOICES_MAX)
    for i, choice in enumerate(choices):
        errors.length_between((*path, i, "name"), choice.get("name"), 1, CHOICE_MAX)
        value = choice.get("value")
        if isinstance(value, str):
            errors.length_between((*path, i, "value"), value, 1, CHOICE_MAX)


def check_modal(errors: FormErrors, data: Mapping[str, Any], path: Path) -> None:
    errors.length_between((*path, "title"), data.get("title"), 1, MODAL_TITLE_MAX)
    errors.length_between((*path, "custom_id"), data.get("custom_id"), 1, CUSTOM_ID_MAX)
    errors.length_between((*path, "components"), data.get("components"), 1, ROWS_MAX)


def check_callback(errors: FormErrors, body: Mapping[str, Any]) -> None:
    """An interaction callback body, by response type."""
    kind, data = body.get("type"), body.get("data") or {}
    if kind not in (1, 4, 5, 6, 7, 8, 9, 12):
        errors.add(("type",), "BASE_TYPE_CHOICES", f"Value must be one of known types, not {kind}.")
    elif kind in (4, 7):
        check_message(errors, data, ("data",))
    elif kind == 8:
        check_choices(errors, data.get("choices") or [], ("data", "choices"))
    elif kind == 9:
        check_modal(errors, data, ("data",))


def check_commands(errors: FormErrors, commands: Iterable[Mapping[str, Any]]) -> None:
    """A bulk-overwrite of application commands."""
    for i, command in enumerate(commands):
        check_command(errors, command, (i,))


def check_command(errors: FormErrors, command: Mapping[str, Any], path: Path) -> None:
    kind = command.get("type", 1)
    name = command.get("name") or ""
    description = command.get("description")
    if kind == 1:
        _check_chat_name(errors, name, (*path, "name"))
        errors.length_between((*path, "description"), description, 1, COMMAND_DESCRIPTION_MAX)
        _check_options(errors, command.get("options") or [], (*path, "options"))
    else:
        errors.length_between((*path, "name"), name, 1, COMMAND_NAME_MAX)
        if description:
            errors.add(
                (*path, "description"),
                "APPLICATION_COMMAND_CONTEXT_MENU_DESCRIPTION",
                "Context menu commands cannot have description",
            )


def _check_chat_name(errors: FormErrors, name: str, path: Path) -> None:
    if not _CHAT_INPUT_NAME.match(name) or name != name.lower():
        errors.add(path, "APPLICATION_COMMAND_INVALID_NAME", f"Command name is invalid: {name!r}")


def _check_options(errors: FormErrors, options: Sequence[Mapping[str, Any]], path: Path) -> None:
    errors.too_long(path, options, COMMAND_OPTIONS_MAX)
    seen_optional = False
    for i, opt in enumerate(options):
        here = (*path, i)
        _check_chat_name(errors, opt.get("name") or "", (*here, "name"))
        errors.length_between(
            (*here, "description"), opt.get("description"), 1, COMMAND_DESCRIPTION_MAX
        )
        choices = opt.get("choices") or []
        errors.too_long((*here, "choices"), choices, CHOICES_MAX)
        if choices and opt.get("autocomplete"):
            errors.add(
                (*here, "autocomplete"),
                "APPLICATION_COMMAND_OPTION_CHOICES_AUTOCOMPLETE",
                "Autocomplete cannot be set with choices",
            )
        if opt.get("type") in (1, 2):
            _check_options(errors, opt.get("options") or [], (*here, "options"))
            continue
        if opt.get("required"):
            if seen_optional:
                errors.add(
                    (*here, "required"),
                    "APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID",
                    "Required options must be placed before non-required options",
                )
        else:
            seen_optional = True
