"""One long document parses in work proportional to its length (issue 10: a 25.7 MB file
took 98 s where the same text split over files took 41 s). Work is counted, not timed."""

from __future__ import annotations

from pathlib import Path
from typing import SupportsIndex

from knowledge.read.manifest import DEFAULT_REFERENCE_SECTIONS, DocumentSpec
from knowledge.read.parse import parse_document


class ScanCountingText(str):
    """A document text that adds up how many characters `str.count` is asked to scan."""

    scanned = 0

    def count(
        self, sub: str, start: SupportsIndex | None = None, end: SupportsIndex | None = None
    ) -> int:
        first, last, _ = slice(start, end).indices(len(self))
        ScanCountingText.scanned += max(0, last - first)
        return super().count(sub, start, end)


def long_document(sections: int) -> str:
    parts = ["A lead sentence about apples."]
    for n in range(sections):
        parts += [f"== Orchard {n} ==", f"Orchard {n} grows apples. It was planted in {n}."]
    return "\n".join(parts) + "\n"


def test_line_numbers_of_many_sections_cost_one_pass_over_the_text() -> None:
    text = ScanCountingText(long_document(2000))
    ScanCountingText.scanned = 0
    spec = DocumentSpec(Path("orchards.txt"), "Orchards", "", "", "wikipedia")
    document = parse_document(spec, text, DEFAULT_REFERENCE_SECTIONS)
    assert len(document.sections) == 2001
    for section in document.sections:
        assert section.line == str.count(text, "\n", 0, section.start) + 1
    # Counting each heading's line from the top scanned ~2000 x half the text.
    assert ScanCountingText.scanned <= 2 * len(text)
