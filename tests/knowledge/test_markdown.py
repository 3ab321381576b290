"""Markdown as it is written: code, front matter, notes, tabs, tables, lists, sidebars."""

from __future__ import annotations

from pathlib import Path

import pytest

import knowledge
from knowledge.cli.show import shown

GUIDE = """---
title: Widget handbook
description: How to run widgets.
---

# Widgets

<!-- A comment that is never an answer: secret plans for gadgets. -->

Widgets turn sprockets into gears.

- [Install](#install)
- [Configure](#configure)

## Install

You can install a widget with the `widget init` command:

```console
$ widget init --verbose
```

Widgets come in boxes.

```console
$ orphan-command --quietly
```

=== "Windows"

    Use `winget` to fetch the widget installer from the store.

!!! warning "Old versions"

    Versions before 2.0 store settings in `~/.widgetrc` and ignore `WIDGET_HOME`.

![A diagram of the gearbox](diagram.png)

<details>
<summary>Troubleshooting</summary>

If the widget hums loudly, tighten the sprocket bolts.

</details>

To reset a widget, do these in order:

1. Unplug the widget.
2. Hold the reset pin for ten seconds.

## Configure

Table: Widget sizes

| Size | Teeth | Use |
|------|-------|-----|
| Small | 12 | Clocks and watches |
| Large | 48 | Windmills and mills |

The widget reads its partic-
ular settings at start-up.

> ### Safety sidebar
>
> Never oil a widget while it spins.

Back in the configure section, sizes can be changed at any time.

## Configure

A second configure section about colours.
"""


@pytest.fixture(scope="module")
def kb(tmp_path_factory: pytest.TempPathFactory) -> knowledge.KnowledgeBase:
    folder = tmp_path_factory.mktemp("guide")
    (folder / "guide.md").write_text(GUIDE, encoding="utf-8")
    return knowledge.load(folder)


def units(kb: knowledge.KnowledgeBase) -> list[str]:
    return [x.text for s in kb.sections for x in s.sentences]


def top(kb: knowledge.KnowledgeBase, question: str) -> knowledge.Excerpt:
    answer = kb.answer(question)
    assert answer.excerpts, question
    return answer.excerpts[0]


def test_front_matter_names_the_document_and_is_never_an_answer(
    kb: knowledge.KnowledgeBase,
) -> None:
    assert [d.title for d in kb.documents] == ["Widget handbook"]
    assert not any("description" in u or "How to run" in u for u in units(kb))


def test_a_lead_in_is_quoted_with_the_code_block_it_introduces(
    kb: knowledge.KnowledgeBase,
) -> None:
    excerpt = top(kb, "how do i install a widget")
    assert excerpt.text == (
        "You can install a widget with the `widget init` command:\n\n"
        "```console\n$ widget init --verbose\n```"
    )
    assert excerpt.section == "Install"


def test_a_code_block_alone_is_never_an_answer(kb: knowledge.KnowledgeBase) -> None:
    assert not any("orphan-command" in u or u.startswith("```") for u in units(kb))
    assert not any("orphan-command" in x.text for x in kb.answer("orphan-command").excerpts)


@pytest.mark.parametrize("question", ["what is WIDGET_HOME", "widgetrc", "WIDGET HOME"])
def test_identifiers_are_searchable_as_written_and_by_their_parts(
    kb: knowledge.KnowledgeBase, question: str
) -> None:
    assert "WIDGET_HOME" in top(kb, question).text


def test_code_is_searchable_through_its_lead_in(kb: knowledge.KnowledgeBase) -> None:
    assert "widget init --verbose" in top(kb, "widget init --verbose").text


def test_tabs_and_notes_are_text_under_their_label(kb: knowledge.KnowledgeBase) -> None:
    windows = top(kb, "install a widget on windows")
    assert windows.text == "Use `winget` to fetch the widget installer from the store."
    assert "Versions before 2.0" in top(kb, "old versions settings").text
    assert not any(u.startswith(("===", "!!!")) for u in units(kb))


