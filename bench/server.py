"""A loopback HTTP/1.1 server that answers every request at once with a fixed response.

Run as ``python -m bench.server``: it prints ``PORT <n>`` and serves 127.0.0.1:<n> until killed.
It runs in its own process (the other core), parses only the request line and Content-Length,
and answers each provider's assign operation with the status and body its client expects, so
the clients do their full parsing work. ``floor_rtt`` measures the server with a raw socket:
if that is far below an httpx call, the server is not what the client benchmarks measure.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import signal
import socket
import subprocess
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
            self.buffer = self.buffer[end + 4 + length :]
            self.transport.write(answer(head.split(b" ", 2)[1]))


async def _serve() -> None:
    loop = asyncio.get_running_loop()
    server = await loop.create_server(_Protocol, "127.0.0.1", 0, backlog=1024)
    print(f"PORT {server.sockets[0].getsockname()[1]}", flush=True)
    stop = asyncio.Event()
    loop.add_signal_handler(signal.SIGTERM, stop.set)
    async with server:
        await stop.wait()


@contextlib.contextmanager
def running_server() -> Iterator[str]:
    """The base URL of a fresh server in its own process, stopped (by its pid) on exit."""
    proc = subprocess.Popen([PY, "-m", "bench.server"], cwd=ROOT, stdout=subprocess.PIPE, text=True)
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
    asyncio.run(_serve())
