"""A scripted HTTP/1.1 server on 127.0.0.1 for the runtime-rule tests that need a real socket.

httpx.MockTransport replaces the transport, so it cannot show what a real one does with a timeout,
a dropped connection or a pool: these tests need bytes on a socket. The server answers each
request with the next entry of a ``Script`` and records what reached it, so a test can say both
what the client raised and what was (or was not) sent. It runs on the test's event loop
(``serve``) or, for the sync client, on a loop in a thread of its own (``serve_in_thread``).
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field

TRUNK_BODY = b'{"trunk_id": "e3e55a78-1234-5678-90ab-cdef12345678", "name": "Main"}'


@dataclass
class Received:
    """One request as it reached the server."""

    method: str
    path: str
    headers: dict[str, str]  # names lower-cased
    peer_port: int  # the client's port: the same for requests on one kept-alive connection


@dataclass
class Script:
    """Answers in order (the last repeats): (status, headers, body), "drop", or ("slow", seconds)."""

    answers: list[object] = field(default_factory=list)
    seen: list[str] = field(default_factory=list)  # "METHOD raw-path" of every request received
    received: list[Received] = field(default_factory=list)

    def next(self) -> object:
        return self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]


async def _answer(script: Script, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    peer_port = int(writer.get_extra_info("peername")[1])
    try:
        while True:
            head = await reader.readuntil(b"\r\n\r\n")
            lines = head.decode("latin-1").split("\r\n")
            headers = {k.lower(): v for k, _, v in (h.partition(": ") for h in lines[1:] if h)}
            length = int(headers.get("content-length", "0"))
            if length:
                await reader.readexactly(length)
            method, path, _ = lines[0].split(" ", 2)
            script.seen.append(f"{method} {path}")
            script.received.append(Received(method, path, headers, peer_port))
            answer = script.next()
            if answer == "drop":
                writer.close()
                return
            if isinstance(answer, tuple) and answer[0] == "slow":
                await asyncio.sleep(float(answer[1]))
                answer = (200, {}, TRUNK_BODY)
            assert isinstance(answer, tuple), answer
            status, extra_headers, body = answer
            extra = "".join(f"{k}: {v}\r\n" for k, v in extra_headers.items())
            writer.write(
                f"HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {len(body)}\r\n{extra}\r\n".encode()
                + body
            )
            await writer.drain()
    except (asyncio.IncompleteReadError, ConnectionError):
        writer.close()


@contextlib.asynccontextmanager
async def serve() -> AsyncIterator[tuple[str, Script]]:
    """The server on the running loop: its base URL and its script, stopped on exit."""
    script = Script()
    server = await asyncio.start_server(lambda r, w: _answer(script, r, w), "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}", script
    finally:
        server.close()


@contextlib.contextmanager
def serve_in_thread() -> Iterator[tuple[str, Script]]:
    """``serve`` on a loop in a thread of its own, for the sync client; stopped, and the thread joined, on exit."""
    loop = asyncio.new_event_loop()
    started: asyncio.Future[tuple[str, Script]] = loop.create_future()
    stop = asyncio.Event()

    async def run() -> None:
        async with serve() as served:
            started.set_result(served)
            await stop.wait()
        answering = [task for task in asyncio.all_tasks() if task is not asyncio.current_task()]
        for task in answering:  # connections still being answered (a slow answer, say)
            task.cancel()
        await asyncio.gather(*answering, return_exceptions=True)

    thread = threading.Thread(target=loop.run_until_complete, args=(run(),), daemon=True)
    thread.start()
    try:
        yield asyncio.run_coroutine_threadsafe(_wait(started), loop).result(timeout=10)
    finally:
        loop.call_soon_threadsafe(stop.set)
        thread.join(timeout=10)
        loop.close()


async def _wait(future: asyncio.Future[tuple[str, Script]]) -> tuple[str, Script]:
    return await future
