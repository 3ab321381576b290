"""reStructuredText: underlined titles, literal blocks, directives, definition lists."""

from __future__ import annotations

from pathlib import Path

import pytest

import knowledge
from knowledge.cli.show import shown

GUIDE = """\
=========
 Mytool
=========

Mytool renames photos by the date they were taken.

Installation
============

Install it with pip::

    pip install mytool

.. note::

   Mytool needs Python 3.9 or later.

Usage
-----

Run the tool on a folder:

.. code-block:: console

   $ mytool --dry-run ~/Pictures

``--dry-run``
    Print the new names without renaming anything.

- Photos without a date keep their name.
- See `the changelog <https://example.org/changes>`_ and :ref:`options`.

.. toctree::
   :maxdepth: 2

   usage
   api

.. image:: logo.png

.. This comment mentions a secret migration plan.
"""


@pytest.fixture(scope="module")
def kb(tmp_path_factory: pytest.TempPathFactory) -> knowledge.KnowledgeBase:
    folder = tmp_path_factory.mktemp("rst")
    (folder / "mytool.rst").write_text(GUIDE, encoding="utf-8")
    return knowledge.load(folder)


def top(kb: knowledge.KnowledgeBase, question: str) -> knowledge.Excerpt:
    answer = kb.answer(question)
    assert answer.excerpts, question
    return answer.excerpts[0]


def test_underlined_titles_make_sections_in_order_of_their_styles(
    kb: knowledge.KnowledgeBase,
) -> None:
    assert kb.documents[0].title == "Mytool"
    assert [s.path for s in kb.sections] == [(), ("Installation",), ("Installation", "Usage")]
    assert kb.sections[1].id == "Mytool#installation"


def test_a_literal_block_is_quoted_with_its_paragraph(kb: knowledge.KnowledgeBase) -> None:
    assert (
        top(kb, "how do i install mytool").text == "Install it with pip::\n\n    pip install mytool"
    )
    excerpt = top(kb, "run mytool on a folder")
    assert excerpt.text.startswith("Run the tool on a folder:")
    assert excerpt.text.endswith("$ mytool --dry-run ~/Pictures")


def test_notes_and_definitions_are_text(kb: knowledge.KnowledgeBase) -> None:
    note = top(kb, "which python version does mytool need").text
    assert note.endswith("\n   Mytool needs Python 3.9 or later.")
    assert knowledge.segments(note, "rst")[0].text == "Note: Mytool needs Python 3.9 or later."
    assert top(kb, "what does --dry-run do").text == (
        "``--dry-run``\n    Print the new names without renaming anything."
    )


def test_markup_and_skipped_directives_are_never_answers(kb: knowledge.KnowledgeBase) -> None:
    texts = [x.text for s in kb.sections for x in s.sentences]
    assert not any(t.startswith("..") or "maxdepth" in t or "logo.png" in t for t in texts)
    assert not kb.answer("secret migration plan").answered
    assert "Photos without a date keep their name." in texts


def test_every_unit_is_a_verbatim_slice(kb: knowledge.KnowledgeBase) -> None:
    text = kb.documents[0].text
    for section in kb.sections:
        for unit in section.sentences:
            assert text[unit.start : unit.end] == unit.text


def test_an_rst_file_beside_markdown(tmp_path: Path) -> None:
    (tmp_path / "a.rst").write_text("Alpha\n=====\n\nAlpha comes first.\n", encoding="utf-8")
    (tmp_path / "b.md").write_text("# Beta\n\nBeta comes second.\n", encoding="utf-8")
    kb = knowledge.load(tmp_path)
    assert [d.title for d in kb.documents] == ["Alpha", "Beta"]


SPHINX = """\
:orphan:
:tocdepth: 2

.. _faq:

Questions
=========

Where can I use ``await``\\?
---------------------------

You can only use ``await`` inside ``async def`` functions.

Get the :class:`~lib.models.User`
object and call :meth:`User.send`, as :ref:`the guide <sending>` shows. For example: ::

    await user.send("hi")

An asterisk \\* stays an asterisk, and ``\\*`` in code keeps its backslash.
"""


