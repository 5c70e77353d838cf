"""The CPython versions the generated packages declare, and where this machine has each of them.

A package says which Pythons it runs on twice (codegen/templates/pyproject_uv.toml.jinja):
``requires-python`` (the oldest) and one ``Programming Language :: Python :: 3.x`` classifier
per minor version. Those are the versions its wheel is tested on: codegen/tests/test_dist.py
installs and calls every wheel under each interpreter found here, and the Makefile's DIST_DEPS
puts what those installs need into uv's cache beforehand, once per interpreter
(``python -m codegen.pythons`` prints them, one ``<version> <interpreter>`` a line).

An interpreter is looked for where uv, pyenv or the PATH keep one, and accepted only when it
runs and says it is that CPython: a pyenv shim for a version that is not selected is on the
PATH but does not run, and uv's own discovery stops at the first such shim.
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

__all__ = ["declared_versions", "find_interpreter", "main", "requires_python"]

ROOT = Path(__file__).resolve().parent.parent
UV = ROOT / ".tools" / "bin" / "uv"
_CLASSIFIER = re.compile(r"^Programming Language :: Python :: (3\.\d+)$")
_PROBE = "import sys; print(sys.implementation.name, '%d.%d' % sys.version_info[:2], sys.executable)"


def _projects() -> list[dict[str, object]]:
    projects = []
    for pyproject in sorted((ROOT / "generated").glob("*/pyproject.toml")):
        with pyproject.open("rb") as file:
            projects.append(tomllib.load(file)["project"])
    return projects


def declared_versions() -> list[str]:
    """The minor versions every generated package's classifiers name, oldest first."""
    found: set[str] = set()
    for project in _projects():
        classifiers = project.get("classifiers") or []
        assert isinstance(classifiers, list)
        found |= {m.group(1) for c in classifiers if (m := _CLASSIFIER.match(str(c)))}
    return sorted(found, key=lambda v: tuple(map(int, v.split("."))))


def requires_python() -> set[str]:
    """Each generated package's ``requires-python`` (one value when they agree)."""
    return {str(project.get("requires-python")) for project in _projects()}


def _newest_first(interpreter: Path) -> tuple[int, ...]:
    """pyenv's versions/3.12.10/bin/python3.12 before versions/3.12.9/...: by the patch number."""
    return tuple(-int(part) if part.isdigit() else 0 for part in interpreter.parts[-3].split("."))


def _candidates(version: str) -> list[str]:
    """Where an interpreter for ``version`` may be, most likely first; none of them checked yet."""
    found = [sys.executable]
    if UV.exists():
        uv = subprocess.run(
            [str(UV), "python", "find", "--no-project", version],
            capture_output=True, text=True, check=False, env={**os.environ, "UV_PYTHON_DOWNLOADS": "never"},
        )  # fmt: skip
        found += uv.stdout.split()[:1] if uv.returncode == 0 else []
    pyenv = Path(os.environ.get("PYENV_ROOT") or Path.home() / ".pyenv")
    found += [
        str(p) for p in sorted(pyenv.glob(f"versions/{version}.*/bin/python{version}"), key=_newest_first)
    ]
    found += [w for w in (shutil.which(f"python{version}"),) if w]
    return list(dict.fromkeys(found))


@functools.cache
def find_interpreter(version: str) -> Path | None:
    """A CPython ``version`` (e.g. ``"3.12"``) that runs on this machine, or None."""
    for candidate in _candidates(version):
        try:
            probe = subprocess.run(
                [candidate, "-I", "-c", _PROBE], capture_output=True, text=True, timeout=30, check=False
            )
        except (OSError, subprocess.TimeoutExpired):
            continue
        words = probe.stdout.split(maxsplit=2)
        if probe.returncode == 0 and words[:2] == ["cpython", version]:
            return Path(words[2].strip())  # what it calls itself: a shim that ran names the real one
    return None


def main() -> int:
    """``<version> <interpreter>`` for each declared version found; the missing ones on stderr."""
    for version in declared_versions():
        interpreter = find_interpreter(version)
        if interpreter is None:
            print(
                f"codegen.pythons: no CPython {version} on this machine (declared, not tested)",
                file=sys.stderr,
            )
        else:
            print(version, interpreter)
    return 0


if __name__ == "__main__":
    sys.exit(main())
