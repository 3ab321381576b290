"""The offline command line: ask, chat, topics, topic, faq, check, eval.

`ask --json` is a contract (DESIGN.md): one JSON object a question, one line each, flushed,
so other programs can stream questions through one process.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import textwrap
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TextIO

from knowledge.base import KnowledgeBase, load
from knowledge.display import links, segments
from knowledge.evaluate import evaluate, format_report, format_table, knowledge_for, read_questions
from knowledge.model import Answer, KnowledgeError

Command = Callable[[argparse.Namespace, TextIO], int]


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of `python -m knowledge` (and of `citebot` for the offline commands)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help()
        return 2
    handler: Command = args.handler
    try:
        return handler(args, sys.stdout)
    except KnowledgeError as exc:
        print("citebot: the knowledge folder has problems:", file=sys.stderr)
        for problem in exc.problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        return 130


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="citebot", description="Answer questions from a text with verbatim, cited excerpts."
    )
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--knowledge", metavar="PATH", help="knowledge folder (default: the bundled article)"
    )
    common.add_argument(
        "--threshold", type=float, help="confidence needed to answer, 0-1 (default: the folder's)"
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
    ask.add_argument("--limit", type=int, default=3, help="excerpts to return (default 3)")
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


def _kb(args: argparse.Namespace) -> KnowledgeBase:
    kb = load(args.knowledge, threshold=args.threshold, cache_dir=args.cache_dir)
    for problem in kb.warnings:
        print(f"citebot: skipped {problem}", file=sys.stderr)
    return kb


def _ask(args: argparse.Namespace, out: TextIO) -> int:
    kb = _kb(args)
    if args.question:
        questions: Sequence[str] | TextIO = [" ".join(args.question)]
    else:
        questions = sys.stdin
    for line in questions:
        question = line.rstrip("\r\n")
        if not args.question and not question.strip() and not args.json:
            continue
        result = kb.answer(question, limit=max(1, args.limit))
        if args.json:
            out.write(json.dumps(result.to_dict(), ensure_ascii=False) + "\n")
        else:
            out.write(render_answer(result, kb) + "\n")
        out.flush()
    return 0


def render_answer(result: Answer, kb: KnowledgeBase) -> str:
    """A readable answer for a terminal: the quote, its citation, other places to look."""
    if not result.answered:
        lines = ["Not in my knowledge: the text doesn't answer that."]
        if result.suggestions:
            lines.append("Closest topics: " + ", ".join(result.suggestions))
        return "\n".join(lines)
    lines = []
    for number, excerpt in enumerate(result.excerpts, 1):
        if number == 2:
            lines.append("See also:")
        source = kb.document(excerpt.document)
        lines.append(shown(excerpt.text, source.markup if source else "text"))
        where = " › ".join((excerpt.document, *excerpt.path))
        lines.append(f"    — {where} <{excerpt.url}>" if excerpt.url else f"    — {where}")
    document = kb.document(result.excerpts[0].document)
    lines.append(f"[{result.kind}, confidence {result.confidence:.2f}]")
    if document is not None and document.licence:
        lines.append(f"Source: {document.attribution}")
    return "\n".join(lines)


def shown(text: str, markup: str) -> str:
    """An excerpt for a terminal: prose wrapped and quoted, links as "label (url)", code
    blocks indented as they are (plain text is quoted as it stands)."""
    if markup == "text":
        return textwrap.fill(text, width=88, initial_indent="  > ", subsequent_indent="    ")
    out = []
    for segment in segments(text):
        if segment.kind == "code":
            out += [f"      {line}" for line in segment.text.split("\n")]
            continue
        prose = "".join(
            f"{run} ({target.url})" if target is not None and target.web else run
            for run, target in links(segment.text)
        )
        for paragraph in prose.split("\n"):
            out.append(
                textwrap.fill(paragraph, width=88, initial_indent="  > ", subsequent_indent="    ")
            )
    return "\n".join(out)


def _chat(args: argparse.Namespace, out: TextIO) -> int:
    kb = _kb(args)
    out.write(f"citebot: ask about {', '.join(d.title for d in kb.documents)}. Ctrl-D to leave.\n")
    while True:
        try:
            question = input("? ")
        except EOFError:
            out.write("\n")
            return 0
        if question.strip():
            out.write(render_answer(kb.answer(question), kb) + "\n\n")


def _topics(args: argparse.Namespace, out: TextIO) -> int:
    kb = _kb(args)
    for section in kb.topics:
        indent = "  " * max(0, section.level - 1)
        out.write(f"{indent}{kb.topic_name(section)}  ({len(section.sentences)} sentences)\n")
    return 0


def _topic(args: argparse.Namespace, out: TextIO) -> int:
    kb = _kb(args)
    found = kb.find_sections(" ".join(args.name), limit=1)
    if not found:
        out.write("No such topic. Try `citebot topics`.\n")
        return 1
    section = found[0]
    out.write(f"{section.display_path}\n{section.url}\n\n")
    out.write(textwrap.fill(kb.summary(section.id).text, width=88) + "\n")
    return 0


def _faq(args: argparse.Namespace, out: TextIO) -> int:
    kb = _kb(args)
    for entry in kb.faq:
        origin = "curated" if entry.curated else "from the text"
        out.write(f"[{entry.id}] {entry.question}  ({origin})\n")
    return 0


def _check(args: argparse.Namespace, out: TextIO) -> int:
    folder = Path(args.path) if args.path else None
    try:
        kb = load(folder, cache_dir=args.cache_dir, progress=ProgressBar(sys.stderr))
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
    if kb.warnings:
        out.write(f"{len(kb.warnings)} file(s) skipped:\n")
        for problem in kb.warnings:
            out.write(f"  {problem}\n")
    return 0


class ProgressBar:
    """A one-line progress bar on a terminal; silent when the stream is not one."""

    def __init__(self, stream: TextIO, width: int = 30) -> None:
        self.stream = stream
        self.width = width
        self.shown = False

    def __call__(self, stage: str, done: int, total: int) -> None:
        if not self.stream.isatty() or (total < 2 and not self.shown):
            return
        filled = self.width * done // max(1, total)
        bar = "#" * filled + "." * (self.width - filled)
        self.stream.write(f"\rbuilding {stage:<9} [{bar}] {done}/{total}")
        self.shown = True
        if stage == "index":
            self.stream.write("\n")
        self.stream.flush()


def _eval(args: argparse.Namespace, out: TextIO) -> int:
    rows = []
    for name in args.files:
        path = Path(name)
        questions = read_questions(path)
        folder = args.knowledge or knowledge_for(path)
        kb = load(folder, threshold=args.threshold, cache_dir=args.cache_dir)
        report = evaluate(kb, questions)
        rows.append((_set_name(path), report))
        if len(args.files) == 1 or args.failures:
            out.write(
                f"== {_set_name(path)} ==\n{format_report(report, failures=args.failures)}\n\n"
            )
    out.write(format_table(rows) + "\n")
    return 0


def _set_name(path: Path) -> str:
    """A question set's name: its file's, or its folder's for `<name>/questions.yaml`."""
    return path.parent.name if path.stem == "questions" else path.stem
