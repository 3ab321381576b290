# ruff: noqa: PLC0415  (discord and the engine are imported lazily on purpose: fast offline start)
"""The `citebot` command: `run` and `sync` start the Discord bot; `stats`, `unanswered` and
`export` read its feedback database; the rest is the offline CLI.

discord.py is imported only for `run` and `sync`, so offline commands start fast.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import os
import signal
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from bot.app.log_setup import configure as configure_logging
from bot.state.settings import TOKEN_ENV, Settings, SettingsError, check_store, load, with_shards

if TYPE_CHECKING:
    from bot.state.live_knowledge import LiveKnowledge

log = logging.getLogger("citebot")
NO_TOKEN = f"""citebot has no Discord token.
Set it in the environment:   export {TOKEN_ENV}=<your bot token>
(create a bot and copy its token at https://discord.com/developers/applications;
 docs/bot.md walks through it). To try citebot offline without Discord: citebot chat"""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="citebot", description="citebot's Discord bot")
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="start the Discord bot")
    run.add_argument(
        "--check-config",
        action="store_true",
        help="check the config and knowledge, say what would run, exit without connecting",
    )
    sync = sub.add_parser("sync", help="sync slash commands (globally, or to one guild)")
    sync.add_argument("--guild", type=int, help="sync to this guild id only (instant)")
    for command in (run, sync):
        command.add_argument("--config", type=Path, help="config file (default: ./config.yaml)")
    run.add_argument("--shard-ids", help='this process\'s shards, e.g. "0-3" (docs/scaling.md)')
    run.add_argument("--shard-count", type=int, help="how many shards all processes hold")
    return parser


def _config_path(path: Path | None) -> Path | None:
    if path is None and Path("config.yaml").is_file():
        return Path("config.yaml")
    return path


def _live_knowledge(settings: Settings) -> LiveKnowledge | None:
    import knowledge
    from bot.app.progress import load_progress
    from bot.state.live_knowledge import LiveKnowledge

    try:
        with load_progress(sys.stderr) as progress:
            return LiveKnowledge(
                settings.knowledge_path,
                settings.threshold,
                settings.knowledge_cache,
                progress=progress,
            )
    except knowledge.KnowledgeError as exc:
        print("citebot: the knowledge folder has problems:", file=sys.stderr)
        for problem in exc.problems:
            print(f"  {problem}", file=sys.stderr)
        return None


async def _serve(settings: Settings, live: LiveKnowledge, token: str) -> None:
    """Run until the connection ends or SIGINT / SIGTERM asks for a clean shutdown."""
    from bot.app.client import create_bot

    loaded = live.current
    log.info(
        "knowledge %s loaded in %.2f s: %s",
        loaded.kb.fingerprint,
        loaded.seconds,
        ", ".join(f"{k} {v}" for k, v in loaded.counts.items()),
    )
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    async with create_bot(settings, live) as bot:
        running = asyncio.create_task(bot.start(token))
        stopping = asyncio.create_task(stop.wait())
        await asyncio.wait({running, stopping}, return_when=asyncio.FIRST_COMPLETED)
        if stop.is_set():
            log.info("shutting down")
            await bot.close()
        stopping.cancel()
        await _ended(running)
    log.info("stopped")


#: After close(), how long `citebot run` waits for discord.py's connect loop to notice. In a
#: reconnect backoff it would sleep out the whole delay (a minute and more into an outage),
#: past systemd's 30 s and docker's 10 s: the loop is cancelled instead.
STOP_WITHIN = 2.0


async def _ended(running: asyncio.Task[None]) -> None:
    """The connection task's end: its exception (a refusal) if it failed, else once it
    returns or STOP_WITHIN has passed (then it is cancelled: a clean stop)."""
    done, _ = await asyncio.wait({running}, timeout=STOP_WITHIN)
    if running in done:
        running.result()
        return
    running.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await running


async def _sync(settings: Settings, live: LiveKnowledge, token: str, guild: int | None) -> int:
    from bot.app.client import create_bot
    from bot.feedback import FeedbackStore

    # Syncing records nothing: an in-memory store, so no database is made for it.
    async with create_bot(settings, live, sync=False, feedback=FeedbackStore(None)) as bot:
        await bot.login(token)
        return await bot.sync_commands(guild)


def bot_main(argv: Sequence[str]) -> int:
    """`citebot run` / `citebot sync`: exit 0 on a clean stop, 1 when the knowledge is broken
    or Discord refuses, 2 on a config problem or no token, 75 when Discord can't be reached."""
    args = _parser().parse_args(argv)
    config = _config_path(args.config)
    try:
        settings = load(config)
        shards = (getattr(args, "shard_ids", None), getattr(args, "shard_count", None))
        settings = with_shards(settings, *shards)
        check_store(settings)
    except SettingsError as exc:
        print(f"citebot: {exc}", file=sys.stderr)
        return 2
    configure_logging(settings.log_level)
    if getattr(args, "check_config", False):
        live = _live_knowledge(settings)
        return 1 if live is None else _check_config(config, settings, live)
    token = settings.token or os.environ.get(TOKEN_ENV)
    if not token:
        print(NO_TOKEN, file=sys.stderr)
        return 2
    live = _live_knowledge(settings)
    if live is None:
        return 1
    return _connect(args, settings, live, token)


