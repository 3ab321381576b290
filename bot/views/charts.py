# ruff: noqa: PLC0415  (matplotlib is optional and slow to import: imported where it is used)
"""/stats as a picture: questions per day, answered against declined, and the period's votes.

matplotlib is an optional extra (`pip install citebot[charts]`); without it /stats is text
only. A chart is drawn off the event loop (the first import alone can take seconds), so
/stats defers first when it will attach one. Only matplotlib's object API is used, never
pyplot: it keeps no global state, so drawing in a worker thread is safe.
"""

from __future__ import annotations

import asyncio
import importlib.util
import io
import logging
from datetime import UTC, date, datetime, timedelta

import discord
from discord.utils import MISSING

from bot.feedback.reports import Stats

FILENAME = "citebot-stats.png"
ANSWERED, DECLINED = "#5865F2", "#99AAB5"  # the embeds' colours for answered and declined
UP, DOWN = "#3BA55D", "#ED4245"
NONE = discord.AllowedMentions.none()
log = logging.getLogger("citebot.charts")


def installed() -> bool:
    """Whether matplotlib can be imported (checked without importing it)."""
    return importlib.util.find_spec("matplotlib") is not None


def days_filled(
    per_day: list[tuple[str, int, int]], today: date | None = None
) -> list[tuple[date, int, int]]:
    """(day, answered, declined) for every day from the first asked to today (UTC, as the
    log's days are), quiet days as 0."""
    if not per_day:
        return []
    counts = {date.fromisoformat(day): (yes, asked - yes) for day, asked, yes in per_day}
    first, last = min(counts), max(*counts, today or datetime.now(UTC).date())
    days = (first + timedelta(n) for n in range((last - first).days + 1))
    return [(d, *counts.get(d, (0, 0))) for d in days]


def render(stats: Stats) -> bytes:
    """The chart as PNG bytes (800 x 320 pixels): raises ImportError without matplotlib."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(8, 3.2), dpi=100, layout="constrained")
    FigureCanvasAgg(figure)
    per_day, votes = figure.subplots(1, 2, width_ratios=(4, 1))
    rows = days_filled(stats.per_day)
    labels = [d.strftime("%d %b") for d, _, _ in rows]
    answered = [a for _, a, _ in rows]
    declined = [n for _, _, n in rows]
    per_day.bar(labels, answered, color=ANSWERED, label="answered")
    per_day.bar(labels, declined, bottom=answered, color=DECLINED, label="declined")
    per_day.set_title(f"Questions per day, last {stats.days} days", loc="left")
    per_day.yaxis.get_major_locator().set_params(integer=True)
    per_day.tick_params(axis="x", labelrotation=45, labelsize=8)
    if len(labels) > 15:  # keep about 15 date labels, whatever the period
        step = -(-len(labels) // 15)
        per_day.set_xticks(range(0, len(labels), step), labels[::step])
    per_day.legend(loc="upper left", frameon=False)
    bars = votes.bar(["up", "down"], [stats.up, stats.down], color=[UP, DOWN])
    votes.bar_label(bars)
    votes.set_title("Votes", loc="left")
    votes.yaxis.get_major_locator().set_params(integer=True)
    for axes in (per_day, votes):
        axes.spines[["top", "right"]].set_visible(False)
    out = io.BytesIO()
    figure.savefig(out, format="png")
    return out.getvalue()


async def send_stats(interaction: discord.Interaction, embed: discord.Embed, stats: Stats) -> None:
    """Reply with the stats embed, its chart attached when matplotlib is there and it fits."""
    if not installed() or not stats.questions:
        await interaction.response.send_message(embed=embed, ephemeral=True, allowed_mentions=NONE)
        return
    await interaction.response.defer(ephemeral=True, thinking=True)
    try:
        png = await asyncio.to_thread(render, stats)
    except Exception as exc:  # an optional picture: the numbers still go out
        log.warning("could not draw the /stats chart: %r", exc)
        png = b""
    file: discord.File = MISSING
    if png and len(png) <= interaction.filesize_limit:
        file = discord.File(io.BytesIO(png), filename=FILENAME, description="questions per day")
        embed.set_image(url=f"attachment://{FILENAME}")
    await interaction.followup.send(embed=embed, file=file, ephemeral=True, allowed_mentions=NONE)
