"""The fake, checked by driving a real discord.py bot through it end to end."""

from __future__ import annotations

import asyncio
import io
import logging
import re
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import discord
import pytest
from discord import app_commands
from discord.ext import commands

from . import limits, payloads
from .errorlog import DiscordErrorLog
from .limits import FormErrors, check_commands, check_message
from .redirect import LoopbackOnlyConnector, NonLoopbackRequestError, redirect_discord
from .runner import running_bot
from .server import FakeDiscord

TOPICS = [f"topic {i}" for i in range(30)]


class Panel(discord.ui.View):
    """A one-button view: the click edits the message it sits on."""

    @discord.ui.button(label="Show more", custom_id="panel:more")
    async def more(
        self, interaction: discord.Interaction, button: discord.ui.Button[Panel]
    ) -> None:
        await interaction.response.edit_message(content="more shown", view=None)


class Feedback(discord.ui.Modal, title="Feedback"):
    text: discord.ui.TextInput[Feedback] = discord.ui.TextInput(
        label="Your words", custom_id="fb:text"
    )

    async def on_submit(self, interaction: discord.Interaction) -> None:
        await interaction.response.send_message(f"thanks: {self.text.value}", ephemeral=True)


class Picker(discord.ui.View):
    @discord.ui.select(custom_id="pick", options=[discord.SelectOption(label=x) for x in "ab"])
    async def pick(
        self, interaction: discord.Interaction, select: discord.ui.Select[Picker]
    ) -> None:
        await interaction.response.send_message(f"picked {select.values}")


