"""Wall time of the conformance replay suite, and where it goes.

Runs exactly ``pytest conformance --record-mode=none --block-network -q`` (with ``--durations=0``
added, which only prints) in a fresh process: the replay suite, which leaves out
conformance/recording and conformance/mutations (see conformance/conftest.py). Splits the time:
tests that start Python again in a subprocess, the replays themselves, and what is left
(interpreter start, plugin imports, collection, tests under pytest's 5 ms print threshold).
The recording and mutation checks, which run pytest in subprocesses, are timed on their own.
"""

from __future__ import annotations

import os
import re
import subprocess
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from .common import PY, ROOT, Row, median, verdict

GOAL = 10.0
COMMAND = ["-m", "pytest", "conformance", "--record-mode=none", "--block-network", "-q"]
_DURATION = re.compile(r"^(\d+\.\d+)s (call|setup|teardown)\s+([^:\s]+)(?:::|$)")


def run_once(extra: list[str] | None = None, env: dict[str, str] | None = None) -> dict[str, Any]:
    start = time.perf_counter()
    done = subprocess.run(
        [PY, *COMMAND, "--durations=0", *(extra or [])],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=1800,
        env={**os.environ, **(env or {})},
    )
    wall = time.perf_counter() - start
    files: dict[str, float] = defaultdict(float)
    for line in done.stdout.splitlines():
        match = _DURATION.match(line.strip())
        if match:
            files[match.group(3)] += float(match.group(1))
    summary = next(
        (line for line in reversed(done.stdout.splitlines()) if " in " in line and "=" in line), ""
    )
    summary = (
        summary.strip("= ").strip() or done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""
    )
    return {"wall": wall, "returncode": done.returncode, "files": dict(files), "summary": summary}


# Not part of the replay suite (conformance/conftest.py leaves them out of `pytest conformance`): each of
# their tests starts pytest again in a subprocess. Timed once each, as their make targets run them.
CHECKS = {
    "conformance/recording": "make recording-test",
    "conformance/mutations": "make mutations",
}


def _wall(args: list[str]) -> dict[str, Any]:
    start = time.perf_counter()
    done = subprocess.run([PY, "-m", "pytest", *args], cwd=ROOT, capture_output=True, text=True, timeout=1800)
    lines = done.stdout.strip().splitlines()
    return {
        "wall": time.perf_counter() - start,
        "returncode": done.returncode,
        "summary": lines[-1] if lines else "",
    }


def conformance(reps: int, extras: bool = True) -> dict[str, Any]:
    """The replay suite ``reps`` times; with ``extras`` also the recording and mutation checks, and the
    replay suite with the bytecode cache on (.venv ships .pyc files, but where PYTHONDONTWRITEBYTECODE is
    set every process compiles the generated packages and conformance/ again)."""
    runs = [run_once() for _ in range(reps)]
    checks = {folder: _wall([folder, "-q"]) for folder in CHECKS} if extras else {}
    out: dict[str, Any] = {"runs": runs, "checks": checks}
    if extras and os.environ.get("PYTHONDONTWRITEBYTECODE"):  # the suite with the cache on, after a warm-up
        with tempfile.TemporaryDirectory(prefix="bench-pyc-") as cache:
            from .gen import bytecode_env

            env = bytecode_env(Path(cache))
            subprocess.run(
                [PY, *COMMAND, "--collect-only"], cwd=ROOT, capture_output=True, env=env, timeout=600
            )
            start = time.perf_counter()
            subprocess.run([PY, *COMMAND], cwd=ROOT, capture_output=True, env=env, timeout=1800)
            out["bytecode_wall"] = time.perf_counter() - start
    return out


def _subprocess_tests() -> set[str]:
    """Test files that start Python again in a subprocess (pytest, a script): their cost is interpreter starts."""
    found = set()
    for path in (ROOT / "conformance").rglob("test_*.py"):
        text = path.read_text(encoding="utf-8")
        if "subprocess" in text and "sys.executable" in text:
            found.add(str(path.relative_to(ROOT)))
    return found


def conformance_rows(r: dict[str, Any]) -> list[Row]:
    walls = [run["wall"] for run in r["runs"]]
    wall = median(walls)
    last = r["runs"][-1]
    ok = all(run["returncode"] == 0 for run in r["runs"])
    spawning = {f for f in _subprocess_tests() if f in last["files"]}
    spawn_time = sum(t for f, t in last["files"].items() if f in spawning)
    replay_time = sum(t for f, t in last["files"].items() if f not in spawning)
    rows = [
        Row("conformance", "replay suite: pytest conformance --record-mode=none --block-network -q",
            f"{wall:.1f} s",
            f"wall, median of {len(walls)} ({', '.join(f'{w:.1f}' for w in walls)}); {last['summary']}"
            + ("" if ok else " — THE SUITE FAILED"),
            f"< {GOAL:.0f} s", verdict(wall < GOAL)),
        Row("conformance", "of which test files that start Python again in a subprocess", f"{spawn_time:.1f} s",
            ", ".join(sorted(spawning)) or "none"),
        Row("conformance", "of which every other test (replays, drift, hygiene)", f"{replay_time:.1f} s",
            "setup + call + teardown as pytest --durations reports them (≥ 5 ms each)"),
        Row("conformance", "of which the rest: interpreter, plugins, collection, tests < 5 ms",
            f"{wall - spawn_time - replay_time:.1f} s"),
    ]  # fmt: skip
    for folder, run in r.get("checks", {}).items():
        rows.append(
            Row(
                "conformance",
                f"not replays, a target of their own: {folder} (`{CHECKS[folder]}`)",
                f"{run['wall']:.1f} s",
                f"wall, one run; {run['summary']}" + ("" if run["returncode"] == 0 else " — FAILED"),
            )
        )
    return rows


def slowest_files(r: dict[str, Any], top: int = 12) -> list[str]:
    files = r["runs"][-1]["files"]
    lines = ["| test file | seconds (setup + call + teardown, ≥ 5 ms each) |", "| --- | --- |"]
    for name, seconds in sorted(files.items(), key=lambda kv: -kv[1])[:top]:
        lines.append(f"| {name} | {seconds:.2f} |")
    return lines
