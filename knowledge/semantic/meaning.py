"""A knowledge base's meaning: its unit vectors, and the closest units to a question."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np
import numpy.typing as npt

from knowledge.index.planning import Query
from knowledge.semantic.encoder import Encoder

Vector = npt.NDArray[np.float32]
QUESTION_MEMORY = 4096  # learned questions' vectors kept per process, by text


class Spanned(Protocol):
    """What a candidate shows of itself here: the unit positions it quotes."""

    @property
    def first(self) -> int: ...

    @property
    def last(self) -> int: ...


class FaqPlans:
    """Each curated entry's phrasings planned as questions (`Index.query`), each entry
    planned when a question first comes near it in meaning: planning them all took a
    quarter of a cached load, and a question needs only the few it is close to. Two
    threads may plan one entry at once: the same plans, one kept."""

    def __init__(self, plan: Callable[[str], Query], phrasings: Sequence[Sequence[str]]):
        self._plan = plan
        self.phrasings = tuple(tuple(entry) for entry in phrasings)
        self._planned: dict[int, tuple[Query, ...]] = {}

    def __len__(self) -> int:
        return len(self.phrasings)

    def __getitem__(self, entry: int) -> tuple[Query, ...]:
        planned = self._planned.get(entry)
        if planned is None:
            planned = tuple(self._plan(text) for text in self.phrasings[entry])
            self._planned[entry] = planned
        return planned


@dataclass(frozen=True, slots=True)
class Status:
    """What `check`, `run --check-config` and `/status` say about the sentence model."""

    on: bool
    detail: str

    def __str__(self) -> str:
        return f"meaning (semantic extra): {'on' if self.on else 'off'}, {self.detail}"


class Meaning:
    """Unit vectors (float32 in memory, for BLAS: float16 matrix products in numpy are
    slower than the model) and the encoder that embeds questions. Immutable but for the
    memory of learned questions' vectors (a cache: losing a race costs one embedding)."""

    def __init__(
        self,
        encoder: Encoder,
        vectors: npt.NDArray[np.floating],
        faq_plans: FaqPlans,
        faq_vectors: npt.NDArray[np.floating] | None = None,
        status: Status | None = None,
    ) -> None:
        """`faq_plans`: each curated entry's phrasings (its question and alternates),
        planned as questions on demand; `faq_vectors` their vectors, in order."""
        self.encoder = encoder
        self.vectors: npt.NDArray[np.float32] = np.ascontiguousarray(vectors, dtype=np.float32)
        self.faq_plans = faq_plans
        self.faq_entry_of = np.array(
            [n for n, entry in enumerate(self.faq_plans.phrasings) for _ in entry], np.int64
        )
        self.faq_count = len(self.faq_plans)
        dimensions = self.vectors.shape[1]
        self.faq_vectors: npt.NDArray[np.float32] = (
            np.zeros((0, dimensions), np.float32)
            if faq_vectors is None
            else np.ascontiguousarray(faq_vectors, dtype=np.float32)
        )
        self.status = status or Status(True, encoder.name)
        self._remembered: dict[str, Vector] = {}

    def ask(self, text: str, dense: int) -> Asked:
        return Asked(self, text, dense)

    def faq_cosines(self, vector: Vector) -> npt.NDArray[np.float32]:
        """Per curated entry, its closest phrasing's cosine to a vector."""
        out = np.full(self.faq_count, -1.0, np.float32)
        if len(self.faq_vectors):
            np.maximum.at(out, self.faq_entry_of, self.faq_vectors @ vector)
        return out

    def questions(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        """Vectors of questions (learned ones), remembered by text: a server's set is
        rebuilt on every change, and embedding it again each time would cost seconds."""
        new = list(dict.fromkeys(t for t in texts if t not in self._remembered))
        if new:
            if len(self._remembered) + len(new) > QUESTION_MEMORY:
                self._remembered = {}
            self._remembered.update(zip(new, self.texts(new), strict=True))
        if not texts:
            return np.zeros((0, self.vectors.shape[1]), np.float32)
        return np.stack([self._remembered[t] for t in texts])

    def __len__(self) -> int:
        return len(self.vectors)

    def question(self, text: str) -> Vector:
        return self.encoder.encode_one(text)

    def texts(self, texts: list[str]) -> npt.NDArray[np.float32]:
        """Vectors of other texts (FAQ and learned questions)."""
        if not texts:
            return np.zeros((0, self.vectors.shape[1]), np.float32)
        return self.encoder.encode(texts)

    def cosines(self, vector: Vector) -> npt.NDArray[np.float32]:
        """Every unit's cosine to a vector (all are normalised): brute force, one product."""
        return self.vectors @ vector

    @staticmethod
    def nearest(cosines: npt.NDArray[np.float32], k: int) -> list[int]:
        """The k best positions, best first, ties to the earlier unit."""
        if k <= 0 or len(cosines) == 0:
            return []
        k = min(k, len(cosines))
        top = np.argpartition(-cosines, k - 1)[:k]
        return sorted(top.tolist(), key=lambda p: (-float(cosines[p]), p))


class Asked:
    """One question as the model sees it: its cosine to every unit and to every curated
    FAQ phrasing, and the units closest to it."""

    __slots__ = ("cosines", "dense", "faq_cosines", "faq_plans", "vector")

    def __init__(self, meaning: Meaning, text: str, dense: int) -> None:
        self.vector = meaning.question(text)
        self.cosines = meaning.cosines(self.vector)
        self.dense = set(meaning.nearest(self.cosines, dense))
        self.faq_cosines = meaning.faq_cosines(self.vector)
        self.faq_plans = meaning.faq_plans

    def cosine_of(self, candidate: Spanned) -> float:
        """A candidate's closeness to the question: its closest unit's."""
        if candidate.first < 0:
            return 0.0
        return float(self.cosines[candidate.first : candidate.last + 1].max())

    def similar(self, vectors: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
        """Cosines to other texts' vectors (learned questions)."""
        return vectors @ self.vector if len(vectors) else np.zeros(0, np.float32)
