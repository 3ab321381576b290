"""Measuring one system in a worker process, and running workers under a watchdog.

A worker prints JSON lines: `{"stage": ...}` as it goes, then `{"result": {...}}`.
Latency is taken over distinct questions, each answered once after a warm-up on other
questions: repeating a question would only time the engine's caches.
"""

from __future__ import annotations

import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def rss_mb() -> float:
    """This process's resident memory now (VmRSS), in MB."""
    return vm_rss_mb(os.getpid())


def peak_mb() -> float:
    """This process's peak resident memory so far (VmHWM), in MB.

    Not ru_maxrss: Linux carries it across fork and exec, so a worker would report its
    parent's size whenever that was larger.
    """
    peak = vm_rss_mb(os.getpid(), "VmHWM:")
    return peak or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def vm_rss_mb(pid: int, field: str = "VmRSS:") -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def emit(record: dict[str, Any]) -> None:
    print(json.dumps(record), flush=True)


def percentile(times: list[float], q: float) -> float:
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def time_each(answer: Callable[[str], object], questions: list[str]) -> list[float]:
    """Seconds for each question, answered once each."""
    times = []
    for question in questions:
        started = time.perf_counter()
        answer(question)
        times.append(time.perf_counter() - started)
    return times


@dataclass
class Run:
    """What a worker reported, or why it was stopped."""

    name: str
    result: dict[str, Any] = field(default_factory=dict)
    stages: list[dict[str, Any]] = field(default_factory=list)
    failure: str = ""
    wall_s: float = 0.0
    watched_peak_mb: float = 0.0


def run_worker(name: str, arguments: list[str], timeout: float, max_rss_mb: float) -> Run:
    """`python bench/scale.py <arguments>` in a fresh interpreter, stopped past the limits."""
    run = Run(name)
    command = [sys.executable, str(ROOT / "bench" / "scale.py"), *arguments]
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        started = time.perf_counter()
        proc = subprocess.Popen(command, stdout=out, stderr=err, cwd=ROOT)
        while proc.poll() is None:
            time.sleep(0.2)
            rss = vm_rss_mb(proc.pid)
            run.watched_peak_mb = max(run.watched_peak_mb, rss)
            elapsed = time.perf_counter() - started
            if elapsed > timeout:
                run.failure = f"stopped after {elapsed:.0f} s (timeout), RSS {rss:.0f} MB"
            elif rss > max_rss_mb:
                run.failure = f"stopped at RSS {rss:.0f} MB after {elapsed:.0f} s (memory cap)"
            if run.failure:
                proc.kill()
                proc.wait()
                break
        run.wall_s = time.perf_counter() - started
        out.seek(0)
        err.seek(0)
        for line in out.read().splitlines():
            try:
                record = json.loads(line)
            except ValueError:
                continue
            if "result" in record:
                run.result = record["result"]
            elif "stage" in record:
                run.stages.append(record)
        if not run.failure and not run.result:
            tail = err.read().strip().splitlines()[-5:]
            run.failure = f"exit {proc.returncode}: " + " | ".join(tail)
    return run


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        mem = f", {os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.0f} GB RAM"
    except (ValueError, OSError):
        mem = ""
    return (
        f"{platform.platform()}; {cpu}; {os.cpu_count()} cores{mem}; "
        f"Python {platform.python_version()}"
    )


def engine() -> str:
    """The commit measured, and whether knowledge/ had uncommitted changes."""
    try:
        head = _git("rev-parse", "--short", "HEAD")
        dirty = _git("status", "--porcelain", "--", "knowledge")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return f"{head} (with uncommitted changes in knowledge/)" if dirty else head


def _git(*args: str) -> str:
    done = subprocess.run(["git", *args], capture_output=True, text=True, check=True, cwd=ROOT)
    return done.stdout.strip()
