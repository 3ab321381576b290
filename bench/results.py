"""bench/scale.py's measurements: what was measured, on what, and saving them to a file."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from measure import Run, engine, machine


@dataclass(frozen=True, slots=True)
class Facts:
    label: str
    corpus: str
    size: int
    sentences: int
    vocabulary: int
    text_mb: float


@dataclass
class Measured:
    facts: Facts
    runs: dict[str, Run]

    def row(self, system: str) -> dict[str, Any]:
        """One table row's figures (keys missing where not measured)."""
        if system == "citebot":
            built = self.runs.get("citebot-build", Run("")).result
            served = self.runs.get("citebot", Run("")).result
            out = {"build_s": built.get("load_s"), "build_peak_mb": built.get("peak_load_mb")}
            if served:
                out.update(
                    load_s=served["load_s"] if served.get("from_cache") else None,
                    rss_after_mb=served["rss_after_mb"],
                    peak_mb=served["peak_mb"],
                    times=served.get("times", []),
                    first_s=served.get("first_s"),
                    relative_load_s=served.get("relative_load_s"),
                    relative_from_cache=served.get("relative_from_cache"),
                )
            return out
        if system.startswith("bm25s "):
            result = self.runs.get("bm25s", Run("")).result
            backend = result.get(system.split()[1], {})
            if not backend:
                return {}
            return {
                "build_s": backend["build_s"],
                "build_peak_mb": backend["peak_build_mb"],
                "rss_after_mb": backend["rss_after_mb"],
                "peak_mb": result["peak_mb"],
                "times": backend["times"],
            }
        result = self.runs.get(system, Run("")).result
        return {**result, "build_peak_mb": None} if result else {}

    def styles(self) -> list[str]:
        for run in self.runs.values():
            if run.result.get("styles"):
                return list(run.result["styles"])
        return []

    def failures(self) -> list[str]:
        return [f"{name}: {run.failure}" for name, run in self.runs.items() if run.failure]


@dataclass(frozen=True, slots=True)
class Taken:
    """When and on what the figures were taken."""

    command: str
    date: str
    engine: str
    machine: str

    @classmethod
    def now(cls, command: str) -> Taken:
        today = dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
        return cls(command, today, engine(), machine())


def save(results: list[Measured], when: Taken, path: Path) -> None:
    """The raw figures, so that the page can be made again without measuring again."""
    data = {"run": asdict(when), "results": [asdict(m) for m in results]}
    path.write_text(json.dumps(data), encoding="utf-8")


def load(path: Path) -> tuple[list[Measured], Taken]:
    data = json.loads(path.read_text(encoding="utf-8"))
    results = [
        Measured(Facts(**m["facts"]), {k: Run(**run) for k, run in m["runs"].items()})
        for m in data["results"]
    ]
    return results, Taken(**data["run"])


def systems_in(results: list[Measured]) -> list[str]:
    found = ["citebot"] if any("citebot" in m.runs for m in results) else []
    for backend in ("numpy", "numba"):
        if any(m.runs.get("bm25s", Run("")).result.get(backend) for m in results):
            found.append(f"bm25s {backend}")
    if any("rank_bm25" in m.runs for m in results):
        found.append("rank_bm25")
    return found
