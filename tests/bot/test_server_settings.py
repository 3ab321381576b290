"""/settings: per server, effective at once, kept across a restart, moderators only."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from bot_harness import citebot
from discord_fake import payloads

from bot.state.live_knowledge import LiveKnowledge

Fake = Any
MANAGE_GUILD = 1 << 5
pytestmark = pytest.mark.usefixtures("each_store")  # SQLite, then PostgreSQL


def moderator(**extra: Any) -> dict[str, Any]:
    return payloads.member(permissions=MANAGE_GUILD, **extra)


def second_guild(fake: Fake) -> dict[str, Any]:
    """Another server the bot is in (added before the bot connects)."""
    gid = payloads.snowflake()
    guild = payloads.guild(
        id=gid, channels=[payloads.text_channel(guild_id=gid)], members=[fake.member]
    )
    fake.state.add_guild(guild)
    return guild


def fields(resp: Any) -> dict[str, str]:
    return {f["name"]: f["value"] for f in resp.json["data"]["embeds"][0]["fields"]}


async def test_settings_in_one_server_change_nothing_in_another(
    discord_fake: Fake, shared_knowledge: LiveKnowledge
) -> None:
    other = second_guild(discord_fake)
    async with citebot(discord_fake, shared_knowledge, cooldown_questions=100):
        refused = await discord_fake.slash("settings", private=False, member=payloads.member())
        changed = await discord_fake.slash(
            "settings", private=False, threshold=0.99, cooldown_questions=1, member=moderator()
        )
        here = await discord_fake.slash("ask", question="who was kirov")
        there = await discord_fake.slash("ask", question="who was kirov", guild=other)
        again_here = await discord_fake.slash("ask", question="who was kirov")
        there_settings = await discord_fake.slash("settings", guild=other, member=moderator())
    assert refused.json["data"]["content"].startswith("Only moderators")
    mine = fields(changed)
    assert mine["Replies"] == "public (this server)"
    assert mine["Confidence threshold"] == "0.99 (this server)"
    assert mine["Cooldown: questions"] == "1 (this server)"
    assert mine["Cooldown: per seconds"] == "60.0 (default)"
    assert not here.json["data"].get("flags")  # public now
    assert here.json["data"]["embeds"][0]["title"] == "Not in my knowledge"  # threshold 0.99
    assert again_here.json["data"]["content"].startswith("You're asking quickly")
    assert there.json["data"]["flags"] == 64
    assert there.json["data"]["embeds"][0]["title"] != "Not in my knowledge"
    theirs = fields(there_settings)
    assert theirs["Replies"] == "private (default)"
    assert theirs["Confidence threshold"] == "the knowledge's own (default)"


async def test_settings_survive_a_restart_and_reset(
    discord_fake: Fake, shared_knowledge: LiveKnowledge, tmp_path: Path
) -> None:
    db = tmp_path / "citebot.db"
    mods = payloads.role(name="mods")
    discord_fake.guild["roles"].append(mods)
    async with citebot(discord_fake, shared_knowledge, feedback_path=db):
        await discord_fake.slash(
            "settings",
            add_role=mods["id"],
            member=moderator(),
            resolved={"roles": {mods["id"]: mods}},
        )
        await discord_fake.slash("settings", private=False, member=moderator())
    async with citebot(discord_fake, shared_knowledge, feedback_path=db):
        by_role = payloads.member(permissions=0, roles=[mods["id"]])
        shown = await discord_fake.slash("settings", member=by_role)
        public = await discord_fake.slash("help")
        reset = await discord_fake.slash("settings", reset="all", member=by_role)
    assert fields(shown)["Moderator roles"] == f"<@&{mods['id']}> (this server)"
    assert fields(shown)["Replies"] == "public (this server)"
    assert not public.json["data"].get("flags")
    assert all(v.endswith("(default)") for v in fields(reset).values())
