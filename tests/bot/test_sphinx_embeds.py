"""Sphinx pages and nested Markdown lists as discord.py sends them: code without its
directive's options, cross-references as their titles, a lead-in with its list, notes
with their kind, nested items under their parent, in /ask and in /topic."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from bot_harness import citebot, pings_no_one

from bot.state.live_knowledge import LiveKnowledge
from bot.views.sections import section_key

Fake = Any
PAGES = Path(__file__).parents[1] / "pages"


@pytest.fixture
def site(tmp_path: Path) -> LiveKnowledge:
    shutil.copytree(PAGES / "sphinx", tmp_path / "sphinx")
    return LiveKnowledge(tmp_path / "sphinx", threshold=0.1)  # small pages: low confidence


@pytest.fixture
def notes(tmp_path: Path) -> LiveKnowledge:
    shutil.copytree(PAGES / "notes", tmp_path / "notes")
    return LiveKnowledge(tmp_path / "notes", threshold=0.1)


async def ask(discord_fake: Fake, question: str) -> dict[str, Any]:
    resp = await discord_fake.slash("ask", question=question)
    data = resp.json["data"]
    assert pings_no_one(data["allowed_mentions"])
    embed: dict[str, Any] = data["embeds"][0]
    return embed


async def topic(discord_fake: Fake, live: LiveKnowledge, title: str) -> dict[str, Any]:
    """The embed /topic sends for the section titled `title`."""
    section = next(s for s in live.kb.topics if s.title == title)
    resp = await discord_fake.slash("topic", name=section_key(section.id))
    embed: dict[str, Any] = resp.json["data"]["embeds"][0]
    return embed


async def test_a_code_block_reaches_discord_without_its_options(
    discord_fake: Fake, site: LiveKnowledge
) -> None:
    async with citebot(discord_fake, site):
        embed = await ask(discord_fake, "how do I send a request")
    assert embed["title"] == "Quickstart › Sending a request"
    assert embed["description"] == (
        "> Create a session and send a request with it:\n> example.py\n"
        "```\nimport tinyhttp\nsession = tinyhttp.Session()\n"
        'response = session.get("https://example.org")\nprint(response.status)\n```'
    )


async def test_cross_references_and_notes_reach_discord_as_sphinx_shows_them(
    discord_fake: Fake, site: LiveKnowledge
) -> None:
    async with citebot(discord_fake, site):
        intro = await ask(discord_fake, "small http client library for python")
        note = await ask(discord_fake, "which python version")
    assert intro["description"].startswith(
        "> Tinyhttp is a small HTTP client library for Python. Start with Quickstart, then"
        " read Writing plugins to extend it, or the plugin hooks. The Writing plugins page"
        " lists every plugin. See external label too."
    )
    assert note["description"] == "> Note: Tinyhttp needs Python 3.9 or newer."
    assert note["title"] == "Tinyhttp documentation"


async def test_a_lead_in_reaches_discord_with_its_list_in_ask_and_topic(
    discord_fake: Fake, site: LiveKnowledge
) -> None:
    async with citebot(discord_fake, site):
        embed = await ask(discord_fake, "what packages do I need")
        shown = await topic(discord_fake, site, "Installing")
    assert embed["description"] == (
        "> You need the following packages:\n> - `certifi`\n> - `idna`\n> - `charset_normalizer`"
    )
    assert shown["title"] == "Quickstart › Installing"
    assert "> The following methods make a request:\n> - `Session.get()`\n" in shown["description"]


async def test_nested_items_reach_discord_under_their_parent(
    discord_fake: Fake, notes: LiveKnowledge
) -> None:
    async with citebot(discord_fake, notes):
        embed = await ask(discord_fake, "no citrus peelings")
        shown = await topic(discord_fake, notes, "Compost")
    assert embed["description"].endswith("- vegetable peelings\n>     - no citrus")
    assert (
        "> - Greens\n>   - grass clippings\n>   - vegetable peelings\n>     - no citrus\n"
        in shown["description"]
    )
    assert shown["description"].endswith(
        "> - Browns\n>   - dry leaves\n>   - shredded cardboard\n> Water the heap in dry weather."
    )


async def test_a_sections_name_asked_alone_answers_with_that_section(
    discord_fake: Fake, shared_knowledge: LiveKnowledge
) -> None:
    history = next(s for s in shared_knowledge.kb.topics if s.title == "History")
    async with citebot(discord_fake, shared_knowledge):
        embed = await ask(discord_fake, "history")
        policy = await ask(discord_fake, "economic policy")
    assert embed["title"] == "Stalinism › History"
    assert embed["url"] == history.url
    assert embed["description"].startswith("> ")
    assert policy["title"] == "Stalinism › Stalinist policies › Economic policy"
