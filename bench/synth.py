"""Synthetic knowledge folders N times the size of the bundled article, made deterministically.

    python bench/synth.py 50            # -> bench/.cache/synth-50x/ (reused if already made)
    python bench/synth.py 2 --out DIR   # somewhere else
    python bench/synth.py 500 --check   # then run `python -m knowledge check` on it

The article's answerable sentences (reference-only sections left out) are repeated N
times, shuffled with a fixed seed and dealt into many documents of a few sections each.
Every section gets its own `== Heading ==` made from its most frequent content words, and
every document is listed in a manifest.yaml (no FAQ, no synonyms). Same seed and size, same
bytes. Alongside the folder, `<folder>.sentences.txt` lists the sentences placed, one a
line, in order: the corpus the BM25 libraries index in bench/scale.py.

Caveat: the vocabulary does not grow with N (the same words recur), where a real corpus
N times larger would bring new words; term-lookup costs that depend on vocabulary size
are therefore understated.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import re
import shutil
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from knowledge import DEFAULT_KNOWLEDGE
from knowledge.words.text import split_sentences

CACHE = Path(__file__).parent / ".cache"
SOURCE = DEFAULT_KNOWLEDGE / "stalinism.txt"
SEED = 20240605
VERSION = 1  # bump when the output for a given (size, seed) changes

_HEADING = re.compile(r"^(={2,6})[ \t]*(.+?)[ \t]*\1[ \t]*$")
_WORD = re.compile(r"[A-Za-z][a-z]{4,}")
# Sections that hold no answers (as knowledge.read.manifest's defaults): their text is not used.
_REFERENCE = {
    "see also",
    "references",
    "citations",
    "notes",
    "sources",
    "further reading",
    "external links",
    "scholarly articles",
}
_DULL = set(
    "about after again against among before being below between could during every first "
    "other their there these those through under until which while would where whose "
    "within without because since still later often became become known called where "
    "including included although however many several state states stalin stalinism "
    "stalinist soviet union".split()
)


@dataclass(frozen=True, slots=True)
class Sentence:
    section: str  # the heading it stood under in the article ("(lead)" before the first)
    text: str  # verbatim, whitespace runs collapsed to one space


def source_sentences(source: Path = SOURCE) -> list[Sentence]:
    """The article's sentences outside reference-only sections, in order."""
    out: list[Sentence] = []
    section = "(lead)"
    skipping = False
    top_skipped_level = 0
    for line in source.read_text(encoding="utf-8").splitlines():
        heading = _HEADING.match(line)
        if heading:
            level = len(heading.group(1))
            section = heading.group(2)
            if section.casefold() in _REFERENCE:
                if not skipping or level <= top_skipped_level:
                    top_skipped_level = level
                skipping = True
            elif skipping and level <= top_skipped_level:
                skipping = False
            continue
        if skipping or not line.strip():
            continue
        for start, end in split_sentences(line):
            text = " ".join(line[start:end].split())
            if len(text) >= 20:
                out.append(Sentence(section, text))
    return out


def _heading(sentences: list[str], taken: set[str]) -> str:
    """A heading from the section's most frequent content words, unique in its document."""
    counts = Counter(
        w.casefold() for s in sentences for w in _WORD.findall(s) if w.casefold() not in _DULL
    )
    top = [w.capitalize() for w, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
    top = [*top, "Notes", "Remarks", "Details"][:3]
    a, b, c = top
    for title in (f"{a} and {b}", f"{a}, {b} and {c}", f"{a} and {c}", f"{b} and {c}"):
        if title.casefold() not in taken:
            break
    else:
        title = f"{a} and {b} ({len(taken) + 1})"
    taken.add(title.casefold())
    return title


def generate(size: int, out: Path, seed: int = SEED) -> tuple[int, int]:
    """Write the size× folder to `out` (replacing it); (documents, sentences) written."""
    if size < 1:
        raise ValueError("size must be at least 1")
    pool = [s.text for s in source_sentences()]
    rng = random.Random(f"{seed}:{size}")
    sentences = [s for _ in range(size) for s in pool]
    rng.shuffle(sentences)
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    manifest = [
        "# Synthetic knowledge made by bench/synth.py from the bundled article Stalinism.",
        f"# size {size}x, seed {seed}, version {VERSION}. Regenerate rather than edit.",
        "documents:",
    ]
    placed: list[str] = []
    pos = 0
    number = 0
    while pos < len(sentences):
        number += 1
        name = f"doc-{number:05d}.txt"
        lines: list[str] = []
        taken: set[str] = set()
        for _ in range(rng.randint(3, 6)):
            if pos >= len(sentences):
                break
            body = sentences[pos : pos + rng.randint(4, 12)]
            pos += len(body)
            placed += body
            if lines:
                lines.append("")
            lines.append(f"== {_heading(body, taken)} ==")
            i = 0
            while i < len(body):
                step = rng.randint(1, 4)
                lines.append(" ".join(body[i : i + step]))
                i += step
        (out / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
        manifest += [
            f"  - file: {name}",
            f"    title: Synthetic {number:05d}",
            f"    url: https://example.org/synthetic/{size}x/{number:05d}",
            "    licence: CC BY-SA 4.0",
            "    anchors: wikipedia",
        ]
    manifest += ["options:", "  threshold: 0.5"]
    (out / "manifest.yaml").write_text("\n".join(manifest) + "\n", encoding="utf-8")
    sentences_file(out).write_text("\n".join(placed) + "\n", encoding="utf-8")
    return number, len(placed)


def sentences_file(folder: Path) -> Path:
    """Where the list of a synthetic folder's sentences is kept (outside the folder)."""
    return folder.with_name(folder.name + ".sentences.txt")


def _stamp(size: int, seed: int) -> str:
    code = hashlib.sha256(Path(__file__).read_bytes() + SOURCE.read_bytes()).hexdigest()[:16]
    return f"size={size} seed={seed} version={VERSION} code={code}\n"


def folder(size: int, seed: int = SEED, cache: Path = CACHE) -> Path:
    """The size× folder under the cache, made now unless an up-to-date one is there."""
    out = cache / f"synth-{size}x" if seed == SEED else cache / f"synth-{size}x-s{seed}"
    stamp = out.with_name(out.name + ".stamp")
    wanted = _stamp(size, seed)
    if out.is_dir() and stamp.exists() and stamp.read_text() == wanted:
        return out
    stamp.unlink(missing_ok=True)
    generate(size, out, seed)
    stamp.write_text(wanted)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("size", type=int, help="how many times the article's text")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--out", type=Path, default=None, help="default: bench/.cache/synth-Nx")
    parser.add_argument("--check", action="store_true", help="run `python -m knowledge check`")
    args = parser.parse_args()
    if args.out is None:
        out = folder(args.size, args.seed)
    else:
        generate(args.size, args.out, args.seed)
        out = args.out
    docs = len(list(out.glob("*.txt")))
    lines = sentences_file(out).read_text(encoding="utf-8").count("\n")
    print(f"{out}: {docs} documents, {lines} sentences")
    if args.check:
        done = subprocess.run([sys.executable, "-m", "knowledge", "check", str(out)], check=False)
        sys.exit(done.returncode)


if __name__ == "__main__":
    main()
