"""A question as Discord delivers it, reduced to the words it asks.

Discord writes mentions, custom emoji, timestamps and command links into message text as
markup (`<@123…>`, `<:thinking:987…>`, `<t:1700000000:R>`, `</ask:123…>`). To the engine
those would be words the text never uses, long numbers weighing as much as a rare name,
and a question asked with an emoji or a ping would be declined.
"""

from __future__ import annotations

import re

DISCORD_MARKUP = re.compile(
    r"<a?:\w+:\d+>"  # custom emoji
    r"|<@[!&]?\d+>"  # a member or a role
    r"|<#\d+>"  # a channel
    r"|<t:-?\d+(?::[tTdDfFR])?>"  # a timestamp
    r"|</[\w -]+:\d+>"  # a slash command
    r"|<id:\w+>"  # a server guide link
)


def plain_question(content: str, limit: int = 300) -> str:
    """The words of a question: Discord's markup dropped, spaces collapsed, at most
    `limit` characters."""
    return " ".join(DISCORD_MARKUP.sub(" ", content).split())[:limit]
