"""Derive `wordnet.tsv`, the engine's general synonym and word-family table, from WordNet 3.0.

Run at development time, never by the engine:

    apt-get install wordnet-base wordnet-sense-index      # Debian's WordNet 3.0 database
    python knowledge/data/derive_wordnet.py [/usr/share/wordnet]

For every English word or phrase common enough to be asked about (wordfreq), it keeps
only the *frequent* senses (WordNet's tagged-corpus counts), and writes:

- synonyms: the other words of those senses' synsets ("see" -> "view", "by hand" ->
  "manually"), themselves common words;
- family: words derived from it ("install" -> "installation", "installer";
  "proficient" -> "proficiency").

Rare senses are what make a thesaurus noisy ("bank" the aircraft manoeuvre), so they are
left out. WordNet's licence is in `wordnet-LICENSE.txt` beside the table.
"""

from __future__ import annotations

import sys
from collections import defaultdict
from pathlib import Path

import wordfreq

from knowledge.text import STOPWORDS, stem

POS = {"noun": "n", "verb": "v", "adj": "a", "adv": "r"}
MIN_ZIPF = 2.5  # a word rarer than this in English is not worth a question's synonym
MIN_SHARE = 0.2  # a sense used less than this share of a word's tagged uses is left out
OUT = Path(__file__).with_name("wordnet.tsv")


def zipf(phrase: str) -> float:
    """The frequency of a phrase's rarest word (wordfreq's Zipf scale)."""
    return min(wordfreq.zipf_frequency(w, "en") for w in phrase.split())


def read_synsets(folder: Path) -> dict[str, tuple[list[str], list[tuple[int, str, str]]]]:
    """offset+pos -> (lemmas, derivation pointers: (source word, target synset, target word))."""
    synsets: dict[str, tuple[list[str], list[tuple[int, str, str]]]] = {}
    for name, pos in POS.items():
        for line in (folder / f"data.{name}").read_text(encoding="latin-1").splitlines():
            if line.startswith(" "):
                continue
            fields = line.split(" | ")[0].split()
            offset, count = fields[0], int(fields[3], 16)
            lemmas = [fields[4 + 2 * i].replace("_", " ").casefold() for i in range(count)]
            lemmas = [lemma.split("(")[0] for lemma in lemmas]  # "big(a)" -> "big"
            at = 4 + 2 * count
            pointers = []
            for i in range(int(fields[at])):
                symbol, target, target_pos, words = fields[at + 1 + 4 * i : at + 5 + 4 * i]
                if symbol == "+" and words != "0000":
                    key = target + ("a" if target_pos == "s" else target_pos)
                    pointers.append((int(words[:2], 16), key, words[2:]))
            synsets[offset + ("a" if pos == "a" else pos)] = (lemmas, pointers)
    return synsets


def frequent_senses(folder: Path) -> dict[str, list[str]]:
    """lemma -> its frequent synsets (offset+pos), most used first."""
    counts: dict[tuple[str, str], list[tuple[int, int, str]]] = defaultdict(list)
    for line in (folder / "index.sense").read_text(encoding="latin-1").splitlines():
        key, offset, sense_number, tag_count = line.split()
        lemma, rest = key.split("%", 1)
        pos = {"1": "n", "2": "v", "3": "a", "4": "r", "5": "a"}[rest[0]]
        entry = (int(tag_count), int(sense_number), offset + pos)
        counts[(lemma.replace("_", " "), pos)].append(entry)
    out: dict[str, list[str]] = defaultdict(list)
    for (lemma, _pos), senses in counts.items():
        total = sum(t for t, _, _ in senses)
        for tagged, number, synset in sorted(senses, key=lambda s: (-s[0], s[1])):
            if number == 1 or (total and tagged / total >= MIN_SHARE):
                out[lemma].append(synset)
    return out


def derive(folder: Path) -> dict[str, tuple[set[str], set[str]]]:
    synsets = read_synsets(folder)
    senses = frequent_senses(folder)
    common: dict[str, bool] = {}

    def is_common(phrase: str) -> bool:
        if phrase not in common:
            common[phrase] = zipf(phrase) >= MIN_ZIPF
        return common[phrase]

    table: dict[str, tuple[set[str], set[str]]] = {}
    for lemma, kept in senses.items():
        if not is_common(lemma) or not lemma.replace(" ", "").replace("-", "").isalpha():
            continue
        synonyms: set[str] = set()
        family: set[str] = set()
        for synset in kept:
            lemmas, pointers = synsets[synset]
            synonyms.update(w for w in lemmas if w != lemma and is_common(w))
            number = lemmas.index(lemma) + 1 if lemma in lemmas else 0
            for source, target, word in pointers:
                if source == number and target in synsets:
                    derived = synsets[target][0][int(word, 16) - 1]
                    if derived != lemma and is_common(derived):
                        family.add(derived)
        if synonyms or family:
            table[lemma] = (synonyms, family)
    return table


def stems(phrase: str) -> str:
    """A phrase as the engine matches it (Snowball stems, spaces between); "" if it holds a
    stopword (a phrasal verb's particle would be dropped, leaving a misleading verb)."""
    words = phrase.replace("-", " ").split()
    if any(w in STOPWORDS for w in words):
        return ""
    return " ".join(stem(w) for w in words)


def by_stem(table: dict[str, tuple[set[str], set[str]]]) -> dict[str, tuple[set[str], set[str]]]:
    """The table keyed and valued by stems: what the engine looks up, with no stemming."""
    out: dict[str, tuple[set[str], set[str]]] = {}
    for lemma, (synonyms, family) in table.items():
        key = stems(lemma)
        if not key:
            continue
        entry = out.setdefault(key, (set(), set()))
        entry[0].update(x for x in map(stems, synonyms) if x and x != key)
        entry[1].update(x for x in map(stems, family) if x and x != key)
    return {k: v for k, v in out.items() if v[0] or v[1]}


def main() -> int:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("/usr/share/wordnet")
    table = by_stem(derive(folder))
    lines = [
        f"{key}\t{','.join(sorted(syn))}\t{','.join(sorted(fam - syn))}"
        for key, (syn, fam) in sorted(table.items())
    ]
    header = (
        "# Derived from WordNet 3.0 by derive_wordnet.py (licence: wordnet-LICENSE.txt).\n"
        "# Snowball stems: word<TAB>synonyms<TAB>word family (derived forms), comma-separated.\n"
    )
    OUT.write_text(header + "\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(lines)} words -> {OUT} ({OUT.stat().st_size // 1024} KB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
