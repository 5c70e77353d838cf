"""carrier-sandbox from its wheel, used as a downstream service's tests use it (``make dist-test``).

A fresh virtual environment gets only wheels: carrier-sandbox, vobiz-client and
pytest, with their dependencies at the locked versions from uv's cache (network
off; make cached them beforehand). In it:

* the README's downstream test (sandbox/distribution/README.md, run verbatim)
  passes with the ``carrier_sandbox`` fixture the wheel's pytest plugin gives;
* the fixture is reset per test: a second test does not see the first one's assignment;
* ``carrier-sandbox serve --port 0`` prints each provider's base URL and credentials;
* nothing comes from this repository: ``import sandbox`` fails there.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from codegen.tests.test_dist import CONSTRAINTS, UV, _env

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "sandbox" / "distribution" / "README.md"

ISOLATION = """
from vobiz_client import AuthenticatedClient
from vobiz_client.api.phone_numbers import assign_number_to_trunk, list_numbers
from vobiz_client.models import AssignNumberToTrunkBody


def _client(sandbox):
    return AuthenticatedClient(base_url=sandbox.base_url("vobiz"), **sandbox.credentials("vobiz"))


def _assigned(sandbox):
    page = list_numbers.sync(client=_client(sandbox), search="+912271264217")
    return [n.trunk_group_id for n in page.items]


def test_1_assigns(carrier_sandbox):
    body = AssignNumberToTrunkBody.from_dict({"trunk_group_id": "aabbccdd-1234-5678-90ab-cdef12345678"})
    assign_number_to_trunk.sync("+912271264217", client=_client(carrier_sandbox), body=body)
    assert all(_assigned(carrier_sandbox))


def test_2_starts_from_the_fixtures_again(carrier_sandbox):
    assert not any(_assigned(carrier_sandbox))
"""


def _readme_test() -> str:
    blocks = re.findall(r"```python\n(.*?)```", README.read_text(), re.S)
    assert len(blocks) == 1, "sandbox/distribution/README.md should show one downstream test"
    assert f"```python\n{blocks[0]}```" in (ROOT / "README.md").read_text(), "README.md shows another one"
    return str(blocks[0])


@pytest.fixture(scope="module")
def venv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not UV.exists() or not CONSTRAINTS.exists():
        pytest.fail(f"needs {UV} and {CONSTRAINTS}: run `make unit` or `make dist-test`")
    dist = tmp_path_factory.mktemp("dist")
    run: dict[str, Any] = {"env": _env(), "check": True, "capture_output": True, "text": True}
    subprocess.run([sys.executable, "-m", "sandbox.distribution", str(dist)], cwd=ROOT, **run)
    subprocess.run(
        [str(UV), "build", "--quiet", str(ROOT / "generated" / "vobiz"), "--out-dir", str(dist)], **run
    )
    wheels = sorted(str(w) for w in dist.glob("*.whl"))
    assert [Path(w).name.split("-")[0] for w in wheels] == ["carrier_sandbox", "vobiz_client"], wheels
    venv = tmp_path_factory.mktemp("downstream") / "venv"
    subprocess.run([str(UV), "venv", "--quiet", "--python", sys.executable, str(venv)], **run)
    python = venv / "bin" / "python"
    subprocess.run(
        [
            str(UV),
            "pip",
            "install",
            "--quiet",
            "--python",
            str(python),
            "-c",
            str(CONSTRAINTS),
            *wheels,
            "pytest",
        ],
        **run,
    )
    return venv


def _pytest(venv: Path, project: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(venv / "bin" / "python"), "-m", "pytest", "-q", "-p", "no:cacheprovider"],
        cwd=project, env=_env(), capture_output=True, text=True, timeout=300,
    )  # fmt: skip


def test_the_readme_downstream_test_passes_with_the_fixture(venv: Path, tmp_path: Path) -> None:
    (tmp_path / "test_readme.py").write_text(_readme_test())
    result = _pytest(venv, tmp_path)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "1 passed" in result.stdout


def test_the_fixture_is_reset_per_test(venv: Path, tmp_path: Path) -> None:
    (tmp_path / "test_isolation.py").write_text(ISOLATION)
    result = _pytest(venv, tmp_path)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "2 passed" in result.stdout


def test_serve_prints_base_urls_and_credentials(venv: Path, tmp_path: Path) -> None:
    process = subprocess.Popen(
        [str(venv / "bin" / "carrier-sandbox"), "serve", "--port", "0", "--quiet"],
        cwd=tmp_path, env=_env(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    lines = []
    try:
        assert process.stdout is not None
        for line in process.stdout:
            lines.append(line)
            if "controls:" in line or len(lines) > 20:
                break
    finally:
        process.terminate()
        process.wait(timeout=10)
    text = "".join(lines)
    assert re.search(r"listening on http://127\.0\.0\.1:\d+", text), text
    assert re.search(
        r"vobiz\s+base_url=http://127\.0\.0\.1:\d+/vobiz\s+auth_id=MA_XXXXXXXX auth_token=\S+", text
    )
    for provider in ("tryvox", "mihu", "bolna"):
        assert re.search(rf"{provider}\s+base_url=\S+/{provider}\s+token=\S+", text), text
    assert re.search(r"twilio\s+base_url=\S+/twilio\s+account_sid=AC[0-9a-f]{32} auth_token=\S+", text), text


def test_nothing_comes_from_this_repository(venv: Path) -> None:
    script = "import carrier_sandbox, sys; print(carrier_sandbox.__file__); import sandbox"
    done = subprocess.run(
        [str(venv / "bin" / "python"), "-I", "-c", script], env=_env(), capture_output=True, text=True
    )
    assert Path(done.stdout.split()[0]).is_relative_to(venv)
    assert "No module named 'sandbox'" in done.stderr


def test_the_installed_package_is_typed(venv: Path) -> None:
    """PEP 561: py.typed ships, so users' mypy reads carrier_sandbox's annotations (the fixture's type)."""
    script = "import carrier_sandbox, pathlib; print(pathlib.Path(carrier_sandbox.__file__).with_name('py.typed').is_file())"
    done = subprocess.run(
        [str(venv / "bin" / "python"), "-I", "-c", script], env=_env(), capture_output=True, text=True
    )
    assert done.stdout.strip() == "True", done.stderr
