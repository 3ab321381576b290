"""Start-up sync, /reload and /status: moderators only, atomic swap, broken folders refused."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from bot_harness import WIDGET_SECTIONS, citebot, write_folder
from discord_fake import payloads

from bot.state.live_knowledge import LiveKnowledge

Fake = Any
SNAPSHOT = Path(__file__).parent / "snapshots" / "commands.json"
MANAGE_GUILD = 1 << 5


def moderator(**extra: Any) -> dict[str, Any]:
    return payloads.member(permissions=MANAGE_GUILD, **extra)


def member(**extra: Any) -> dict[str, Any]:
    return payloads.member(permissions=0, **extra)


async def test_start_up_syncs_to_the_dev_guild_only(
    discord_fake: Fake, shared_knowledge: LiveKnowledge
) -> None:
    async with citebot(discord_fake, shared_knowledge):
        pass
    puts = discord_fake.find("PUT", r"/applications/\d+/")
    assert len(puts) == 1
    assert f"/guilds/{discord_fake.guild['id']}/commands" in puts[0].path
    sent = sorted(puts[0].json, key=lambda c: (c.get("type", 1), c["name"]))
    if os.environ.get("CITEBOT_UPDATE_SNAPSHOTS"):
        SNAPSHOT.parent.mkdir(exist_ok=True)
        SNAPSHOT.write_text(json.dumps(sent, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    expected = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    assert sent == expected, "commands changed: CITEBOT_UPDATE_SNAPSHOTS=1 to accept on purpose"


async def test_without_a_dev_guild_nothing_is_synced(
    discord_fake: Fake, shared_knowledge: LiveKnowledge
) -> None:
    async with citebot(discord_fake, shared_knowledge, dev_guild_id=None):
        pass
    assert discord_fake.find("PUT", r"/applications/") == []


async def test_reload_is_refused_to_members(
    discord_fake: Fake, shared_knowledge: LiveKnowledge
) -> None:
    async with citebot(discord_fake, shared_knowledge):
        resp = await discord_fake.slash("reload", member=member())
        status = await discord_fake.slash("status", member=member())
    for refused in (resp, status):
        assert refused.json["type"] == 4
        assert refused.json["data"]["flags"] == 64
        assert refused.json["data"]["content"].startswith("Only moderators")


async def test_reload_swaps_and_lists_the_change(discord_fake: Fake, tmp_path: Path) -> None:
    folder = write_folder(tmp_path / "kb", WIDGET_SECTIONS)
    store = LiveKnowledge(folder)
    old = store.kb
    async with citebot(discord_fake, store):
        write_folder(folder, {**WIDGET_SECTIONS, "Colours": "Widgets come in blue and red."})
        resp = await discord_fake.slash("reload", member=moderator())
        follow = await discord_fake.wait_for("POST", r"/webhooks/", timeout=10)
        answer = await discord_fake.slash("ask", question="what colours do widgets come in")
    assert resp.json == {"type": 5, "data": {"flags": 64}}
    embed = follow.json["embeds"][0]
    assert embed["title"] == "Knowledge reloaded"
    fields = {f["name"]: f["value"] for f in embed["fields"]}
    assert "+ Widgets › Colours" in fields["Sections"]
    assert fields["Documents"] == "no change"
    assert " s" in embed["description"]
    assert store.kb is not old
    assert "Colours" in answer.json["data"]["embeds"][0]["title"]


async def test_a_broken_folder_is_refused_and_the_old_knowledge_answers(
    discord_fake: Fake, tmp_path: Path
) -> None:
    folder = write_folder(tmp_path / "kb", WIDGET_SECTIONS)
    store = LiveKnowledge(folder)
    old = store.kb
    broken = "- question: Who built widgets?\n  answer: This sentence is not in the text.\n"
    mods = payloads.role(name="mods")
    discord_fake.guild["roles"].append(mods)
    async with citebot(discord_fake, store, moderator_roles=frozenset({int(mods["id"])})):
        write_folder(folder, WIDGET_SECTIONS, faq=broken)
        by_role = moderator_role_member = member(roles=[mods["id"]])
        await discord_fake.slash("reload", member=by_role)
        follow = await discord_fake.wait_for("POST", r"/webhooks/", timeout=10)
        answer = await discord_fake.slash("ask", question="who built the first widget")
    assert moderator_role_member["permissions"] == "0"
    text = follow.json["content"]
    assert text.startswith(f"Reload refused; the old knowledge (`{old.fingerprint}`) keeps serving")
    assert "faq.yaml" in text
    assert store.kb is old
    assert "Ada Smith" in answer.json["data"]["embeds"][0]["description"]


async def test_status_for_moderators(discord_fake: Fake, shared_knowledge: LiveKnowledge) -> None:
    async with citebot(discord_fake, shared_knowledge):
        resp = await discord_fake.slash("status", member=moderator())
        follow = await discord_fake.wait_for("POST", r"/webhooks/", timeout=5)
    assert resp.json == {"type": 5, "data": {"flags": 64}}
    embed = follow.json["embeds"][0]
    fields = {f["name"]: f["value"] for f in embed["fields"]}
    assert shared_knowledge.kb.fingerprint in fields["Knowledge"]
    assert "topics 19" in fields["Counts"]
    assert set(fields) == {
        "Knowledge", "Load time", "Counts", "Uptime", "Latency", "Meaning", "Shards", "Processes",
    }  # fmt: skip
    # The sentence model is off unless asked for (CITEBOT_SEMANTIC=1), and says so.
    assert fields["Meaning"].startswith("meaning (semantic extra): ")
    assert "CITEBOT\\_SEMANTIC=1" in fields["Meaning"]  # markdown-escaped, as shown
    assert fields["Shards"] == "all (this process)"
    processes = fields["Processes"].splitlines()
    assert processes[0] == "1 alive"
    assert processes[1].startswith("**this** `")
    assert f"shards all · knowledge `{shared_knowledge.kb.fingerprint}`" in processes[1]


async def test_reload_without_changes_and_a_public_server(discord_fake: Fake) -> None:
    store = LiveKnowledge()
    async with citebot(discord_fake, store, private_guilds={int(discord_fake.guild["id"]): False}):
        await discord_fake.slash("reload", member=moderator())
        follow = await discord_fake.wait_for("POST", r"/webhooks/", timeout=10)
        public = await discord_fake.slash("help")
    embed = follow.json["embeds"][0]
    assert embed["title"] == "Knowledge reloaded: nothing changed"
    assert all(f["value"] == "no change" for f in embed["fields"])
    assert not public.json["data"].get("flags")
