"""Generation of whole vendor documents (codegen's regression corpus) beside openapi-python-client's CLI.

For Twilio api_v2010 (its IncomingPhoneNumbers operations, and all ~200) and Bolna's whole
document: the wall time and peak RSS of one process running our pipeline (normalize, validate,
render the client and the contract models, ruff) on a provider tree built as README "Adding a
provider" says (codegen/tests/test_corpus.py builds it), and of the openapi-python-client CLI on
the normalized spec that our run wrote. Peak RSS is the generating process's own (``wait4``):
not the forked contract worker's, nor ruff's. The CLI's run is reported with how many operations
it dropped ("Endpoint will not be generated"): on these documents it does less than we do.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

from .common import PY, ROOT, VENV_BIN, Row, median, verdict

__all__ = ["CORPUS_KEYS", "corpus_generation", "corpus_rows"]

CORPUS_KEYS = ("twilio_incoming_numbers", "twilio_api", "bolna")
GOAL_RATIO = 1.0


def _measured(command: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, float, int, str]:
    """Wall seconds, peak RSS (MiB), exit code and output of one process."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    output = proc.stdout.read() if proc.stdout else ""
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    return time.perf_counter() - start, usage.ru_maxrss / 1024, proc.returncode, output


def corpus_generation(reps: int = 1, keys: tuple[str, ...] = CORPUS_KEYS) -> dict[str, Any]:
    from codegen.tests.test_corpus import CASES, build_tree

    out: dict[str, Any] = {}
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "PATH": f"{VENV_BIN}{os.pathsep}{os.environ.get('PATH', '')}",
    }
    for key in keys:
        case = CASES[key]
        runs: dict[str, list[tuple[float, float]]] = {"ours": [], "cli": []}
        dropped = 0
        for _ in range(reps):
            with tempfile.TemporaryDirectory(prefix=f"bench-corpus-{case.name}-") as scratch:
                tree = Path(scratch) / "tree"
                build_tree(tree, case)
                code = (
                    "from pathlib import Path; from codegen.generate import generate; "
                    f"generate(root=Path({str(tree)!r}), generated=Path({str(tree / 'generated')!r}))"
                )
                seconds, rss, rc, output = _measured([PY, "-c", code], ROOT, env)
                if rc != 0:
                    raise RuntimeError(f"codegen failed on {case.name}:\n{output[-3000:]}")
                runs["ours"].append((seconds, rss))
                spec = tree / "specs" / case.name / "openapi.yaml"
                cli = [str(VENV_BIN / "openapi-python-client"), "generate", "--path", str(spec), "--meta", "uv",
                       "--output-path", str(Path(scratch) / "cli"), "--overwrite"]  # fmt: skip
                seconds, rss, rc, output = _measured(cli, Path(scratch), env)
                runs["cli"].append((seconds, rss))
                dropped = output.count("Endpoint will not be generated")
                out.setdefault("cli_failed", {})[key] = rc != 0
        out[key] = {"case": case, "runs": runs, "cli_dropped": dropped}
    return out


def corpus_rows(r: dict[str, Any]) -> list[Row]:
    rows = []
    for key in CORPUS_KEYS:
        if key not in r:
            continue
        entry = r[key]
        ours = median([s for s, _ in entry["runs"]["ours"]])
        cli = median([s for s, _ in entry["runs"]["cli"]])
        ours_rss = max(m for _, m in entry["runs"]["ours"])
        cli_rss = max(m for _, m in entry["runs"]["cli"])
        ratio = ours / cli
        failed = " (the CLI exited with an error)" if r.get("cli_failed", {}).get(key) else ""
        rows.append(
            Row("corpus", f"{key} ({entry['case'].operations} operations): ours / openapi-python-client CLI",
                f"{ratio:.2f}x",
                f"ours {ours:.2f} s, {ours_rss:.0f} MiB peak (normalize, validate, client, contract models, ruff); "
                f"CLI {cli:.2f} s, {cli_rss:.0f} MiB, dropped {entry['cli_dropped']} operations{failed}; "
                f"median of {len(entry['runs']['ours'])}",
                f"≤ {GOAL_RATIO:.1f}x", verdict(ratio <= GOAL_RATIO))
        )  # fmt: skip
    return rows
