"""The word tables an answer needs, loaded while knowledge loads, never on a first question.

WordNet and related words (`thesaurus`, ~5 ms to open), the everyday words a misspelling
is checked against (~35 ms) and wordfreq itself, for the numbers and hyphenated words its
tokenizer must read (`english`, ~0.1 s to import): on threads while a knowledge base is
built.
"""

from __future__ import annotations

import threading

from knowledge.words import english, thesaurus


def in_background() -> list[threading.Thread]:
    """Start loading what is not loaded yet, each table on a daemon thread (once)."""
    started = (thesaurus.warm_in_background(), english.warm_spelling_in_background())
    return [thread for thread in started if thread is not None]


def what_the_first_question_needs() -> None:
    """Load, now, the tables nearly every question reads (~40 ms)."""
    thesaurus.warm()
    english.warm_spelling()


def wait(threads: list[threading.Thread]) -> None:
    """Let the loading threads finish: an answer sharing the GIL with one took 5-20 ms."""
    for thread in threads:
        thread.join()
