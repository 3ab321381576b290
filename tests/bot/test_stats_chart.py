"""/stats with a chart: a PNG of questions per day (answered, declined) and the period's
votes, attached to the embed through discord.py to the fake within Discord's file limits;
text only without matplotlib (issue 10)."""

from __future__ import annotations

import struct
import sys
from datetime import date
from typing import Any

import pytest
from bot_harness import citebot
from discord_fake import limits, payloads

from bot.feedback.reports import Stats
from bot.state.live_knowledge import LiveKnowledge
from bot.views import charts

Fake = Any
PNG = b"\x89PNG\r\n\x1a\n"


def moderator() -> dict[str, Any]:
    return payloads.member(permissions=payloads.permissions.MANAGE_GUILD)


def png_size(data: bytes) -> tuple[int, int]:
    """(width, height) from a PNG's header chunk."""
    assert data.startswith(PNG)
    assert data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


async def ask_some(fake: Fake) -> None:
    answered = await fake.slash("ask", question="when did stalin die", private=False)
    up = next(
        c["custom_id"]
        for row in answered.json["data"]["components"]
        for c in row["components"]
        if c["custom_id"].startswith("cb:vote:up")
    )
    await fake.click(answered.message, up)
    await fake.slash("ask", question="whats the best way to learn guitar")


async def test_stats_attaches_a_png_chart_to_its_embed(
    discord_fake: Fake, shared_knowledge: LiveKnowledge
) -> None:
    async with citebot(discord_fake, shared_knowledge, cooldown_questions=100) as bot:
        await ask_some(discord_fake)
        await bot.feedback.read(lambda conn: None)  # every queued write is in
        first = await discord_fake.slash("stats", member=moderator(), days=7)
        sent = await discord_fake.wait_for("POST", r"^/webhooks/")
    assert first.json == {"type": 5, "data": {"flags": 64}}  # drawing may take a while
    assert sent.status == 200
    assert sent.files == [charts.FILENAME]
    (upload,) = sent.uploads
    assert png_size(upload.data) == (800, 320)
    assert len(upload.data) <= limits.ATTACHMENT_SIZE_MAX
    embed = sent.json["embeds"][0]
    assert embed["image"]["url"] == f"attachment://{charts.FILENAME}"
    assert embed["fields"][0] == {"name": "Questions", "value": "2", "inline": True}
    assert [a["filename"] for a in sent.json["attachments"]] == [charts.FILENAME]
    assert sent.message is not None
    assert sent.message["flags"] & 64  # the deferred message, still private
    (attached,) = sent.message["attachments"]
    assert attached["filename"] == charts.FILENAME
    assert attached["size"] == len(upload.data)
    assert attached["content_type"] == "image/png"


async def test_a_chart_larger_than_the_servers_limit_is_left_out(
    discord_fake: Fake, shared_knowledge: LiveKnowledge
) -> None:
    async with citebot(discord_fake, shared_knowledge) as bot:
        await ask_some(discord_fake)
        await bot.feedback.read(lambda conn: None)
        stats = discord_fake.build_slash("stats", where=discord_fake.where(member=moderator()))
        stats["attachment_size_limit"] = 1000  # smaller than any chart
        await discord_fake.interact(stats)
        sent = await discord_fake.wait_for("POST", r"^/webhooks/")
    assert sent.status == 200
    assert sent.files == []
    assert "image" not in sent.json["embeds"][0]


async def test_without_matplotlib_stats_are_text_only(
    discord_fake: Fake, shared_knowledge: LiveKnowledge, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # as if citebot[charts] were absent
    async with citebot(discord_fake, shared_knowledge) as bot:
        await ask_some(discord_fake)
        await bot.feedback.read(lambda conn: None)
        resp = await discord_fake.slash("stats", member=moderator())
    assert resp.json["type"] == 4
    assert resp.files == []
    embed = resp.json["data"]["embeds"][0]
    assert "image" not in embed
    assert embed["fields"][0]["value"] == "2"


async def test_a_quiet_period_has_no_chart(
    discord_fake: Fake, shared_knowledge: LiveKnowledge
) -> None:
    async with citebot(discord_fake, shared_knowledge):
        resp = await discord_fake.slash("stats", member=moderator())
    assert resp.json["type"] == 4
    assert resp.json["data"]["embeds"][0]["fields"][0]["value"] == "0"


def test_every_day_up_to_today_is_a_bar() -> None:
    per_day = [("2026-11-01", 10, 8), ("2026-11-03", 4, 1)]
    filled = charts.days_filled(per_day, today=date(2026, 11, 5))
    assert filled == [
        (date(2026, 11, 1), 8, 2),
        (date(2026, 11, 2), 0, 0),
        (date(2026, 11, 3), 1, 3),
        (date(2026, 11, 4), 0, 0),
        (date(2026, 11, 5), 0, 0),
    ]


def test_a_long_period_renders() -> None:
    per_day = [(date.fromordinal(738000 + n).isoformat(), n % 7 + 5, n % 5) for n in range(400)]
    png = charts.render(Stats(3650, 1000, 700, 12, 3, [], per_day))
    assert png_size(png) == (800, 320)
