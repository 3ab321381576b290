"""What learning buys: twins asked before and after a server learned their originals.

    python bench/learning.py [--sets uv-docs dnd-srd]

For each question set beside the repository (`../shared/eval/sets/<name>`, with its
`twins.yaml`), every in-domain original is learned through the real code path, `citebot
learn add --database DB --guild 1 --question Q --answer EVIDENCE` (its first evidence
string as the answer); every other original is learned in guild 2 (half). Then `citebot
ask --json --database DB --guild G` is run as a process, questions streamed through it,
in guild 3 (nothing learned), 1 (all) and 2 (half). hit@1 is the eval's: answered, and the
first excerpt holds the evidence. Printed per set: twins (all, close, para) with nothing
learned and with everything learned; with half learned, the twins of the learned half and
of the rest; the originals; off-topic questions rejected.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
SETS = REPO.parent / "shared" / "eval" / "sets"
sys.path.insert(0, str(REPO))

from bot.app.cli import main as citebot  # noqa: E402

ALL, HALF, NONE = 1, 2, 3


def _squash(text: str) -> str:
    return " ".join(text.casefold().split())


def hit(answer: dict, evidence: list[str]) -> bool:
    if not answer["answered"] or not answer["answer"]:
        return False
    top = _squash(answer["answer"][0]["text"])
    return any(_squash(e) in top for e in evidence)


def learn(db: Path, folder: Path, cache: Path, originals: list[dict]) -> int:
    """`citebot learn add` of every original in ALL, of every other one in HALF; refusals."""
    refused = 0
    for n, q in enumerate(originals):
        for guild in (ALL, HALF) if n % 2 == 0 else (ALL,):
            code = citebot(["learn", "add", "--database", str(db), "--guild", str(guild),
                            "--knowledge", str(folder), "--cache-dir", str(cache),
                            "--question", q["q"], "--answer", q["evidence"][0]])  # fmt: skip
            refused += code != 0
    return refused


def ask(
    db: Path, folder: Path, cache: Path, guild: int, questions: list[str], semantic: bool
) -> list[dict]:
    """`citebot ask --json --database --guild` as a process, the questions streamed in;
    with the sentence model on (`semantic`, CITEBOT_SEMANTIC=1) or off."""
    command = [sys.executable, "-c", "import sys; from bot.app.cli import main; sys.exit(main())",
               "ask", "--json", "--database", str(db), "--guild", str(guild),
               "--knowledge", str(folder), "--cache-dir", str(cache)]  # fmt: skip
    env = {**os.environ, "PYTHONPATH": str(REPO), "CITEBOT_SEMANTIC": "1" if semantic else "0"}
    done = subprocess.run(command, input="\n".join(questions) + "\n", capture_output=True,
                          text=True, check=True, env=env)  # fmt: skip
    return [json.loads(line) for line in done.stdout.splitlines()]


def semantic_extra() -> bool:
    """Whether the semantic extra is installed (its columns are added then)."""
    return all(importlib.util.find_spec(m) for m in ("onnxruntime", "tokenizers"))


def share(values: list[bool]) -> str:
    return f"{sum(values) / len(values):.3f}" if values else "-"


def measure(name: str, semantic: bool) -> list[str]:
    base = SETS / name
    folder = base / "knowledge"
    questions = yaml.safe_load((base / "questions.yaml").read_text(encoding="utf-8"))
    twins = yaml.safe_load((base / "twins.yaml").read_text(encoding="utf-8"))
    originals = [q for q in questions if not q.get("off_topic")]
    off = [q for q in questions if q.get("off_topic")]
    halved = {q["id"] for n, q in enumerate(originals) if n % 2 == 0}
    with tempfile.TemporaryDirectory() as tmp:
        db, cache = Path(tmp) / "feedback.db", Path(tmp) / "cache"
        refused = learn(db, folder, cache, originals)
        asked = [t["q"] for t in twins] + [q["q"] for q in originals] + [q["q"] for q in off]
        got = {g: ask(db, folder, cache, g, asked, semantic) for g in (NONE, ALL, HALF)}
    t, o = len(twins), len(originals)

    def twin_hits(guild: int, keep: object = None) -> list[bool]:
        return [
            hit(a, x["evidence"])
            for a, x in zip(got[guild][:t], twins, strict=True)
            if keep is None or keep(x)  # type: ignore[operator]
        ]

    def close(x: dict) -> bool:
        return x["variant"] == "close"

    def para(x: dict) -> bool:
        return x["variant"] == "para"

    def learned_half(x: dict) -> bool:
        return x["twin_of"] in halved

    def other_half(x: dict) -> bool:
        return x["twin_of"] not in halved

    originals_hit = {
        g: [hit(a, q["evidence"]) for a, q in zip(got[g][t : t + o], originals, strict=True)]
        for g in (NONE, ALL)
    }
    rejected = {g: [not a["answered"] for a in got[g][t + o :]] for g in (NONE, ALL, HALF)}
    kinds = sum(a["kind"] == "learned" for a in got[ALL][:t])
    return [
        name,
        "words and meaning" if semantic else "words",
        f"{share(twin_hits(NONE))} → {share(twin_hits(ALL))}",
        f"{share(twin_hits(NONE, close))} → {share(twin_hits(ALL, close))}",
        f"{share(twin_hits(NONE, para))} → {share(twin_hits(ALL, para))}",
        f"{share(twin_hits(HALF, learned_half))} / {share(twin_hits(HALF, other_half))}",
        f"{share(originals_hit[NONE])} → {share(originals_hit[ALL])}",
        f"{share(rejected[NONE])} → {share(rejected[ALL])} ({share(rejected[HALF])})",
        f"{kinds}/{t}",
        str(refused),
    ]


HEAD = ["set", "matched by", "twins hit@1", "close twins", "para twins", "half: learned / rest",
        "originals", "off-topic rejected (half)", "twins learned", "refused adds"]  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", nargs="+", default=["uv-docs", "dnd-srd"])
    args = parser.parse_args()
    modes = [False, True] if semantic_extra() else [False]
    rows = [HEAD] + [measure(name, semantic) for semantic in modes for name in args.sets]
    print("| " + " | ".join(rows[0]) + " |")
    print("|" + "---|" * len(rows[0]))
    for row in rows[1:]:
        print("| " + " | ".join(row) + " |")
    print("(nothing learned → every original learned with `citebot learn add`; matched by")
    print(" words: the plain install; words and meaning: the semantic extra, CITEBOT_SEMANTIC=1)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
