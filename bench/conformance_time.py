"""Wall time of the full conformance replay, and where it goes.

Runs exactly ``pytest conformance --record-mode=none --block-network -q`` (with ``--durations=0``
added, which only prints) in a fresh process, and splits the time: tests that start pytest again
in a subprocess (mutation and recording checks), the replays themselves, and what is left
(interpreter start, plugin imports, collection, tests under pytest's 5 ms print threshold).
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


WHATIFS = {
    "": "the replays alone (the subprocess tests deselected), as today",
    "p3": "the same with P3: one TLS context per process (client.py.jinja)",
    "c1": "the same with C1: cassettes parsed with yaml.CSafeLoader (conformance/*.py)",
    "p3,c1": "the same with P3 + C1",
}


def conformance(reps: int, whatif: bool = True) -> dict[str, Any]:
    runs = [run_once() for _ in range(reps)]
    # What `make conformance` selects since the mutation checks got a target of their own.
    make_selection = run_once(["--ignore=conformance/mutations"])
    out: dict[str, Any] = {"runs": runs, "make_selection": make_selection, "whatif": {}}
    if whatif:  # E1: the full suite with the bytecode cache on, after a warm-up that fills it
        with tempfile.TemporaryDirectory(prefix="bench-pyc-") as cache:
            from .gen import bytecode_env

            env = bytecode_env(Path(cache))
            subprocess.run(
                [PY, *COMMAND, "--collect-only"], cwd=ROOT, capture_output=True, env=env, timeout=600
            )
            start = time.perf_counter()
            subprocess.run([PY, *COMMAND], cwd=ROOT, capture_output=True, env=env, timeout=1800)
            out["bytecode_wall"] = time.perf_counter() - start
    if whatif:
        deselect = [arg for f in sorted(_subprocess_tests()) for arg in ("--deselect", f)]
        for name in WHATIFS:
            plugin = ["-p", "bench._conformance_whatif"] if name else []
            out["whatif"][name] = run_once(deselect + plugin, {"BENCH_WHATIF": name} if name else None)
    return out


def whatif_rows(r: dict[str, Any]) -> list[Row]:
    if not r["whatif"]:
        return []
    full = median([run["wall"] for run in r["runs"]])
    base = r["whatif"][""]["wall"]
    rows = []
    for name, label in WHATIFS.items():
        run = r["whatif"][name]
        detail = f"wall; {run['summary']}" + ("" if run["returncode"] == 0 else " — FAILED")
        if name == "p3,c1":
            detail += (
                f"; projected full suite with P3 + C1: {full - (base - run['wall']):.1f} s; with P3 + C1 and the "
                f"subprocess tests in a target of their own: {run['wall']:.1f} s (goal < {GOAL:.0f} s)"
            )
        rows.append(Row("what-if", f"conformance: {label}", f"{run['wall']:.1f} s", detail))
    return rows


def _subprocess_tests() -> set[str]:
    """Test files that run pytest (or codegen) again in a subprocess: their cost is interpreter starts."""
    found = set()
    for path in (ROOT / "conformance").rglob("test_*.py"):
        text = path.read_text(encoding="utf-8")
        if "subprocess" in text and ("pytest" in text.split("subprocess", 1)[1]):
            found.add(str(path.relative_to(ROOT)))
    return found


def conformance_rows(r: dict[str, Any]) -> list[Row]:
    walls = [run["wall"] for run in r["runs"]]
    wall = median(walls)
    last = r["runs"][-1]
    ok = all(run["returncode"] == 0 for run in r["runs"])
    spawning = _subprocess_tests()
    spawn_time = sum(t for f, t in last["files"].items() if f in spawning)
    replay_time = sum(t for f, t in last["files"].items() if f not in spawning)
    return [
        Row("conformance", "full replay: pytest conformance --record-mode=none --block-network -q",
            f"{wall:.1f} s",
            f"wall, median of {len(walls)} ({', '.join(f'{w:.1f}' for w in walls)}); {last['summary']}"
            + ("" if ok else " — THE SUITE FAILED"),
            f"< {GOAL:.0f} s", verdict(wall < GOAL)),
        Row("conformance", "of which tests that start pytest again in a subprocess", f"{spawn_time:.1f} s",
            ", ".join(sorted(spawning)) or "none"),
        Row("conformance", "of which every other test (replays, drift, hygiene)", f"{replay_time:.1f} s",
            "setup + call + teardown as pytest --durations reports them (≥ 5 ms each)"),
        Row("conformance", "of which the rest: interpreter, plugins, collection, tests < 5 ms",
            f"{wall - spawn_time - replay_time:.1f} s"),
        Row(
            "conformance",
            "the same with --ignore=conformance/mutations (the selection `make conformance` runs)",
            f"{r['make_selection']['wall']:.1f} s",
            f"wall, one run; {r['make_selection']['summary']}; "
            f"{'under' if r['make_selection']['wall'] < GOAL else 'over'} the {GOAL:.0f} s goal",
        ),
    ]  # fmt: skip


def slowest_files(r: dict[str, Any], top: int = 12) -> list[str]:
    files = r["runs"][-1]["files"]
    lines = ["| test file | seconds (setup + call + teardown, ≥ 5 ms each) |", "| --- | --- |"]
    for name, seconds in sorted(files.items(), key=lambda kv: -kv[1])[:top]:
        lines.append(f"| {name} | {seconds:.2f} |")
    return lines
