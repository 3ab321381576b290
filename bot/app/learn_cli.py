"""`citebot learn add|list|remove` and `citebot ask --database DB --guild ID`: a server's
learned answers from the command line, against the bot's own feedback store.

`learn add` records what a moderator's pick in Discord records (a published learned
answer), and refuses a quote that is not verbatim in the knowledge. `ask --database`
answers as the bot would in that server: its learned answers and its threshold.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from contextlib import closing
from pathlib import Path
from typing import TextIO

import knowledge
from bot.feedback import Db, learning, postgres
from bot.feedback.offline import open_db, read_errors
from bot.feedback.store import backend_for

USAGE_DATABASE = "SQLite file or postgresql:// URL (as for citebot stats)"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="citebot learn", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    add = sub.add_parser("add", help="record a learned answer, as a moderator's pick does")
    add.add_argument("--question", required=True, help="the question, as it was asked")
    add.add_argument("--answer", required=True, help="a verbatim quote of the knowledge")
    add.add_argument("--knowledge", metavar="PATH", help="knowledge folder (default: bundled)")
    add.add_argument("--cache-dir", metavar="DIR", help="reuse knowledge built earlier")
    listing = sub.add_parser("list", help="a server's learned answers, with their status")
    listing.add_argument("--status", action="append", choices=learning.STATUSES)
    remove = sub.add_parser("remove", help="remove a learned answer by its number")
    remove.add_argument("id", type=int, help="its number, as `learn list` shows it")
    for command in (add, listing, remove):
        command.add_argument("--database", required=True, help=USAGE_DATABASE)
        command.add_argument("--guild", type=int, required=command is not listing,
                             help="the server's id")  # fmt: skip
    return parser


def _where(given: str) -> Path | str:
    return given if postgres.is_url(given) else Path(given)


def _name(where: Path | str) -> str:
    return str(where) if isinstance(where, Path) else postgres.redact(where)


def _writable(where: Path | str) -> Db:
    """A connection that may write (creating and migrating the database, as the bot does)."""
    db, _salt = backend_for(where, 5.0).open()
    return db


def main(argv: Sequence[str], out: TextIO | None = None) -> int:
    """0 done; 1 refused or the database unreadable; 2 usage."""
    out = out or sys.stdout
    args = _parser().parse_args(argv)
    where = _where(args.database)
    if args.command != "add" and isinstance(where, Path) and not where.is_file():
        print(f"citebot: no feedback database at {where}", file=sys.stderr)
        return 1
    try:
        if args.command == "add":
            return _add(args, where, out)
        if args.command == "list":
            with closing(open_db(where)) as db:
                rows = learning.listing(db, args.guild, args.status or learning.STATUSES)
            _print_rows(rows, out)
            return 0
        with closing(_writable(where)) as db:
            done = learning.remove(db, args.guild, args.id)
        if not done:
            print(f"citebot: server {args.guild} has no learned answer {args.id} to remove",
                  file=sys.stderr)  # fmt: skip
            return 1
        print(f"learned answer {args.id} removed", file=out)
        return 0
    except read_errors() as exc:
        print(f"citebot: cannot use {_name(where)}: {str(exc).strip()}", file=sys.stderr)
        return 1


def _add(args: argparse.Namespace, where: Path | str, out: TextIO) -> int:
    kb = knowledge.load(args.knowledge, cache_dir=args.cache_dir)
    question = " ".join(args.question.split())
    if not question:
        print("citebot: the question is empty", file=sys.stderr)
        return 2
    checked = kb.learned([knowledge.Learned("new", question, args.answer)])
    if checked.stale:
        reason = checked.stale[0][1]
        hint = knowledge.closest_sentence(args.answer, kb.sections)
        print(f"citebot: refused: {reason}", file=sys.stderr)
        if hint:
            print(f"  closest sentence: {hint!r}", file=sys.stderr)
        return 1
    section = kb.section(checked.entries[0].section_id)
    path = section.display_path if section is not None else None
    with closing(_writable(where)) as db:
        learned_id = learning.add(db, args.guild, question, args.answer, path, picked=True)
    print(f"learned answer {learned_id} for server {args.guild}: {path}", file=out)
    return 0


def _print_rows(rows: list[learning.Row], out: TextIO) -> None:
    if not rows:
        print("nothing learned", file=out)
    for row in rows:
        how = "picked" if row.picked else f"👍 {row.up} 👎 {row.down}"
        print(f"{row.id:>5}  [{row.status}]  server {row.guild_id}  {row.question}  ({how})",
              file=out)  # fmt: skip
        print(f"       {row.section or ''}: {row.quote[:200]}", file=out)


# -- ask as the bot would in one server -------------------------------------------------------


def _ask_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="citebot ask", description="answer as the bot would")
    parser.add_argument("question", nargs="*", help="the question; none: one a line from stdin")
    parser.add_argument("--database", required=True, help=USAGE_DATABASE)
    parser.add_argument("--guild", type=int, required=True, help="the server's id")
    parser.add_argument("--knowledge", metavar="PATH", help="knowledge folder (default: bundled)")
    parser.add_argument("--json", action="store_true", help="one JSON object a line")
    parser.add_argument("--limit", type=int, default=3, help="excerpts to return (default 3)")
    parser.add_argument("--cache-dir", metavar="DIR", help="reuse knowledge built earlier")
    return parser


def server_threshold(db: Db, guild: int) -> float | None:
    """The server's own threshold (set with /settings), if it set one."""
    found = db.execute(
        "SELECT value FROM guild_settings WHERE guild_id = ? AND key = 'threshold'", (guild,)
    ).fetchone()
    try:
        return float(json.loads(found[0])) if found is not None else None
    except (TypeError, ValueError):
        return None


def ask_main(argv: Sequence[str], out: TextIO | None = None) -> int:
    """`citebot ask --database DB --guild ID`: 0, or 1 when the database cannot be read."""
    out = out or sys.stdout
    args = _ask_parser().parse_args(argv)
    where = _where(args.database)
    if isinstance(where, Path) and not where.is_file():
        print(f"citebot: no feedback database at {where}", file=sys.stderr)
        return 1
    try:
        kb = knowledge.load(args.knowledge, cache_dir=args.cache_dir)
    except knowledge.KnowledgeError as exc:
        print("citebot: the knowledge folder has problems:", file=sys.stderr)
        for problem in exc.problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    try:
        with closing(open_db(where)) as db:
            learned = learning.server_learned(kb, db, args.guild)
            threshold = server_threshold(db, args.guild)
    except read_errors() as exc:
        print(f"citebot: cannot read {_name(where)}: {str(exc).strip()}", file=sys.stderr)
        return 1
    lines: Sequence[str] | TextIO = [" ".join(args.question)] if args.question else sys.stdin
    for line in lines:
        question = line.rstrip("\r\n")
        result = kb.answer(question, threshold=threshold, limit=max(1, args.limit),
                           learned=learned)  # fmt: skip
        if args.json:
            out.write(json.dumps(result.to_dict(), ensure_ascii=False) + "\n")
        elif result.answered and result.excerpts:
            top = result.excerpts[0]
            out.write(f"{top.text}\n  — {top.document} › {' › '.join(top.path)} ({result.kind})\n")
        else:
            out.write(f"(not answered; try: {', '.join(result.suggestions)})\n")
        out.flush()
    return 0
