"""Confidence on small texts: every page of a multi-page dev set loaded alone.

    python bench/small_texts.py             # the sets in ../shared/eval (or CITEBOT_EVAL_DIR)

The confidence model is fitted on whole dev texts (280 to 600 units). A server's rules or
one docs page is far smaller, and its words weigh less. Here each document of every set
with several documents is a knowledge folder of its own: questions about its sections are
the ones it answers; the set's off-topic questions and the questions about other pages
are the ones it does not. Printed per threshold: the share of each kind declined, and how
many of its own questions declined would have been answered with the wrong passage.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

import knowledge
from knowledge.cli.evaluate import quotes_evidence, read_questions

sys.path.insert(0, str(Path(__file__).parent))
from quality import eval_dir

THRESHOLDS = (0.5, 0.4, 0.35)


def main() -> int:
    sets = sorted(eval_dir().glob("sets/*/questions.yaml"))
    declined = {t: {"own": [0, 0], "off-topic": [0, 0], "other pages": [0, 0]} for t in THRESHOLDS}
    wrong = dict.fromkeys(THRESHOLDS, 0)  # declined own questions it would have got wrong
    pages = 0
    for questions_file in sets:
        documents = sorted((questions_file.parent / "knowledge").glob("*.md"))
        if len(documents) < 2:
            continue
        questions = read_questions(questions_file)
        for document in documents:
            with tempfile.TemporaryDirectory() as folder:
                shutil.copy(document, folder)
                kb = knowledge.load(folder)
                pages += 1
                titles = {s.title for s in kb.sections}
                for question in questions:
                    answer = kb.answer(question.q, threshold=0.0)
                    if question.off_topic:
                        kind = "off-topic"
                    else:
                        kind = "own" if question.section in titles else "other pages"
                    for threshold, counts in declined.items():
                        counts[kind][0] += answer.confidence < threshold
                        counts[kind][1] += 1
                        if kind == "own" and answer.confidence < threshold:
                            wrong[threshold] += not quotes_evidence(answer, question.evidence, 1)
    print(f"{pages} pages, each loaded alone; the share of questions declined:")
    print(f"{'threshold':>9}  {'its own (falsely)':>17}  {'wrong anyway':>12}  ", end="")
    print(f"{'off-topic':>9}  {'other pages':>11}")
    for threshold, counts in declined.items():
        own, off, other = (n / max(1, d) for n, d in counts.values())
        anyway = f"{wrong[threshold]} of {counts['own'][0]}"
        print(f"{threshold:>9}  {own:>17.2f}  {anyway:>12}  {off:>9.2f}  {other:>11.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