def test_sphinx_metadata_roles_and_escapes(tmp_path: Path) -> None:
    (tmp_path / "faq.rst").write_text(SPHINX, encoding="utf-8")
    kb = knowledge.load(tmp_path)
    # The field list before the title is metadata: the lone title still names the document.
    assert kb.documents[0].title == "Questions"
    assert [s.path for s in kb.sections] == [("Where can I use await?",)]
    texts = [x.text for s in kb.sections for x in s.sentences]
    assert not any("orphan" in t or "tocdepth" in t for t in texts)
    excerpt = top(kb, "how do i send a message to a user")
    assert excerpt.text.startswith("Get the :class:`~lib.models.User`")  # quoted verbatim
    assert shown(excerpt.text, "rst") == (
        "  > Get the `User` object and call `User.send()`, as the guide shows. For example:\n"
        '      await user.send("hi")'
    )
    escaped = top(kb, "asterisk backslash")
    assert shown(escaped.text, "rst") == (
        "  > An asterisk * stays an asterisk, and `\\*` in code keeps its backslash."
    )


TABLES = """\
Prices
======

+------------+---------+
| Treat      | Price   |
+============+=========+
| Albatross  | 2.99    |
+------------+---------+
| Crunchy    | 1.49    |
| Frog       | (fresh) |
+------------+---------+

=========  ===========
Day        Hours
=========  ===========
Monday     closed
Tuesday    9 to 17,
           lunch break at noon
=========  ===========

.. list-table:: Staff
   :header-rows: 1

   * - Name
     - Role
   * - Ada
     - Baker of the frog pies
"""


def test_grid_simple_and_list_tables_answer_a_row_with_its_header(tmp_path: Path) -> None:
    (tmp_path / "prices.rst").write_text(TABLES, encoding="utf-8")
    kb = knowledge.load(tmp_path)
    rows = [x.text for s in kb.sections for x in s.sentences]
    assert rows == [
        "| Albatross  | 2.99    |",
        "| Crunchy    | 1.49    |\n| Frog       | (fresh) |",
        "Monday     closed",
        "Tuesday    9 to 17,\n           lunch break at noon",
        "* - Ada\n     - Baker of the frog pies",
    ]
    frog = top(kb, "price of the crunchy frog")
    assert shown(frog.text, "rst") == (
        "      +------------+---------+\n"
        "      | Treat      | Price   |\n"
        "      +============+=========+\n"
        "      | Crunchy    | 1.49    |\n"
        "      | Frog       | (fresh) |"
    )
    tuesday = top(kb, "hours on tuesday")
    assert shown(tuesday.text, "rst").split("\n")[-2:] == [
        "      Tuesday    9 to 17,",
        "                 lunch break at noon",
    ]
    pies = top(kb, "who bakes the pies")
    assert pies.text == "* - Name\n     - Role\n   * - Ada\n     - Baker of the frog pies"
    assert shown(pies.text, "rst") == (
        "      * - Name\n        - Role\n      * - Ada\n        - Baker of the frog pies"
    )


def test_an_option_or_variable_is_quoted_with_its_description(tmp_path: Path) -> None:
    (tmp_path / "cli.rst").write_text(
        "Command line\n============\n\n.. program:: shop\n\n"
        ".. option:: --dry-run\n\n   Print the order without placing it.\n\n"
        "   This never charges a card.\n\n"
        ".. envvar:: SHOP_HOME\n   :default: ``~/.shop``\n\n   Where the basket is kept.\n",
        encoding="utf-8",
    )
    kb = knowledge.load(tmp_path)
    units = [(x.text, x.label) for s in kb.sections for x in s.sentences]
    assert units == [
        ("--dry-run\n\n   Print the order without placing it.", "--dry-run"),
        ("This never charges a card.", "--dry-run"),
        ("SHOP_HOME\n   :default: ``~/.shop``\n\n   Where the basket is kept.", "SHOP_HOME"),
    ]
    assert top(kb, "where is the basket kept").text.startswith("SHOP_HOME")


def test_a_definition_term_labels_its_definition_as_it_reads(tmp_path: Path) -> None:
    (tmp_path / "cli.rst").write_text(
        "Options\n=======\n\n:option:`--force <shop --force>`\n"
        "    Place the order even when the basket changed.\n\n"
        "    It still asks before charging a card.\n",
        encoding="utf-8",
    )
    kb = knowledge.load(tmp_path)
    labels = [x.label for s in kb.sections for x in s.sentences]
    assert labels == ["--force", "--force"]  # the role's text, not its syntax


def test_a_table_row_indented_by_a_tab_is_quoted_from_its_first_letter(tmp_path: Path) -> None:
    """A tab is one character but eight columns: a row began eight characters in, past
    its text (hypothesis found it)."""
    (tmp_path / "grid.rst").write_text(
        "Grid\n====\n\n+------+-----+\n\tKiln fires clay\n+------+-----+\n", encoding="utf-8"
    )
    units = [u.text for s in knowledge.load(tmp_path).sections for u in s.sentences]
    assert "Kiln fires clay" in units
