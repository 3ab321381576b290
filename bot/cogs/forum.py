"""Help forums: a forum in the answer channels gets each new post answered once, in its thread.

Only the starter message (its id is the thread's) is a question, so follow-ups, a repeated
THREAD_CREATE and the threads a restart brings in GUILD_CREATE are never answered; a set of
answered thread ids guards against the starter message arriving twice."""

from __future__ import annotations

import logging
import secrets
from typing import TYPE_CHECKING, cast

import discord
from discord.ext import commands
from discord.utils import MISSING

import knowledge
from bot.cogs.ask import AskCog, Asker
from bot.views import render
from bot.views.components import decline_view
from bot.views.forum_ui import forum_view
from bot.views.question_text import plain_question

if TYPE_CHECKING:
    from bot.app.client import Citebot

log = logging.getLogger("citebot.forum")
NONE = discord.AllowedMentions.none()


class ForumCog(commands.Cog):
    """Answers new help-forum posts (title + body) when sure; silent otherwise."""

    def __init__(self, bot: Citebot) -> None:
        self.bot = bot
        self.answered: set[int] = set()
        self.warned: set[tuple[int | None, str]] = set()

    def is_new_post(self, message: discord.Message) -> bool:
        """A starter message of a post in a forum that is one of the answer channels."""
        thread = message.channel
        if not isinstance(thread, discord.Thread) or message.guild is None:
            return False
        forums = self.bot.servers.get(message.guild.id).answer_channels
        return (
            thread.parent_id in forums
            and message.id == thread.id
            and not message.author.bot
            and thread.id not in self.answered
        )

    def best_answer(self, kb: knowledge.KnowledgeBase, title: str, body: str) -> knowledge.Answer:
        """Title and body together as the question; the title alone if it is surer."""
        threshold = self.bot.settings.channel_threshold
        both = plain_question(f"{title}\n{body}" if body else title)
        answer = kb.answer(both, threshold=threshold)
        if body and title.strip():
            alone = kb.answer(plain_question(title), threshold=threshold)
            if alone.answered and (not answer.answered or alone.confidence > answer.confidence):
                return alone
        return answer

    @commands.Cog.listener()
    async def on_thread_create(self, thread: discord.Thread) -> None:
        """A new post in a help forum: one log line per permission the bot lacks there."""
        forums = self.bot.servers.get(thread.guild.id).answer_channels
        if thread.parent_id not in forums:
            return
        have = thread.permissions_for(thread.guild.me)
        for name, ok in (
            ("Send Messages in Threads (to answer posts)", have.send_messages_in_threads),
            ("Manage Threads (to apply the Solved tag)", have.manage_threads),
        ):
            if not ok and (thread.parent_id, name) not in self.warned:
                self.warned.add((thread.parent_id, name))
                log.warning("help forum %s: the bot lacks %s", thread.parent_id, name)

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        try:
            if self.is_new_post(message):
                await self.answer_post(message)
        finally:
            if isinstance(message.channel, discord.Thread):
                self.bot.dispatch("forum_handled", message)

    async def answer_post(self, message: discord.Message) -> None:
        """Reply in the post's thread, once, only above the answer-channel threshold."""
        thread = message.channel
        assert isinstance(thread, discord.Thread)
        self.answered.add(thread.id)
        loaded = self.bot.knowledge.current
        answer = self.best_answer(loaded.kb, thread.name, message.content)
        ask = cast("AskCog | None", self.bot.get_cog("AskCog"))
        sure = answer.answered and bool(answer.excerpts)
        key = self.bot.recent.add(answer) if sure else secrets.token_hex(6)
        if ask is not None:
            ask.record(answer, key, Asker.of(message))  # the question log, as for any question
        if not sure:
            if self.bot.servers.get(thread.guild.id).forum_topics:
                await self._send(
                    thread,
                    render.question_line(answer.question),
                    render.decline_embed(answer),
                    decline_view(loaded.kb, answer),
                )
            return
        await self._send(
            thread,
            render.question_line(answer.question),
            render.answer_embed(loaded.kb, answer),
            forum_view(key, message.author.id),
        )

    async def _send(
        self,
        thread: discord.Thread,
        content: str | None,
        embed: discord.Embed,
        view: discord.ui.View | None,
    ) -> None:
        """Post in the thread; a refusal is one log line, not a traceback."""
        try:
            await thread.send(
                content,
                embed=embed,
                view=view if view is not None else MISSING,
                allowed_mentions=NONE,
            )
        except discord.Forbidden:
            log.warning(
                "cannot answer in forum post %s: the bot needs Send Messages in Threads",
                thread.id,
            )
        except discord.HTTPException as exc:
            log.warning("could not answer forum post %s: %s", thread.id, exc)
