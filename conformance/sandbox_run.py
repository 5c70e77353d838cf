"""Recording the conformance scenarios against the local sandbox, the embedded default target.

``python -m conformance.sandbox_run [PROVIDER ...] [--out DIR]`` starts the sandbox on a
free loopback port, records each provider's scenarios against it, all providers at once
(credentials: the sandbox fixture's fakes; base URLs: the vendors' own hosts over plain
HTTP with the sandbox as the only proxy, so the wire is exactly the vendor's, see
sandbox/vhosts.py; each scenario from the start state its ``@pytest.mark.sandbox``
declares, see conformance/harness.py), and lists where the recordings disagree with the
committed synthesized cassettes: that list is how the emulator and the documented
examples keep each other honest. Recordings land in ``--out`` (default
reports/recordings-sandbox/), say ``against_sandbox: true`` in their provenance, and are
never promoted over committed cassettes (conformance.promote refuses them).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from codegen.providers import provider_names
from conformance.promote import compare
from sandbox.testing import running_sandbox

__all__ = ["SandboxRun", "disagreements", "record_against_sandbox"]

ROOT = Path(__file__).resolve().parent.parent
PROVIDERS = tuple(provider_names())  # codegen/providers.yaml


@dataclass
class SandboxRun:
    provider: str
    returncode: int
    output: str


def record_against_sandbox(providers: tuple[str, ...], out_dir: Path) -> list[SandboxRun]:
    """Start a sandbox, record each provider's scenarios against it (all at once), stop it.

    Each provider's pytest run reseeds only its own provider before every scenario
    (conformance/harness.py), so the runs share one sandbox without disturbing each other.
    Recordings land in ``out_dir/<provider>/<module>/``; that provider's earlier ones there go first.
    """
    out_dir = out_dir.resolve()
    if out_dir.is_relative_to(ROOT / "conformance"):
        raise ValueError(f"{out_dir}: sandbox recordings never go among the committed cassettes")
    for provider in providers:
        for stale in (out_dir / provider).glob("*/*.yaml"):
            stale.unlink()
    with running_sandbox() as sandbox:
        env = {
            **os.environ,
            # the vendors' own hosts and paths on the wire, the sandbox as the only proxy (sandbox/vhosts.py)
            **sandbox.environ(vendor_hosts=True),
            "CONFORMANCE_RECORD_DIR": str(out_dir),
            "CONFORMANCE_SANDBOX_URL": sandbox.url,
            "CONFORMANCE_TARGET_LABEL": "local sandbox (sandbox/, this repository's emulator, not the vendor)",
        }

        def record(provider: str) -> SandboxRun:
            done = subprocess.run(
                [sys.executable, "-m", "pytest", f"conformance/{provider}", "--record-mode=all", "-q",
                 "-p", "no:cacheprovider", "-p", "no:randomly"],
                cwd=ROOT, env=env, capture_output=True, text=True, timeout=600,
            )  # fmt: skip
            return SandboxRun(provider, done.returncode, done.stdout + done.stderr)

        with ThreadPoolExecutor(max_workers=len(providers) or 1) as pool:
            return list(pool.map(record, providers))


def disagreements(provider: str, out_dir: Path) -> dict[str, list[str]]:
    """Recorded cassette -> its differences from the committed one (only where there are any)."""
    found = {}
    for recorded in sorted((out_dir / provider).rglob("*.yaml")):
        relative = recorded.relative_to(out_dir / provider)
        committed = ROOT / "conformance" / provider / "cassettes" / relative
        differences = compare(recorded, committed) if committed.exists() else ["no committed cassette"]
        if differences:
            found[str(relative)] = differences
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m conformance.sandbox_run", description=__doc__)
    parser.add_argument("providers", nargs="*", default=list(PROVIDERS))
    parser.add_argument("--out", type=Path, default=ROOT / "reports" / "recordings-sandbox")
    args = parser.parse_args(argv)
    unknown = sorted(set(args.providers) - set(PROVIDERS))
    if unknown:
        parser.error(f"unknown provider {', '.join(unknown)}; one of {', '.join(PROVIDERS)}")
    try:
        runs = record_against_sandbox(tuple(args.providers), args.out)
    except ValueError as err:
        parser.error(str(err))
    status = 0
    for run in runs:
        last = run.output.strip().splitlines()[-1] if run.output.strip() else ""
        print(f"{run.provider}: {'passed' if run.returncode == 0 else 'FAILED'} against the sandbox ({last})")
        status = status or run.returncode
        for name, differences in disagreements(run.provider, args.out).items():
            print(f"  {name} differs from its synthesized cassette:")
            for line in differences[:8]:
                print(f"    {line}")
    return status


if __name__ == "__main__":
    sys.exit(main())
