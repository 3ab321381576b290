"""knowledge.words.sortedtable: the word tables are looked up in their sorted files."""

from __future__ import annotations

from pathlib import Path

import pytest

from knowledge.words import thesaurus
from knowledge.words.sortedtable import SortedTable

TABLES = (thesaurus.WORDNET, thesaurus.RELATED, thesaurus.OPPOSITES)


def _lines(path: Path) -> list[tuple[str, str]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            key, value = line.split("\t", 1)
            rows.append((key, value))
    return rows


@pytest.mark.parametrize("path", TABLES, ids=lambda p: p.name)
def test_a_word_table_is_sorted_by_key_each_key_once(path: Path) -> None:
    """What a binary search needs: the derive scripts must keep writing them so."""
    keys = [key for key, _ in _lines(path)]
    assert keys == sorted(keys)
    assert len(set(keys)) == len(keys)


@pytest.mark.parametrize("path", TABLES, ids=lambda p: p.name)
def test_every_line_is_found_by_its_key(path: Path) -> None:
    table = SortedTable.read(path)
    rows = _lines(path)
    assert len(table) == len(rows)
    assert all(table.get(key) == value for key, value in rows)
    assert table.keys() == [key for key, _ in rows]


def test_a_key_the_table_lacks_is_none_wherever_it_would_sort() -> None:
    table = SortedTable(b"# a comment\nbeta\tb\ndelta\td\nepsilon\t\n")
    assert table.get("beta") == "b"
    assert table.get("epsilon") == ""
    for missing in ("", "alpha", "bet", "betas", "gamma", "zeta", "delta\td"):
        assert table.get(missing) is None
    assert SortedTable(b"").get("x") is None
    assert SortedTable(b"only\tone").get("only") == "one"  # no final line break
