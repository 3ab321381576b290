"""A minimal bot run as a separate process against the fake (used by test_fake.py).

Shows what a real entry point (``citebot run``) needs: the fake's REST base and
gateway URL applied before the client starts, and the loopback-only connector.
Usage: python process_bot.py BASE_URL GATEWAY_URL
"""

from __future__ import annotations

import asyncio
import sys

import discord
from discord.ext import commands
from redirect import (  # type: ignore[import-not-found]  # run as a script: no package
    LoopbackOnlyConnector,
    redirect_discord,
)


async def main(base_url: str, gateway_url: str) -> None:
    with redirect_discord(base_url, gateway_url):
        bot = commands.Bot(
            command_prefix="!",
            intents=discord.Intents.default(),
            connector=LoopbackOnlyConnector(),
            guild_ready_timeout=0.05,
        )

        @bot.tree.command(description="Answer from another process")
        async def ping(interaction: discord.Interaction) -> None:
            await interaction.response.send_message("pong from a process")

        async with bot:
            await bot.start("process-token")


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], sys.argv[2]))