def test_comments_images_and_details_tags_are_never_answers(
    kb: knowledge.KnowledgeBase,
) -> None:
    texts = units(kb)
    assert not any("secret plans" in u or "diagram" in u or "<" in u for u in texts)
    assert not kb.answer("secret plans for gadgets").answered
    hums = top(kb, "troubleshooting a humming widget")
    assert hums.text == "If the widget hums loudly, tighten the sprocket bolts."


def test_a_link_only_list_is_never_an_answer(kb: knowledge.KnowledgeBase) -> None:
    assert not any("](#" in u or u in ("Install", "Configure") for u in units(kb))


def test_a_table_row_is_quoted_with_its_header(kb: knowledge.KnowledgeBase) -> None:
    excerpt = top(kb, "how many teeth does a large widget have")
    assert excerpt.text == (
        "| Size | Teeth | Use |\n|------|-------|-----|\n| Large | 48 | Windmills and mills |"
    )
    document = kb.documents[0].text
    header, row = excerpt.text.rsplit("\n", 1)
    assert header in document
    assert row in document


def test_list_items_are_units_and_a_lead_in_takes_its_list(
    kb: knowledge.KnowledgeBase,
) -> None:
    assert "Hold the reset pin for ten seconds." in units(kb)
    excerpt = top(kb, "how do i reset a widget")
    assert excerpt.text.startswith("To reset a widget, do these in order:")
    assert excerpt.text.endswith("2. Hold the reset pin for ten seconds.")


def test_a_word_hyphenated_over_two_lines_is_one_word(kb: knowledge.KnowledgeBase) -> None:
    excerpt = top(kb, "particular settings")
    assert excerpt.text == "The widget reads its partic-\nular settings at start-up."


def test_a_blockquote_heading_is_a_sidebar_inside_its_section(
    kb: knowledge.KnowledgeBase,
) -> None:
    paths = [(s.path, s.id) for s in kb.sections]
    assert (("Configure", "Safety sidebar"), "Widget handbook#safety-sidebar") in paths
    sidebar = top(kb, "can i oil a spinning widget")
    assert sidebar.path == ("Configure", "Safety sidebar")
    after = top(kb, "can sizes be changed at any time")
    assert after.path == ("Configure",)  # the text after the quote is the section's again
    assert after.section_id == "Widget handbook#configure"


def test_a_blockquote_opening_with_a_title_line_is_a_sidebar(tmp_path: Path) -> None:
    text = (
        "# Rules\n\n## Travel\n\nParties travel by day.\n\n"
        "> Marching Order\n> The party picks who walks in front before it sets out.\n\n"
        "> Camp Fires\n>\n> A fire keeps wolves at a distance overnight.\n\n"
        "> The sun rises\n\n"  # one line alone: a quotation, not a title
        "> A lantern burns for an hour.\n> Oil refills it.\n"
    )
    (tmp_path / "rules.md").write_text(text, encoding="utf-8")
    kb = knowledge.load(tmp_path)
    paths = [s.path for s in kb.sections]
    assert ("Travel", "Marching Order") in paths
    assert ("Travel", "Camp Fires") in paths
    units = {s.path: [u.text for u in s.sentences] for s in kb.sections}
    assert units[("Travel", "Marching Order")] == [
        "The party picks who walks in front before it sets out."
    ]
    # After the sidebars the quotes belong to the section again, and neither a lone line
    # nor a sentence that ends with a full stop is taken for a title.
    assert "The sun rises" in units[("Travel",)]
    assert "A lantern burns for an hour." in units[("Travel",)]
    assert top(kb, "who walks in front").path == ("Travel", "Marching Order")


