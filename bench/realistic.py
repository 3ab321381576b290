"""Realistic knowledge N times the bundled article: distinct text, a growing vocabulary.

    python bench/realistic.py 50            # -> bench/.cache/real-50x/ (reused if already made)
    python bench/realistic.py 2 --out DIR   # somewhere else
    python bench/realistic.py 500 --check   # then run `python -m knowledge check` on it

bench/synth.py repeats the article, so its vocabulary stays at ~7k words and every sentence
occurs N times: typo correction looks cheap and answers depend on tie order. Here each
sentence is drawn from a pool of prose sentences of three texts (the bundled article and
the two dev texts under ../shared/eval/sets, read at run time), sometimes spliced with
another at a comma, and its names, long words and numbers are swapped for invented ones.
Invented words come from a pool that grows with N, so the vocabulary reaches about 100k
words at 500×; no sentence is placed twice. Documents alternate between wiki text
(`== Heading ==`) and Markdown (`# Title`, `## Heading`), with a few subsections.
Same seed, size and sources: same bytes. `<folder>.sentences.txt` lists the sentences
placed, one a line: the corpus the BM25 libraries index in bench/scale.py.
"""

from __future__ import annotations

import argparse
import hashlib
import math
import random
import re
import shutil
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

import synth

import knowledge

HERE = Path(__file__).resolve().parent
CACHE = HERE / ".cache"
SETS = HERE.parent.parent / "shared" / "eval" / "sets"  # the dev texts, beside the repository
DEV_TEXTS = ("uv-docs", "dnd-srd")
SEED = 20261130
VERSION = 1  # bump when the output for a given (size, seed, sources) changes
NAMES_PER_SIZE = 240  # invented words per size: ~100k distinct words of vocabulary at 500×
_POPULAR = 5000  # invented words that recur often, as a text's main names do

_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_MARKUP = re.compile(r"[`*]|<[^>]+>|(?<!\w)_|_(?!\w)")
_NOT_PROSE = re.compile(r"^(?:[-*+|>#=!]|\d+[.)]\s)")
_NAME = re.compile(r"(?<=\S )[A-Z][a-z]{2,}\b")
_LONG = re.compile(r"\b[a-z]{8,}\b")
_NUMBER = re.compile(r"\b\d{1,4}\b")
_ONSETS = "b br c ch d dr f g gr h k kr l m n p pr r s sh st t tr v z th w y j sk".split()
_VOWELS = "a e i o u a e i o ai ei ou ia".split()
_CODAS = ["", "", "", "n", "r", "l", "s", "th", "k", "m", "nd", "rt", "x"]


def pool_sentences(sets: Path = SETS) -> list[str]:
    """Prose sentences of the article and the dev texts: one line, markup stripped."""
    found = [s.text for s in synth.source_sentences()]
    for name in DEV_TEXTS:
        folder = sets / name / "knowledge"
        if not folder.is_dir():
            raise SystemExit(
                f"bench/realistic.py needs the dev texts: {folder} is missing "
                "(expected the shared eval sets beside the repository; pass --sets DIR)"
            )
        kb = knowledge.load(folder)
        found += [
            x.text
            for d in kb.documents
            for s in d.sections
            if not s.reference_only
            for x in s.sentences
        ]
    return _prose(found)


def _prose(texts: Iterable[str]) -> list[str]:
    out: dict[str, None] = {}
    for text in texts:
        if "\n" in text or _NOT_PROSE.match(text):
            continue
        clean = " ".join(_MARKUP.sub("", _LINK.sub(r"\1", text)).split())
        if 25 <= len(clean) <= 400 and clean[-1] in ".!?" and len(clean.split()) >= 5:
            out.setdefault(clean)
    return list(out)


def invented_words(count: int, taken: set[str], rng: random.Random) -> list[str]:
    """`count` distinct pronounceable words of 2-4 syllables, none of them in `taken`."""
    out: dict[str, None] = {}
    while len(out) < count:
        syllables = rng.choice((2, 2, 3, 3, 3, 4))
        word = "".join(
            rng.choice(_ONSETS) + rng.choice(_VOWELS) + rng.choice(_CODAS) for _ in range(syllables)
        )
        if 4 <= len(word) <= 14 and word not in taken:
            out.setdefault(word)
    return list(out)


class _Rewriter:
    """Turns a pool sentence into a new one: splice, then invented names, words, numbers."""

    def __init__(self, pool: list[str], size: int, rng: random.Random) -> None:
        self.pool = pool
        self.rng = rng
        taken = {w.casefold() for s in pool for w in re.findall(r"[A-Za-z]+", s)}
        self.words = invented_words(NAMES_PER_SIZE * size, taken, random.Random(SEED))

    def invented(self) -> str:
        """Often a frequent word (Zipf over the first few thousand), else any of the pool."""
        if self.rng.random() < 0.35:
            rank = int(math.exp(self.rng.uniform(0, math.log(_POPULAR)))) - 1
            return self.words[min(len(self.words) - 1, rank)]
        return self.words[self.rng.randrange(len(self.words))]

    def sentence(self) -> str:
        rng = self.rng
        text = rng.choice(self.pool)
        if rng.random() < 0.3:  # splice: this sentence's head, another's tail
            other = rng.choice(self.pool)
            head, tail = text.find(", "), other.find(", ")
            if head > 10 and tail > 0:
                text = text[:head] + other[tail:]
        names: dict[str, str] = {}

        def name(match: re.Match[str]) -> str:
            word = match.group()
            if word not in names:
                names[word] = self.invented().capitalize() if rng.random() < 0.7 else word
            return names[word]

        def long_word(match: re.Match[str]) -> str:
            return self.invented() if rng.random() < 0.12 else match.group()

        text = _NAME.sub(name, text)
        text = _LONG.sub(long_word, text)
        return _NUMBER.sub(lambda m: _number(m.group(), rng), text)

    def distinct(self, seen: set[str]) -> str:
        """A sentence not placed before: redrawn, then given one more invented word."""
        for _ in range(5):
            text = self.sentence()
            if text not in seen:
                return text
        words = text.split(" ")
        while text in seen:
            words[self.rng.randrange(1, len(words))] = self.invented()
            text = " ".join(words)
        return text


