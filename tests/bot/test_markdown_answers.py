"""Answers from Markdown documents, as discord.py sends them: code blocks as code blocks,
links as links, no raw markup, and never past Discord's limits."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bot_harness import citebot, pings_no_one

from bot.state.live_knowledge import LiveKnowledge
from bot.views import render

Fake = Any

DOCS = """# Widget handbook

## Install

You can install a widget with the `widget init` command:

```console
$ widget init --verbose
```

Read the [full installer guide](https://example.org/install) or the [notes](./notes.md)
before you start, @everyone.

## Sizes

| Size | Teeth |
|------|-------|
| Large | 48 |
"""


def folder(tmp_path: Path) -> Path:
    (tmp_path / "guide.md").write_text(DOCS, encoding="utf-8")
    return tmp_path


async def test_a_lead_in_and_its_code_block_reach_discord_as_a_code_block(
    discord_fake: Fake, tmp_path: Path
) -> None:
    live = LiveKnowledge(folder(tmp_path))
    async with citebot(discord_fake, live):
        resp = await discord_fake.slash("ask", question="how do i install a widget")
    data = resp.json["data"]
    assert pings_no_one(data["allowed_mentions"])
    description = data["embeds"][0]["description"]
    assert description == (
        "> You can install a widget with the `widget init` command:\n"
        "```\n$ widget init --verbose\n```"
    )


async def test_links_are_links_and_mentions_cannot_ping(discord_fake: Fake, tmp_path: Path) -> None:
    live = LiveKnowledge(folder(tmp_path))
    async with citebot(discord_fake, live):
        resp = await discord_fake.slash("ask", question="installer guide notes")
    description = resp.json["data"]["embeds"][0]["description"]
    assert "[full installer guide](https://example.org/install)" in description
    assert "notes](./notes.md)" not in description  # a relative link has nowhere to go
    assert "the notes before you start" in description
    assert "@everyone" not in description


async def test_a_table_row_is_shown_as_monospace_with_its_header(
    discord_fake: Fake, tmp_path: Path
) -> None:
    live = LiveKnowledge(folder(tmp_path), threshold=0.1)  # a tiny text: low confidence
    async with citebot(discord_fake, live):
        resp = await discord_fake.slash("ask", question="how many teeth does a large widget have")
    description = resp.json["data"]["embeds"][0]["description"]
    assert description == "```\n| Size | Teeth |\n|------|-------|\n| Large | 48 |\n```"


def test_long_code_is_cut_inside_its_fence_within_the_limit() -> None:
    text = "Run these:\n\n```console\n" + "\n".join(f"$ step {n}" for n in range(500)) + "\n```"
    shown = render.quote(text, 1024, "https://example.org/x", "markdown")
    assert len(shown) <= 1024
    assert shown.count("```") == 2  # the fence is closed again
    assert shown.endswith("[read on](https://example.org/x)")


SPHINX = """\
:orphan:

Shop guide
==========

Get the :class:`~shop.models.Basket` object and call :meth:`Basket.order`. For
example: ::

    basket.order()

+-----------+-------+
| Treat     | Price |
+===========+=======+
| Albatross | 2.99  |
+-----------+-------+
"""

RULES = """Server rules

1. Be respectful to other members. Harassment and personal attacks are not
   allowed and lead to a ban without warning, @everyone.
"""


async def test_sphinx_roles_and_grid_tables_reach_discord_as_they_render(
    discord_fake: Fake, tmp_path: Path
) -> None:
    (tmp_path / "shop.rst").write_text(SPHINX, encoding="utf-8")
    live = LiveKnowledge(tmp_path, threshold=0.1)  # a tiny text: low confidence
    async with citebot(discord_fake, live):
        order = await discord_fake.slash("ask", question="how do i order a basket")
        price = await discord_fake.slash("ask", question="price of the albatross")
    assert order.json["data"]["embeds"][0]["description"] == (
        "> Get the `Basket` object and call `Basket.order()`. For example:\n"
        "```\nbasket.order()\n```"
    )
    assert price.json["data"]["embeds"][0]["description"] == (
        "```\n+-----------+-------+\n| Treat     | Price |\n+===========+=======+\n"
        "| Albatross | 2.99  |\n```"
    )


async def test_a_hard_wrapped_rule_reaches_discord_as_one_line(
    discord_fake: Fake, tmp_path: Path
) -> None:
    (tmp_path / "rules.txt").write_text(RULES, encoding="utf-8")
    live = LiveKnowledge(tmp_path, threshold=0.1)
    async with citebot(discord_fake, live):
        resp = await discord_fake.slash("ask", question="are personal attacks allowed")
    data = resp.json["data"]
    assert pings_no_one(data["allowed_mentions"])
    embed = data["embeds"][0]
    assert embed["description"] == (
        "> Be respectful to other members. Harassment and personal attacks are not allowed"
        " and lead to a ban without warning, @everyone."
    )  # an embed never pings, and allowed_mentions names no one
    assert "Server rules" in str(embed)  # the document's title line cites it


WIKI = """{{Infobox shop|owner=Ada}}
'''The Albatross''' is the [[Shop|shop]] that sells [[Treat|treats]] by the pound.<ref>x</ref>
Prices are on [https://example.org/prices the price list], @everyone.
"""


async def test_a_wiki_page_reaches_discord_as_the_page_reads(
    discord_fake: Fake, tmp_path: Path
) -> None:
    (tmp_path / "shop.txt").write_text(WIKI, encoding="utf-8")
    live = LiveKnowledge(tmp_path, threshold=0.1)
    async with citebot(discord_fake, live):
        resp = await discord_fake.slash("ask", question="what does the albatross shop sell")
    data = resp.json["data"]
    assert pings_no_one(data["allowed_mentions"])
    assert data["embeds"][0]["description"] == (
        "> **The Albatross** is the shop that sells treats by the pound. Prices are on "
        "[the price list](https://example.org/prices), @\u200beveryone."
    )  # mentions are broken, and allowed_mentions names no one