def test_attribute_lists_are_not_words_and_a_named_anchor_is_kept(tmp_path: Path) -> None:
    text = (
        "# Guide\n\n## Set up the widget {#setup .wide}\n\nTurn the crank twice.\n\n"
        '![The crank](crank.png){: style="height:50px"}\n\n'
        "{: .note }\n\nOil the crank yearly.\n"
    )
    (tmp_path / "guide.md").write_text(text, encoding="utf-8")
    kb = knowledge.load(tmp_path)
    section = next(s for s in kb.sections if s.level)
    assert section.title == "Set up the widget"
    assert section.id == "Guide#setup"
    assert [u.text for u in section.sentences] == ["Turn the crank twice.", "Oil the crank yearly."]
    # A repeated anchor, or a title with no word for a slug, still gets an id of its own.
    (tmp_path / "guide.md").write_text(
        "# Guide\n\n## A {#same}\n\nOne.\n\n## B {#same}\n\nTwo.\n\n## ???\n\nThree.\n",
        encoding="utf-8",
    )
    ids = [s.id for s in knowledge.load(tmp_path).sections]
    assert ids == ["Guide#same", "Guide#same-1", "Guide#section"]


def test_a_bold_line_alone_is_quoted_with_the_paragraph_it_titles(tmp_path: Path) -> None:
    text = (
        "# Rules\n\n**Darkness.**\n\nDarkness hides whoever stands in it. Torches help.\n\n"
        "**No spam.**\n\n**No shouting.**\n\n- a list after a bold line stays a list\n"
    )
    (tmp_path / "rules.md").write_text(text, encoding="utf-8")
    kb = knowledge.load(tmp_path)
    units = [u.text for s in kb.sections for u in s.sentences]
    assert units[0] == "**Darkness.**\n\nDarkness hides whoever stands in it."
    # Bold lines one after another are each a unit of their own (a list of rules).
    assert "**No spam.**" in units
    assert "**No shouting.**" in units


DOCUSAURUS = """---
title: Configuration
---

import Tabs from '@theme/Tabs';
export const secret = 'hidden value';

The bot reads its settings from a file in the working folder.
:::tip Reloading

Send the reload command to apply a changed file without restarting.

::::note
A nested note about reloading twice.
::::

:::

:::warning
Never commit your token to a public repository.
:::
"""


def test_colon_containers_and_mdx_statements(tmp_path: Path) -> None:
    (tmp_path / "config.mdx").write_text(DOCUSAURUS, encoding="utf-8")
    kb = knowledge.load(tmp_path)
    assert [d.title for d in kb.documents] == ["Configuration"]
    units = [u.text for s in kb.sections for u in s.sentences]
    assert units == [
        "The bot reads its settings from a file in the working folder.",
        "Send the reload command to apply a changed file without restarting.",
        "A nested note about reloading twice.",
        "Never commit your token to a public repository.",
    ]
    labels = [u.label for s in kb.sections for u in s.sentences]
    assert labels[1:3] == ["Reloading", "Reloading"]  # a kind alone ("warning") is no title
    assert labels[3] == ""


PROJECT_README = """<h1 align="center">
  <img src="logo.svg" width="120"><br>
  Snapbot
</h1>

<p align="center">
  <a href="https://ci.example.org"><img src="https://ci.example.org/badge.svg"></a>
</p>

[![Docs](https://example.org/badge.svg)](https://example.org) [![MIT](https://example.org/m.svg)](L)

Snapbot takes a screenshot of any web page.

## Installation

```bash
pip install snapbot
```

## Example

```python
import snapbot
shot = snapbot.take("https://example.org", width=1280, delay=2, full_page=True)
shot.save("example.png")
print("saved", shot.size, "bytes to", shot.path)
```
"""


