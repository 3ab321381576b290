"""Confidence: the probability that the best passage answers the question.

A logistic model over what the best passage and the question say about each other:

- `coverage`: the share of the question's weight the passage covers;
- `matched`: that weight in absolute terms, in units of the rarest word's idf (so it does
  not depend on the size of the text);
- `unknown`: the weight of question words the text never uses ("Chernobyl" says "another
  topic", "happened" little);
- `own`: the share its own words cover exactly (not through a heading, a neighbour, a
  synonym or a corrected typo);
- `margin`: how far it is ahead of the next passage in coverage;
- `terms`: how many content words the question has;
- `gap`: the weight of the question word the passage most fails to cover (a near miss
  shares the text's words but one, and that one says what the question is about).

The coefficients are fitted by logistic regression across every development text at once
(questions each text answers against questions it does not), checked leave-one-text-out
(`bench/calibrate.py` prints both); 0.5 is where the two are equally likely.
"""

from __future__ import annotations

import math
from dataclasses import astuple, dataclass


@dataclass(frozen=True, slots=True)
class Features:
    coverage: float
    matched: float
    unknown: float
    own: float
    margin: float
    terms: int
    gap: float


# Fitted by bench/calibrate.py: one weight a feature, in Features' order, then the bias.
COEFFICIENTS = (1.0, 3.5, -0.75, 0.0, 0.0, 0.0, 0.0, -2.45)


def calibrate(features: Features, coefficients: tuple[float, ...] = COEFFICIENTS) -> float:
    """P(the passage answers the question)."""
    *weights, bias = coefficients
    z = bias + sum(w * float(x) for w, x in zip(weights, astuple(features), strict=True))
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))
