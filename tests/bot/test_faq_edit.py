"""/faq add, /faq remove and "Add to FAQ": validated like the loader, written atomically, live."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import bot_harness
import pytest
from bot_harness import citebot
from discord_fake import payloads

import knowledge
from bot.app.client import Citebot
from bot.state.curate import without_entry
from bot.state.live_knowledge import LiveKnowledge

Fake = Any
MANAGE_GUILD = 1 << 5
pytestmark = pytest.mark.usefixtures("each_store")  # SQLite, then PostgreSQL
QUOTE = "Soviet scientists were forced to denounce any work that contradicted Lysenko."


def moderator() -> dict[str, Any]:
    return payloads.member(permissions=MANAGE_GUILD)


def custom_ids(payload: dict[str, Any]) -> list[str]:
    return [c["custom_id"] for row in payload.get("components", []) for c in row["components"]]


def modal_values(data: dict[str, Any]) -> dict[str, str]:
    fields = [c for row in data["components"] for c in row["components"]]
    return {f["custom_id"]: f.get("value") or "" for f in fields}


@pytest.fixture
def kb_copy(tmp_path: Path) -> Path:
    return Path(shutil.copytree(knowledge.DEFAULT_KNOWLEDGE, tmp_path / "kb"))


async def curated_text(bot: Citebot, folder: Path) -> str:
    """The curated FAQ as the bot loads it: the folder's file, or (PostgreSQL) that file with
    the edits stored in the database applied, the file itself left alone."""
    overlay = bot.cluster.overlay
    original = (folder / "faq.yaml").read_text(encoding="utf-8")
    if overlay is None:
        return original
    assert original == (knowledge.DEFAULT_KNOWLEDGE / "faq.yaml").read_text(encoding="utf-8")
    merged = await overlay.merged()
    return merged.text if merged.text is not None else original


async def test_add_to_faq_from_unanswered_answers_the_group_at_once(
    discord_fake: Fake, kb_copy: Path
) -> None:
    store = LiveKnowledge(kb_copy)
    async with citebot(discord_fake, store, private=False, cooldown_questions=100) as bot:
        for question in ("who is lysenko", "who was lysenko?"):
            resp = await discord_fake.slash("ask", question=question)
            await discord_fake.click(resp.message, custom_ids(resp.json["data"])[3])
        listing = await discord_fake.slash("unanswered", member=moderator())
        button, _pick = custom_ids(listing.json["data"])  # "Add to FAQ", "Pick answer"
        opened = await discord_fake.click(listing.message, button, member=moderator())
        assert opened.json["type"] == 9
        form = modal_values(opened.json["data"])
        assert {form["question"], form["alternates"]} == {"who is lysenko", "who was lysenko?"}
        submitted = await discord_fake.submit_modal(
            opened.json["data"]["custom_id"],
            {**form, "question": "Who was Trofim Lysenko?", "quote": QUOTE, "section": ""},
            member=moderator(),
        )
        done = await discord_fake.wait_for("POST", r"/webhooks/", timeout=15)
        after = [await discord_fake.slash("ask", question=q) for q in ("who was lysenko?",)]
        text = await curated_text(bot, kb_copy)
    assert submitted.json == {"type": 5, "data": {"flags": 64}}
    assert done.json["content"].startswith("FAQ entry `who-was-trofim-lysenko` added")
    assert QUOTE in after[0].json["data"]["embeds"][0]["description"].replace("\\", "")
    assert "id: who-was-trofim-lysenko" in text
    assert text.startswith("# Curated FAQ")
    if bot.cluster.overlay is None:
        assert (kb_copy / "faq.yaml.bak").read_text(encoding="utf-8") != text
    assert store.kb.faq_entry("who-was-trofim-lysenko") is not None


async def test_a_quote_not_in_the_text_is_refused_with_the_closest_sentence(
    discord_fake: Fake, kb_copy: Path
) -> None:
    store = LiveKnowledge(kb_copy)
    before = (kb_copy / "faq.yaml").read_text(encoding="utf-8")
    async with citebot(discord_fake, store):
        refused = await discord_fake.slash("faq add", member=payloads.member(permissions=0))
        opened = await discord_fake.slash("faq add", member=moderator())
        await discord_fake.submit_modal(
            opened.json["data"]["custom_id"],
            {
                "question": "Who was Lysenko?",
                "alternates": "",
                "quote": "Soviet scientists were forced to praise Lysenko.",
                "section": "",
            },
            member=moderator(),
        )
        done = await discord_fake.wait_for("POST", r"/webhooks/", timeout=15)
    assert refused.json["data"]["content"].startswith("Only moderators")
    assert opened.json["type"] == 9
    text = done.json["content"]
    assert text.startswith("Not added: the loader refused it.")
    assert "not a verbatim quote" in text
    assert "closest sentence" in text
    assert QUOTE.replace(".", "") in text
    assert (kb_copy / "faq.yaml").read_text(encoding="utf-8") == before
    assert not (kb_copy / "faq.yaml.bak").exists()


async def test_faq_remove_with_autocomplete(discord_fake: Fake, kb_copy: Path) -> None:
    store = LiveKnowledge(kb_copy)
    async with citebot(discord_fake, store) as bot:
        auto = await discord_fake.autocomplete(
            "faq remove", focused="entry", entry="lysenkoism", member=moderator()
        )
        choice = auto.json["data"]["choices"][0]
        await discord_fake.slash("faq remove", entry=choice["value"], member=moderator())
        done = await discord_fake.wait_for("POST", r"/webhooks/", timeout=15)
        text = await curated_text(bot, kb_copy)
    assert done.json["content"].startswith(f"FAQ entry `{choice['value']}` removed")
    assert store.kb.faq_entry(choice["value"]) is None
    assert f"id: {choice['value']}\n" not in text
    assert "# ------" in text  # the comments around entries are kept


async def test_the_bundled_knowledge_is_not_edited(
    discord_fake: Fake, shared_knowledge: LiveKnowledge
) -> None:
    bundled = LiveKnowledge() if bot_harness.DATABASE else shared_knowledge  # may change it
    async with citebot(discord_fake, bundled) as bot:
        await discord_fake.slash("faq remove", entry="what-is-stalinism", member=moderator())
        done = await discord_fake.wait_for("POST", r"/webhooks/", timeout=5)
    if bot.cluster.overlay is None:
        assert done.json["content"].startswith("The bundled knowledge is read-only")
    else:  # its files are not written: the edit is kept in the database
        assert done.json["content"].startswith("FAQ entry `what-is-stalinism` removed")
        assert bundled.kb.faq_entry("what-is-stalinism") is None


def test_without_entry_keeps_the_comment_before_the_next_entry() -> None:
    text = "# head\n- id: a\n  question: A?\n\n# about b\n- id: b\n  question: B?\n"
    assert without_entry(text, "a") == "# head\n\n# about b\n- id: b\n  question: B?\n"
    assert without_entry(text, "b") == "# head\n- id: a\n  question: A?\n\n# about b\n"