def test_a_project_readme_with_an_html_title_and_bare_code_sections(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text(PROJECT_README, encoding="utf-8")
    kb = knowledge.load(tmp_path)
    assert [d.title for d in kb.documents] == ["Snapbot"]  # from the <h1>
    units = [u.text for s in kb.sections for u in s.sentences]
    assert units == [
        "Snapbot takes a screenshot of any web page.",
        "```bash\npip install snapbot\n```",  # its heading introduces it
    ]  # a longer code block alone (a script) is still never an answer
    excerpt = top(kb, "how do i install snapbot")
    assert excerpt.path == ("Installation",)
    assert excerpt.text == "```bash\npip install snapbot\n```"


def test_rules_written_as_bold_lines_and_numbered_items(tmp_path: Path) -> None:
    text = (
        "# Rules\n\n"
        "**1. Be respectful.** No slurs. Disagree with ideas, not people.\n"
        "**2. No spam.** Do not post one message twice.\n\n"
        "## Channels\n\n1. #general - everyday chat\n2. #trading - scams get a ban\n"
    )
    (tmp_path / "rules.md").write_text(text, encoding="utf-8")
    kb = knowledge.load(tmp_path)
    units = {s.title: [u.text for u in s.sentences] for s in kb.sections}
    assert units["(lead)"] == [
        "**1. Be respectful.** No slurs.",
        "Disagree with ideas, not people.",
        "**2. No spam.** Do not post one message twice.",
    ]
    # "2." starts the next item even though only "1." may interrupt a paragraph.
    assert units["Channels"] == ["#general - everyday chat", "#trading - scams get a ban"]
    # Each rule is a paragraph of its own: a short paragraph is quoted whole, not three rules.
    assert top(kb, "can i post one message twice").text == (
        "**2. No spam.** Do not post one message twice."
    )


def test_repeated_headings_keep_distinct_anchors(kb: knowledge.KnowledgeBase) -> None:
    ids = [s.id for s in kb.sections]
    assert len(ids) == len(set(ids))
    assert "Widget handbook#configure-1" in ids
    colours = top(kb, "configure colours")
    assert colours.section_id == "Widget handbook#configure-1"


def test_every_unit_is_a_verbatim_slice(kb: knowledge.KnowledgeBase) -> None:
    for document in kb.documents:
        for section in document.sections:
            for unit in section.sentences:
                assert document.text[unit.start : unit.end] == unit.text


def test_setext_headings_and_indented_code(tmp_path: Path) -> None:
    text = (
        "Guide\n=====\n\nIntro text here.\n\nSetup\n-----\n\nRun this:\n\n"
        "    make install\n\nThen you are done.\n"
    )
    (tmp_path / "setup.md").write_text(text, encoding="utf-8")
    kb = knowledge.load(tmp_path)
    assert kb.documents[0].title == "Guide"
    assert [s.title for s in kb.sections] == ["(lead)", "Setup"]
    assert top(kb, "make install").text == "Run this:\n\n    make install"


def test_the_command_line_shows_code_as_code_and_links_as_links() -> None:
    text = "Read the [guide](https://example.org/g) first:\n\n```console\n$ widget init\n```"
    assert shown(text, "markdown") == (
        "  > Read the guide (https://example.org/g) first:\n      $ widget init"
    )
    assert shown("Plain *text* stays.", "text") == "  > Plain *text* stays."
    assert shown("**2. No spam.** Post __once__, not 2**3 times.", "markdown") == (
        "  > 2. No spam. Post once, not 2**3 times."
    )


SIDEBAR = (
    "# Guide\n\n## Configure\n\nConfigure the widget first.\n\n"
    "> ### Safety sidebar\n>\n> Never oil a widget while it spins.\n\n"
    "Back in the configure section, sizes change.\n"
)


def test_a_curated_quote_in_a_sidebar_cites_the_sidebar(tmp_path: Path) -> None:
    (tmp_path / "guide.md").write_text(SIDEBAR, encoding="utf-8")
    faq = '- id: oil\n  question: Can I oil it?\n  answer: "Never oil a widget while it spins."\n'
    (tmp_path / "faq.yaml").write_text(faq, encoding="utf-8")
    entry = knowledge.load(tmp_path).faq_entry("oil")
    assert entry is not None
    assert entry.section_id == "Guide#safety-sidebar"


def test_a_curated_quote_across_a_sidebar_heading_is_refused(tmp_path: Path) -> None:
    (tmp_path / "guide.md").write_text(SIDEBAR, encoding="utf-8")
    quote = "Configure the widget first.\\n\\n> ### Safety sidebar\\n>\\n> Never oil a widget"
    faq = f'- id: span\n  question: Both?\n  answer: "{quote}"\n'
    (tmp_path / "faq.yaml").write_text(faq, encoding="utf-8")
    with pytest.raises(knowledge.KnowledgeError) as info:
        knowledge.load(tmp_path)
    assert "runs across a heading" in str(info.value)
