"""Recording the conformance scenarios against the local sandbox, the embedded default target.

``python -m conformance.sandbox_run [PROVIDER ...] [--out DIR]`` starts the sandbox on a
free loopback port, records each provider's scenarios against it (credentials: the
sandbox fixture's fakes), and lists where the recordings disagree with the committed
synthesized cassettes: that list is how the emulator and the documented examples keep
each other honest. Sandbox recordings never replace committed cassettes.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from conformance.promote import compare
from sandbox.testing import running_sandbox

__all__ = ["SandboxRun", "disagreements", "record_against_sandbox"]

ROOT = Path(__file__).resolve().parent.parent
PROVIDERS = ("vobiz", "tryvox", "mihu", "bolna")


@dataclass
class SandboxRun:
    provider: str
    returncode: int
    output: str


def record_against_sandbox(providers: tuple[str, ...], out_dir: Path) -> list[SandboxRun]:
    runs = []
    with running_sandbox() as sandbox:
        env = {
            **os.environ,
            **sandbox.environ(),
            "CONFORMANCE_RECORD_DIR": str(out_dir),
            "CONFORMANCE_SANDBOX_URL": sandbox.url,
            "CONFORMANCE_TARGET_LABEL": "local sandbox (sandbox/, this repository's emulator, not the vendor)",
        }
        for provider in providers:
            done = subprocess.run(
                [sys.executable, "-m", "pytest", f"conformance/{provider}", "--record-mode=all", "-q",
                 "-p", "no:cacheprovider", "-p", "no:randomly"],
                cwd=ROOT, env=env, capture_output=True, text=True, timeout=600,
            )  # fmt: skip
            runs.append(SandboxRun(provider, done.returncode, done.stdout + done.stderr))
    return runs


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
    runs = record_against_sandbox(tuple(args.providers), args.out)
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
