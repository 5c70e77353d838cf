"""What every section shares: paths, the machine, statistics, the rows of the results table."""

from __future__ import annotations

import datetime
import os
import platform
import signal
import statistics
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from codegen.providers import provider_names

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = ROOT / ".venv" / "bin"
PY = str(VENV_BIN / "python") if (VENV_BIN / "python").exists() else sys.executable
PROVIDERS = tuple(provider_names())  # codegen/providers.yaml


def machine() -> dict[str, str]:
    model = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    return {
        "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "nproc": str(os.cpu_count()),
        "cpu": model,
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "os": f"{platform.system()} {platform.release()}",
        "load": load,
        "nobytecode": os.environ.get("PYTHONDONTWRITEBYTECODE", "(unset)")
        + (
            " (.venv's site-packages hold .pyc files, compiled by uv when `make` syncs it with "
            "UV_COMPILE_BYTECODE=1, and Python reads them all the same; the repository's own modules — codegen/, "
            "generated/, conformance/ — are compiled by every process; the what-if bytecode row: with the cache on)"
            if os.environ.get("PYTHONDONTWRITEBYTECODE")
            else ""
        )
        + ("" if _venv_has_pyc() else "; .venv holds no .pyc files"),
    }


def _venv_has_pyc() -> bool:
    """Whether .venv's packages ship compiled bytecode (httpx's, as a sample)."""
    return any(VENV_BIN.parent.glob("lib/python*/site-packages/httpx/__pycache__/*.pyc"))


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def quantile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


@dataclass
class Row:
    """One line of the results table; ``status`` is PASS/MISS for a goal, "" for information."""

    section: str
    what: str
    value: str
    detail: str = ""
    goal: str = ""
    status: str = ""


def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def stop_process(proc: subprocess.Popen[str], timeout: float) -> None:
    """Terminate ``proc``; kill it if it has not exited within ``timeout`` seconds."""
    proc.terminate()
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
