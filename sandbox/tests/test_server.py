"""The server's life: `python -m sandbox` (what `make sandbox` runs) and running_sandbox(), on loopback only."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from sandbox.testing import RunningSandbox, running_sandbox

ROOT = Path(__file__).resolve().parents[2]


def test_python_m_sandbox_prints_where_each_provider_is_and_serves_it() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "sandbox", "--port", "0", "--quiet"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        assert process.stdout is not None
        lines: list[str] = []
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not any("controls:" in line for line in lines):
            line = process.stdout.readline()
            if not line:
                break
            lines.append(line)
        output = "".join(lines)
        listening = re.search(r"listening on http://127\.0\.0\.1:(\d+) \(port \1\)", output)
        assert listening is not None, output
        port = int(listening.group(1))
        for provider in ("vobiz", "tryvox", "mihu", "bolna", "twilio"):
            assert f"base_url=http://127.0.0.1:{port}/{provider}" in output
        assert "auth_id=MA_XXXXXXXX auth_token=sandbox-vobiz-token" in output
        assert "account_sid=ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa auth_token=sandbox-twilio-token" in output
        assert "account_id=acc_123abc" in output

        for _ in range(100):  # uvicorn may need a moment after the banner
            try:
                health = httpx.get(f"http://127.0.0.1:{port}/_sandbox/health", timeout=2)
                break
            except httpx.ConnectError:
                time.sleep(0.05)
        assert health.json() == {"status": "ok"}
        listed = httpx.get(
            f"http://127.0.0.1:{port}/vobiz/api/v1/Account/MA_XXXXXXXX/numbers",
            headers={"X-Auth-ID": "MA_XXXXXXXX", "X-Auth-Token": "sandbox-vobiz-token"},
            timeout=5,
        )
        assert listed.status_code == 200
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)
    assert process.returncode == 0


def test_a_busy_port_is_a_clear_error() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            [sys.executable, "-m", "sandbox", "--port", str(port)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=30,
        )
    assert result.returncode == 2
    assert f"cannot listen on 127.0.0.1:{port}" in result.stderr
    assert "SANDBOX_PORT=0" in result.stderr


def test_running_sandbox_listens_on_loopback_and_stops_after() -> None:
    with running_sandbox(providers=["vobiz"]) as sandbox:
        assert sandbox.url.startswith("http://127.0.0.1:")
        assert sandbox.providers == ["vobiz"]
        assert httpx.get(sandbox.url + "/_sandbox/health", timeout=5).status_code == 200
        env = sandbox.environ()
        assert env["VOBIZ_BASE_URL"] == sandbox.base_url("vobiz")
        assert (env["VOBIZ_AUTH_ID"], env["VOBIZ_AUTH_TOKEN"]) == ("MA_XXXXXXXX", "sandbox-vobiz-token")
        url = sandbox.url
    with pytest.raises(httpx.ConnectError):
        httpx.get(url + "/_sandbox/health", timeout=2)


def test_two_sandboxes_do_not_share_state() -> None:
    with running_sandbox(providers=["bolna"]) as first, running_sandbox(providers=["bolna"]) as second:
        assert first.url != second.url
        headers = {"Authorization": "Bearer sandbox-bolna-key"}
        path = "/sip-trunks/trunks/01HQXYZ456DEF789GHI/numbers"
        added = httpx.post(
            first.base_url("bolna") + path, json={"phone_number": "+15550001111"}, headers=headers
        )
        assert added.status_code == 201
        assert httpx.get(second.base_url("bolna") + path, headers=headers).json() == []


def test_the_sandbox_knows_the_same_http_methods_as_codegen() -> None:
    from codegen.merge import HTTP_METHODS
    from sandbox.spec import METHODS

    assert METHODS == HTTP_METHODS


def test_the_sandbox_names_a_specs_servers_as_codegen_does(sandbox: RunningSandbox) -> None:
    """vendor_server_urls repeats codegen/servers.py's naming rule (the wheel ships without codegen):
    its names are the clients' <name>_base_url arguments, so the two must agree for every spec."""
    from codegen.providers import provider_names
    from codegen.servers import read_servers
    from codegen.yamlload import load_yaml_file

    checked = 0
    for provider in provider_names():
        servers = read_servers(load_yaml_file(ROOT / "specs" / provider / "openapi.yaml"), provider)
        names = {servers.default_name, *servers.named} if servers.multiple else set()
        assert set(sandbox.vendor_server_urls(provider)) == names, provider
        checked += bool(names)
    assert checked  # Twilio has two servers: the comparison is not only of empty sets


def test_the_sandbox_judges_e164_with_the_pattern_of_codegen() -> None:
    from codegen.surface import E164_PATTERN
    from sandbox.numbers import E164

    assert E164.pattern == E164_PATTERN
