"""The README examples that run (test_readme_examples.py) also pass ``mypy --strict``, as users' code would.

A typed service copies an example and runs mypy on it: an example that only works untyped (a field
typed ``str | None`` passed where ``str`` is wanted) misleads exactly the users who care most. Each
README's runnable blocks are checked as one module, in order, like the run does.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from .test_readme_examples import READMES, ROOT, python_blocks


@pytest.mark.parametrize("readme", READMES, ids=lambda p: str(p.relative_to(ROOT)))
def test_the_runnable_examples_pass_mypy_strict(readme: Path, tmp_path: Path) -> None:
    blocks = [b for b in python_blocks(readme.read_text(encoding="utf-8")) if b.not_run is None]
    if not blocks:
        pytest.skip("no runnable example")
    module = tmp_path / "example.py"
    module.write_text("".join(f"# {readme.name}:{b.line}\n{b.code}" for b in blocks), encoding="utf-8")
    generated = [str(p) for p in sorted((ROOT / "generated").glob("*/")) if p.is_dir()]
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--allow-untyped-defs", str(module)],
        cwd=tmp_path, env={"MYPYPATH": ":".join([*generated, str(ROOT)]), "PATH": "/usr/bin:/bin"},
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, (
        f"{readme.relative_to(ROOT)}: mypy --strict on its examples:\n{done.stdout}{done.stderr}"
    )
