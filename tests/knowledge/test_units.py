"""A section's units as a view of the unit table: it reads like the tuple of `Sentence`s
it stands for, including a section whose rows a sidebar interrupts."""

from __future__ import annotations

import pickle
from pathlib import Path

import knowledge
from knowledge.model import Sentence
from knowledge.read.manifest import DEFAULT_REFERENCE_SECTIONS, DocumentSpec
from knowledge.read.parse import Numbering, parse_document
from knowledge.read.units import Units, UnitTable

GUIDE = """# Guide

## Configure

The widget reads its settings at start-up. It keeps them until it stops.

> ### Safety sidebar
>
> Never oil a widget while it spins.

Back in the configure section, sizes can be changed at any time.
"""


def _configure() -> tuple[Units, str]:
    spec = DocumentSpec(Path("guide.md"), "Guide", "", "", "markdown")
    document = parse_document(spec, GUIDE, DEFAULT_REFERENCE_SECTIONS, Numbering())
    section = next(s for s in document.sections if s.title == "Configure")
    assert isinstance(section.sentences, Units)
    return section.sentences, document.text


def test_a_section_interrupted_by_a_sidebar_reads_as_its_own_units_in_order() -> None:
    units, text = _configure()
    texts = [s.text for s in units]
    assert texts == [
        "The widget reads its settings at start-up.",
        "It keeps them until it stops.",
        "Back in the configure section, sizes can be changed at any time.",
    ]
    assert all(text[s.start : s.end] == s.text for s in units)
    assert units[-1] == units[2]
    assert units[1:] == (units[1], units[2])
    assert [s.id for s in units] == sorted(s.id for s in units)
    assert units[0].id + 1 == units[1].id < units[2].id - 1  # the sidebar's unit between


def test_units_equal_the_tuple_they_stand_for_and_survive_pickling() -> None:
    units, _ = _configure()
    as_tuple = tuple(units)
    assert all(isinstance(s, Sentence) for s in as_tuple)
    assert units == as_tuple
    assert hash(units) == hash(pickle.loads(pickle.dumps(units)))
    assert pickle.loads(pickle.dumps(units)) == units
    assert units.index(as_tuple[2]) == 2
    assert as_tuple[1] in units


def test_a_table_takes_rows_while_parsing_and_reads_them_as_one_array() -> None:
    table = UnitTable()
    first = table.add(7, 1, 0, 5, -1, None, "")
    assert table.sentence(first, "s", "Hello world").text == "Hello"
    second = table.add(8, 1, 6, 11, -1, (0, 5), "Tab")
    row = table.sentence(second, "s", "Hello world")
    assert (row.id, row.text, row.header, row.label) == (8, "world", (0, 5), "Tab")
    assert table.rows.shape == (2, 8)


TABLES = """# Widgets

Table: Widget sizes

| Size | Teeth |
|------|-------|
| Small | 12 |
| Large | 48 |

To reset a widget, do these in order:

1. Unplug the widget.
2. Hold the reset pin.

A plain closing sentence. And another one.
"""


def test_the_index_quotes_as_sentences_do(tmp_path: Path) -> None:
    (tmp_path / "widgets.md").write_text(TABLES, encoding="utf-8")
    for folder in (None, tmp_path):
        kb = knowledge.load(folder)
        index = kb._index
        texts = {d.title: d.text for d in kb.documents}
        headed = 0
        for position in range(index.count):
            section = index.sections[int(index.section_of[position])]
            for last in range(position, min(position + 3, index.count)):
                if index.section_of[last] != index.section_of[position]:
                    break
                first_unit, last_unit = index.sentence(position), index.sentence(last)
                headed += first_unit.header is not None
                text = texts[section.document]
                assert index.quote(position, last, text) == first_unit.quote(text, last_unit)
    assert headed  # the table rows were quoted with their header
