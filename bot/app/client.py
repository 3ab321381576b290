"""The Bot: gets its settings and live knowledge passed in, loads the cogs in setup_hook.

Command sync is deliberate: with a dev guild, start-up syncs there only; global sync happens
only when configured (`discord.sync_on_start`) or asked for (`citebot sync`). A process that
holds some of several processes' shards (`shard_ids`) never syncs: `citebot sync` does, once.
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any

import discord
import yarl
from discord.ext import commands

from bot.cluster.process import Cluster
from bot.cogs.admin import AdminCog
from bot.cogs.ask import AskCog
from bot.cogs.faq import FaqCog
from bot.cogs.feedback import FeedbackCog
from bot.cogs.forum import ForumCog
from bot.cogs.learned import LearnedCog
from bot.cogs.settings import SettingsCog
from bot.cogs.topics import TopicsCog
from bot.feedback import FeedbackStore
from bot.state.curate import FaqEditor
from bot.state.learned_book import LearnedBook
from bot.state.live_knowledge import LiveKnowledge
from bot.state.recent_answers import RecentAnswers
from bot.state.servers import ServerBook
from bot.state.settings import Settings
from bot.views.checks import QuestionLimiter
from bot.views.components import DYNAMIC_ITEMS
from bot.views.errors import CitebotTree
from bot.views.faq_ui import AddToFaq
from bot.views.forum_ui import ForumButton
from bot.views.pick_ui import PickAnswer, PickSelect

log = logging.getLogger("citebot")
CLOSE_WITHIN = 2.0  # seconds discord.py gets to close its connections at a stop


def intents_for(settings: Settings) -> discord.Intents:
    """Guilds and messages; message content (privileged) only if configured or, by default,
    only when answer channels need it: mentions and DMs carry their text without it."""
    intents = discord.Intents.none()
    intents.guilds = True
    intents.guild_messages = True
    intents.dm_messages = True
    wanted = settings.message_content
    intents.message_content = bool(settings.answer_channels) if wanted is None else wanted
    return intents


def use_endpoints(settings: Settings) -> None:
    """Point discord.py at the configured REST and gateway URLs (Discord's own by default)."""
    discord.http.Route.BASE = settings.api_base_url.rstrip("/")
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(settings.gateway_url)


class Citebot(commands.Bot):
    """citebot: slash commands, mentions and buttons over one LiveKnowledge."""

    def __init__(
        self,
        settings: Settings,
        knowledge: LiveKnowledge,
        *,
        sync: bool = True,
        feedback: FeedbackStore | None = None,
        **options: Any,
    ) -> None:
        options.setdefault("intents", intents_for(settings))
        # A text bot: discord.py's warnings at start that voice needs PyNaCl and davey are noise.
        discord.VoiceClient.warn_nacl = discord.VoiceClient.warn_dave = False
        super().__init__(
            command_prefix=commands.when_mentioned,
            help_command=None,
            tree_cls=CitebotTree,
            allowed_mentions=discord.AllowedMentions.none(),
            **options,
        )
        self.settings = settings
        self.knowledge = knowledge
        self.recent = RecentAnswers()
        self.limiter = QuestionLimiter()
        self.feedback = feedback or FeedbackStore(
            settings.feedback_database, retention_days=settings.retention_days
        )
        self.servers = ServerBook(settings, self.feedback)
        self.cluster = Cluster(self.feedback, knowledge, self.servers, shards_label(settings))
        self.learned = LearnedBook(self.feedback)
        self.cluster.on_learned = self.learned.changed
        self.faq_editor = FaqEditor(knowledge, self.cluster.overlay)
        self.started = time.monotonic()
        self._sync_at_start = sync and not settings.sharded_process
        self._closed_down = False

    async def login(self, token: str) -> None:
        use_endpoints(self.settings)
        await super().login(token)

    async def setup_hook(self) -> None:
        """Open the feedback store, load the cogs, register the buttons, sync where configured."""
        self.feedback.start()
        await self.servers.load()
        await self.cluster.start()
        if self.settings.sharded_process:
            log.info(
                "shards %s: commands are synced by `citebot sync`, not here", self.cluster.shards
            )
            if not self.feedback.shared:
                log.warning("several processes stay in step only with a PostgreSQL database")
        cogs = (AskCog(self), TopicsCog(self), FaqCog(self), AdminCog(self))
        for cog in (*cogs, FeedbackCog(self), SettingsCog(self), LearnedCog(self), ForumCog(self)):
            await self.add_cog(cog)
        self.add_dynamic_items(*DYNAMIC_ITEMS, AddToFaq, PickAnswer, PickSelect, ForumButton)
        if self._sync_at_start:
            await self.sync_commands(self.settings.dev_guild_id, start_up=True)

    async def sync_commands(self, guild_id: int | None, *, start_up: bool = False) -> int:
        """Sync to one guild (global commands copied there) or, on purpose, globally."""
        if guild_id is not None:
            guild = discord.Object(id=guild_id)
            self.tree.copy_global_to(guild=guild)
            synced = await self.tree.sync(guild=guild)
            log.info("synced %d commands to guild %s", len(synced), guild_id)
            return len(synced)
        if start_up and not self.settings.sync_on_start:
            log.info("no dev guild and sync_on_start is off: not syncing (use `citebot sync`)")
            return 0
        synced = await self.tree.sync()
        log.info("synced %d global commands", len(synced))
        return len(synced)

    async def close(self) -> None:
        """Disconnect, then write what the feedback store still has queued (also when
        disconnecting fails or hangs: the queued log is flushed whatever the connection).
        Once only: a later call (`async with`'s exit) has nothing left to do."""
        if self._closed_down:
            return
        self._closed_down = True
        try:
            await asyncio.wait_for(super().close(), CLOSE_WITHIN)
        except TimeoutError:
            log.warning("the connection did not close within %.0f s: stopping anyway", CLOSE_WITHIN)
        finally:
            await self.cluster.stop()
            await asyncio.to_thread(self.feedback.close)

    async def on_message(self, message: discord.Message, /) -> None:
        """No prefix commands: questions in messages are handled by the ask cog's listener."""

    async def on_ready(self) -> None:
        user = self.user
        log.info("ready as %s (%s) in %d servers", user, user.id if user else "?", len(self.guilds))


class ShardedCitebot(Citebot, commands.AutoShardedBot):
    """The same bot over several gateway shards (all of them, or this process's `shard_ids`)."""


def create_bot(settings: Settings, knowledge: LiveKnowledge, **options: Any) -> Citebot:
    """A plain bot, or an auto-sharded one when `discord.shards` or `shard_count` is set."""
    if settings.shard_ids is not None:
        ids = list(settings.shard_ids)
        return ShardedCitebot(
            settings, knowledge, shard_ids=ids, shard_count=settings.shard_count, **options
        )
    if settings.shard_count is not None:
        return ShardedCitebot(settings, knowledge, shard_count=settings.shard_count, **options)
    if settings.shards is None:
        return Citebot(settings, knowledge, **options)
    count = None if settings.shards == "auto" else settings.shards
    return ShardedCitebot(settings, knowledge, shard_count=count, **options)


def shards_label(settings: Settings) -> str:
    """This process's shards as /status and the heartbeat show them: "all" or "0-3 of 8"."""
    if settings.shard_ids is None:
        return "all" if settings.shard_count is None else f"all {settings.shard_count}"
    runs: list[str] = []
    for i in settings.shard_ids:
        if runs and runs[-1].split("-")[-1] == str(i - 1):
            runs[-1] = f"{runs[-1].split('-')[0]}-{i}"
        else:
            runs.append(str(i))
    return f"{','.join(runs)} of {settings.shard_count}"
