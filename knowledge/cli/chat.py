"""`citebot chat`: questions typed at a prompt, answered as `citebot ask` answers them.

A few words are commands, not questions: `help`, `quit` and `exit` (also with a leading
slash), and the slash commands `/topics`, `/topic NAME` and `/faq`, named like the bot's.
Where the platform has `readline` the prompt gets line editing and history (the arrow
keys); Ctrl-D or Ctrl-C leaves, on a fresh line.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TextIO

from knowledge.base import DEFAULT_KNOWLEDGE, KnowledgeBase
from knowledge.cli import show

PROMPT = "? "
HELP = """Type a question and press Enter: the answer quotes the text, with its source.
Commands:
  /topics        the topics (sections) I can quote
  /topic NAME    a topic's summary and link
  /faq           the questions in my FAQ
  help           this help
  quit, exit     leave (so do Ctrl-D and Ctrl-C)"""
QUIT = object()  # what `respond` returns for quit / exit

Read = Callable[[str], str]


def chat(kb: KnowledgeBase, out: TextIO, read: Read = input) -> int:
    """Answer lines from `read` until quit, end of input (0) or Ctrl-C (130)."""
    line_editing()
    out.write(banner(kb) + "\n\n")
    out.flush()
    while True:
        try:
            line = read(PROMPT)
        except EOFError:
            out.write("\n")
            return 0
        except KeyboardInterrupt:
            out.write("\n")
            return 130
        reply = respond(kb, line)
        if reply is QUIT:
            return 0
        if reply:
            out.write(f"{reply}\n\n")
            out.flush()


def banner(kb: KnowledgeBase) -> str:
    """Which knowledge is loaded and how to leave."""
    counts = kb.counts()
    where = "bundled" if kb.source == DEFAULT_KNOWLEDGE else str(kb.source)
    return (
        f"citebot chat: answers quoted from {show.knowledge_name(kb)} "
        f"({counts['topics']} topics, {counts['sentences']} sentences; {where}).\n"
        "Type a question. `help` lists the commands; `quit`, Ctrl-D or Ctrl-C leaves."
    )


def respond(kb: KnowledgeBase, line: str) -> str | object:
    """The reply to one line: a command's output, an answer, QUIT, or "" for a blank line."""
    text = line.strip()
    word, _, rest = text.partition(" ")
    command = word.casefold().removeprefix("/")
    if not text:
        return ""
    if command in ("quit", "exit") and not rest:
        return QUIT
    if command == "help" and not rest:
        return HELP
    if not word.startswith("/"):
        return show.answer(kb.answer(text), kb)
    if command == "topics":
        return show.topics(kb)
    if command == "faq":
        return show.faq(kb)
    if command == "topic":
        if not rest.strip():
            return "Which topic? `/topic NAME` (`/topics` lists them)."
        return show.topic(kb, rest) or "No such topic. `/topics` lists them."
    return f"Unknown command {word}. `help` lists the commands."


def line_editing() -> bool:
    """Arrow keys, history and editing at the prompt, where the platform has readline."""
    try:
        import readline  # noqa: F401, PLC0415  (importing it is what makes input() use it)
    except ImportError:  # e.g. Windows without pyreadline
        return False
    return True
