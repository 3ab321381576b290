"""`citebot stats`, `citebot unanswered` and `citebot export`: the same database, offline.

Read-only: the bot may keep running (SQLite's WAL lets a reader in beside the writer; on
PostgreSQL, a read-only session).
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
import time
from collections.abc import Sequence
from contextlib import closing
from pathlib import Path
from typing import TextIO

from bot.feedback import Db, postgres, reports
from bot.feedback.db import PostgresDb
from bot.feedback.sqlite import open_readonly
from bot.feedback.store import DAY
from bot.state.settings import Settings, SettingsError, load

COMMANDS = ("stats", "unanswered", "export")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="citebot", description="citebot's feedback reports")
    sub = parser.add_subparsers(dest="command", required=True)
    helps = {
        "stats": "questions, answered rate, votes, busiest sections, per day",
        "unanswered": "declined and 👎-voted questions, grouped by similarity",
        "export": "the question log as CSV",
    }
    for name, text in helps.items():
        command = sub.add_parser(name, help=text)
        command.add_argument("--config", type=Path, help="config file (default: ./config.yaml)")
        command.add_argument(
            "--database", help="SQLite file or postgresql:// URL (default: from the config)"
        )
        command.add_argument("--guild", type=int, help="one server only (default: all)")
        command.add_argument(
            "--days", type=int, help="how many days back (default: 30; export: all)"
        )
    sub.choices["export"].add_argument("-o", "--output", type=Path, help="file (default: stdout)")
    return parser


def database(config: Path | None, given: str | None) -> Path | str:
    """The database to read: `--database`, else the config's (./config.yaml by default)."""
    if given is not None:
        return given if postgres.is_url(given) else Path(given)
    if config is None and Path("config.yaml").is_file():
        config = Path("config.yaml")
    found = (load(config) if config is not None else Settings()).feedback_database
    if found is None:
        raise SettingsError("feedback.database is null (kept in memory): nothing to read")
    return found


def open_db(where: Path | str) -> Db:
    """A read-only connection; OSError-free: a missing SQLite file is checked by the caller."""
    if isinstance(where, Path):
        return open_readonly(where)
    conn = postgres.connect(where, timeout=5.0)
    conn.execute("SET default_transaction_read_only = on")
    found = conn.execute("SELECT current_schema()").fetchone()
    return PostgresDb(conn, postgres.channel_for(found[0] if found else None))


def _print_stats(stats: reports.Stats, out: TextIO) -> None:
    votes = stats.up + stats.down
    ratio = f"{stats.up / votes:.0%} 👍" if votes else "no votes"
    answered = f"{stats.answered} answered ({stats.answered_rate:.0%})"
    votes_text = f"👍 {stats.up} 👎 {stats.down} ({ratio})"
    print(
        f"last {stats.days} days: {stats.questions} questions, {answered}; {votes_text}", file=out
    )
    print("busiest sections:", file=out)
    for name, count in stats.sections:
        print(f"  {count:>6}  {name}", file=out)
    print("per day:        asked  answered", file=out)
    for day, count, done in stats.per_day:
        print(f"  {day}  {count:>6}  {done / count:>7.0%}", file=out)


def _print_groups(groups: list[reports.Group], out: TextIO) -> None:
    if not groups:
        print("nothing unanswered", file=out)
    for g in groups:
        print(f"{g.count:>5}  {g.question}  ({g.declined} declined, {g.downvoted} voted down)",
              file=out)  # fmt: skip
        for phrasing, n in g.phrasings.most_common():
            if phrasing != g.question:
                print(f"         also ×{n}: {phrasing}", file=out)


def main(argv: Sequence[str], out: TextIO | None = None) -> int:
    """Run one report; 0 on success, 1 if the database cannot be read, 2 on a config problem."""
    out = out or sys.stdout
    args = _parser().parse_args(argv)
    try:
        where = database(args.config, args.database)
    except SettingsError as exc:
        print(f"citebot: {exc}", file=sys.stderr)
        return 2
    if isinstance(where, Path) and not where.is_file():
        print(f"citebot: no feedback database at {where} (the bot makes it on first start)",
              file=sys.stderr)  # fmt: skip
        return 1
    days = args.days or (None if args.command == "export" else 30)
    since = time.time() - days * DAY if days else 0.0
    name = str(where) if isinstance(where, Path) else postgres.redact(where)
    try:
        with closing(open_db(where)) as db:
            _report(db, args, since, days, out)
    except read_errors() as exc:
        print(f"citebot: cannot read {name}: {str(exc).strip()}", file=sys.stderr)
        return 1
    return 0


def read_errors() -> tuple[type[Exception], ...]:
    """What reading a database can raise: said in one line, never as a traceback."""
    try:
        return (sqlite3.Error, postgres.DriverMissing, postgres.driver().Error)
    except postgres.DriverMissing:
        return (sqlite3.Error, postgres.DriverMissing)


def _report(db: Db, args: argparse.Namespace, since: float, days: int | None, out: TextIO) -> None:
    if args.command == "stats":
        _print_stats(reports.stats(db, since, args.guild, days or 30), out)
    elif args.command == "unanswered":
        _print_groups(reports.unanswered(db, since, args.guild), out)
    elif args.output is not None:
        with args.output.open("w", encoding="utf-8", newline="") as file:
            rows = reports.export(db, file, since, args.guild)
        print(f"{rows} questions written to {args.output}", file=sys.stderr)
    else:
        reports.export(db, out, since, args.guild)
