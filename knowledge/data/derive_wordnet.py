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

from knowledge.words.text import STOPWORDS, stem

POS = {"noun": "n", "verb": "v", "adj": "a", "adv": "r"}
MIN_ZIPF = 2.5  # a word rarer than this in English is not worth a question's synonym
MIN_SHARE = 0.2  # a sense used less than this share of a word's tagged uses is left out
OUT = Path(__file__).with_name("wordnet.tsv")
OPPOSITES = Path(__file__).with_name("opposites.tsv")


def zipf(phrase: str) -> float:
    """The frequency of a phrase's rarest word (wordfreq's Zipf scale)."""
    return min(wordfreq.zipf_frequency(w, "en") for w in phrase.split())


Pointer = tuple[str, int, str, str]  # (symbol, source word, target synset, target word)


def read_synsets(folder: Path) -> dict[str, tuple[list[str], list[Pointer]]]:
    """offset+pos -> (lemmas, pointers: derivations "+", antonyms "!", similar-to "&").
    A pointer's source word is 0 (and its target word "00") when it joins whole synsets."""
    synsets: dict[str, tuple[list[str], list[Pointer]]] = {}
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
                if symbol in ("+", "!", "&"):
                    key = target + ("a" if target_pos == "s" else target_pos)
                    pointers.append((symbol, int(words[:2], 16), key, words[2:]))
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
            for symbol, source, target, word in pointers:
                if symbol == "+" and source == number and target in synsets:
                    derived = synsets[target][0][int(word, 16) - 1]
                    if derived != lemma and is_common(derived):
                        family.add(derived)
        if synonyms or family:
            table[lemma] = (synonyms, family)
    return table


def opposites(folder: Path) -> dict[str, set[str]]:
    """Single words -> words of opposite meaning in one of their frequent senses: WordNet's
    antonyms ("open" / "close", "win" / "lose"), and for an adjective the cluster of each
    side (its similar-to satellites: "huge" is as opposite to "tiny" as "large" is to
    "small"), with comparative, superlative and irregular forms ("highest" / "lowest",
    "won" / "lost")."""
    synsets = read_synsets(folder)
    frequent = {lemma: set(kept) for lemma, kept in frequent_senses(folder).items()}

    def cluster(key: str) -> list[str]:
        """The words whose frequent sense is this synset or one of its satellites."""
        keys = [key] + [t for sym, _s, t, _w in synsets[key][1] if sym == "&" and t in synsets]
        return [w for k in keys for w in synsets[k][0] if k in frequent.get(w, ())]

    pairs: set[tuple[str, str]] = set()
    for key, (lemmas, pointers) in synsets.items():
        for symbol, source, target, word in pointers:
            if symbol != "!" or target not in synsets:
                continue
            a, b = lemmas[source - 1], synsets[target][0][int(word, 16) - 1]
            # "win" / "lose" in win's first sense, though "fail to win" is lose's rarer one
            if key in frequent.get(a, ()) or target in frequent.get(b, ()):
                pairs.add((a, b))
            if key.endswith("a") and target.endswith("a"):
                pairs.update((x, y) for x in cluster(key) for y in cluster(target))
    # A word whose stem is a more frequent word's ("rested" is "rest") speaks for that
    # word, which need not share its opposites.
    lemmas = {w for lemmas, _pointers in synsets.values() for w in lemmas if w.isalpha()}
    owner: dict[str, str] = {}
    for word in sorted(lemmas, key=lambda w: (-zipf(w), w)):
        owner.setdefault(stem(word), word)
    nouns_and_verbs = {w for k, (words, _p) in synsets.items() if k[-1] in "nv" for w in words}
    forms = _inflections(folder, {w for pair in pairs for w in pair}, nouns_and_verbs)

    def usable(word: str) -> bool:
        return len(word) > 2 and word.isalpha() and zipf(word) >= MIN_ZIPF

    out: dict[str, set[str]] = defaultdict(set)
    for a, b in pairs:
        if owner.get(stem(a), a) != a or owner.get(stem(b), b) != b:
            continue
        for x in filter(usable, forms[a]):
            for y in filter(usable, forms[b]):
                out[stem(x)].add(stem(y))
                out[stem(y)].add(stem(x))
    return {k: v - {k} for k, v in out.items() if v - {k}}


def _inflections(folder: Path, words: set[str], nouns_and_verbs: set[str]) -> dict[str, set[str]]:
    """Each word with its irregular forms (WordNet's exception lists) and its regular
    comparative and superlative, where English uses them and they are no noun or verb of
    their own ("lowest" is a form of "low", "liver" none of "live")."""
    out: dict[str, set[str]] = defaultdict(set)
    for word in words:
        out[word].add(word)
        if word.isalpha() and len(word) > 2:
            for more, most in (
                (word + "er", word + "est"),
                (word + "r", word + "st"),
                (word[:-1] + "ier", word[:-1] + "iest"),
                (word + word[-1] + "er", word + word[-1] + "est"),
            ):
                forms = (more, most)
                out[word].update(w for w in forms if w not in nouns_and_verbs and zipf(w) >= 3)
    for name in ("adj", "adv", "verb", "noun"):
        for line in (folder / f"{name}.exc").read_text(encoding="latin-1").splitlines():
            form, *bases = line.split()
            for base in bases:
                if base.replace("_", " ") in words:
                    out[base.replace("_", " ")].add(form.replace("_", " "))
    return out


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
    opposite = opposites(folder)
    lines = [f"{key}\t{','.join(sorted(found))}" for key, found in sorted(opposite.items())]
    header = (
        "# Derived from WordNet 3.0 by derive_wordnet.py (licence: wordnet-LICENSE.txt).\n"
        "# Snowball stems: word<TAB>words of opposite meaning, comma-separated.\n"
    )
    OPPOSITES.write_text(header + "\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(lines)} words -> {OPPOSITES} ({OPPOSITES.stat().st_size // 1024} KB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
