"""mypy --strict on the typed usage scripts in codegen/tests/typed_usage/, and the scripts run for real.

``typed_usage/<provider>.py`` uses that provider's resource client the way a service would:
resources, keyword bodies, ``body=`` dicts, enums as strings, pagination, raw responses, typed
errors, sync and async, with annotations stating the types the client promises (design-12). mypy
--strict must pass on them with the generated packages on MYPYPATH, and each script must then run
to its end against the local sandbox (credentials and base URL from the environment, as a user sets
them), so a script can be neither wrong for mypy nor stale for the client.

``typed_usage/flagged/uuid_ids.py`` is the other side: mistakes mypy --strict must flag (a response
id, a ``str``, used where a ``uuid.UUID`` is held). Its docstring says why the ``==`` form cannot be
flagged by mypy.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from codegen.providers import ROOT

USAGE = Path(__file__).resolve().parent / "typed_usage"
PROVIDERS = ["bolna", "mihu", "tryvox", "twilio", "vobiz"]
SCRIPTS = [USAGE / f"{provider}.py" for provider in PROVIDERS]
FLAGGED = USAGE / "flagged" / "uuid_ids.py"


def mypy(paths: list[Path], cache: Path) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "MYPYPATH": os.pathsep.join(str(ROOT / "generated" / p) for p in PROVIDERS),
    }
    return subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--cache-dir", str(cache), "--no-error-summary",
         "--show-error-codes", *map(str, paths)],
        cwd=ROOT, env=env, capture_output=True, text=True, check=False, timeout=600,
    )  # fmt: skip


@pytest.fixture(scope="module")
def mypy_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("mypy-cache")


def test_every_provider_has_a_typed_usage_script() -> None:
    generated = sorted(p.name for p in (ROOT / "generated").iterdir() if (p / "pyproject.toml").exists())
    assert generated == PROVIDERS
    assert all(script.exists() for script in SCRIPTS)


def test_mypy_strict_passes_on_the_typed_usage_scripts(mypy_cache: Path) -> None:
    done = mypy(SCRIPTS, mypy_cache)
    assert done.returncode == 0, done.stdout + done.stderr


def test_mypy_strict_flags_a_response_id_used_as_a_uuid(mypy_cache: Path) -> None:
    lines = FLAGGED.read_text(encoding="utf-8").splitlines()
    expected = {
        number: line.split("# flagged: ")[1].strip()
        for number, line in enumerate(lines, start=1)
        if "# flagged: " in line
    }
    done = mypy([FLAGGED], mypy_cache)
    assert done.returncode == 1, done.stdout + done.stderr
    found = {}
    for line in done.stdout.splitlines():
        match = re.match(
            rf"^{re.escape(str(FLAGGED.relative_to(ROOT)))}:(\d+): error: (.*)  \[([a-z-]+)\]$", line
        )
        assert match, f"unexpected mypy output: {line}"
        found[int(match[1])] = (match[3], match[2])
    assert {n: code for n, (code, _) in found.items()} == expected, done.stdout
    by_code = {code: message for code, message in found.values()}
    assert by_code["comparison-overlap"] == (
        'Non-overlapping identity check (left operand type: "str", right operand type: "UUID")'
    )
    assert by_code["index"] == 'Invalid index type "str" for "dict[UUID, str]"; expected type "UUID"'
    assert (
        by_code["arg-type"] == 'Argument 1 to "agent_is_sales" has incompatible type "str"; expected "UUID"'
    )
    assert by_code["assignment"] == (
        'Incompatible types in assignment (expression has type "str", variable has type "UUID")'
    )


@pytest.fixture(scope="module")
def sandbox_environ() -> Iterator[tuple[object, dict[str, str]]]:
    from sandbox.testing import running_sandbox

    with running_sandbox() as sandbox:
        yield sandbox, sandbox.environ()


@pytest.mark.parametrize("provider", PROVIDERS)
def test_the_typed_usage_script_runs_against_the_sandbox(
    provider: str, sandbox_environ: tuple[object, dict[str, str]]
) -> None:
    sandbox, environ = sandbox_environ
    sandbox.reset()  # type: ignore[attr-defined]
    env = {k: v for k, v in os.environ.items() if not k.startswith(tuple(p.upper() + "_" for p in PROVIDERS))}
    env["PYTHONPATH"] = str(ROOT / "generated" / provider)
    done = subprocess.run(
        [sys.executable, str(USAGE / f"{provider}.py")],
        cwd=ROOT, env={**env, **environ}, capture_output=True, text=True, check=False, timeout=120,
    )  # fmt: skip
    assert (done.returncode, done.stdout.strip()) == (0, "ok"), done.stderr
