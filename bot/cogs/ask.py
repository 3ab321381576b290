"""Asking: /ask, the "Ask citebot" message command, mentions and answer channels."""

from __future__ import annotations

import asyncio
import logging
import re
import secrets
import time
from typing import TYPE_CHECKING, NamedTuple

import discord
from discord import app_commands
from discord.ext import commands
from discord.utils import MISSING

import knowledge
from bot.feedback import Question
from bot.state.live_knowledge import Loaded
from bot.views import components, render
from bot.views.checks import question_check
from bot.views.question_text import plain_question

if TYPE_CHECKING:
    from bot.app.client import Citebot

log = logging.getLogger("citebot.ask")
NONE = discord.AllowedMentions.none()
Reply = tuple[str | None, discord.Embed, discord.ui.View | None]


class Asker(NamedTuple):
    """Where a question came from: what the question log keeps (the user only hashed)."""

    guild_id: int | None
    channel_id: int | None
    user_id: int

    @classmethod
    def of(cls, source: discord.Interaction | discord.Message) -> Asker:
        user = source.user if isinstance(source, discord.Interaction) else source.author
        guild_id = source.guild_id if isinstance(source, discord.Interaction) else None
        if isinstance(source, discord.Message) and source.guild is not None:
            guild_id = source.guild.id
        channel = source.channel
        return cls(guild_id, channel.id if channel is not None else None, user.id)


