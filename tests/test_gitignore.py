"""The default feedback database (a log of what people asked) can never be committed by mistake."""

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]
DATABASE_FILES = ["citebot.db", "citebot.db-wal", "citebot.db-shm", "citebot.db.salt"]


def test_the_default_database_files_are_ignored() -> None:
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    done = subprocess.run(
        ["git", "check-ignore", "--no-index", *DATABASE_FILES],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.stdout.split() == DATABASE_FILES
