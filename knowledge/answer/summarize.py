"""Extractive section summaries: a few of a section's own sentences, verbatim, in order.

A sentence represents its section when it shares the words the section keeps using; the
opening sentence, which usually introduces the topic, gets a head start.
"""

from __future__ import annotations

import math
from collections import Counter

from knowledge.model import Section, Summary
from knowledge.words.text import terms

TARGET_CHARS = 600
MAX_CHARS = 1500  # well under an embed description's 4096


def summarize(section: Section, *, target: int = TARGET_CHARS) -> Summary:
    """Pick the most representative sentences until about `target` characters."""
    shown = section.sentences.listed_texts()  # a list item from its marker
    return Summary(section.id, tuple(shown[i] for i in summary_positions(section, target=target)))


def summary_positions(section: Section, *, target: int = TARGET_CHARS) -> tuple[int, ...]:
    """The summary's sentences as positions in the section, in order: an answer quotes
    them where they stand, so each excerpt stays a verbatim slice."""
    sentences = section.sentences
    if not sentences:
        return ()
    bags = [set(terms(s.text)) for s in sentences]
    frequency = Counter(t for bag in bags for t in bag)
    heading = set(terms(" ".join(section.path)))

    def weight(position: int) -> float:
        bag = bags[position]
        if not bag:
            return 0.0
        shared: float = sum(frequency[t] - 1 for t in bag) / math.sqrt(len(bag))
        bonus = 2.0 * len(bag & heading) + (3.0 if position == 0 else 0.0)
        return shared + bonus

    ranked = sorted(range(len(sentences)), key=lambda i: (-weight(i), i))
    chosen: list[int] = []
    size = 0
    for position in ranked:
        length = len(sentences[position].text)
        if chosen and (size + length > MAX_CHARS or size >= target):
            break
        if not chosen and length > MAX_CHARS:
            continue
        chosen.append(position)
        size += length + 1
    if not chosen:  # every sentence is over the limit: keep the shortest whole sentence
        chosen = [min(range(len(sentences)), key=lambda i: len(sentences[i].text))]
    return tuple(sorted(chosen))
