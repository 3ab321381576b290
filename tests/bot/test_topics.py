"""/topics (paged, with a select menu), /topic and /faq with autocomplete, /help."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bot_harness import citebot, pings_no_one, write_folder

from bot.state.live_knowledge import LiveKnowledge
from bot.views.sections import section_key

Fake = Any


async def test_topics_lists_sections_with_a_select_menu_that_opens_one(
    discord_fake: Fake, shared_knowledge: LiveKnowledge
) -> None:
    async with citebot(discord_fake, shared_knowledge):
        resp = await discord_fake.slash("topics")
        data = resp.json["data"]
        menu = data["components"][0]["components"][0]
        assert menu["type"] == 3
        assert len(menu["options"]) == len(shared_knowledge.kb.topics)
        pick = menu["options"][2]
        opened = await discord_fake.click(resp.message, menu["custom_id"], values=[pick["value"]])
    assert data["flags"] == 64
    assert pings_no_one(data["allowed_mentions"])
    assert "History" in data["embeds"][0]["description"]
    assert opened.json["data"]["embeds"][0]["title"] == pick["label"]


async def test_topics_pages_when_they_do_not_fit(discord_fake: Fake, tmp_path: Path) -> None:
    sections = {f"Topic {i:02d}": f"Topic {i} is about widget number {i}." for i in range(45)}
    store = LiveKnowledge(write_folder(tmp_path / "kb", sections))
    async with citebot(discord_fake, store):
        resp = await discord_fake.slash("topics")
        ids = [c["custom_id"] for c in resp.json["data"]["components"][1]["components"]]
        assert "Page 1 of 3" in resp.json["data"]["embeds"][0]["footer"]["text"]
        page = await discord_fake.click(resp.message, ids[1])
    assert page.json["type"] == 7
    assert "Page 2 of 3" in page.json["data"]["embeds"][0]["footer"]["text"]
    assert "Topic 20" in page.json["data"]["embeds"][0]["description"]


async def test_topic_autocomplete_is_fuzzy_and_at_most_25(
    discord_fake: Fake, shared_knowledge: LiveKnowledge, tmp_path: Path
) -> None:
    async with citebot(discord_fake, shared_knowledge):
        typed = await discord_fake.autocomplete("topic", focused="name", name="purges")
        empty = await discord_fake.autocomplete("topic", focused="name", name="")
    assert typed.json["type"] == 8
    choices = typed.json["data"]["choices"]
    assert 1 <= len(choices) <= 25
    assert any("Purges" in c["name"] for c in choices)
    assert len(empty.json["data"]["choices"]) <= 25


async def test_autocomplete_caps_large_knowledge_at_25(discord_fake: Fake, tmp_path: Path) -> None:
    sections = {f"Widget part {i}": f"Part {i} is a widget part." for i in range(60)}
    store = LiveKnowledge(write_folder(tmp_path / "kb", sections))
    async with citebot(discord_fake, store):
        resp = await discord_fake.autocomplete("topic", focused="name", name="widget part")
    assert resp.status == 200
    assert len(resp.json["data"]["choices"]) == 25


async def test_topic_shows_a_summary_with_citation(
    discord_fake: Fake, shared_knowledge: LiveKnowledge
) -> None:
    section = next(s for s in shared_knowledge.kb.topics if s.title == "History")
    async with citebot(discord_fake, shared_knowledge):
        chosen = await discord_fake.slash("topic", name=section_key(section.id))
        typed = await discord_fake.slash("topic", name="histry")
        missing = await discord_fake.slash("topic", name="zzzzqqq")
    for resp in (chosen, typed):
        embed = resp.json["data"]["embeds"][0]
        assert embed["title"] == "Stalinism › History"
        assert embed["url"] == section.url
        assert embed["description"].startswith("> ")
    assert missing.json["data"]["content"].startswith("I have no topic like")


async def test_faq_autocomplete_and_entry(
    discord_fake: Fake, shared_knowledge: LiveKnowledge
) -> None:
    async with citebot(discord_fake, shared_knowledge):
        auto = await discord_fake.autocomplete(
            "faq show", focused="question", question="stalin power"
        )
        choice = auto.json["data"]["choices"][0]
        resp = await discord_fake.slash("faq show", question=choice["value"])
    assert len(auto.json["data"]["choices"]) <= 25
    entry = shared_knowledge.kb.faq_entry(choice["value"])
    assert entry is not None
    embed = resp.json["data"]["embeds"][0]
    assert embed["title"] == entry.question
    assert embed["description"].replace("\\", "").startswith(f"> {entry.answer[:50]}")
    assert embed["fields"][0]["name"] == "Cited from"


async def test_help_says_what_and_how(discord_fake: Fake, shared_knowledge: LiveKnowledge) -> None:
    async with citebot(discord_fake, shared_knowledge):
        resp = await discord_fake.slash("help")
    embed = resp.json["data"]["embeds"][0]
    names = [f["name"] for f in embed["fields"]]
    assert names == ["What I know", "How to ask"]
    assert "Stalinism" in embed["fields"][0]["value"]
    assert "CC BY-SA" in embed["footer"]["text"]
