"""/faq add writes faq.yaml as it found it (its mode kept), and says so plainly when the
knowledge folder cannot be written."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from bot_harness import citebot
from discord_fake import payloads

import knowledge
from bot.state import curate
from bot.state.live_knowledge import LiveKnowledge

Fake = Any
MANAGE_GUILD = 1 << 5
QUOTE = "Soviet scientists were forced to denounce any work that contradicted Lysenko."
FORM = {"question": "Who was Trofim Lysenko?", "alternates": "", "quote": QUOTE, "section": ""}


@pytest.fixture
def kb_copy(tmp_path: Path) -> Path:
    return Path(shutil.copytree(knowledge.DEFAULT_KNOWLEDGE, tmp_path / "kb"))


async def _add(discord_fake: Fake) -> str:
    moderator = payloads.member(permissions=MANAGE_GUILD)
    opened = await discord_fake.slash("faq add", member=moderator)
    await discord_fake.submit_modal(opened.json["data"]["custom_id"], FORM, member=moderator)
    done = await discord_fake.wait_for("POST", r"/webhooks/", timeout=15)
    return str(done.json["content"])


async def test_faq_add_keeps_the_file_mode(discord_fake: Fake, kb_copy: Path) -> None:
    faq = kb_copy / "faq.yaml"
    faq.chmod(0o644)
    async with citebot(discord_fake, LiveKnowledge(kb_copy)):
        content = await _add(discord_fake)
    assert content.startswith("FAQ entry `who-was-trofim-lysenko` added")
    assert oct(faq.stat().st_mode & 0o777) == oct(0o644)  # was 0600 after the edit
    assert "who-was-trofim-lysenko" in faq.read_text(encoding="utf-8")


async def test_faq_add_on_a_read_only_folder_says_so(
    discord_fake: Fake, kb_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = (kb_copy / "faq.yaml").read_text(encoding="utf-8")
    kb_copy.chmod(0o555)
    if os.geteuid() == 0:  # root writes anyway: make the write fail as it would for others

        def refuse(path: Path) -> tuple[int, str]:
            raise PermissionError(13, "Permission denied", str(path.parent))

        monkeypatch.setattr(curate, "_temporary", refuse)
    try:
        async with citebot(discord_fake, LiveKnowledge(kb_copy)):
            content = await _add(discord_fake)
    finally:
        kb_copy.chmod(0o755)
    assert content.startswith("Not saved: faq.yaml cannot be written in the knowledge folder")
    assert "Permission denied" in content
    assert (kb_copy / "faq.yaml").read_text(encoding="utf-8") == before
