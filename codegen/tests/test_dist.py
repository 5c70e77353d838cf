"""`make dist` output, used the way a downstream project uses it.

Each wheel is installed into its own fresh virtual environment (its
dependencies at the locked versions, from uv's cache, with the network off:
`make` resolved them beforehand), imported from there and not from this
repository, and makes one typed call against a loopback HTTP server: the
package must work without anything from our development environment.

That is done on every CPython the packages declare (their classifiers, see
codegen/pythons.py) that this machine has; a declared version it lacks is
skipped, saying which.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pytest

from codegen.providers import ROOT, provider_names, provider_packages
from codegen.pythons import declared_versions, find_interpreter, requires_python

UV = ROOT / ".tools" / "bin" / "uv"

# provider -> (the downstream code, the request the server must see, the body it answers, what the code prints)
CALLS: dict[str, tuple[str, str, Any, str]] = {
    "vobiz": (
        "from vobiz_client import AuthenticatedClient\n"
        "from vobiz_client.api.phone_numbers import list_numbers\n"
        "client = AuthenticatedClient(base_url=BASE, auth_id='MA_TEST', auth_token='s3cret')\n"
        "result = list_numbers.sync(client=client, search='+14155550100')\n",
        "GET /api/v1/Account/MA_TEST/numbers?page=1&per_page=25&search=%2B14155550100",
        {"items": [], "page": 1, "per_page": 25, "total": 0},
        "PhoneNumberList",
    ),
    "tryvox": (
        "from tryvox_client import AuthenticatedClient\n"
        "from tryvox_client.api.numbers import list_numbers\n"
        "client = AuthenticatedClient(base_url=BASE, token='s3cret')\n"
        "result = list_numbers.sync('acc_1', client=client)\n",
        "GET /v1/account/acc_1/numbers?page=1&per_page=20",
        {"data": [], "pagination": {"page": 1, "per_page": 20, "total": 0}},
        "NumberList",
    ),
    "bolna": (
        "from bolna_client import AuthenticatedClient\n"
        "from bolna_client.api.sip_trunks import list_trunk_numbers\n"
        "client = AuthenticatedClient(base_url=BASE, token='s3cret')\n"
        "result = list_trunk_numbers.sync('01HQXYZ123ABC456DEF', client=client)\n",
        "GET /sip-trunks/trunks/01HQXYZ123ABC456DEF/numbers",
        [],
        "list",
    ),
    "mihu": (
        "from mihu_client import AuthenticatedClient\n"
        "from mihu_client.api.phone_numbers import list_trunks\n"
        "client = AuthenticatedClient(base_url=BASE, token='s3cret')\n"
        "result = list_trunks.sync(client=client)\n",
        "GET /api/v1/phone-numbers/trunks",
        {"success": True, "data": {"items": []}},
        "TrunkListResponse",
    ),
    "twilio": (
        "from twilio_client import AuthenticatedClient\n"
        "from twilio_client.api.incoming_phone_numbers import list_incoming_phone_number\n"
        "client = AuthenticatedClient(base_url=BASE, server_urls={'api': BASE}, account_sid='AC' + '0' * 32, auth_token='s3cret')\n"
        "result = list_incoming_phone_number.sync(client=client, phone_number='+14155550100')\n",
        "GET /2010-04-01/Accounts/AC00000000000000000000000000000000/IncomingPhoneNumbers.json?PhoneNumber=%2B14155550100",
        {"incoming_phone_numbers": [], "next_page_uri": None, "page": 0, "page_size": 50},
        "ListIncomingPhoneNumberResponse",
    ),
}
_CREDENTIAL_HEADERS = ("x-auth-token", "authorization")


def _credential(value: str) -> str:
    """A header's credential as sent: HTTP Basic's user:password decoded, any other value as it is."""
    scheme, _, encoded = value.partition(" ")
    return base64.b64decode(encoded).decode() if scheme == "Basic" else value


class _Recorder(BaseHTTPRequestHandler):
    seen: ClassVar[list[tuple[str, dict[str, str]]]] = []
    answers: ClassVar[dict[str, Any]] = {}

    def do_GET(self) -> None:
        line = f"{self.command} {self.path}"
        self.seen.append((line, {k.lower(): v for k, v in self.headers.items()}))
        body = json.dumps(self.answers.get(line, {"error": "unexpected request"})).encode()
        self.send_response(200 if line in self.answers else 404)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    _Recorder.answers = {request: body for _, request, body, _ in CALLS.values()}
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """What `make dist` builds, into a temp dir instead of dist/."""
    if not UV.exists() or not CONSTRAINTS.exists() or shutil.which("make") is None:
        pytest.fail(f"needs make, {UV} and {CONSTRAINTS}: run `make unit` or `make dist-test`")
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        ["make", "-s", "dist", f"DIST={out}"], cwd=ROOT, env=_env(), check=True, capture_output=True
    )
    return out


CONSTRAINTS = ROOT / ".tools" / "dist-constraints.txt"
# The versions a downstream project may have: ours (uv.lock), and the lowest the packages declare
# (httpx, attrs) with what those need; both installed by make into uv's cache beforehand.
DEPENDENCY_SETS = {"locked": CONSTRAINTS, "lowest declared": ROOT / ".tools" / "dist-constraints-lowest.txt"}


def _env() -> dict[str, str]:
    """No network: make resolved and cached what the install needs (the Makefile's DIST_DEPS)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VIRTUAL_ENV", "PYTHON", "UV_PROJECT"))}
    return {**env, "UV_PYTHON_DOWNLOADS": "never", "UV_OFFLINE": "1"}


PYTHONS = declared_versions()


def test_requires_python_is_the_oldest_python_tested() -> None:
    """What a package declares is what is tested: requires-python is the oldest classifier version."""
    assert PYTHONS, (
        "no 'Programming Language :: Python :: 3.x' classifier in codegen/templates/pyproject_uv.toml.jinja"
    )
    assert requires_python() == {f">={PYTHONS[0]}"}
    minors = [int(v.split(".")[1]) for v in PYTHONS]
    assert minors == list(range(minors[0], minors[-1] + 1)), f"a version between is not declared: {PYTHONS}"


def _interpreter(version: str) -> Path:
    found = find_interpreter(version)
    if found is None:
        pytest.skip(f"CPython {version} (declared by the packages' classifiers) is not on this machine")
    return found


@pytest.mark.parametrize("python", PYTHONS)
@pytest.mark.parametrize("dependencies", sorted(DEPENDENCY_SETS))
@pytest.mark.parametrize("provider", provider_names())
def test_the_wheel_installs_in_a_clean_venv_and_calls_the_api(
    provider: str, dependencies: str, python: str, dist: Path, server: str, tmp_path: Path
) -> None:
    interpreter = _interpreter(python)
    assert provider in CALLS, (
        f"add {provider}'s downstream call to CALLS in {__file__} (README, Adding a provider)"
    )
    package = provider_packages()[provider]
    wheels = list(dist.glob(f"{package}-*-py3-none-any.whl"))
    sdists = list(dist.glob(f"{package}-*.tar.gz"))
    assert len(wheels) == 1 and len(sdists) == 1, sorted(p.name for p in dist.iterdir())
    venv = tmp_path / "venv"
    run: dict[str, Any] = {
        "cwd": tmp_path,
        "env": _env(),
        "check": True,
        "capture_output": True,
        "text": True,
    }
    subprocess.run([str(UV), "venv", "--quiet", "--python", str(interpreter), str(venv)], **run)
    venv_python = venv / "bin" / "python"
    subprocess.run(
        [
            str(UV),
            "pip",
            "install",
            "--quiet",
            "--python",
            str(venv_python),
            "-c",
            str(DEPENDENCY_SETS[dependencies]),
            str(wheels[0]),
        ],
        **run,
    )

    code, request, _, type_name = CALLS[provider]
    script = (
        f"import {package}, sys\nBASE = sys.argv[1]\n{code}"
        f"print({package}.__file__)\nprint(type(result).__name__)\nimport httpx\nprint(httpx.__version__)\n"
        "print('%d.%d' % sys.version_info[:2])\n"
        # Without the [aiohttp] extra: the name still imports (a star import works), building one says what to install.
        f"from {package} import *\ntry:\n    DefaultAioHttpClient()\nexcept ImportError as error:\n    print(repr(str(error)).replace(' ', '_'))\n"
    )
    _Recorder.seen.clear()
    done = subprocess.run([str(venv_python), "-I", "-c", script, server], **run)

    where, got_type, httpx_version, ran_on, no_extra = done.stdout.split()
    assert ran_on == python
    assert f"install_{provider}-client[aiohttp]" in no_extra, no_extra
    pinned = DEPENDENCY_SETS[dependencies].read_text()
    assert f"httpx=={httpx_version}\n" in pinned, f"httpx {httpx_version} is not the {dependencies} version"
    assert Path(where).is_relative_to(venv), f"{package} was imported from {where}, not the fresh venv"
    assert got_type == type_name
    assert [line for line, _ in _Recorder.seen] == [request]
    headers = _Recorder.seen[0][1]
    assert any("s3cret" in _credential(headers.get(h, "")) for h in _CREDENTIAL_HEADERS), headers
    assert headers["user-agent"].startswith(f"{provider}-client/")
