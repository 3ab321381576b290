"""The knowledge the benchmark runs on: two corpora, each at any multiple of the article.

- `synthetic` (bench/synth.py): the article's sentences repeated N times; 1× is the
  bundled knowledge itself, with its curated FAQ and synonyms. A ~7k-word vocabulary
  whatever N, and every sentence N times.
- `realistic` (bench/realistic.py): distinct sentences from three texts with invented
  names, ~100k words of vocabulary at 500×; 1× too is generated.

Each comes with the sentences placed, one a line: what the BM25 libraries index.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import realistic
import synth

from knowledge import DEFAULT_KNOWLEDGE
from knowledge.words.text import words

CACHE = Path(__file__).resolve().parent / ".cache"
CORPORA = ("synthetic", "realistic")


@dataclass(frozen=True, slots=True)
class Knowledge:
    corpus: str
    size: int
    folder: Path
    sentences: Path

    @property
    def label(self) -> str:
        if self.corpus == "synthetic" and self.size == 1:
            return "bundled article (1×)"
        return f"{self.corpus} {self.size}×"

    def lines(self) -> list[str]:
        return self.sentences.read_text(encoding="utf-8").splitlines()

    def text_mb(self) -> float:
        return (
            sum(p.stat().st_size for p in self.folder.iterdir() if p.suffix in (".txt", ".md"))
            / 1e6
        )

    def vocabulary(self) -> int:
        """Distinct words of three letters or more, numbers aside: what typos are looked up in."""
        found: set[str] = set()
        for line in self.lines():
            found.update(w for w in words(line) if len(w) >= 3 and not w.isdigit())
        return len(found)


def knowledge_for(corpus: str, size: int) -> Knowledge:
    """The folder and sentences file, generated now unless an up-to-date one is cached."""
    if corpus == "synthetic" and size == 1:
        sentences = CACHE / "default.sentences.txt"
        CACHE.mkdir(parents=True, exist_ok=True)
        text = "\n".join(s.text for s in synth.source_sentences()) + "\n"
        if not sentences.exists() or sentences.read_text(encoding="utf-8") != text:
            sentences.write_text(text, encoding="utf-8")
        return Knowledge(corpus, size, DEFAULT_KNOWLEDGE, sentences)
    if corpus == "synthetic":
        folder = synth.folder(size)
    elif corpus == "realistic":
        folder = realistic.folder(size)
    else:
        raise ValueError(f"unknown corpus {corpus!r}; choose from {', '.join(CORPORA)}")
    return Knowledge(corpus, size, folder, synth.sentences_file(folder))
