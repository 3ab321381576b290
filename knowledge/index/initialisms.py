"""Initialisms: two letters the text never uses may be the initials of a phrase it uses
often ("hp" for "hit points")."""

from __future__ import annotations

import numpy as np

from knowledge.index.postings import Pairs, Postings


def initialisms_of(pairs: Pairs, postings: Postings) -> dict[str, tuple[str, str]]:
    """Two letters -> the two-word phrase of the text with those initials that the most
    units use ("hp" -> "hit points"), among phrases at least two units use (a sort of every
    unit's pairs)."""
    keys, units = np.unique(pairs.keys, return_counts=True)
    keep = units >= 2
    keys, units = keys[keep], units[keep]
    stems = [""] * (max(postings.ids.values(), default=-1) + 1)
    for term, number in postings.ids.items():
        stems[number] = term
    first = np.array([ord(t[0]) if t and t[0].isalpha() else 0 for t in stems] or [0])
    a, b = first[keys >> 32], first[keys & 0xFFFFFFFF]
    fine = (a > 0) & (b > 0)
    keys, units, a, b = keys[fine], units[fine], a[fine], b[fine]
    code = a * 0x110000 + b
    order = np.lexsort((keys, -units, code))  # per code: most units, then lowest key
    code, keys = code[order], keys[order]
    head = np.r_[True, code[1:] != code[:-1]] if len(code) else np.zeros(0, dtype=bool)
    return {
        chr(c // 0x110000) + chr(c % 0x110000): (stems[k >> 32], stems[k & 0xFFFFFFFF])
        for c, k in zip(code[head].tolist(), keys[head].tolist(), strict=True)
    }
