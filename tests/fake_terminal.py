"""What a terminal shows for text drawn over itself with carriage returns (progress bars)."""

from __future__ import annotations

import io


class FakeTerminal(io.StringIO):
    """A stream that says it is a terminal and keeps everything written to it."""

    def isatty(self) -> bool:
        return True


def screen(text: str) -> list[str]:
    """The lines a terminal shows: each "\\r" draws from the first column over what is there."""
    lines = []
    for line in text.split("\n"):
        visible = ""
        for frame in line.split("\r"):
            visible = frame + visible[len(frame) :]
        lines.append(visible)
    return lines


def stray_characters(text: str) -> list[str]:
    """Lines left showing more than the frame last drawn on them.

    A shorter frame drawn over a longer one leaves the longer one's tail on screen unless it
    pads or erases it: `building faq [###...] 1/14/3824`."""
    stray = []
    for line in text.split("\n"):
        visible = ""
        for frame in line.split("\r"):
            visible = frame + visible[len(frame) :]
            if visible.rstrip() != frame.rstrip():
                stray.append(visible)
    return stray
