# ruff: noqa: PLC0415  (tqdm is optional: imported where it is used)
"""citebot's progress bar for knowledge loads: drawn by tqdm when it is installed
(`pip install citebot[progress]`), else by the engine's plain one.

The engine reports how a build goes and draws nothing; the offline CLI's `LoadProgress`
decides when and where a bar shows (on a terminal, past a delay). This only chooses how it
looks: tqdm sizes the bar to the terminal and draws it with block characters.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TextIO

from knowledge.cli.cli import LoadProgress

if TYPE_CHECKING:
    from tqdm import tqdm

DELAY = 1.0  # seconds a load runs before its bar is shown
FORMAT = "{desc} {percentage:3.0f}%|{bar}| {n_fmt}/{total_fmt}{postfix}"


class TqdmDisplay:
    """One tqdm bar, told the stage, counts and time since the load began."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.bar: tqdm[Any] | None = None  # made at the first show: tqdm draws when made

    def show(self, stage: str, done: int, total: int, elapsed: float) -> None:
        from tqdm import tqdm

        desc, postfix = f"loading {stage}", f"{elapsed:.0f} s"
        bar = self.bar
        if bar is None:
            self.bar = tqdm(
                file=self.stream,
                leave=False,
                bar_format=FORMAT,
                dynamic_ncols=True,
                total=total,
                initial=done,
                desc=desc,
                postfix=postfix,
            )
            return
        bar.total = total
        bar.n = done
        bar.set_description_str(desc, refresh=False)
        bar.set_postfix_str(postfix, refresh=False)
        bar.refresh()

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def has_tqdm() -> bool:
    try:
        import tqdm  # noqa: F401
    except ImportError:
        return False
    return True


def load_progress(stream: TextIO) -> LoadProgress:
    """The `progress` for one load drawn on `stream` (stderr): tqdm's bar, or the plain one."""
    if has_tqdm():
        return LoadProgress(stream, TqdmDisplay, delay=DELAY)
    return LoadProgress(stream, delay=DELAY)
