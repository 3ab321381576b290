"""Words and meaning together: the lexical ranking reordered by the sentence model.

With the semantic extra, a question's vector finds the units closest in meaning over the
whole text (`knowledge.semantic.meaning`); they join the lexical candidates and are scored
lexically like the rest, so every candidate keeps the features the confidence is computed
from. The best few are then reordered by a blend of their lexical rank and their cosine
to the question. The answer/decline decision stays the lexical engine's: near-miss
off-topic questions have high cosines, and the cosine did not make a better gate.

The constants were fitted on the uncurated development texts together, and checked
leave-one-text-out (`bench/fusion.py` prints both).
"""

from __future__ import annotations

from collections.abc import Callable

from knowledge.answer.scoring import Candidate

DENSE = 4  # units taken by meaning alone, over the whole text
LEXICAL_DEPTH = 5  # lexical candidates that are reordered
LEXICAL_WEIGHT = 0.2  # the rank's share of the blend; the cosine has the rest
BEYOND = 0.5  # the rank credit of a unit found by meaning below the lexical depth
# Curated and learned entries were matched question to question: they keep their place.
KEPT = ("faq", "learned")


def fused(
    candidates: list[Candidate],
    cosine_of: Callable[[Candidate], float],
    dense: set[int],
) -> list[Candidate]:
    """`candidates` (distinct, lexical order) reordered: the lexical top and any candidate
    holding a unit found by meaning, by blend; the rest after them, as they were."""
    blended: list[tuple[float, int, Candidate]] = []
    rest: list[Candidate] = []
    for rank, candidate in enumerate(candidates):
        found = candidate.first >= 0 and any(
            p in dense for p in range(candidate.first, candidate.last + 1)
        )
        if candidate.kind in KEPT and rank < LEXICAL_DEPTH:
            blended.append((2.0 - rank / LEXICAL_DEPTH, rank, candidate))
        elif rank < LEXICAL_DEPTH or found:
            credit = 1 - rank / LEXICAL_DEPTH if rank < LEXICAL_DEPTH else BEYOND
            score = LEXICAL_WEIGHT * credit + (1 - LEXICAL_WEIGHT) * cosine_of(candidate)
            blended.append((score, rank, candidate))
        else:
            rest.append(candidate)
    blended.sort(key=lambda item: (-item[0], item[1]))
    return [c for _, _, c in blended] + rest
