"""A progress bar on a terminal while knowledge loads, for the command line.

The engine reports a build as `progress(stage, done, total)` calls (`knowledge.load`).
`LoadProgress` turns them into one line on a terminal: only once the load has taken longer
than `delay` (a quick load shows nothing), redrawn by a thread of its own as well (one long
step reports nothing for a while, and the bar should still show time passing), erased when
the load ends, never written to a stream that is not a terminal.

How the line looks is a `Display`. `PlainDisplay` uses the standard library only (the engine
depends on no terminal library); citebot's command line passes tqdm's when it is installed.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from types import TracebackType
from typing import Protocol, TextIO

DELAY = 1.0  # seconds a load runs before its bar is shown
TICK = 0.25  # seconds between redraws when the engine reports nothing


class Display(Protocol):
    """Draws the bar's one line; `close` leaves the line blank for what follows."""

    def show(self, stage: str, done: int, total: int, elapsed: float) -> None: ...
    def close(self) -> None: ...


DisplayFactory = Callable[[TextIO], Display]


class PlainDisplay:
    """`loading documents [#########.....] 14/3824  3 s`, drawn over itself."""

    def __init__(self, stream: TextIO, width: int = 30) -> None:
        self.stream = stream
        self.width = width
        self.shown = 0  # length of the line on screen

    def show(self, stage: str, done: int, total: int, elapsed: float) -> None:
        filled = self.width * min(done, total) // max(1, total)
        bar = "#" * filled + "." * (self.width - filled)
        self._draw(f"loading {stage:<9} [{bar}] {done}/{total}  {elapsed:.0f} s")

    def close(self) -> None:
        if self.shown:
            self._draw("")
            self.stream.write("\r")
            self.stream.flush()

    def _draw(self, line: str) -> None:
        # Pad over whatever the longer line before left ("1/1" drawn over "14/3824").
        self.stream.write("\r" + line + " " * max(0, self.shown - len(line)))
        self.stream.flush()
        self.shown = len(line)


class LoadProgress:
    """The `progress` callback for one load: `with LoadProgress(sys.stderr) as progress:`."""

    def __init__(
        self,
        stream: TextIO,
        display: DisplayFactory = PlainDisplay,
        *,
        delay: float | None = None,
        tick: float = TICK,
    ) -> None:
        """`delay`: seconds before the bar is shown (default DELAY)."""
        self.stream = stream
        self.delay = DELAY if delay is None else delay
        self.tick = tick
        self._factory = display
        self._display: Display | None = None
        self._state = ("starting", 0, 1)
        self._started = time.monotonic()
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def __call__(self, stage: str, done: int, total: int) -> None:
        with self._lock:
            self._state = (stage, done, total)
            if self._thread is not None:
                self._draw_if_due()

    def __enter__(self) -> LoadProgress:
        self._started = time.monotonic()
        if _is_terminal(self.stream):
            self._thread = threading.Thread(target=self._redraw, name="load-progress", daemon=True)
            self._thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        with self._lock:
            if self._display is not None:
                self._display.close()
                self._display = None

    def _redraw(self) -> None:
        while not self._stop.wait(self.tick):
            with self._lock:
                self._draw_if_due()

    def _draw_if_due(self) -> None:
        """Draw the current state once the load has run `delay` seconds (lock held)."""
        elapsed = time.monotonic() - self._started
        if self._display is None and elapsed < self.delay:
            return
        if self._display is None:
            self._display = self._factory(self.stream)
        self._display.show(*self._state, elapsed)


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # no isatty, or a closed stream
        return False
