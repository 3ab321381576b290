"""The load progress bar: on a terminal only, after a delay, erased at the end, and never
leaving stray characters (issue 10: `building faq [###...] 1/14/3824`)."""

from __future__ import annotations

import io
import sys
import threading
from pathlib import Path

import pytest
from fake_terminal import FakeTerminal, screen, stray_characters

import knowledge
from knowledge.cli import progress as progress_module
from knowledge.cli.cli import main
from knowledge.cli.progress import LoadProgress, PlainDisplay


def test_a_shorter_frame_leaves_nothing_of_a_longer_one() -> None:
    out = FakeTerminal()
    display = PlainDisplay(out)
    display.show("documents", 14, 3824, 2.0)
    display.show("faq", 1, 1, 3.0)
    assert stray_characters(out.getvalue()) == []
    assert screen(out.getvalue())[-1].rstrip().endswith("] 1/1  3 s")
    display.close()
    assert screen(out.getvalue())[-1].strip() == ""


def test_nothing_is_drawn_on_a_stream_that_is_not_a_terminal() -> None:
    out = io.StringIO()
    with LoadProgress(out, delay=0) as progress:
        knowledge.load(progress=progress)
    assert out.getvalue() == ""


def test_a_load_quicker_than_the_delay_shows_nothing() -> None:
    out = FakeTerminal()
    with LoadProgress(out, delay=3600) as progress:
        knowledge.load(progress=progress)
    assert out.getvalue() == ""


def test_past_the_delay_the_bar_is_drawn_then_erased() -> None:
    out = FakeTerminal()
    with LoadProgress(out, delay=0) as progress:
        knowledge.load(progress=progress)
    text = out.getvalue()
    assert "loading documents" in text
    assert "loading index" in text
    assert stray_characters(text) == []
    assert screen(text) == [screen(text)[0]]  # one line, drawn over itself
    assert screen(text)[0].strip() == ""


def test_a_long_step_still_shows_time_passing() -> None:
    drawn = threading.Event()

    class Recording(PlainDisplay):
        def show(self, stage: str, done: int, total: int, elapsed: float) -> None:
            super().show(stage, done, total, elapsed)
            drawn.set()

    out = FakeTerminal()
    with LoadProgress(out, Recording, delay=0, tick=0.01):
        # The engine reports nothing for a while: the bar's own thread draws.
        assert drawn.wait(timeout=10)
    assert "loading starting" in out.getvalue()


def folder_of_documents(path: Path, count: int) -> Path:
    path.mkdir()
    for n in range(count):
        (path / f"part{n:02d}.txt").write_text(f"Part {n} is about apples number {n}.\n")
    return path


@pytest.mark.parametrize(
    "command",
    [
        ["check", "{folder}"],
        ["ask", "--knowledge", "{folder}", "apples"],
        ["chat", "--knowledge", "{folder}"],
    ],
)
def test_cli_loads_show_a_clean_bar_on_stderr(
    command: list[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    folder = folder_of_documents(tmp_path / "kb", 12)
    err = FakeTerminal()
    monkeypatch.setattr(progress_module, "DELAY", 0)
    monkeypatch.setattr(sys, "stderr", err)
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    assert main([part.format(folder=folder) for part in command]) == 0
    text = err.getvalue()
    assert "loading documents" in text
    assert "12/12" in text
    assert stray_characters(text) == []
    assert screen(text)[-1].strip() == ""
    assert capsys.readouterr().out