def make_bot(guild: discord.Object | None = None) -> commands.Bot:
    """A small bot with one command of each kind the fake must carry.

    With ``guild``, commands are copied to that guild and synced there only.
    """
    intents = discord.Intents.default()
    intents.message_content = True
    bot = commands.Bot(command_prefix="!", intents=intents, connector=LoopbackOnlyConnector())

    @bot.tree.command(description="Ask a question")
    async def ask(interaction: discord.Interaction, question: str, private: bool = False) -> None:
        await interaction.response.send_message(f"You asked: {question}", ephemeral=private)

    @ask.autocomplete("question")
    async def ask_complete(
        interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return [app_commands.Choice(name=t, value=t) for t in TOPICS[:5] if current in t]

    @bot.tree.command(description="Autocomplete that returns too many choices")
    async def greedy(interaction: discord.Interaction, topic: str) -> None:
        await interaction.response.send_message(topic)

    @greedy.autocomplete("topic")
    async def greedy_complete(
        interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return [app_commands.Choice(name=t, value=t) for t in TOPICS]  # 30 > 25

    @bot.tree.command(description="A message with a button")
    async def panel(interaction: discord.Interaction) -> None:
        await interaction.response.send_message("panel", view=Panel())

    @bot.tree.command(description="Defer, then follow up")
    async def slow(interaction: discord.Interaction) -> None:
        await interaction.response.defer(thinking=True, ephemeral=True)
        await interaction.followup.send("done slowly", embed=discord.Embed(title="Result"))

    @bot.tree.command(description="Reply past the content limit")
    async def long(interaction: discord.Interaction) -> None:
        await interaction.response.send_message("x" * 2001)

    topic = app_commands.Group(name="topic", description="Topics")

    @topic.command(name="show", description="Show a topic")
    async def topic_show(interaction: discord.Interaction, name: str, depth: int = 1) -> None:
        await interaction.response.send_message(f"{name}:{depth}")

    bot.tree.add_command(topic)

    @bot.tree.context_menu(name="Quote")
    async def quote(interaction: discord.Interaction, message: discord.Message) -> None:
        await interaction.response.send_message(f"> {message.content}")

    @bot.event
    async def on_message(message: discord.Message) -> None:
        if bot.user is not None and bot.user in message.mentions:
            async with message.channel.typing():
                await message.reply("hello", mention_author=False)

    @bot.tree.command(description="Open a modal")
    async def feedback(interaction: discord.Interaction) -> None:
        await interaction.response.send_modal(Feedback())

    @bot.tree.command(description="A select menu")
    async def pick(interaction: discord.Interaction) -> None:
        await interaction.response.send_message("choose", view=Picker())

    async def setup_hook() -> None:
        if guild is not None:
            bot.tree.copy_global_to(guild=guild)
        await bot.tree.sync(guild=guild)

    bot.setup_hook = setup_hook  # type: ignore[method-assign]
    return bot


@pytest.fixture
async def bot(discord_fake: FakeDiscord) -> AsyncIterator[commands.Bot]:
    async with running_bot(make_bot(), discord_fake) as running:
        yield running


async def test_login_and_sync_recorded(bot: commands.Bot, discord_fake: FakeDiscord) -> None:
    login = discord_fake.last("GET", "^/users/@me$")
    assert login.headers["Authorization"] == "Bot fake-token"
    sync = discord_fake.last("PUT", rf"^/applications/{discord_fake.application_id}/commands$")
    assert sync.status == 200
    names = sorted(c["name"] for c in sync.json)
    assert names == ["Quote", "ask", "feedback", "greedy", "long", "panel", "pick", "slow", "topic"]
    ask = next(c for c in sync.json if c["name"] == "ask")
    assert [o["name"] for o in ask["options"]] == ["question", "private"]
    assert all(c["id"] for c in discord_fake.global_commands)
    assert discord_fake.gateway.identifies[0]["intents"] == bot.intents.value
    assert bot.get_guild(int(discord_fake.guild["id"])) is not None


async def test_slash_command_answered(bot: commands.Bot, discord_fake: FakeDiscord) -> None:
    resp = await discord_fake.slash("ask", question="when?", private=True)
    assert resp.status == 200
    assert resp.json["type"] == 4
    assert resp.data["content"] == "You asked: when?"
    assert resp.data["flags"] == 64
    assert resp.message is not None
    assert resp.message["flags"] == 64
    assert resp.message["interaction_metadata"]["user"]["id"] == discord_fake.user["id"]


async def test_subcommand_and_dm(bot: commands.Bot, discord_fake: FakeDiscord) -> None:
    resp = await discord_fake.slash("topic show", name="purges", depth=3)
    assert resp.data["content"] == "purges:3"
    dm = await discord_fake.slash("ask", question="in a dm", dm=True)
    assert dm.data["content"] == "You asked: in a dm"
    assert "guild_id" not in discord_fake.state.interactions[dm.path.split("/")[2]].payload


async def test_autocomplete_choices(bot: commands.Bot, discord_fake: FakeDiscord) -> None:
    resp = await discord_fake.autocomplete("ask", focused="question", question="topic 1")
    assert resp.status == 200
    assert resp.json == {"type": 8, "data": {"choices": [{"name": "topic 1", "value": "topic 1"}]}}


async def test_too_many_choices_rejected(
    bot: commands.Bot, discord_fake: FakeDiscord, discord_error_log: DiscordErrorLog
) -> None:
    resp = await discord_fake.autocomplete("greedy", focused="topic", topic="")
    assert resp.status == 400
    assert resp.response["code"] == 50035
    assert "_errors" in resp.response["errors"]["data"]["choices"]
    errors = await discord_error_log.wait()  # logged just after the rejected reply
    assert any("50035" in str(r.exc_info[1]) for r in errors if r.exc_info)


async def test_content_limit_rejected(
    bot: commands.Bot, discord_fake: FakeDiscord, discord_error_log: DiscordErrorLog
) -> None:
    resp = await discord_fake.slash("long")
    assert resp.status == 400
    assert (
        resp.response["errors"]["data"]["content"]["_errors"][0]["code"] == "BASE_TYPE_MAX_LENGTH"
    )
    assert await discord_error_log.wait()


async def test_button_round_trip(bot: commands.Bot, discord_fake: FakeDiscord) -> None:
    sent = await discord_fake.slash("panel")
    assert sent.message is not None
    button = sent.message["components"][0]["components"][0]
    assert button["custom_id"] == "panel:more"
    click = await discord_fake.click(sent.message, "panel:more")
    assert click.status == 200
    assert click.json["type"] == 7
    assert discord_fake.messages[sent.message["id"]]["content"] == "more shown"
    assert discord_fake.messages[sent.message["id"]]["components"] == []


async def test_defer_then_followup(bot: commands.Bot, discord_fake: FakeDiscord) -> None:
    resp = await discord_fake.slash("slow")
    assert resp.json == {"type": 5, "data": {"flags": 64}}
    follow = await discord_fake.wait_for("POST", rf"^/webhooks/{discord_fake.application_id}/")
    assert follow.query.get("wait") in ("1", "true")
    assert follow.json["content"] == "done slowly"
    assert follow.json["embeds"][0]["title"] == "Result"
    # The first follow-up after a "thinking" defer becomes that (ephemeral) response.
    assert follow.message is not None
    assert resp.message is not None
    assert follow.message["id"] == resp.message["id"]
    assert follow.message["flags"] == 64


async def test_second_response_rejected(
    bot: commands.Bot, discord_fake: FakeDiscord, discord_error_log: DiscordErrorLog
) -> None:
    payload = discord_fake.build_slash("ask", question="twice")
    first = await discord_fake.interact(payload)
    assert first.status == 200
    second = await discord_fake.interact(payload)  # redelivered: the bot answers again
    assert second.status == 400
    assert second.response == {
        "code": 40060,
        "message": "Interaction has already been acknowledged.",
    }
    errors = await discord_error_log.wait()
    assert any("40060" in str(r.exc_info[1]) for r in errors if r.exc_info)


async def test_modal_and_select(bot: commands.Bot, discord_fake: FakeDiscord) -> None:
    opened = await discord_fake.slash("feedback")
    assert opened.json["type"] == 9
    assert opened.data["custom_id"]
    submitted = await discord_fake.submit_modal(opened.data["custom_id"], {"fb:text": "great"})
    assert submitted.data == {"tts": False, "content": "thanks: great", "flags": 64}

    menu = await discord_fake.slash("pick")
    assert menu.message is not None
    chosen = await discord_fake.click(menu.message, "pick", values=["b"])
    assert chosen.data["content"] == "picked ['b']"


async def test_guild_sync_routes_guild_commands(discord_fake: FakeDiscord) -> None:
    guild_id = discord_fake.guild["id"]
    async with running_bot(make_bot(discord.Object(int(guild_id))), discord_fake):
        assert discord_fake.find("PUT", rf"/guilds/{guild_id}/commands$")
        assert not discord_fake.global_commands
        payload = discord_fake.build_slash("topic show", name="x")
        assert payload["data"]["guild_id"] == guild_id
        synced = {c["name"]: c["id"] for c in discord_fake.guild_commands[guild_id]}
        assert payload["data"]["id"] == synced["topic"]
        resp = await discord_fake.interact(payload)
        assert resp.data["content"] == "x:1"


async def test_bot_in_a_separate_process(discord_fake: FakeDiscord) -> None:
    script = Path(__file__).with_name("process_bot.py")
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        str(script),
        discord_fake.base_url,
        discord_fake.gateway_url,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    try:
        await discord_fake.wait_until_ready(timeout=15)
        resp = await discord_fake.slash("ping")
        assert resp.data["content"] == "pong from a process"
        assert (
            discord_fake.last("GET", "^/users/@me$").headers["Authorization"] == "Bot process-token"
        )
    finally:
        proc.terminate()
        output, _ = await proc.communicate()
    assert b"Traceback" not in output, output.decode()


async def test_readme_example(discord_fake: FakeDiscord) -> None:
    bot = commands.Bot(
        command_prefix="!", intents=discord.Intents.default(), connector=LoopbackOnlyConnector()
    )

    @bot.tree.command(description="Answer pong")
    async def ping(interaction: discord.Interaction) -> None:
        await interaction.response.send_message("pong", ephemeral=True)

    bot.setup_hook = bot.tree.sync  # type: ignore[method-assign,assignment]
    async with running_bot(bot, discord_fake):
        resp = await discord_fake.slash("ping")
    assert resp.status == 200
    assert resp.json == {"type": 4, "data": {"content": "pong", "flags": 64, "tts": False}}


async def test_message_context_menu(bot: commands.Bot, discord_fake: FakeDiscord) -> None:
    target = await discord_fake.send_message("Stalin died in 1953.")
    resp = await discord_fake.message_command("Quote", target=target)
    assert resp.data["content"] == "> Stalin died in 1953."


async def test_two_sessions_on_one_shard_both_get_every_event(
    discord_fake: FakeDiscord, discord_error_log: DiscordErrorLog
) -> None:
    """As Discord does: two clients on one token both receive each interaction and message;
    only the first answer to an interaction is taken (the other gets 400 / 40060)."""
    async with running_bot(make_bot(), discord_fake), running_bot(make_bot(), discord_fake):
        assert len(discord_fake.gateway.holders(0)) == 2
        first = await discord_fake.slash("ask", question="twice")
        second = await discord_fake.wait_for("POST", re.escape(first.path))
        await discord_fake.send_message(f"<@{discord_fake.bot_user['id']}> hi")
        channel = rf"^/channels/{discord_fake.channel['id']}/messages$"
        replies = [await discord_fake.wait_for("POST", channel) for _ in range(2)]
        errors = await discord_error_log.wait()
    assert first.status == 200
    assert (second.status, second.response["code"]) == (400, 40060)
    assert [r.json["content"] for r in replies] == ["hello", "hello"]
    assert any("40060" in str(r.exc_info[1]) for r in errors if r.exc_info)


async def test_a_bot_that_has_stopped_answers_nothing(discord_fake: FakeDiscord) -> None:
    """Its session only buffers events for a RESUME that never comes: one answer, no 40060."""
    async with running_bot(make_bot(), discord_fake):
        pass
    async with running_bot(make_bot(), discord_fake):
        resp = await discord_fake.slash("ask", question="once")
    assert resp.status == 200
    assert len(discord_fake.find("POST", r"/callback$")) == 1


async def test_mention_gets_reply(bot: commands.Bot, discord_fake: FakeDiscord) -> None:
    message = await discord_fake.send_message(f"<@{discord_fake.bot_user['id']}> hi")
    reply = await discord_fake.wait_for(
        "POST", rf"^/channels/{discord_fake.channel['id']}/messages$"
    )
    assert reply.json["content"] == "hello"
    assert reply.json["message_reference"]["message_id"] == int(message["id"])
    assert reply.json["allowed_mentions"]["replied_user"] is False
    assert reply.message is not None
    assert reply.message["referenced_message"]["id"] == message["id"]
    assert discord_fake.find("POST", rf"^/channels/{discord_fake.channel['id']}/typing$")


async def test_wrong_token_is_refused(discord_error_log: DiscordErrorLog) -> None:
    async with FakeDiscord(token="right") as fake:
        with redirect_discord(fake.base_url, fake.gateway_url):
            bot = commands.Bot(
                command_prefix="!",
                intents=discord.Intents.none(),
                connector=LoopbackOnlyConnector(),
            )
            with pytest.raises(discord.LoginFailure):
                await bot.login("wrong")
            await bot.close()
    assert fake.last("GET", "^/users/@me$").status == 401


async def test_a_privileged_intent_not_enabled_closes_the_gateway() -> None:
    async with FakeDiscord(privileged_intents=1 << 1) as fake:  # members only
        with redirect_discord(fake.base_url, fake.gateway_url):
            intents = discord.Intents.none()
            intents.message_content = True
            bot = commands.Bot(
                command_prefix="!", intents=intents, connector=LoopbackOnlyConnector()
            )
            with pytest.raises(discord.PrivilegedIntentsRequired):
                async with running_bot(bot, fake):
                    pass
    assert fake.gateway.identifies[0]["intents"] & 1 << 15
    assert fake.gateway.current == {}


async def test_files_are_kept_and_their_limit_enforced(
    bot: commands.Bot, discord_fake: FakeDiscord
) -> None:
    channel = bot.get_channel(int(discord_fake.channel["id"]))
    assert isinstance(channel, discord.TextChannel)
    await channel.send("a file", file=discord.File(io.BytesIO(b"\x89PNG data"), "a.png"))
    sent = discord_fake.last("POST", r"/messages$")
    assert sent.json["content"] == "a file"
    assert sent.files == ["a.png"]
    assert sent.uploads[0].data == b"\x89PNG data"
    assert sent.uploads[0].content_type == "application/octet-stream"
    assert sent.message is not None
    (attached,) = sent.message["attachments"]
    assert (attached["filename"], attached["size"]) == ("a.png", 9)
    assert attached["content_type"] == "image/png"
    big = io.BytesIO(bytes(limits.ATTACHMENT_SIZE_MAX + 1))
    with pytest.raises(discord.HTTPException) as refused:
        await channel.send(file=discord.File(big, "big.bin"))
    assert (refused.value.status, refused.value.code) == (413, limits.ENTITY_TOO_LARGE)


async def test_dm_message_gets_reply(bot: commands.Bot, discord_fake: FakeDiscord) -> None:
    message = await discord_fake.send_message(f"<@{discord_fake.bot_user['id']}> hi", dm=True)
    reply = await discord_fake.wait_for("POST", rf"^/channels/{message['channel_id']}/messages$")
    assert reply.status == 200
    assert reply.message is not None
    assert "guild_id" not in reply.message


def test_error_log_collects_discord_errors() -> None:
    log = DiscordErrorLog().install()
    try:
        logging.getLogger("discord.client").warning("not collected")
        logging.getLogger("discord.app_commands.tree").error("collected")
        logging.getLogger("elsewhere").error("not discord's")
    finally:
        log.uninstall()
    assert [r.getMessage() for r in log.pop()] == ["collected"]
    assert log.records == []


@pytest.mark.parametrize("how", ["abort", "close", "reconnect", "invalid_session"])
async def test_resume_after_drop(bot: commands.Bot, discord_fake: FakeDiscord, how: str) -> None:
    await discord_fake.drop_connection(how)  # type: ignore[arg-type]
    # Dispatched while the client is away: replayed after RESUME.
    resp = await discord_fake.slash("ask", question="still there?")
    await discord_fake.wait_for_resume()
    assert resp.data["content"] == "You asked: still there?"
    assert len(discord_fake.gateway.identifies) == 1
    resume = discord_fake.gateway.resumes[-1]
    assert resume["session_id"] == discord_fake.gateway.current[0].id


async def test_auto_sharded_bot(discord_fake: FakeDiscord) -> None:
    bot = commands.AutoShardedBot(
        command_prefix="!", intents=discord.Intents.default(), connector=LoopbackOnlyConnector()
    )
    async with running_bot(bot, discord_fake):
        assert discord_fake.find("GET", "^/gateway/bot$")
        assert discord_fake.gateway.identifies[0]["shard"] == [0, 1]
        assert bot.get_guild(int(discord_fake.guild["id"])) is not None


async def test_connector_refuses_before_any_network(monkeypatch: pytest.MonkeyPatch) -> None:
    loop = asyncio.get_running_loop()

    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("the connector tried to resolve or connect")

    monkeypatch.setattr(loop, "getaddrinfo", no_network)
    monkeypatch.setattr(loop, "create_connection", no_network)
    async with aiohttp.ClientSession(connector=LoopbackOnlyConnector()) as session:
        for url in ("https://discord.com/api/v10/users/@me", "http://192.0.2.1/", "http://[::2]/"):
            with pytest.raises(NonLoopbackRequestError):
                await session.get(url)


async def test_unredirected_bot_fails_loudly(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(asyncio.get_running_loop(), "getaddrinfo", _forbidden)
    bot = commands.Bot(
        command_prefix="!", intents=discord.Intents.none(), connector=LoopbackOnlyConnector()
    )
    with pytest.raises(NonLoopbackRequestError, match=r"discord\.com"):
        await bot.login("token")
    await bot.close()


async def test_unimplemented_route_named(bot: commands.Bot, discord_fake: FakeDiscord) -> None:
    with pytest.raises(discord.NotFound, match="does not implement GET /guilds/"):
        await bot.fetch_guild(1)


def _forbidden(*args: object, **kwargs: object) -> None:
    raise AssertionError("network access attempted")


def test_limit_checks() -> None:
    errors = FormErrors()
    embed = {
        "title": "t" * 257,
        "description": "d" * 4096,
        "fields": [{"name": "n", "value": "v" * 1025}],
    }
    rows = [
        {
            "type": 1,
            "components": [{"type": 2, "style": 1, "label": "b", "custom_id": "c" * 101}] * 6,
        }
    ]
    check_message(errors, {"embeds": [embed, {"description": "d" * 2000}], "components": rows})
    tree = errors.body()["errors"]
    assert set(tree["embeds"]["0"]) == {"title", "fields"}
    assert tree["embeds"]["_errors"][0]["code"] == "MAX_EMBED_SIZE_EXCEEDED"
    assert "_errors" in tree["components"]["0"]["components"]
    assert "custom_id" in tree["components"]["0"]["components"]["5"]

    bad = FormErrors()
    check_commands(
        bad, [{"name": "Ask", "description": ""}, {"type": 3, "name": "Quote", "description": "x"}]
    )
    assert set(bad.tree["0"]) == {"name", "description"}
    assert "description" in bad.tree["1"]


def test_payload_builders_have_required_keys() -> None:
    where = payloads.Where(
        application_id="1",
        channel=payloads.text_channel(guild_id="2"),
        guild_id="2",
        member=payloads.member(permissions=0),
    )
    payload = payloads.slash_interaction(where, "admin kb reload")
    for key in (
        "id",
        "application_id",
        "token",
        "version",
        "attachment_size_limit",
        "authorizing_integration_owners",
        "guild_id",
        "member",
        "channel",
    ):
        assert key in payload
    assert payload["member"]["flags"] == 0
    assert payload["member"]["permissions"] == "0"
    assert payload["data"]["options"][0]["type"] == 2
    assert payload["data"]["options"][0]["options"][0] == {
        "name": "reload",
        "type": 1,
        "options": [],
    }


def test_redirect_is_restored() -> None:
    before = (discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY)
    with redirect_discord("http://127.0.0.1:1/api/v10", "ws://127.0.0.1:1/gateway"):
        assert discord.http.Route.BASE == "http://127.0.0.1:1/api/v10"
        assert str(discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY) == "ws://127.0.0.1:1/gateway"
    assert before == (discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY)
    assert before[0] == "https://discord.com/api/v10"