def _number(digits: str, rng: random.Random) -> str:
    value = int(digits)
    if len(digits) == 4 and 1000 <= value <= 2100:
        return str(rng.randint(1700, 2030))  # a year stays a year
    return str(rng.randint(0, 10 ** len(digits) - 1))


def generate(size: int, out: Path, seed: int = SEED, sets: Path = SETS) -> tuple[int, int]:
    """Write the size× folder to `out` (replacing it); (documents, sentences) written."""
    if size < 1:
        raise ValueError("size must be at least 1")
    pool = pool_sentences(sets)
    rng = random.Random(f"{seed}:{size}")
    rewriter = _Rewriter(pool, size, rng)
    seen: set[str] = set()
    total = size * len(synth.source_sentences())
    sentences = []
    for _ in range(total):
        text = rewriter.distinct(seen)
        seen.add(text)
        sentences.append(text)
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    manifest = [
        "# Realistic knowledge made by bench/realistic.py: sentences of the Stalinism article",
        "# (Wikipedia, CC BY-SA 4.0), the uv user guide (MIT OR Apache-2.0, Astral Software",
        "# Inc.) and the D&D SRD 5.2 (CC BY 4.0, Wizards of the Coast), recombined with",
        f"# invented names. size {size}x, seed {seed}, version {VERSION}. Regenerate, do not edit.",
        "documents:",
    ]
    placed: list[str] = []
    pos = number = 0
    while pos < len(sentences):
        number += 1
        markdown = number % 2 == 0
        name = f"doc-{number:05d}.{'md' if markdown else 'txt'}"
        lines = [f"# {rewriter.invented().capitalize()} {number}", ""] if markdown else []
        taken: set[str] = set()
        for part in range(rng.randint(3, 6)):
            if pos >= len(sentences):
                break
            body = sentences[pos : pos + rng.randint(4, 12)]
            pos += len(body)
            placed += body
            deeper = part > 0 and rng.random() < 0.25
            title = synth._heading(body, taken)
            if lines and lines[-1]:
                lines.append("")
            lines.append(_heading_line(title, markdown, deeper))
            lines.append("")
            i = 0
            while i < len(body):
                step = rng.randint(1, 4)
                lines += [" ".join(body[i : i + step]), ""]
                i += step
        (out / name).write_text("\n".join(lines).rstrip() + "\n", encoding="utf-8")
        manifest += [
            f"  - file: {name}",
            f"    title: Realistic {number:05d}",
            f"    url: https://example.org/realistic/{size}x/{number:05d}",
            "    licence: CC BY-SA 4.0",
            f"    anchors: {'markdown' if markdown else 'wikipedia'}",
        ]
    manifest += ["options:", "  threshold: 0.5"]
    (out / "manifest.yaml").write_text("\n".join(manifest) + "\n", encoding="utf-8")
    synth.sentences_file(out).write_text("\n".join(placed) + "\n", encoding="utf-8")
    return number, len(placed)


def _heading_line(title: str, markdown: bool, deeper: bool) -> str:
    if markdown:
        return f"{'###' if deeper else '##'} {title}"
    marks = "===" if deeper else "=="
    return f"{marks} {title} {marks}"


def _stamp(size: int, seed: int, sets: Path) -> str:
    digest = hashlib.sha256(Path(__file__).read_bytes() + Path(synth.__file__).read_bytes())
    digest.update(synth.SOURCE.read_bytes())
    for name in DEV_TEXTS:
        for path in sorted((sets / name / "knowledge").glob("*")):
            digest.update(path.read_bytes())
    return f"size={size} seed={seed} version={VERSION} code={digest.hexdigest()[:16]}\n"


def folder(size: int, seed: int = SEED, cache: Path = CACHE, sets: Path = SETS) -> Path:
    """The size× folder under the cache, made now unless an up-to-date one is there."""
    out = cache / f"real-{size}x" if seed == SEED else cache / f"real-{size}x-s{seed}"
    stamp = out.with_name(out.name + ".stamp")
    wanted = _stamp(size, seed, sets)
    if out.is_dir() and stamp.exists() and stamp.read_text() == wanted:
        return out
    stamp.unlink(missing_ok=True)
    generate(size, out, seed, sets)
    stamp.write_text(wanted)
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("size", type=int, help="how many times the article's sentence count")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--sets", type=Path, default=SETS, help="the shared eval sets folder")
    parser.add_argument("--out", type=Path, default=None, help="default: bench/.cache/real-Nx")
    parser.add_argument("--check", action="store_true", help="run `python -m knowledge check`")
    args = parser.parse_args(argv)
    if args.out is None:
        out = folder(args.size, args.seed, sets=args.sets)
    else:
        generate(args.size, args.out, args.seed, args.sets)
        out = args.out
    docs = len([p for p in out.iterdir() if p.suffix in (".txt", ".md")])
    lines = synth.sentences_file(out).read_text(encoding="utf-8").count("\n")
    print(f"{out}: {docs} documents, {lines} sentences")
    if args.check:
        done = subprocess.run([sys.executable, "-m", "knowledge", "check", str(out)], check=False)
        sys.exit(done.returncode)


if __name__ == "__main__":
    main()
