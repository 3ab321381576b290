"""`citebot chat`: commands are not questions, a banner, leaving cleanly, and at a real
terminal (a pseudo-terminal) line editing with history and Ctrl-C on a fresh line."""

from __future__ import annotations

import importlib.util
import io
import os
import re
import select
import signal
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

import knowledge
from knowledge.cli.chat import HELP, QUIT, banner, chat, respond

ROOT = Path(__file__).parents[2]


@pytest.fixture(scope="module")
def kb() -> knowledge.KnowledgeBase:
    return knowledge.load()


def scripted(*lines: str | BaseException) -> Iterator[str]:
    for line in lines:
        if isinstance(line, BaseException):
            raise line
        yield line


def run_chat(kb: knowledge.KnowledgeBase, *lines: str | BaseException) -> tuple[int, str]:
    out = io.StringIO()
    feed = scripted(*lines)
    code = chat(kb, out, read=lambda prompt: next(feed))
    return code, out.getvalue()


@pytest.mark.parametrize("line", ["quit", "exit", " QUIT ", "/quit", "/exit"])
def test_quit_and_exit_leave(kb: knowledge.KnowledgeBase, line: str) -> None:
    assert respond(kb, line) is QUIT


@pytest.mark.parametrize("line", ["help", "/help", "Help"])
def test_help_is_a_command(kb: knowledge.KnowledgeBase, line: str) -> None:
    assert respond(kb, line) == HELP


def test_slash_commands_are_not_answered_as_questions(kb: knowledge.KnowledgeBase) -> None:
    topics = respond(kb, "/topics")
    assert isinstance(topics, str)
    assert len(topics.splitlines()) == len(kb.topics)
    topic = respond(kb, "/topic great terror")
    assert isinstance(topic, str)
    assert topic.startswith("Stalinism › ")
    assert "https://en.wikipedia.org/wiki/Stalinism#" in topic
    faq = respond(kb, "/faq")
    assert isinstance(faq, str)
    assert len(faq.splitlines()) == len(kb.faq)
    for line in ("/topics", "/faq", "/topic great terror", "/topic", "/nonsense"):
        reply = respond(kb, line)
        assert isinstance(reply, str)
        assert "Not in my knowledge" not in reply
    assert respond(kb, "/nonsense") == "Unknown command /nonsense. `help` lists the commands."


def test_a_question_that_starts_with_a_command_word_is_a_question(
    kb: knowledge.KnowledgeBase,
) -> None:
    reply = respond(kb, "help me understand when stalin died")
    assert isinstance(reply, str)
    assert "1953" in reply


def test_the_banner_names_the_knowledge_and_how_to_leave(kb: knowledge.KnowledgeBase) -> None:
    text = banner(kb)
    assert "Stalinism" in text
    assert "bundled" in text
    assert "quit" in text
    assert "Ctrl-D" in text


def test_a_session(kb: knowledge.KnowledgeBase) -> None:
    code, out = run_chat(kb, "help", "", "when did stalin die", "quit", "never read")
    assert code == 0
    assert out.startswith(banner(kb))
    assert HELP in out
    assert "1953" in out
    assert out.count("Not in my knowledge") == 0


def test_end_of_input_and_ctrl_c_end_on_a_fresh_line(kb: knowledge.KnowledgeBase) -> None:
    code, out = run_chat(kb, EOFError())
    assert (code, out[-1]) == (0, "\n")
    code, out = run_chat(kb, "when did stalin die", KeyboardInterrupt())
    assert code == 130
    assert out.endswith("\n\n\n")  # the answer's blank line, then the fresh line


# --- at a real terminal -------------------------------------------------------------------


def read_until(fd: int, pattern: bytes, timeout: float = 30.0) -> bytes:
    """What the terminal shows until `pattern` (a regex) appears, or raise at the deadline."""
    seen = b""
    deadline = time.monotonic() + timeout
    while not re.search(pattern, seen):
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError(f"no {pattern!r} in {seen[-400:]!r}")
        ready, _, _ = select.select([fd], [], [], left)
        if not ready:
            continue
        try:
            data = os.read(fd, 4096)
        except OSError:  # EIO: the child closed the terminal
            data = b""
        if not data:
            raise EOFError(f"terminal closed; no {pattern!r} in {seen[-400:]!r}")
        seen += data
    return seen


PROMPT = rb"\n(\x1b\[\?2004h)?\? $"  # readline may switch on bracketed paste first


def ctrl_c(fd: int, tries: int = 5) -> bytes:
    """Press Ctrl-C until the child answers; what the terminal shows then.

    CPython's readline notices a signal only when it interrupts its wait for a key: one that
    lands just after the prompt is drawn, before that wait begins, waits for the next key.
    A person never types that fast; a test does, so it presses again."""
    for _ in range(tries - 1):
        os.write(fd, b"\x03")
        try:
            return read_until(fd, rb"\n$", timeout=2)
        except TimeoutError:
            continue
    os.write(fd, b"\x03")
    return read_until(fd, rb"\n$", timeout=10)


@pytest.mark.skipif(
    sys.platform == "win32" or importlib.util.find_spec("readline") is None,
    reason="needs a pseudo-terminal and readline",
)
def test_at_a_terminal_the_up_arrow_recalls_and_ctrl_c_leaves_on_a_fresh_line() -> None:
    import pty  # noqa: PLC0415  (POSIX only)

    env = {**os.environ, "TERM": "xterm", "INPUTRC": "/dev/null", "PYTHONPATH": str(ROOT)}
    pid, fd = pty.fork()
    if pid == 0:  # the child: citebot chat on the pseudo-terminal
        os.execve(sys.executable, [sys.executable, "-m", "knowledge", "chat"], env)
    try:
        read_until(fd, PROMPT)
        os.write(fd, b"when did stalin die\r")
        first = read_until(fd, PROMPT)
        os.write(fd, b"\x1b[A\r")  # the Up arrow, then Enter: the same question again
        again = read_until(fd, PROMPT)
        assert b"1953" in first
        assert b"^[[A" not in again
        assert b"when did stalin die" in again
        assert b"1953" in again
        after = ctrl_c(fd)
    except BaseException:
        os.kill(pid, signal.SIGKILL)
        raise
    finally:
        _, status = os.waitpid(pid, 0)
        os.close(fd)
    assert after.endswith(b"\r\n")
    assert os.waitstatus_to_exitcode(status) == 130
