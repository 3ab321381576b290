"""Sphinx pages as Sphinx renders them, and Markdown lists as they nest, in `ask` and
`topic`: code-block options, cross-references, lead-ins with lists of roles, titles after
a directive, notes with their kind, FAQ section intros, nested items with their parent.

The pages are in tests/pages (written for these tests, in the shapes real docs have).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import knowledge
from knowledge.cli.cli import main

PAGES = Path(__file__).parents[1] / "pages"


def copy(name: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp(name) / name
    shutil.copytree(PAGES / name, folder)
    return folder


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy("sphinx", tmp_path_factory)


@pytest.fixture(scope="module")
def notes(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy("notes", tmp_path_factory)


@pytest.fixture(scope="module")
def kb(site: Path) -> knowledge.KnowledgeBase:
    return knowledge.load(site, semantic=False)


@pytest.fixture(scope="module")
def garden(notes: Path) -> knowledge.KnowledgeBase:
    return knowledge.load(notes, semantic=False)


def ask(folder: Path, question: str, capsys: pytest.CaptureFixture[str]) -> str:
    assert main(["ask", "--knowledge", str(folder), question]) == 0
    return capsys.readouterr().out


def topic(folder: Path, name: str, capsys: pytest.CaptureFixture[str]) -> str:
    assert main(["topic", "--knowledge", str(folder), name]) == 0
    return capsys.readouterr().out


def first(out: str) -> str:
    """The first excerpt of `citebot ask`'s output, up to its citation line."""
    return out.split("    — ", 1)[0]


def test_code_block_options_are_not_code_and_a_caption_labels_the_block(
    site: Path, kb: knowledge.KnowledgeBase, capsys: pytest.CaptureFixture[str]
) -> None:
    excerpt = kb.answer("how do I send a request").excerpts[0]
    assert ":caption: example.py" in excerpt.text  # the quote is verbatim...
    shown = first(ask(site, "how do I send a request", capsys))
    assert ":caption:" not in shown
    assert "emphasize-lines" not in shown
    assert "  > example.py\n      import tinyhttp\n      session = tinyhttp.Session()" in shown
    posting = first(ask(site, "how to post form data", capsys))
    assert ":linenos:" not in posting
    assert '\n      session.post("https://example.org/form"' in posting  # no stray space


def test_cross_references_show_their_targets_title(
    site: Path, kb: knowledge.KnowledgeBase, capsys: pytest.CaptureFixture[str]
) -> None:
    shown = " ".join(first(ask(site, "small http client library for python", capsys)).split())
    assert "Start with Quickstart, then read Writing plugins to extend it" in shown
    assert "or the plugin hooks." in shown  # the explicit text of :ref:`text <label>`
    assert "The Writing plugins page lists every plugin." in shown  # :doc:, from the root
    assert "See external label too." in shown  # a label outside the folder, made readable
    index = kb.document("Tinyhttp documentation")
    assert index is not None
    assert dict(index.references)["ref:plugin_guide"] == "Writing plugins"


