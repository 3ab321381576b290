"""The public API contract other tools rely on (DESIGN.md, "Contract: the Python API")."""

from __future__ import annotations

import ast
import dataclasses
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

import knowledge

PACKAGE = Path(knowledge.__file__).parent
QUESTIONS = [
    "what is stalinism",
    "who was trotsky",
    "when did stalin die",
    "how many people were executed in the great terror",
    "colectivization",
    "kruschev secret speech",
    "what was the gulag",
    "lysenko",
    "what do russians think of stalin today",
    "best pizza in naples",
    "hello",
    "",
    "asdkjh qwe",
    "why did stalin purge the army",
    "cult of personality",
    "deportations of chechens",
    "what is hoxhaism",
    "socialism in one country",
    "@everyone famine",
    "how did the economy change",
    "what was the nkvd",
    "trotskyist criticism",
    "who killed trotsky",
    "what did khrushchev say",
    "de-stalinization",
]


@pytest.fixture(scope="module")
def kb() -> knowledge.KnowledgeBase:
    return knowledge.load()


def test_public_names() -> None:
    for name in ("load", "KnowledgeBase", "Answer", "Excerpt", "KnowledgeError", "Problem"):
        assert name in knowledge.__all__
        assert hasattr(knowledge, name)
    assert issubclass(knowledge.KnowledgeError, Exception)


def test_load_twice_gives_equal_fingerprints(kb: knowledge.KnowledgeBase) -> None:
    again = knowledge.load()
    assert again is not kb
    assert again.fingerprint == kb.fingerprint
    assert isinstance(kb.fingerprint, str)
    assert kb.fingerprint
    assert again.counts() == kb.counts()
    assert knowledge.load(knowledge.DEFAULT_KNOWLEDGE).fingerprint == kb.fingerprint


