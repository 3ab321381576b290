"""The offline command line: ask, chat, topics, topic, faq, check, eval.

`ask --json` is a contract (DESIGN.md): one JSON object a question, one line each, flushed,
so other programs can stream questions through one process.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from importlib import metadata
from pathlib import Path
from typing import TextIO

from knowledge.base import KnowledgeBase, Progress, load
from knowledge.cli import show
from knowledge.cli.chat import chat
from knowledge.cli.evaluate import (
    evaluate,
    format_report,
    format_table,
    knowledge_for,
    read_questions,
)
from knowledge.cli.progress import LoadProgress
from knowledge.model import KnowledgeError

__all__ = ["LoadProgress", "main"]  # LoadProgress: citebot's own commands draw loads with it

Command = Callable[[argparse.Namespace, TextIO], int]
#: Given the stream to draw on (stderr), the `progress` callback for one load.
ProgressBar = Callable[[TextIO], AbstractContextManager[Progress]]
ASK_USAGE = """usage: citebot ask "QUESTION"
       citebot ask --json < questions.txt   (one question a line, one JSON line each)
Try: citebot ask "what was the great purge"; or citebot chat to ask several."""


def main(argv: Sequence[str] | None = None, *, progress: ProgressBar = LoadProgress) -> int:
    """Entry point of `python -m knowledge` (and of `citebot` for the offline commands).

    `progress` draws loads that take a while; citebot passes a nicer one when it can."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help()
        return 2
    args.progress = progress
    handler: Command = args.handler
    try:
        return handler(args, sys.stdout)
    except KnowledgeError as exc:
        _problems("the knowledge folder has problems", exc)
        return 1
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        if sys.stderr.isatty():
            sys.stderr.write("\n")  # the shell's prompt on a line of its own
        return 130


def _problems(what: str, exc: KnowledgeError) -> None:
    print(f"citebot: {what}:", file=sys.stderr)
    for problem in exc.problems:
        print(f"  {problem}", file=sys.stderr)


def version() -> str:
    """The installed citebot's version (a source tree that was never installed has none)."""
    try:
        return metadata.version("citebot")
    except metadata.PackageNotFoundError:
        return "(not installed)"


