"""Answer quality on every dev text at once: one table, a row per text, a column per measure.

    python bench/quality.py             # the sets in ../shared/eval (or CITEBOT_EVAL_DIR)
    python bench/quality.py --failures  # and the questions each one missed
    python bench/quality.py --compare   # words alone, then with the semantic extra

With the semantic extra installed, the table is the engine with it (`--lexical`: without).
Unit vectors are kept in a cache folder between runs (`--cache-dir`, default
~/.cache/citebot-bench), so only the first run embeds.

Rows: the bundled article with its curated faq.yaml and synonyms.yaml, the same article
alone (as a server owner would load their own text, uncurated), and every question set
under `sets/` with its own `knowledge/` folder. No set is needed by the tests: these are
the measurements the README quotes.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

import knowledge
from knowledge.cli.evaluate import evaluate, format_report, format_table, read_questions

ROOT = Path(__file__).resolve().parent.parent


def eval_dir() -> Path:
    configured = os.environ.get("CITEBOT_EVAL_DIR")
    return Path(configured) if configured else ROOT.parent / "shared" / "eval"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--eval-dir", type=Path, default=eval_dir())
    parser.add_argument("--failures", action="store_true")
    parser.add_argument("--lexical", action="store_true", help="without the sentence model")
    parser.add_argument("--compare", action="store_true", help="without it, then with it")
    parser.add_argument("--cache-dir", type=Path, default=Path.home() / ".cache" / "citebot-bench")
    args = parser.parse_args()
    dev = args.eval_dir / "dev.yaml"
    if not dev.is_file():
        sys.exit(f"no dev set at {dev}: pass --eval-dir or set CITEBOT_EVAL_DIR")
    with tempfile.TemporaryDirectory() as bare:
        article = knowledge.DEFAULT_KNOWLEDGE / "stalinism.txt"
        shutil.copy(article, Path(bare) / article.name)
        runs = [
            ("article, curated", dev, None),
            ("article, uncurated", dev, Path(bare)),
        ]
        for questions in sorted(args.eval_dir.glob("sets/*/questions.yaml")):
            runs.append((questions.parent.name, questions, questions.parent / "knowledge"))
        modes = [False, True] if args.compare else [not args.lexical]
        for semantic in modes:
            rows = []
            for name, questions, folder in runs:
                kb = knowledge.load(folder, cache_dir=args.cache_dir, semantic=semantic)
                report = evaluate(kb, read_questions(questions))
                rows.append((name, report))
                if args.failures:
                    print(f"== {name} ==\n{format_report(report, failures=True)}\n")
            print(f"# {kb.meaning_status}")
            print(format_table(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
