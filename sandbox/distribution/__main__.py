"""``python -m sandbox.distribution DIST``: build carrier-sandbox's sdist and wheel into DIST.

The sandbox lives in the repository as ``sandbox/`` beside ``specs/``; installed, it
must be one self-contained package. So a staging directory gets this folder's
pyproject.toml, README.md and CHANGELOG.md, and ``carrier_sandbox/``: the sandbox's
modules and fixtures (not its tests, not this builder) and each provider's
normalized ``specs/<provider>/openapi.yaml`` under ``carrier_sandbox/specs/``
(sandbox/spec.py reads them there when they are present). Every import inside
the package is relative, so the new name needs no rewriting. Then the pinned uv
builds it.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

__all__ = ["main", "stage"]

HERE = Path(__file__).resolve().parent
SANDBOX = HERE.parent
ROOT = SANDBOX.parent
UV = ROOT / ".tools" / "bin" / "uv"
PACKAGE = "carrier_sandbox"


def stage(target: Path) -> Path:
    """Lay the distribution's sources out in ``target``; return the package directory."""
    for name in ("pyproject.toml", "README.md", "CHANGELOG.md"):
        shutil.copy(HERE / name, target / name)
    package = target / PACKAGE
    package.mkdir()
    for module in sorted(SANDBOX.glob("*.py")):
        shutil.copy(module, package / module.name)
    shutil.copytree(SANDBOX / "fixtures", package / "fixtures")
    (package / "py.typed").write_text("")  # PEP 561: the package is typed (mypy --strict in make test)
    from sandbox.app import PROVIDERS

    for provider in PROVIDERS:
        spec = ROOT / "specs" / provider / "openapi.yaml"
        if spec.is_file():
            (package / "specs" / provider).mkdir(parents=True)
            shutil.copy(spec, package / "specs" / provider / "openapi.yaml")
    return package


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m sandbox.distribution", description=__doc__.splitlines()[0]
    )
    parser.add_argument("dist", type=Path, help="where the sdist and the wheel go")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="carrier-sandbox-") as temp:
        stage(Path(temp))
        built = subprocess.run(
            [str(UV), "build", "--quiet", temp, "--out-dir", str(args.dist.resolve())], check=False
        )
    return built.returncode


if __name__ == "__main__":
    sys.exit(main())
