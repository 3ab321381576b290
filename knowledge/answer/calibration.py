"""Confidence: the probability that the best passage answers the question.

A logistic model over what the best passage and the question say about each other:

- `coverage`: the share of the question's weight the passage covers;
- `matched`: that weight in absolute terms, in units of the rarest word's idf (so it does
  not depend on the size of the text);
- `unknown`: the weight of question words the text never uses ("Chernobyl" says "another
  topic", "happened" little);
- `about`: 1 when the passage opens with a word the question is about ("`uvx` is ...",
  "Advantage reflects ..."), else 0.

The coefficients are fitted by logistic regression across every development text at once
(questions each text answers against questions it does not), checked leave-one-text-out
(`bench/calibrate.py` prints both); 0.5 is where the two are equally likely. Features
tried and left out because they helped one text and not the others when left out of the
fit: the margin over the runner-up, the question's length, the weightiest uncovered word,
the share covered by the passage's own words.
"""

from __future__ import annotations

import math
from typing import NamedTuple


class Features(NamedTuple):
    """One row of the model's input (a tuple: answering reads it four times a question)."""

    coverage: float
    matched: float
    unknown: float
    about: float


# Fitted by bench/calibrate.py: one weight a feature, in Features' order, then the bias.
COEFFICIENTS = (1.17, 5.92, -2.60, 0.77, -4.16)


def calibrate(features: Features, coefficients: tuple[float, ...] = COEFFICIENTS) -> float:
    """P(the passage answers the question)."""
    *weights, bias = coefficients
    z = bias + sum(w * float(x) for w, x in zip(weights, features, strict=True))
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))
