"""A loopback HTTP/1.1 server that answers every request at once with a fixed response.

Run as ``python -m bench.server``: it prints ``PORT <n>`` and serves 127.0.0.1:<n> until killed.
It runs in its own process (the other core), parses only the request line and Content-Length,
and answers each provider's assign operation with the status and body its client expects, so
the clients do their full parsing work. ``floor_rtt`` measures the server with a raw socket:
if that is far below an httpx call, the server is not what the client benchmarks measure.

With ``--record`` (``running_server(record=True)``; never while timing) it also keeps every
request's bytes as they arrived, and ``GET /_bench/captured`` returns and forgets them: what a
client put on the wire, seen from the server side, for clients whose transport we cannot hook
(the official Twilio SDK's requests and aiohttp sessions; bench/wire.py).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import httpx

from .common import PY, ROOT, stop_process

TRYVOX = {"e164": "+14155551234", "trunk_id": "trunk_abc123", "application_id": None, "status": "active",
          "updated_at": "2026-04-09T11:15:00Z"}  # fmt: skip
_CHANNEL = {"capable": True, "enabled": True, "channel_limit": 2, "whitelisted_destinations": ["US"], "bound": True,
            "agent_uuid": "3c90c3cc-0d44-4b50-8888-8dd25736052a", "agent_name": "Front desk"}  # fmt: skip
MIHU = {
    "success": True,
    "message": "Assigned",
    "data": {
        "phone_number_uuid": "9bcb8f00-c0c5-4ee1-9b75-ad1e87a2bd8b", "number": "+12345678901", "is_external": True,
        "source": "external",
        "channels": {
            "call": _CHANNEL,
            "sms": {**_CHANNEL, "capable": False, "enabled": False, "channel_limit": 0, "whitelisted_destinations": [],
                    "bound": False, "agent_uuid": None, "agent_name": None},
            "whatsapp": {"bound": False, "agent_uuid": None, "agent_name": None},
            "inbound": {"enabled": True, "channel_limit": 2},
        },
    },
}  # fmt: skip
TWILIO_ACCOUNT = "AC" + "a" * 32
TWILIO_TRUNK = "TK" + "b" * 32
TWILIO_NUMBER = "PN" + "c" * 32
# Twilio's answer to associating a number with a trunk: every field of trunking.v1.trunk.phone_number,
# shaped as Twilio's API reference shows it (ISO 8601 dates, as trunking v1 sends them).
TWILIO = {"account_sid": TWILIO_ACCOUNT, "address_requirements": "none", "api_version": "2010-04-01", "beta": False,
          "capabilities": {"mms": True, "sms": False, "voice": True}, "date_created": "2010-12-10T17:27:34Z",
          "date_updated": "2015-10-09T11:36:32Z", "friendly_name": "(415) 867-5309",
          "links": {"phone_number": f"https://api.twilio.com/2010-04-01/Accounts/{TWILIO_ACCOUNT}/IncomingPhoneNumbers/{TWILIO_NUMBER}.json"},
          "phone_number": "+14158675309", "sid": TWILIO_NUMBER, "sms_application_sid": None,
          "sms_fallback_method": "POST", "sms_fallback_url": "", "sms_method": "POST", "sms_url": "",
          "status_callback": "", "status_callback_method": "POST", "trunk_sid": TWILIO_TRUNK,
          "url": f"https://trunking.twilio.com/v1/Trunks/{TWILIO_TRUNK}/PhoneNumbers/{TWILIO_NUMBER}",
          "voice_application_sid": None, "voice_caller_id_lookup": False, "voice_fallback_method": "POST",
          "voice_fallback_url": "", "voice_method": "POST", "voice_url": ""}  # fmt: skip
BOLNA = {"id": "01HQXYZ222BBB222CCC", "phone_number": "919876543210", "name": "Mumbai Support Line",
         "byot_trunk_id": "01HQXYZ123ABC456DEF", "telephony_provider": "sip-trunk", "deleted": False,
         "created_at": "2023-11-07T05:31:56Z", "updated_at": "2023-11-07T05:31:56Z"}  # fmt: skip


def _response(status: int, reason: str, body: object | None) -> bytes:
    if body is None:
        return f"HTTP/1.1 {status} {reason}\r\ncontent-length: 0\r\n\r\n".encode()
    data = json.dumps(body).encode()
    head = (
        f"HTTP/1.1 {status} {reason}\r\ncontent-type: application/json\r\ncontent-length: {len(data)}\r\n\r\n"
    )
    return head.encode() + data


# Longest prefix first; the Vobiz SDK writes /account/ in lower case and + unencoded.
ROUTE_DATA: tuple[tuple[str, int, str, object | None], ...] = (
    ("/api/v1/Account/", 204, "No Content", None),
    ("/api/v1/account/", 204, "No Content", None),
    ("/api/v1/phone-numbers/trunks/assign", 200, "OK", MIHU),
    ("/v1/account/", 200, "OK", TRYVOX),
    ("/sip-trunks/", 201, "Created", BOLNA),
    ("/v1/Trunks/", 201, "Created", TWILIO),
)
ROUTES = tuple(
    (prefix.encode(), _response(status, reason, body)) for prefix, status, reason, body in ROUTE_DATA
)
DEFAULT = _response(200, "OK", {})


def mock_transport() -> tuple[httpx.MockTransport, httpx.AsyncBaseTransport]:
    """The same answers in-process (no socket, no server): isolates the client's own work."""
    import httpx  # not at the top: the server process does not need it

    def handle(request: httpx.Request) -> httpx.Response:
        path = request.url.raw_path.decode()
        status, body = next(((s, b) for prefix, s, _, b in ROUTE_DATA if path.startswith(prefix)), (200, {}))
        if body is None:
            return httpx.Response(status)
        return httpx.Response(
            status, content=json.dumps(body).encode(), headers={"content-type": "application/json"}
        )

    return httpx.MockTransport(handle), httpx.MockTransport(handle)


