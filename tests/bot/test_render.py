"""render: every embed within Discord's limits, excerpts verbatim, nothing that can ping."""

from dataclasses import replace

import discord
import pytest

import knowledge
from bot.views import components, render


@pytest.fixture(scope="module")
def kb() -> knowledge.KnowledgeBase:
    return knowledge.load()


def within_limits(embed: discord.Embed) -> None:
    assert len(embed.title or "") <= 256
    assert len(embed.description or "") <= 4096
    assert len(embed.footer.text or "") <= 2048
    assert len(embed.fields) <= 25
    for field in embed.fields:
        assert 1 <= len(field.name or "") <= 256
        assert 1 <= len(field.value or "") <= 1024
    assert len(embed) <= 6000


def test_clip_keeps_short_text_and_cuts_long_text_at_a_sentence() -> None:
    assert render.clip("Short.", 10) == "Short."
    text = "First sentence here. Second sentence is longer. " * 100
    cut = render.clip(text, 300, "https://x.example/a#B")
    assert len(cut) <= 300
    assert cut.endswith(" … [read on](https://x.example/a#B)")
    assert cut.split(" …")[0].endswith(".")


def test_clip_without_a_sentence_end_cuts_at_a_word() -> None:
    cut = render.clip("word " * 100, 51)
    assert len(cut) <= 51
    assert cut.endswith("word …")


def test_quote_is_verbatim_once_markdown_escapes_are_read() -> None:
    text = "Stalin's *five-year* plans_ were ~ambitious~ > all."
    quoted = render.quote(text, 4096)
    assert quoted.startswith("> ")
    assert quoted[2:].replace("\\", "") == text


def test_a_hard_wrapped_plain_excerpt_reads_as_one_paragraph() -> None:
    text = "Harassment and partic-\nular insults are\nnot allowed.\n\nSpam is removed."
    assert render.quote(text, 4096) == (
        "> Harassment and particular insults are not allowed.\n> \n> Spam is removed."
    )


def test_mentions_in_echoed_questions_cannot_ping() -> None:
    user, role = "<@123456789012345678>", "<@&223456789012345678>"
    line = render.question_line(f"@everyone {user} {role} what **is** @here?")
    assert "@everyone" not in line
    assert "@here" not in line
    assert user not in line
    assert role not in line
    assert "\\*\\*is\\*\\*" in line


def test_an_overlong_excerpt_is_cut_and_linked(kb: knowledge.KnowledgeBase) -> None:
    answer = kb.answer("when did stalin die")
    long = replace(answer.excerpts[0], text="A long sentence about the purges. " * 400)
    huge = replace(answer, question="q" * 5000, excerpts=(long, *answer.excerpts[1:]))
    embed = render.answer_embed(kb, huge)
    within_limits(embed)
    assert embed.description is not None
    assert embed.description.endswith(f"[read on]({long.url})")
    assert len(render.question_line(huge.question)) <= 2000


def test_answer_embed_cites_and_attributes(kb: knowledge.KnowledgeBase) -> None:
    answer = kb.answer("when did stalin die")
    embed = render.answer_embed(kb, answer)
    best = answer.excerpts[0]
    assert embed.url == best.url
    assert embed.title == " › ".join((best.document, *best.path))
    assert "CC BY-SA" in (embed.footer.text or "")
    assert embed.description == render.quote(best.text, 4096, best.url)


def test_more_embed_fits_even_with_huge_excerpts(kb: knowledge.KnowledgeBase) -> None:
    answer = kb.answer("what is stalinism")
    big = tuple(replace(e, text="Word. " * 900, path=("x" * 300,)) for e in answer.excerpts * 3)
    within_limits(render.more_embed(kb, replace(answer, excerpts=big)))


def test_many_changes_and_problems_stay_within_limits() -> None:
    many = [f"Section {i} " + "y" * 80 for i in range(500)]
    changes = {f"kind {i}": (many, many) for i in range(40)}
    within_limits(render.reload_embed("a", "b", 0.1, changes))
    problems = [f"file{i}.txt:{i}: reason {'z' * 100}" for i in range(100)]
    text = render.problems_text(problems, "abc")
    assert len(text) <= 2000
    assert "file0.txt:0" in text


def test_every_builtin_embed_fits(kb: knowledge.KnowledgeBase) -> None:
    within_limits(render.help_embed(kb))
    within_limits(render.status_embed("f", "now", 0.2, kb.counts(), 99999.0, float("inf")))
    for section in kb.topics:
        within_limits(render.section_embed(kb, section))
    for entry in kb.faq:
        within_limits(render.faq_embed(kb, entry))


def test_topic_pages_fit_a_select_menu() -> None:
    kb = knowledge.load()
    many = [replace(kb.topics[0], id=f"s{i}", title=f"T{i}", path=(f"T{i}" * 40,))
            for i in range(200)]  # fmt: skip
    pages = render.topic_pages(many)
    assert sum(len(p) for p in pages) == 200
    for number, page in enumerate(pages):
        assert len(page) <= 25
        within_limits(render.topics_embed(kb, page, number, len(pages)))
        assert len(components.topic_options(page)) <= 25
