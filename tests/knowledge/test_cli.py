"""The offline CLI, in-process and as a real process streaming `ask --json`."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

import knowledge
from knowledge.cli.cli import main

KEYS = {"question", "answered", "confidence", "kind", "answer", "suggestions"}
EXCERPT_KEYS = {"text", "document", "section", "path", "url", "score"}
KINDS = {"faq", "passage", "summary", "none"}
DOC = """Apples are a fruit grown in orchards. They are usually red or green.
== Growing ==
Apple trees are pruned in winter. Farmers harvest them in autumn.
== Pests ==
The codling moth is the worst pest of apples. Traps reduce the damage.
"""


@pytest.fixture(scope="module")
def kb() -> knowledge.KnowledgeBase:
    return knowledge.load()


@pytest.fixture
def apples(tmp_path: Path) -> Path:
    (tmp_path / "manifest.yaml").write_text(
        "documents:\n  - file: apples.txt\n    title: Apples\n"
        "    url: https://example.org/wiki/Apples\n    licence: CC0\n"
    )
    (tmp_path / "apples.txt").write_text(DOC)
    return tmp_path


def check_contract(obj: dict[str, Any], question: str) -> None:
    assert set(obj) == KEYS
    assert obj["question"] == question
    assert isinstance(obj["answered"], bool)
    assert isinstance(obj["confidence"], int | float)
    assert 0 <= obj["confidence"] <= 1
    assert obj["kind"] in KINDS
    assert isinstance(obj["answer"], list)
    assert isinstance(obj["suggestions"], list)
    assert all(isinstance(s, str) for s in obj["suggestions"])
    if obj["answered"]:
        assert obj["answer"]
        assert obj["kind"] != "none"
    for item in obj["answer"]:
        assert set(item) == EXCERPT_KEYS
        assert isinstance(item["text"], str)
        assert item["text"]
        assert isinstance(item["document"], str)
        assert isinstance(item["section"], str)
        assert isinstance(item["path"], list)
        assert all(isinstance(p, str) for p in item["path"])
        assert isinstance(item["url"], str)
        assert isinstance(item["score"], int | float)
        assert 0 <= item["score"] <= 1


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(argv)
    return code, capsys.readouterr().out


def test_ask_json_one_question(
    capsys: pytest.CaptureFixture[str], kb: knowledge.KnowledgeBase
) -> None:
    code, out = run(["ask", "--json", "what", "was", "the", "great", "terror"], capsys)
    assert code == 0
    lines = out.splitlines()
    assert len(lines) == 1
    obj = json.loads(lines[0])
    check_contract(obj, "what was the great terror")
    assert obj == kb.answer("what was the great terror").to_dict()
    for item in obj["answer"]:
        document = kb.document(item["document"])
        assert document is not None
        assert item["text"] in document.text
        assert item["url"].startswith("https://en.wikipedia.org/wiki/Stalinism")


def test_ask_json_reads_stdin_in_process(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    questions = ["who was trotsky", "", "what is a gulag"]
    monkeypatch.setattr(sys, "stdin", io.StringIO("\n".join(questions) + "\n"))
    code, out = run(["ask", "--json"], capsys)
    assert code == 0
    objs = [json.loads(line) for line in out.splitlines()]
    assert [o["question"] for o in objs] == questions  # blank lines get an answer too
    for obj, question in zip(objs, questions, strict=True):
        check_contract(obj, question)
    assert objs[1]["answered"] is False


def test_ask_json_streams_as_a_real_process() -> None:
    """Another program streams questions through one process and reads each line as it comes."""
    questions = [
        "when did stalin die",
        "how many people died in the purges",
        "best pizza in naples",
    ]
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    process = subprocess.Popen(
        [sys.executable, "-m", "knowledge", "ask", "--json"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        env=env,
    )
    assert process.stdin is not None
    assert process.stdout is not None
    try:
        for question in questions:
            started = time.monotonic()
            process.stdin.write(question + "\n")
            process.stdin.flush()  # stdin stays open: the answer must come back before EOF
            line = process.stdout.readline()
            assert line.endswith("\n")
            assert time.monotonic() - started < 20
            check_contract(json.loads(line), question)
        process.stdin.close()
        assert process.stdout.read() == ""
        assert process.wait(timeout=20) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def test_ask_readable_output_has_quote_and_url(
    capsys: pytest.CaptureFixture[str], kb: knowledge.KnowledgeBase
) -> None:
    question = "what was the great terror"
    result = kb.answer(question)
    assert result.answered
    code, out = run(["ask", question], capsys)
    assert code == 0
    first = result.excerpts[0]
    flat = " ".join(out.split())
    assert " ".join(first.text.split()) in flat
    assert first.url in out
    assert "CC BY-SA" in out


def test_ask_readable_decline(
    capsys: pytest.CaptureFixture[str], kb: knowledge.KnowledgeBase
) -> None:
    question = "zxqv blorft wibble"
    result = kb.answer(question)
    assert not result.answered
    code, out = run(["ask", question], capsys)
    assert code == 0
    assert out.strip()
    for suggestion in result.suggestions:
        assert suggestion in out


def test_ask_threshold_option(capsys: pytest.CaptureFixture[str]) -> None:
    question = "whats the best way to learn guitar"
    code, out = run(["ask", "--json", question], capsys)
    assert code == 0
    assert json.loads(out)["answered"] is False
    code, out = run(["ask", "--json", "--threshold", "0", question], capsys)
    assert code == 0
    obj = json.loads(out)
    check_contract(obj, question)
    assert obj["answered"] is True


def test_ask_limit_option(capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(["ask", "--json", "--limit", "1", "what is stalinism"], capsys)
    assert code == 0
    assert len(json.loads(out)["answer"]) <= 1


def test_topics(capsys: pytest.CaptureFixture[str], kb: knowledge.KnowledgeBase) -> None:
    code, out = run(["topics"], capsys)
    assert code == 0
    lines = out.splitlines()
    assert len(lines) == len(kb.topics)
    assert any(line.startswith("Stalinism") for line in lines)  # the lead, by document title
    assert any(line.strip().startswith("The Great Terror") for line in lines)
    assert not any(line.strip().startswith(("References", "See also")) for line in lines)


def test_topic_prints_summary_and_url(
    capsys: pytest.CaptureFixture[str], kb: knowledge.KnowledgeBase
) -> None:
    code, out = run(["topic", "great", "terror"], capsys)
    assert code == 0
    section = next(s for s in kb.topics if s.title == "The Great Terror")
    assert section.url in out
    assert "The Great Terror" in out
    summary = kb.summary(section.id)
    assert " ".join(summary.text.split()) in " ".join(out.split())


def test_topic_unknown(capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(["topic", "zzzzqqqq"], capsys)
    assert code == 1
    assert "topics" in out


def test_faq(capsys: pytest.CaptureFixture[str], kb: knowledge.KnowledgeBase) -> None:
    code, out = run(["faq"], capsys)
    assert code == 0
    lines = out.splitlines()
    assert len(lines) == len(kb.faq)
    assert sum("(curated)" in line for line in lines) == kb.counts()["curated_faq"]
    for entry in kb.faq[:5]:
        assert f"[{entry.id}] {entry.question}" in out


EVAL_SET = """\
- id: t001
  q: "what are apples"
  section: "(lead)"
  evidence: ["Apples are a fruit grown in orchards"]
  style: definition
