"""Two `citebot run` processes, shards 0 and 1 of 2, each against its own loopback Discord,
sharing one PostgreSQL database: what one is told, the other applies (docs/scaling.md)."""

from __future__ import annotations

import asyncio
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager, closing
from pathlib import Path
from typing import Any

from bot_folders import WIDGET_SECTIONS, write_folder
from discord_fake import FakeDiscord, payloads

from bot.feedback.offline import open_db

CITEBOT_MAIN = "import sys; from bot.app.cli import main; sys.exit(main())"
ROOT = Path(__file__).parents[2]
MODERATOR = payloads.member(permissions=1 << 5)
COUNT = 2  # shards in all
QUOTE = "Widgets are pressed from recycled tin."


def guild_on_shard(fake: FakeDiscord, shard: int) -> dict[str, Any]:
    """A server whose id Discord routes to `shard` ((id >> 22) % COUNT), with the bot in it."""
    ms = int(time.time() * 1000) - payloads.DISCORD_EPOCH_MS
    gid = str(((ms - ms % COUNT + shard) << 22) | int(payloads.snowflake()) & 0xFFF)
    bot = payloads.member(user=fake.bot_user, permissions=payloads.permissions.ADMIN)
    channels = [payloads.text_channel(guild_id=gid)]
    guild = payloads.guild(id=gid, channels=channels, members=[fake.member, bot])
    fake.state.add_guild(guild)
    return guild


def everything_to_shard(fake: FakeDiscord, shard: int) -> None:
    """This fake gives every server it has to `shard`, whatever the server's id says."""
    gateway = fake.gateway
    gateway.session_for = lambda guild_id=None: gateway.current[shard]  # type: ignore[method-assign]
    gateway._guilds_of = lambda session: list(fake.guilds)  # type: ignore[method-assign]


def citebot_command(*args: str, log: Path) -> subprocess.Popen[bytes]:
    """`citebot ARGS` as the docs run it, its output to `log`.

    A plain `Popen` waited on in a thread, not an asyncio subprocess: asyncio's child
    watcher is shared by the test session's event loops and once reported a clean exit
    as "unknown child process, returncode 255"."""
    env = {**os.environ, "DISCORD_TOKEN": "fake-token", "PYTHONPATH": str(ROOT)}
    with log.open("ab") as out:
        return subprocess.Popen(
            [sys.executable, "-c", CITEBOT_MAIN, *args],
            cwd=log.parent, env=env, stdout=out, stderr=out,
        )  # fmt: skip


async def wait_for_line(log: Path, pattern: str, timeout: float = 15.0) -> str:
    """The first log line matching `pattern`, once the process has written it."""
    deadline = time.monotonic() + timeout
    while True:
        found = re.search(f".*{pattern}.*", log.read_text(encoding="utf-8", errors="replace"))
        if found:
            return found.group(0)
        if time.monotonic() > deadline:
            raise TimeoutError(f"{pattern!r} not in {log.name}:\n{log.read_text()[-3000:]}")
        await asyncio.sleep(0.05)


@asynccontextmanager
async def running(fake: FakeDiscord, config: Path, shard: int) -> AsyncIterator[Path]:
    """`citebot sync --guild` to this process's fake, then `citebot run --shard-ids ...`."""
    log = config.with_suffix(".log")
    sync = citebot_command("sync", "--guild", fake.guild["id"], "--config", str(config),
                           log=log)  # fmt: skip
    assert await asyncio.to_thread(sync.wait, 60) == 0, log.read_text()
    proc = citebot_command(
        "run", "--config", str(config), "--shard-ids", str(shard), "--shard-count", str(COUNT),
        log=log,
    )  # fmt: skip
    try:
        await fake.wait_until_ready(timeout=30)
        yield log
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            await asyncio.to_thread(proc.wait, 30)
    assert proc.returncode in (0, -signal.SIGKILL), log.read_text()
    assert "Traceback" not in log.read_text()


def config_for(fake: FakeDiscord, folder: Path, database: str, name: str) -> Path:
    config = folder.parent / f"{name}.yaml"
    config.write_text(
        f"discord:\n  api_base_url: {fake.base_url}\n  gateway_url: {fake.gateway_url}\n"
        f"knowledge:\n  path: {folder}\n"
        f"feedback:\n  database: '{database}'\n"
        "cooldown:\n  questions: 1000\n",
        encoding="utf-8",
    )
    return config


def questions(database: str, like: str) -> list[str]:
    with closing(open_db(database)) as db:
        rows = db.execute("SELECT question FROM questions WHERE question LIKE ?", (like,))
        return sorted(r[0] for r in rows.fetchall())


async def settings_travel(a: FakeDiscord, b: FakeDiscord, log_b: Path, guild: Any) -> None:
    """/settings through A: B's answers in that server turn public."""
    before = await b.slash("ask", question="who built the first widget", guild=guild)
    await a.slash("settings", private=False, member=MODERATOR)
    await wait_for_line(log_b, f"settings of server {guild['id']} changed")
    after = await b.slash("ask", question="who built the first widget", guild=guild)
    assert before.json["data"]["flags"] == 64
    assert not after.json["data"].get("flags")


