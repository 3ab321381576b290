"""What a new server owner reads and deploys from: the README's commands, the licences, the
docs' set-up steps and the deployment examples (issue 10)."""

from __future__ import annotations

import configparser
import re
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest

from bot.app.failures import REFUSED, TEMPORARY
from knowledge.cli.cli import main
from knowledge.cli.evaluate import read_questions
from knowledge.words import text

ROOT = Path(__file__).parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
BOT_DOC = (ROOT / "docs" / "bot.md").read_text(encoding="utf-8")
DEPLOY = ROOT / "docs" / "deploy"
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def test_the_readme_eval_command_runs_from_a_clone(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    commands = re.findall(r"`citebot eval ([^`\s]+\.yaml)`", README)
    assert commands, "the README shows how to run the dev question set"
    for path in commands:
        question_set = (ROOT / path).resolve()
        assert question_set.is_relative_to(ROOT), f"{path} is outside the repository"
        assert len(read_questions(question_set)) == 80
        monkeypatch.chdir(ROOT)
        assert main(["eval", path]) == 0
        assert "hit@1" in capsys.readouterr().out


def test_the_readme_says_the_engine_is_english() -> None:
    assert "Questions and texts are in **English**" in README
    assert "Snowball English stemmer" in " ".join(README.split())
    assert text._STEMMER.stemWord("purges") == "purg"  # what the README promises: English


def test_the_code_is_mit_and_the_article_keeps_its_attribution() -> None:
    licence = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert licence.startswith("MIT License\n")
    assert PYPROJECT["project"]["license"] == "MIT"
    notice = (ROOT / "knowledge" / "corpus" / "NOTICE").read_text(encoding="utf-8")
    for needed in (
        '"Stalinism"',
        "Wikipedia contributors",
        "https://en.wikipedia.org/wiki/Stalinism",
        "CC BY-SA 4.0",
        "https://creativecommons.org/licenses/by-sa/4.0/",
        "Changes:",
    ):
        assert needed in notice
    assert set(PYPROJECT["project"]["license-files"]) == {"LICENSE", "knowledge/corpus/NOTICE"}
    assert "knowledge/corpus/NOTICE" in licence


def test_bot_doc_says_how_to_find_a_server_id_and_walks_the_first_run() -> None:
    assert "Developer Mode" in BOT_DOC
    assert "Copy Server ID" in BOT_DOC
    assert "dev_guild_id" in BOT_DOC
    assert "citebot sync --guild" in BOT_DOC
    assert "### The first run, from invite to first answer" in BOT_DOC
    assert "citebot run --check-config" in BOT_DOC


def test_the_systemd_unit_runs_citebot_and_keeps_the_token_out() -> None:
    unit = DEPLOY / "citebot.service"
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys keep their case
    parser.read_string(unit.read_text(encoding="utf-8"))
    service = parser["Service"]
    assert service["ExecStart"].split()[1:3] == ["run", "--config"]
    assert service["ExecStart"].startswith(service["WorkingDirectory"])
    assert "EnvironmentFile" in service
    assert not any("DISCORD_TOKEN" in value for value in service.values())
    assert service["KillSignal"] == "SIGTERM"
    assert service["Restart"] == "on-failure"
    assert set(service["RestartPreventExitStatus"].split()) == {str(REFUSED), "2"}
    assert TEMPORARY not in (REFUSED, 2)
    assert parser["Install"]["WantedBy"] == "multi-user.target"
    assert "docs/deploy/citebot.service" in BOT_DOC


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="needs systemd-analyze")
def test_systemd_accepts_the_unit() -> None:
    done = subprocess.run(
        ["systemd-analyze", "verify", str(DEPLOY / "citebot.service")],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    # The only complaint allowed: the venv it points at is not on this machine.
    problems = [
        line
        for line in (done.stdout + done.stderr).splitlines()
        if line.strip() and "is not executable: No such file or directory" not in line
    ]
    assert problems == []


def test_the_dockerfile_copies_what_exists_and_runs_citebot_unprivileged() -> None:
    dockerfile = (DEPLOY / "Dockerfile").read_text(encoding="utf-8")
    lines = [line.strip() for line in dockerfile.splitlines() if not line.startswith("#")]
    copied = [src for line in lines if line.startswith("COPY ") for src in line.split()[1:-1]]
    assert copied
    for source in copied:
        assert (ROOT / source).exists(), source
    kept = (DEPLOY / "Dockerfile.dockerignore").read_text(encoding="utf-8")
    for source in copied:
        assert f"!{source}" in kept, f"{source} is ignored by the build context"
    assert 'pip install ".[${EXTRAS}]"' in dockerfile
    named = re.findall(r"EXTRAS=([a-z,]+)", dockerfile + BOT_DOC)  # the default, and others
    assert "charts" in named
    assert "charts,semantic" in named
    for extra in ",".join(named).split(","):
        assert extra in PYPROJECT["project"]["optional-dependencies"], extra
    assert any(line.startswith("USER ") and "root" not in line for line in lines)
    assert 'CMD ["citebot", "run"]' in lines
    assert "DISCORD_TOKEN=" not in dockerfile
    assert "docker build -f docs/deploy/Dockerfile" in BOT_DOC


def test_the_readme_test_command_installs_what_every_test_needs() -> None:
    """The command a newcomer copies runs every test this machine can run: the PostgreSQL
    tests skip without psycopg, so the command installs the postgres extra too."""
    command = next(line for line in README.splitlines() if "python -m pytest" in line)
    extras = re.search(r'pip install -e "\.\[([a-z,]+)\]"', command)
    assert extras, command
    assert {"test", "postgres"} <= set(extras.group(1).split(",")), command
