"""knowledge.index.postings: CSR postings, pair keys, and merging matches by their strongest."""

from __future__ import annotations

import numpy as np

from knowledge.index.postings import Pairs, Postings, lookup, members, pair_key, strongest


def test_postings_slice_one_array() -> None:
    postings = Postings({"purg": [1, 4, 9], "kulak": [4], "army": []})
    assert postings.get("purg").tolist() == [1, 4, 9]  # type: ignore[union-attr]
    assert postings.get("tsar") is None
    assert postings.count("kulak") == 1
    assert postings.count("tsar") == 0
    assert postings.intersection(("purg", "kulak")).tolist() == [4]
    assert postings.intersection(("purg", "tsar")).tolist() == []
    assert "army" in postings
    assert len(postings) == 3


def test_members_answers_as_isin_does() -> None:
    rng = np.random.default_rng(3)
    for size in (0, 1, 5, 40):
        wanted = np.unique(rng.integers(0, 60, size)).astype(np.int64)
        values = rng.integers(-5, 70, (30, 4)).astype(np.int64)
        assert members(values, wanted).tolist() == np.isin(values, wanted).tolist()


def test_pairs_lay_out_each_sentences_keys() -> None:
    red_army, army_red = pair_key(1, 2), pair_key(2, 1)
    pairs = Pairs([[red_army], [], [army_red, red_army]])
    assert pairs.starts.tolist() == [0, 1, 1, 3]
    assert pairs.keys.tolist() == [red_army, army_red, red_army]


def test_strongest_keeps_the_greatest_strength_by_either_path() -> None:
    rng = np.random.default_rng(7)
    for strengths in ([0.3, 0.9, 0.5, 0.9], [0.8]):  # ties between pieces; one piece alone
        pieces = []
        for strength in strengths:
            positions = np.unique(rng.integers(0, 50, 20)).astype(np.int32)
            pieces.append((positions, strength))
        expected: dict[int, float] = {}
        for positions, strength in pieces:
            for p in positions.tolist():
                expected[p] = max(expected.get(p, 0.0), strength)
        for size in (50, 10_000):  # dense merge, then sorting
            found, kept = strongest(pieces, size)
            assert dict(zip(found.tolist(), kept.tolist(), strict=True)) == expected
            assert found.tolist() == sorted(expected)


def test_lookup_reads_zero_where_nothing_matched() -> None:
    positions = np.array([2, 5], dtype=np.int32)
    found = lookup(positions, np.array([0.5, 1.0]), np.array([-1, 2, 3, 5, 6]))
    assert found.tolist() == [0.0, 0.5, 0.0, 1.0, 0.0]