class AskCog(commands.Cog):
    """Questions in, verbatim cited excerpts (or an honest "not in my knowledge") out."""

    def __init__(self, bot: Citebot) -> None:
        self.bot = bot
        self.menu = app_commands.ContextMenu(name="Ask citebot", callback=self.ask_message)
        self.menu.add_check(question_check)

    async def cog_load(self) -> None:
        self.bot.tree.add_command(self.menu)

    async def cog_unload(self) -> None:
        self.bot.tree.remove_command(self.menu.name, type=self.menu.type)

    def compose(self, kb: knowledge.KnowledgeBase, answer: knowledge.Answer, asker: Asker) -> Reply:
        """The message for an answer (echoed question, embed, buttons), logged as it goes out."""
        if answer.answered and answer.excerpts:
            key = self.bot.recent.add(answer)
            self.record(answer, key, asker)
            buttons = components.answer_view(answer, key)
            return render.question_line(answer.question), render.answer_embed(kb, answer), buttons
        self.record(answer, secrets.token_hex(6), asker)
        topics = components.decline_view(kb, answer)
        return render.question_line(answer.question), render.decline_embed(answer), topics

    def record(self, answer: knowledge.Answer, key: str, asker: Asker) -> None:
        """Queue the question for the log; returns at once (the store writes on its thread)."""
        feedback = self.bot.feedback
        top = answer.excerpts[0] if answer.answered and answer.excerpts else None
        feedback.record(
            Question(
                time.time(), asker.guild_id, asker.channel_id, feedback.hash_user(asker.user_id),
                answer.question, answer.answered, answer.confidence, answer.kind,
                render.citation(top) if top is not None else None, key,
            )
        )  # fmt: skip

    def _large(self, loaded: Loaded) -> bool:
        return loaded.counts.get("sentences", 0) > self.bot.settings.defer_above_sentences

    async def _ask(
        self, loaded: Loaded, question: str, threshold: float | None, guild_id: int | None = None
    ) -> knowledge.Answer:
        """The engine's answer, with the server's learned answers; off the event loop when
        the knowledge is large."""
        learned = await self.bot.learned.get(guild_id, loaded.kb)
        if self._large(loaded):
            return await asyncio.to_thread(
                loaded.kb.answer, question, threshold=threshold, learned=learned
            )
        return loaded.kb.answer(question, threshold=threshold, learned=learned)

    async def answer(self, interaction: discord.Interaction, question: str, private: bool) -> None:
        """Answer in the interaction; defer first when the knowledge is large enough to be slow."""
        question = plain_question(question)
        loaded = self.bot.knowledge.current
        if self._large(loaded):
            await interaction.response.defer(ephemeral=private, thinking=True)
        threshold = self.bot.servers.get(interaction.guild_id).threshold
        result = await self._ask(loaded, question, threshold, interaction.guild_id)
        content, embed, view = self.compose(loaded.kb, result, Asker.of(interaction))
        items = view if view is not None else MISSING
        if interaction.response.is_done():
            await interaction.followup.send(
                content or "", embed=embed, ephemeral=private, allowed_mentions=NONE, view=items
            )
        else:
            await interaction.response.send_message(
                content, embed=embed, ephemeral=private, allowed_mentions=NONE, view=items
            )

    @app_commands.command(name="ask")
    @app_commands.describe(
        question="What do you want to know?",
        private="Only you see the answer (default: this server's setting)",
    )
    @app_commands.check(question_check)
    async def ask(
        self,
        interaction: discord.Interaction,
        question: app_commands.Range[str, 1, 300],
        private: bool | None = None,
    ) -> None:
        """Ask a question; I answer by quoting my sources, or say it's not in my knowledge."""
        if private is None:
            private = self.bot.servers.get(interaction.guild_id).private
        await self.answer(interaction, question, private)

    async def ask_message(self, interaction: discord.Interaction, message: discord.Message) -> None:
        """Answer the text of the chosen message."""
        question = plain_question(message.content)
        if not question:
            await interaction.response.send_message(
                "That message has no text I can answer.", ephemeral=True, allowed_mentions=NONE
            )
            return
        await self.answer(interaction, question, self.bot.servers.get(interaction.guild_id).private)

    def _question(self, message: discord.Message) -> tuple[str, bool]:
        """The question in a message and whether it mentions the bot."""
        me = self.bot.user
        if me is None:
            return "", False
        pattern = re.compile(rf"<@!?{me.id}>")
        mentioned = any(u.id == me.id for u in message.mentions) or bool(
            pattern.search(message.content)
        )
        return plain_question(message.content), mentioned

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        """A mention or a DM is a question; in answer channels every message is, if sure.

        Then dispatches `message_handled` (listeners: `on_message_handled(message)`): the
        reply, if any, has been sent, so a test can tell "stayed silent" from "not yet"."""
        try:
            await self._on_message(message)
        finally:
            self.bot.dispatch("message_handled", message)

    async def _on_message(self, message: discord.Message) -> None:
        if message.author.bot or message.webhook_id is not None:
            return
        settings = self.bot.settings
        server = self.bot.servers.get(message.guild.id if message.guild else None)
        question, mentioned = self._question(message)
        mentioned = (mentioned or message.guild is None) and settings.mentions  # a DM is direct
        if not mentioned and message.channel.id not in server.answer_channels:
            return
        if mentioned:
            await self._direct(message, question)
            return
        loaded = self.bot.knowledge.current
        guild_id = message.guild.id if message.guild else None
        result = await self._ask(loaded, question, settings.channel_threshold, guild_id)
        if question and result.answered and self._wait(message) is None:
            content, embed, view = self.compose(loaded.kb, result, Asker.of(message))
            await self._reply(message, content, embed, view)

    def _wait(self, message: discord.Message) -> float | None:
        guild_id = message.guild.id if message.guild else None
        server = self.bot.servers.get(guild_id)
        rate, per = server.cooldown_questions, server.cooldown_seconds
        return self.bot.limiter.retry_after(message.author.id, rate, per, guild_id)

    async def _direct(self, message: discord.Message, question: str) -> None:
        """A question asked of the bot (mention or DM): always answered, even if declined."""
        wait = self._wait(message)
        if wait is not None:
            await self._reply(message, f"You're asking quickly; try again in {wait:.0f} s.")
        elif not question:
            await self._reply(message, "Ask me a question after the mention, or use `/ask`.")
        else:
            loaded = self.bot.knowledge.current
            threshold = self.bot.servers.get(message.guild.id if message.guild else None).threshold
            guild_id = message.guild.id if message.guild else None
            answer = await self._ask(loaded, question, threshold, guild_id)
            content, embed, view = self.compose(loaded.kb, answer, Asker.of(message))
            await self._reply(message, content, embed, view)

    async def _reply(
        self,
        message: discord.Message,
        content: str | None,
        embed: discord.Embed | None = None,
        view: discord.ui.View | None = None,
    ) -> None:
        try:
            await message.reply(
                content,
                embed=embed if embed is not None else MISSING,
                view=view if view is not None else MISSING,
                allowed_mentions=NONE,
                mention_author=False,
            )
        except discord.HTTPException as exc:  # no permission, channel gone: nothing to tell
            log.warning("could not reply in channel %s: %s", message.channel.id, exc)