def ratio(text: str) -> float:
    """An argparse type: a number from 0 to 1."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not 0 <= value <= 1:
        raise argparse.ArgumentTypeError(f"must be from 0 to 1, got {text}")
    return value


def at_least_one(text: str) -> int:
    """An argparse type: a whole number, 1 or more."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, got {text}")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="citebot", description="Answer questions from a text with verbatim, cited excerpts."
    )
    parser.add_argument("--version", action="version", version=f"citebot {version()}")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--knowledge", metavar="PATH", help="knowledge folder (default: the bundled article)"
    )
    common.add_argument(
        "--threshold", type=ratio, help="confidence needed to answer, 0-1 (default: the folder's)"
    )
    common.add_argument(
        "--cache-dir",
        metavar="DIR",
        default=os.environ.get("CITEBOT_CACHE_DIR"),
        help="reuse knowledge built earlier from the same files (env CITEBOT_CACHE_DIR)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    ask = sub.add_parser("ask", parents=[common], help="answer a question (or stdin lines)")
    ask.add_argument("question", nargs="*", help="the question; none: read one a line from stdin")
    ask.add_argument("--json", action="store_true", help="machine-readable output (one line each)")
    ask.add_argument("--limit", type=at_least_one, default=3, help="excerpts to return (default 3)")
    ask.set_defaults(handler=_ask)

    sub.add_parser("chat", parents=[common], help="ask questions interactively").set_defaults(
        handler=_chat
    )
    sub.add_parser("topics", parents=[common], help="list the sections").set_defaults(
        handler=_topics
    )
    topic = sub.add_parser("topic", parents=[common], help="a section's summary")
    topic.add_argument("name", nargs="+", help="section name (fuzzy)")
    topic.set_defaults(handler=_topic)
    sub.add_parser("faq", parents=[common], help="list the FAQ").set_defaults(handler=_faq)

    check = sub.add_parser("check", help="validate a knowledge folder")
    check.add_argument("path", nargs="?", help="the folder (default: the bundled one)")
    check.add_argument("--cache-dir", metavar="DIR", default=os.environ.get("CITEBOT_CACHE_DIR"))
    check.set_defaults(handler=_check)

    ev = sub.add_parser(
        "eval", parents=[common], help="score question sets (dev.yaml format), one table"
    )
    ev.add_argument(
        "files",
        nargs="+",
        metavar="FILE",
        help="YAML question sets; each is asked of --knowledge, else of the knowledge/ "
        "folder beside it, else of the bundled knowledge",
    )
    ev.add_argument("--failures", action="store_true", help="list the questions missed")
    ev.set_defaults(handler=_eval)
    return parser


def _kb(args: argparse.Namespace, folder: str | Path | None = None) -> KnowledgeBase:
    """The knowledge (`--knowledge`, else `folder`, else the bundled), files it skipped named."""
    with args.progress(sys.stderr) as progress:
        kb = load(
            args.knowledge or folder,
            threshold=args.threshold,
            cache_dir=args.cache_dir,
            progress=progress,
        )
    for problem in kb.warnings:
        print(f"citebot: skipped {problem}", file=sys.stderr)
    return kb


def _ask(args: argparse.Namespace, out: TextIO) -> int:
    if not args.question and sys.stdin.isatty():  # nothing piped in: don't wait in silence
        print(ASK_USAGE, file=sys.stderr)
        return 2
    kb = _kb(args)
    if args.question:
        questions: Sequence[str] | TextIO = [" ".join(args.question)]
    else:
        questions = sys.stdin
    for line in questions:
        question = line.rstrip("\r\n")
        if not args.question and not question.strip() and not args.json:
            continue
        result = kb.answer(question, limit=args.limit)
        if args.json:
            out.write(json.dumps(result.to_dict(), ensure_ascii=False) + "\n")
        else:
            out.write(show.answer(result, kb) + "\n")
        out.flush()
    return 0


def _chat(args: argparse.Namespace, out: TextIO) -> int:
    return chat(_kb(args), out)


def _topics(args: argparse.Namespace, out: TextIO) -> int:
    out.write(show.topics(_kb(args)) + "\n")
    return 0


def _topic(args: argparse.Namespace, out: TextIO) -> int:
    text = show.topic(_kb(args), " ".join(args.name))
    if text is None:
        out.write("No such topic. Try `citebot topics`.\n")
        return 1
    out.write(text + "\n")
    return 0


def _faq(args: argparse.Namespace, out: TextIO) -> int:
    out.write(show.faq(_kb(args)) + "\n")
    return 0


def _check(args: argparse.Namespace, out: TextIO) -> int:
    folder = Path(args.path) if args.path else None
    try:
        with args.progress(sys.stderr) as progress:
            kb = load(folder, cache_dir=args.cache_dir, progress=progress)
    except KnowledgeError as exc:
        out.write(f"{len(exc.problems)} problem(s):\n")
        for problem in exc.problems:
            out.write(f"  {problem}\n")
        return 1
    counts = kb.counts()
    how = "read from the cache" if kb.from_cache else "built"
    out.write(
        f"OK: {kb.source} (fingerprint {kb.fingerprint}, {how} in {kb.build_seconds:.2f} s)\n"
    )
    for key, value in counts.items():
        out.write(f"  {key.replace('_', ' ')}: {value}\n")
    out.write(f"  {kb.meaning_status}\n")
    # How each document was read, so an owner sees a .txt taken for Markdown or a wiki page.
    read_as = Counter(d.markup for d in kb.documents)
    out.write(f"  read as: {', '.join(f'{k} {n}' for k, n in sorted(read_as.items()))}\n")
    if kb.warnings:
        out.write(f"{len(kb.warnings)} file(s) skipped:\n")
        for problem in kb.warnings:
            out.write(f"  {problem}\n")
    return 0


def _eval(args: argparse.Namespace, out: TextIO) -> int:
    paths = [Path(name) for name in args.files]
    for path in paths:
        if not path.is_file():  # before loading: it is not the knowledge that is missing
            print(f"citebot: {path}: file not found", file=sys.stderr)
            return 2
    rows = []
    for path in paths:
        try:
            questions = read_questions(path)
        except KnowledgeError as exc:
            _problems("the question set has problems", exc)
            return 1
        kb = _kb(args, knowledge_for(path))
        report = evaluate(kb, questions)
        rows.append((_set_name(path), report))
        if len(paths) == 1 or args.failures:
            detail = format_report(report, failures=args.failures)
            out.write(f"== {_set_name(path)} ==\n{detail}\n\n")
    out.write(format_table(rows) + "\n")
    return 0


def _set_name(path: Path) -> str:
    """A question set's name: its file's, or its folder's for `<name>/questions.yaml`."""
    return path.parent.name if path.stem == "questions" else path.stem