def answer(path: bytes) -> bytes:
    for prefix, response in ROUTES:
        if path.startswith(prefix):
            return response
    return DEFAULT


CAPTURED_PATH = b"/_bench/captured"
RECORDED: list[bytes] | None = None  # a list with --record: each request's bytes, head and body


def _captured() -> bytes:
    """The recorded requests as a JSON list of latin-1 strings (bytes kept one to one), then forgotten."""
    assert RECORDED is not None
    body = json.dumps([r.decode("latin-1") for r in RECORDED]).encode()
    RECORDED.clear()
    return b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: %d\r\n\r\n%s" % (
        len(body),
        body,
    )


class _Protocol(asyncio.Protocol):
    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport: asyncio.Transport = transport  # type: ignore[assignment]
        self.buffer = b""

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        while True:
            end = self.buffer.find(b"\r\n\r\n")
            if end < 0:
                return
            head = self.buffer[:end]
            length = 0
            lower = head.lower()
            at = lower.find(b"\r\ncontent-length:")
            if at >= 0:
                stop = lower.find(b"\r\n", at + 2)
                length = int(lower[at + 17 : stop if stop >= 0 else len(lower)].strip())
            if len(self.buffer) < end + 4 + length:
                return
            request, self.buffer = self.buffer[: end + 4 + length], self.buffer[end + 4 + length :]
            path = head.split(b" ", 2)[1]
            if RECORDED is None:
                self.transport.write(answer(path))
            elif path == CAPTURED_PATH:
                self.transport.write(_captured())
            else:
                RECORDED.append(request)
                self.transport.write(answer(path))


async def _serve() -> None:
    loop = asyncio.get_running_loop()
    server = await loop.create_server(_Protocol, "127.0.0.1", 0, backlog=1024)
    print(f"PORT {server.sockets[0].getsockname()[1]}", flush=True)
    stop = asyncio.Event()
    loop.add_signal_handler(signal.SIGTERM, stop.set)
    async with server:
        await stop.wait()


@contextlib.contextmanager
def running_server(record: bool = False) -> Iterator[str]:
    """The base URL of a fresh server in its own process, stopped (by its pid) on exit; ``record``:
    it keeps the requests for ``GET /_bench/captured``."""
    args = [PY, "-m", "bench.server", *(["--record"] if record else [])]
    proc = subprocess.Popen(args, cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline() if proc.stdout else ""
        if not line.startswith("PORT "):
            raise RuntimeError(f"bench server did not start: {line!r}")
        yield f"http://127.0.0.1:{int(line.split()[1])}"
    finally:
        stop_process(proc, timeout=5)


def floor_rtt(base_url: str, calls: int) -> list[float]:
    """Seconds per request/response of a blocking socket: the server and loopback, with no client."""
    host, port = base_url.removeprefix("http://").split(":")
    body = b'{"trunk_group_id": "e3e55a78-1234-5678-90ab-cdef12345678"}'
    request = (
        b"POST /api/v1/Account/MA_BENCH/numbers/%2B912271264217/assign HTTP/1.1\r\nhost: "
        + host.encode()
        + b"\r\ncontent-type: application/json\r\ncontent-length: "
        + str(len(body)).encode()
        + b"\r\n\r\n"
        + body
    )
    expected = len(ROUTES[0][1])
    samples = []
    with socket.create_connection((host, int(port))) as sock:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        for _ in range(calls):
            start = time.perf_counter()
            sock.sendall(request)
            got = 0
            while got < expected:
                got += len(sock.recv(65536))
            samples.append(time.perf_counter() - start)
    return samples


if __name__ == "__main__":
    if "--record" in sys.argv[1:]:
        RECORDED = []
    asyncio.run(_serve())