def test_python_roles_follow_sphinx(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shown = " ".join(first(ask(site, "session object keeps connections open", capsys)).split())
    assert "The `Session` object" in shown  # "~" shows the last part
    assert "`Session.get()` sends a request" in shown  # no leading ".", a method's "()"
    assert "`tinyhttp.request()` is the one-off form" in shown


def test_a_lead_in_keeps_its_list_of_roles_and_literals(
    site: Path, kb: knowledge.KnowledgeBase, capsys: pytest.CaptureFixture[str]
) -> None:
    excerpt = kb.answer("what packages do I need").excerpts[0]
    assert excerpt.text.startswith("You need the following packages:")
    assert excerpt.text.endswith(":mod:`charset_normalizer`")
    shown = first(ask(site, "what packages do I need", capsys))
    assert "  > - `certifi`\n  > - `idna`\n  > - `charset_normalizer`\n" in shown
    methods = first(ask(site, "which methods make a request", capsys))
    assert "  > - `Session.get()`\n  > - `Session.post()`\n  > - `Session.delete()`" in methods
    summary = topic(site, "installing", capsys)
    assert "  > The following methods make a request:\n  > - `Session.get()`" in summary


def test_a_title_after_a_directive_is_not_repeated(
    site: Path, kb: knowledge.KnowledgeBase, capsys: pytest.CaptureFixture[str]
) -> None:
    paths = {s.display_path for s in kb.sections}
    assert "Quickstart › Installing" in paths
    assert not any("Quickstart › Quickstart" in p for p in paths)
    assert "— Tinyhttp documentation" in ask(site, "python version needed", capsys)
    assert topic(site, "sending a request", capsys).startswith("Quickstart › Sending a request")


def test_notes_read_with_their_kind(
    site: Path, notes: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert first(ask(site, "which python version", capsys)).startswith(
        "  > Note: Tinyhttp needs Python 3.9 or newer."
    )
    assert "  > Warning: Never disable certificate checks" in ask(
        site, "may I disable certificate checks", capsys
    )
    assert "  > Tip: Reuse one session" in ask(site, "reuse a session for requests", capsys)
    assert "  > Note: Turn the heap every two weeks" in ask(
        notes, "how often turn the heap", capsys
    )
    assert "  > Careful: Never add meat" in ask(notes, "can I add meat to the heap", capsys)
    assert "  > Note: Water the heap" in ask(notes, "water the heap in dry weather", capsys)


def test_a_faq_sections_intro_is_never_an_answer(site: Path, kb: knowledge.KnowledgeBase) -> None:
    texts = [x.text for s in kb.sections for x in s.sentences]
    assert not any("belong here" in t or "This section covers" in t for t in texts)
    answer = kb.answer("how do I install tinyhttp")
    assert answer.excerpts[0].text.startswith("Why does pip fail to build tinyhttp?")


def test_a_nested_item_is_quoted_with_its_parent(
    notes: Path, garden: knowledge.KnowledgeBase, capsys: pytest.CaptureFixture[str]
) -> None:
    document = garden.documents[0]
    units = {x.text: x for s in garden.sections for x in s.sentences}
    assert units["no citrus"].quote(document.text) == "- vegetable peelings\n    - no citrus"
    assert units["dry leaves"].quote(document.text) == "- Browns\n  - dry leaves"
    assert units["Browns"].quote(document.text) == (
        "Browns\n  - dry leaves\n  - shredded cardboard"
    )  # a parent is quoted with its children
    assert "  > - vegetable peelings\n  >   - no citrus" in ask(notes, "no citrus peelings", capsys)
    summary = topic(notes, "compost", capsys)
    assert "  > - Greens\n  >   - grass clippings\n  >   - vegetable peelings\n" in summary
    assert "  >     - no citrus\n" in summary


def test_topics_of_several_documents_are_listed_under_each_document(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["topics", "--knowledge", str(site)]) == 0
    lines = capsys.readouterr().out.splitlines()
    at = lines.index("Quickstart")  # no introduction of its own: its title still heads it
    assert lines[at + 1 : at + 3] == [
        "  Installing  (8 sentences)",
        "  Sending a request  (2 sentences)",
    ]
    assert "Writing plugins  (1 sentence)" in lines
    assert "  Plugin hooks  (1 sentence)" in lines


NOTES = """Guide
=====

.. topic:: Performance

   Connection pooling keeps sockets open between requests to the same host.

.. seealso::

   The retry strategies page explains backoff between attempts.

.. deprecated:: 3.1
   The old session factory is replaced by the builder functions.

.. versionadded:: 2.4
"""


def test_every_kind_of_sphinx_note_reads_with_its_label(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "guide.rst").write_text(NOTES, encoding="utf-8")
    shown = {
        question: " ".join(first(ask(tmp_path, question, capsys)).split())
        for question in (
            "connection pooling sockets",
            "retry backoff attempts",
            "old session factory replaced",
        )
    }
    assert shown["connection pooling sockets"].startswith("> Performance: Connection pooling")
    assert shown["retry backoff attempts"].startswith("> See also: The retry strategies")
    assert shown["old session factory replaced"].startswith(
        "> Deprecated since version 3.1: The old session factory"
    )
    kb = knowledge.load(tmp_path, semantic=False)
    texts = [x.text for s in kb.sections for x in s.sentences]
    assert not any("2.4" in t for t in texts)  # a bare version line is no answer alone