- id: t002
  q: "when are apple trees pruned"
  section: "Growing"
  evidence: ["pruned in winter"]
  style: when
- id: t003
  q: "worst pest of apples"
  section: "Pests"
  evidence: ["codling moth"]
  style: keyword
- id: t004
  q: "how do i fix my car's gearbox"
  off_topic: true
  style: offtopic
"""


def test_eval_prints_the_scores(
    tmp_path: Path, apples: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    questions = tmp_path / "set.yaml"
    questions.write_text(EVAL_SET)
    code, out = run(["eval", str(questions), "--knowledge", str(apples)], capsys)
    assert code == 0
    for label in (
        "hit@1",
        "hit@3",
        "section@1",
        "off-topic rejected",
        "in-domain falsely rejected",
    ):
        assert label in out
    assert "questions: 4 (3 in domain, 1 off topic)" in out
    assert "/3)" in out
    assert "/1)" in out
    for style in ("definition", "when", "keyword", "offtopic"):
        assert any(
            line.startswith(style) and line.rstrip().endswith("/ 1") for line in out.splitlines()
        ), style


def test_eval_counts_match_the_answers(
    tmp_path: Path, apples: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """hit@1 printed equals what answer() gives for the same questions."""
    questions = tmp_path / "set.yaml"
    questions.write_text(EVAL_SET)
    apples_kb = knowledge.load(apples)
    evidence = {
        "what are apples": "apples are a fruit grown in orchards",
        "when are apple trees pruned": "pruned in winter",
        "worst pest of apples": "codling moth",
    }
    hits = 0
    for q, wanted in evidence.items():
        result = apples_kb.answer(q)
        hits += (
            result.answered
            and bool(result.excerpts)
            and wanted in result.excerpts[0].text.casefold()
        )
    code, out = run(["eval", str(questions), "--knowledge", str(apples), "--failures"], capsys)
    assert code == 0
    hit_line = next(line for line in out.splitlines() if line.startswith("hit@1"))
    assert f"({hits}/3)" in hit_line


def test_knowledge_option_uses_another_folder(
    apples: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = run(["topics", "--knowledge", str(apples)], capsys)
    assert code == 0
    assert out.splitlines()[0].startswith("Apples")
    assert "Growing" in out
    assert "Great Terror" not in out
    code, out = run(["ask", "--json", "--knowledge", str(apples), "codling moth"], capsys)
    assert code == 0
    obj = json.loads(out)
    check_contract(obj, "codling moth")
    for item in obj["answer"]:
        assert item["document"] == "Apples"
        assert item["text"] in DOC
        assert item["url"].startswith("https://example.org/wiki/Apples")
    code, out = run(["faq", "--knowledge", str(apples)], capsys)
    assert code == 0
    assert "Stalin" not in out


def test_knowledge_option_broken_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "empty.txt").write_text("")
    code = main(["ask", "--json", "--knowledge", str(tmp_path), "anything"])
    captured = capsys.readouterr()
    assert code == 1
    assert captured.out == ""
    assert "empty.txt" in captured.err


def test_no_command_prints_help(capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run([], capsys)
    assert code == 2
    assert "ask" in out
