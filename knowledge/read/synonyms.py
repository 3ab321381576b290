"""Synonym groups: words a question may use where the text uses another.

Groups come from a knowledge folder's own synonym files (`synonyms.yaml`, or those its
manifest names); general English relations come from `knowledge.words.thesaurus`. Each member
is kept as a tuple of stems, so "labour camps" in a question meets "labor camp" in a group.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import repeat
from pathlib import Path
from typing import Any

import numpy as np

from knowledge.model import KnowledgeError, Problem
from knowledge.read.yamlfile import read_yaml_list
from knowledge.words.text import terms

MAX_PHRASE = 4


@dataclass(frozen=True)
class Synonyms:
    """Maps a phrase (tuple of stems) to the other phrases of its groups."""

    groups: dict[tuple[str, ...], frozenset[tuple[str, ...]]] = field(default_factory=dict)

    def alternatives(self, phrase: tuple[str, ...]) -> frozenset[tuple[str, ...]]:
        return self.groups.get(phrase, frozenset())

    def __len__(self) -> int:
        return len(self.groups)

    def __getstate__(self) -> dict[str, Any]:
        """Saved packed: the phrases as one string and who meets whom as two arrays (as
        ~36,000 tuples and sets, the bundled article's groups were most of its cache)."""
        phrases = sorted({p for k, v in self.groups.items() for p in (k, *v)})
        number = {p: n for n, p in enumerate(phrases)}
        keys = list(self.groups)
        ids = [number[p] for k in keys for p in sorted(self.groups[k])]
        starts = np.cumsum([0, *(len(self.groups[k]) for k in keys)], dtype=np.int64)
        return {
            "phrases": _RS.join(_US.join(p) for p in phrases),
            "keys": np.array([number[k] for k in keys], dtype=np.int64),
            "starts": starts,
            "ids": np.array(ids, dtype=np.int64),
        }

    def __setstate__(self, state: dict[str, Any]) -> None:
        text = state["phrases"]
        phrases = list(map(tuple, map(str.split, text.split(_RS), repeat(_US)))) if text else []
        starts = state["starts"].tolist()
        members = list(map(phrases.__getitem__, state["ids"].tolist()))
        keys = map(phrases.__getitem__, state["keys"].tolist())
        runs = map(members.__getitem__, map(slice, starts, starts[1:]))
        groups = dict(zip(keys, map(frozenset, runs), strict=False))
        object.__setattr__(self, "groups", groups)


_US, _RS = "\x1f", "\x1e"  # between the stems of a phrase; between phrases


def build_synonyms(groups: Iterable[list[str]]) -> Synonyms:
    """Index groups by each member; a member in several groups meets all of their members."""
    table: dict[tuple[str, ...], set[tuple[str, ...]]] = {}
    for group in groups:
        members = {tuple(terms(m)) for m in group}
        members = {m for m in members if m and len(m) <= MAX_PHRASE}
        for member in members:
            table.setdefault(member, set()).update(members - {member})
    return Synonyms({k: frozenset(v) for k, v in table.items() if v})


def read_groups(path: Path, *, relative_to: Path) -> list[list[str]]:
    """A synonyms file: a YAML list of lists of strings. Problems name file and line."""
    name, items = read_yaml_list(path, relative_to=relative_to, items="synonym groups")
    problems = []
    groups = []
    for group, line in items:
        if not isinstance(group, list) or not all(isinstance(w, str) and w.strip() for w in group):
            problems.append(Problem(name, line, "each group must be a list of words or phrases"))
            continue
        groups.append(group)
    if problems:
        raise KnowledgeError(problems)
    return groups


def load_synonyms(files: Iterable[Path], folder: Path) -> Synonyms:
    """The folder's own synonym groups."""
    groups: list[list[str]] = []
    for path in files:
        groups += read_groups(path, relative_to=folder)
    return build_synonyms(groups)