def test_fingerprint_follows_the_text(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Apples are red. Pears are green.\n")
    first = knowledge.load(tmp_path).fingerprint
    assert knowledge.load(tmp_path).fingerprint == first
    (tmp_path / "a.txt").write_text("Apples are red. Pears are yellow.\n")
    assert knowledge.load(tmp_path).fingerprint != first
    (tmp_path / "a.txt").write_text("Apples are red. Pears are green.\n")
    (tmp_path / "faq.yaml").write_text(
        "- id: x\n  question: What colour are apples?\n  answer: Apples are red.\n"
    )
    assert knowledge.load(tmp_path).fingerprint != first


def test_answer_and_to_dict(kb: knowledge.KnowledgeBase) -> None:
    result = kb.answer("when did stalin die")
    assert isinstance(result, knowledge.Answer)
    data = result.to_dict()
    assert set(data) == {"question", "answered", "confidence", "kind", "answer", "suggestions"}
    assert data["question"] == "when did stalin die"
    for item, excerpt in zip(data["answer"], result.excerpts, strict=True):
        assert item["text"] == excerpt.text
        assert item["path"] == list(excerpt.path)
        assert item["section"] == (excerpt.path[-1] if excerpt.path else "(lead)")


def test_values_are_immutable(kb: knowledge.KnowledgeBase) -> None:
    result = kb.answer("what is stalinism")
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.answered = False  # type: ignore[misc]
    section = kb.topics[0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        section.title = "x"  # type: ignore[misc]
    assert isinstance(kb.sections, tuple)
    assert isinstance(kb.faq, tuple)
    assert isinstance(kb.documents, tuple)


def test_threads_share_one_knowledge_base(kb: knowledge.KnowledgeBase) -> None:
    questions = [QUESTIONS[i % len(QUESTIONS)] + ("?" if i % 3 else "") for i in range(50)]
    sequential = [kb.answer(q) for q in questions]

    def worker(seed: int) -> list[knowledge.Answer]:
        order = questions[seed:] + questions[:seed]  # each thread in its own order
        answers = [kb.answer(q) for q in order]
        return answers[len(questions) - seed :] + answers[: len(questions) - seed]

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(worker, range(8)))
    for answers in results:
        assert answers == sequential


def test_threads_share_lookups(kb: knowledge.KnowledgeBase) -> None:
    def worker(i: int) -> tuple[list[str], list[str]]:
        return (
            [s.id for s in kb.find_sections("terror", limit=5)],
            [e.id for e in kb.find_faq("gulag", limit=5)],
        )

    expected = worker(0)
    with ThreadPoolExecutor(max_workers=8) as pool:
        assert all(r == expected for r in pool.map(worker, range(64)))


@pytest.mark.parametrize(
    ("query", "title"),
    [
        ("Great Terror", "The Great Terror"),
        ("the grate teror", "The Great Terror"),
        ("purges and executoins", "Purges and executions"),
        ("troskyism", "Trotskyism"),
        ("publc opinion", "Public opinion"),
    ],
)
def test_find_sections_is_fuzzy(kb: knowledge.KnowledgeBase, query: str, title: str) -> None:
    found = kb.find_sections(query, limit=5)
    assert 1 <= len(found) <= 5
    assert title in [s.title for s in found]
    assert all(not s.reference_only for s in found)


def test_find_sections_limits(kb: knowledge.KnowledgeBase) -> None:
    assert len(kb.find_sections("", limit=25)) == min(25, len(kb.topics))
    assert len(kb.find_sections("", limit=3)) == 3
    assert len(kb.find_sections("s", limit=2)) <= 2
    assert kb.find_sections("\u200b\u202e", limit=4) == kb.find_sections("", limit=4)
    assert kb.find_sections("x" * 10_000, limit=25) is not None


def test_find_faq_is_fuzzy(kb: knowledge.KnowledgeBase) -> None:
    found = kb.find_faq("what is stalinisim", limit=5)
    assert 1 <= len(found) <= 5
    assert any("stalinism" in e.question.casefold() for e in found)
    assert len(kb.find_faq("", limit=25)) == min(25, len(kb.faq))
    assert len(kb.find_faq("gulag", limit=1)) <= 1
    for entry in kb.find_faq("purges", limit=25):
        assert kb.faq_entry(entry.id) is entry


def test_lookups(kb: knowledge.KnowledgeBase) -> None:
    section = kb.topics[3]
    assert kb.section(section.id) is section
    assert kb.section("no such section") is None
    assert kb.faq_entry("no such entry") is None
    assert kb.document("No such document") is None
    with pytest.raises(KeyError):
        kb.summary("no such section")
    lead = kb.topics[0]
    assert kb.topic_name(lead) == "Stalinism"
    assert kb.topic_name(section) == section.title
    assert section.display_path.startswith("Stalinism › ")
    document = kb.document("Stalinism")
    assert document is not None
    assert document.attribution == (
        '"Stalinism" · https://en.wikipedia.org/wiki/Stalinism · CC BY-SA 4.0'
    )


def test_counts(kb: knowledge.KnowledgeBase) -> None:
    counts = kb.counts()
    assert set(counts) == {"documents", "sections", "topics", "sentences", "faq", "curated_faq"}
    assert all(isinstance(v, int) for v in counts.values())
    assert counts["documents"] == len(kb.documents) == 1
    assert counts["sections"] == len(kb.sections)
    assert counts["topics"] == len(kb.topics) < counts["sections"]
    assert counts["faq"] == len(kb.faq) > counts["curated_faq"] >= 40
    assert counts["sentences"] == sum(len(s.sentences) for s in kb.topics)


def test_threshold_option(tmp_path: Path) -> None:
    assert knowledge.load(threshold=0.9).threshold == 0.9
    strict = knowledge.load(threshold=1.0)
    loose = knowledge.load(threshold=0.0)
    question = "what is stalinism"
    assert loose.answer(question).answered
    never = strict.answer(question, threshold=1.01)
    assert not never.answered
    (tmp_path / "a.txt").write_text("Apples are red. Pears are green.\n")
    (tmp_path / "manifest.yaml").write_text(
        "documents: [{file: a.txt}]\noptions:\n  threshold: 0.75\n"
    )
    assert knowledge.load(tmp_path).threshold == 0.75


def test_load_accepts_str_and_path(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Apples are red. Pears are green.\n")
    assert knowledge.load(str(tmp_path)).fingerprint == knowledge.load(tmp_path).fingerprint


def test_importing_and_answering_does_not_import_discord() -> None:
    code = "import knowledge, sys; knowledge.load().answer('x'); print('discord' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert out.stdout.strip() == "False"


def test_cli_does_not_import_discord() -> None:
    code = (
        "import sys, io, contextlib; from knowledge.cli.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()): main(['ask', '--json', 'x'])\n"
        "print(sorted(m for m in sys.modules\n"
        "             if m == 'discord' or m.startswith(('discord.', 'bot'))))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert out.stdout.strip() == "[]"


def imported_modules(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute | ast.Name)
            and getattr(node.func, "attr", getattr(node.func, "id", ""))
            in {"import_module", "__import__"}
            and node.args
            and isinstance(node.args[0], ast.Constant)
        ):
            names.add(str(node.args[0].value))
    return names


def test_no_module_imports_discord_or_bot() -> None:
    modules = sorted(PACKAGE.rglob("*.py"))
    assert len(modules) >= 10
    for path in modules:
        for name in imported_modules(path):
            top = name.split(".")[0]
            assert top not in {"discord", "bot"}, f"{path.relative_to(PACKAGE)} imports {name}"


def test_import_walker_sees_imports(tmp_path: Path) -> None:
    """The walker above would notice a bad import (so the test can fail)."""
    sample = tmp_path / "sample.py"
    sample.write_text(
        "import discord\nfrom bot.state.live_knowledge import Store\nimport importlib\n"
        "def f():\n    from discord.ext import commands\n"
        "    importlib.import_module('bot.views.render')\n"
    )
    assert imported_modules(sample) >= {
        "discord",
        "bot.state.live_knowledge",
        "discord.ext",
        "bot.views.render",
    }