def _check_config(config: Path | None, settings: Settings, live: LiveKnowledge) -> int:
    """Print what `citebot run` would do; 0 if it could start, 2 without a token."""
    from bot.app.config_check import report

    lines = report(config, settings, live.current)
    print("\n".join(lines))
    if not (settings.token or os.environ.get(TOKEN_ENV)):
        print("citebot run would stop: no token.", file=sys.stderr)
        return 2
    print("OK: `citebot run` would start with this (Discord was not contacted).")
    return 0


def _connect(args: argparse.Namespace, settings: Settings, live: LiveKnowledge, token: str) -> int:
    """Run or sync; a connection Discord refuses or cannot make is one line (bot/failures)."""
    from bot.app.failures import explain

    try:
        if args.command == "sync":
            count = asyncio.run(_sync(settings, live, token, args.guild))
            where = f"guild {args.guild}" if args.guild else "all servers (global)"
            print(f"synced {count} commands to {where}")
        else:
            asyncio.run(_serve(settings, live, token))
    except KeyboardInterrupt:  # Ctrl-C before the signal handlers were installed
        return 130
    except Exception as exc:
        failure = explain(exc)
        if failure is None:
            raise
        print(f"citebot: {failure.message}", file=sys.stderr)
        return failure.exit_code
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `citebot` console script."""
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] in ("run", "sync"):
        try:
            return bot_main(args)
        except KeyboardInterrupt:  # Ctrl-C while the knowledge loads: no traceback
            if sys.stderr.isatty():
                sys.stderr.write("\n")
            return 130
    if args[:2] == ["faq", "export"]:
        from bot.state.faq_export import main as export_main

        return export_main(args[2:])
    if args and args[0] == "learn":
        from bot.app.learn_cli import main as learn_main

        return learn_main(args[1:])
    if args and args[0] == "ask" and any(a.split("=")[0] == "--database" for a in args):
        from bot.app.learn_cli import ask_main

        return ask_main(args[1:])
    if args and args[0] in ("stats", "unanswered", "export"):
        from bot.feedback.offline import main as feedback_main

        return feedback_main(args)
    from bot.app.progress import load_progress
    from knowledge.cli.cli import main as knowledge_main

    if not args or args[0] in ("-h", "--help"):
        print(
            "Discord bot: citebot run [--config PATH] [--check-config] | "
            "citebot sync [--guild ID]\n"
            "Feedback (offline): citebot stats | unanswered | export [--days N] [--guild ID]\n"
            "FAQ with the database's edits: citebot faq export [-o FILE]\n"
            "Learned answers: citebot learn add|list|remove --database DB --guild ID; "
            "citebot ask --database DB --guild ID\n"
        )
    return knowledge_main(args, progress=load_progress)
