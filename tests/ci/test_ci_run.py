"""`.ci/run` leaves nothing behind in the temp folder, also when a step fails."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).parents[2]
# Stands in for python3: makes a venv-sized mess where it is asked to, then fails, so the
# script stops early without a network or minutes of installing.
FAILING_PYTHON = """#!/bin/sh
mkdir -p "$3/bin" && head -c 100000 /dev/zero > "$3/bin/python"
echo "$3" > "$(dirname "$0")/made"
exit 1
"""


def test_ci_run_removes_its_temp_folder_when_a_step_fails(tmp_path: Path) -> None:
    bin_dir, temp = tmp_path / "bin", tmp_path / "tmp"
    bin_dir.mkdir()
    temp.mkdir()
    stub = bin_dir / "python3"
    stub.write_text(FAILING_PYTHON)
    stub.chmod(0o755)
    env = {**os.environ, "PATH": f"{bin_dir}:{os.environ['PATH']}", "TMPDIR": str(temp)}
    done = subprocess.run(
        ["bash", str(ROOT / ".ci" / "run")], env=env, capture_output=True, timeout=60, check=False
    )
    assert done.returncode != 0
    made = Path((bin_dir / "made").read_text().strip())
    assert made.is_relative_to(temp)
    assert not made.exists()
    assert list(temp.iterdir()) == []