async def learning_travels(
    a: FakeDiscord, b: FakeDiscord, log_b: Path, guild: Any, database: str
) -> None:
    """A moderator's 👍 through A: B's next similar question there gets it (logged so)."""
    asked_b = "how many widgets can one factory make"
    await b.slash("ask", question=asked_b, guild=guild)  # B reads that server's (none) now
    asked = await a.slash("ask", question="how many widgets does a factory make")
    ids = [c["custom_id"] for row in asked.json["data"]["components"] for c in row["components"]]
    up = next(i for i in ids if i.startswith("cb:vote:up"))
    await a.click(asked.message, up, member=MODERATOR)
    await wait_for_line(log_b, f"learned answers of server {guild['id']} changed", timeout=3)
    await b.slash("ask", question=asked_b, guild=guild)
    with closing(open_db(database)) as db:
        kinds = db.execute(
            "SELECT kind FROM questions WHERE question = ? ORDER BY id", (asked_b,)
        ).fetchall()
    assert [k[0] for k in kinds][-1] == "learned"
    assert next(k[0] for k in kinds) != "learned"


async def faq_edits_travel(a: FakeDiscord, b: FakeDiscord, log_b: Path) -> None:
    """/faq add through A: B answers with the new entry."""
    unknown = await b.slash("ask", question="what is the zorblat")
    opened = await a.slash("faq add", member=MODERATOR)
    await a.submit_modal(
        opened.json["data"]["custom_id"],
        {"question": "What is the zorblat?", "alternates": "", "quote": QUOTE, "section": ""},
        member=MODERATOR,
    )
    added = await a.wait_for("POST", r"/webhooks/", timeout=15)
    await wait_for_line(log_b, "knowledge reloaded \\(faq from")
    known = await b.slash("ask", question="what is the zorblat")
    assert added.json["content"].startswith("FAQ entry `what-is-the-zorblat` added")
    assert unknown.json["data"]["embeds"][0]["title"] == "Not in my knowledge"
    assert QUOTE in known.json["data"]["embeds"][0]["description"]


async def reloads_travel(a: FakeDiscord, b: FakeDiscord, log_b: Path, folder: Path) -> None:
    """/reload through A: B reloads too (and keeps the FAQ edit)."""
    write_folder(folder, {**WIDGET_SECTIONS, "Colours": "Widgets come in blue and red."})
    await a.slash("reload", member=MODERATOR)
    reloaded = await a.wait_for("POST", r"/webhooks/", timeout=15)
    await wait_for_line(log_b, "knowledge reloaded \\(reload from")
    colours = await b.slash("ask", question="what colours do widgets come in")
    still = await b.slash("ask", question="what is the zorblat")
    assert reloaded.json["embeds"][0]["title"] == "Knowledge reloaded"
    assert "Colours" in colours.json["data"]["embeds"][0]["title"]
    assert QUOTE in still.json["data"]["embeds"][0]["description"]


async def status_of_both(b: FakeDiscord) -> int:
    """/status through B lists both processes, serving the same knowledge; A's pid."""
    await b.slash("status", member=MODERATOR)
    status = await b.wait_for("POST", r"/webhooks/", timeout=15)
    fields = {f["name"]: f["value"] for f in status.json["embeds"][0]["fields"]}
    assert fields["Shards"] == "1 of 2 (this process)"
    assert fields["Processes"].startswith("2 alive")
    assert len(set(re.findall(r"knowledge `(\w+)`", fields["Processes"]))) == 1
    return int(re.findall(r"`[^`]*:(\d+)` shards 0 of 2", fields["Processes"])[0])


async def test_two_processes_on_one_database_stay_in_step(
    postgres_url: str, tmp_path: Path
) -> None:
    folder = write_folder(tmp_path / "kb", WIDGET_SECTIONS)
    async with AsyncExitStack() as stack:
        fake_a = await stack.enter_async_context(FakeDiscord(guilds=[], shard_count=COUNT))
        fake_b = await stack.enter_async_context(FakeDiscord(guilds=[], shard_count=COUNT))
        guild_a = guild_on_shard(fake_a, 0)
        guild_on_shard(fake_b, 1)
        # Discord sends a server's commands to the one process holding its shard. To see a
        # /settings change made through A act in B, B's Discord here also sends it A's server.
        fake_b.state.add_guild(guild_a)
        everything_to_shard(fake_b, 1)
        log_a, log_b = await asyncio.gather(
            stack.enter_async_context(
                running(fake_a, config_for(fake_a, folder, postgres_url, "a"), 0)
            ),
            stack.enter_async_context(
                running(fake_b, config_for(fake_b, folder, postgres_url, "b"), 1)
            ),
        )
        assert "shards 0 of 2: commands are synced by `citebot sync`" in log_a.read_text()
        await settings_travel(fake_a, fake_b, log_b, guild_a)
        await learning_travels(fake_a, fake_b, log_b, guild_a, postgres_url)
        await faq_edits_travel(fake_a, fake_b, log_b)
        await reloads_travel(fake_a, fake_b, log_b, folder)
        a_pid = await status_of_both(fake_b)

        # Killing A loses nothing B (or A) already stored, and B goes on recording.
        for n in range(5):
            await fake_a.slash("ask", question=f"kill test a{n}")
            await fake_b.slash("ask", question=f"kill test b{n}")
        deadline = time.monotonic() + 10
        while len(questions(postgres_url, "kill test%")) < 10 and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        stored = questions(postgres_url, "kill test%")
        os.kill(a_pid, signal.SIGKILL)
        for n in range(5):
            await fake_b.slash("ask", question=f"kill test c{n}")
    assert len(stored) == 10
    assert set(stored) <= set(questions(postgres_url, "kill test%"))
    assert len(questions(postgres_url, "kill test c%")) == 5
