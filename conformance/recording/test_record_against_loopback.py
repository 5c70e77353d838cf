"""Recording never writes a credential to disk, and what it writes replays.

A loopback server stands in for Vobiz; the recording runs the real conformance
test in a subprocess with fake credentials in the environment, as `make record`
would, then the secret scan and a replay run over what it wrote.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from codegen.yamlload import load_yaml
from conformance.secret_scan import scan_cassette

ROOT = Path(__file__).resolve().parents[2]
FAKE = {"VOBIZ_AUTH_ID": "MA_REAL1234", "VOBIZ_AUTH_TOKEN": "fake-secret-token-0123456789"}
TRUNK = {
    "trunk_id": "aabbccdd-1234-5678-90ab-cdef12345678", "account_id": "MA_REAL1234", "name": "Acme Production Trunk",
    "trunk_domain": "aabbccdd-1234-5678-90ab-cdef12345678.sip.vobiz.ai", "trunk_status": "active", "secure": False,
    "trunk_direction": "both", "concurrent_calls_limit": 10, "cps_limit": 2, "description": "", "transport": "udp",
    "recording": False, "enable_transcription": False, "pii_redaction": False, "webhook_method": "POST",
    "recording_webhook_enabled": False, "created_at": "2026-05-12T05:11:52Z", "updated_at": "2026-05-12T05:11:52Z",
}  # fmt: skip


class FakeVobiz(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        if self.headers.get("X-Auth-Token") != FAKE["VOBIZ_AUTH_TOKEN"]:
            self.send_error(401)
            return
        body = json.dumps({**TRUNK, "description": f"token {self.headers['X-Auth-Token']}"}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Set-Cookie", f"session={FAKE['VOBIZ_AUTH_TOKEN']}")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def fake_vobiz() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeVobiz)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def data_without_provenance(text: str) -> object:
    data = load_yaml(text)
    data.pop("provenance")
    return data


def run_pytest(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *args],
        cwd=ROOT, env={**os.environ, **env}, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def test_recording_scrubs_credentials_and_replays(fake_vobiz: str, tmp_path: Path) -> None:
    target = "conformance/vobiz/test_trunks.py::test_retrieve_trunk"
    env = {**FAKE, "VOBIZ_BASE_URL": fake_vobiz, "CONFORMANCE_RECORD_DIR": str(tmp_path)}
    recorded = run_pytest([target, "--record-mode=all"], env)
    assert recorded.returncode == 0, recorded.stdout + recorded.stderr

    [cassette] = list(tmp_path.rglob("*.yaml"))
    text = cassette.read_text()
    for value in FAKE.values():
        assert value not in text
    assert fake_vobiz not in str(data_without_provenance(text))  # rewritten to the replay base URL
    assert scan_cassette(text) == []
    data = load_yaml(text)
    assert data["provenance"]["source"] == "recorded"
    assert data["provenance"]["recorded_against"] == fake_vobiz  # where it really came from
    interaction = data["interactions"][0]
    assert interaction["request"]["uri"].startswith("https://api.vobiz.ai/api/v1/Account/MA_XXXXXXXX/")
    request_headers = {k.lower(): v for k, v in interaction["request"]["headers"].items()}
    response_headers = {k.lower(): v for k, v in interaction["response"]["headers"].items()}
    assert request_headers["x-auth-token"] == ["<AUTH_TOKEN>"]
    assert request_headers["x-auth-id"] == ["<AUTH_ID>"]
    assert "set-cookie" not in response_headers
    assert request_headers["host"] == ["api.vobiz.ai"]
    body = interaction["response"]["body"]["string"]
    assert json.loads(body)["account_id"] == "MA_XXXXXXXX"
    assert response_headers["content-length"] == [str(len(body.encode()))]

    replayed = run_pytest(
        [target, "--record-mode=none", "--block-network"],
        {"CONFORMANCE_REPLAY_DIR": str(tmp_path), **{k: "" for k in FAKE}},
    )
    assert replayed.returncode == 0, replayed.stdout + replayed.stderr


def test_recording_without_credentials_refuses(tmp_path: Path) -> None:
    env = {
        "VOBIZ_BASE_URL": "",
        "VOBIZ_AUTH_ID": "",
        "VOBIZ_AUTH_TOKEN": "",
        "CONFORMANCE_RECORD_DIR": str(tmp_path),
    }
    result = run_pytest(["conformance/vobiz/test_trunks.py", "--record-mode=all"], env)
    assert result.returncode == 2
    assert "needs VOBIZ_BASE_URL, VOBIZ_AUTH_ID, VOBIZ_AUTH_TOKEN" in result.stdout + result.stderr
    assert list(tmp_path.rglob("*.yaml")) == []
