"""The last line: whatever goes wrong inside the sandbox, the client gets a JSON answer, never a traceback page.

A bug in a handler must show up as a clear 500 with a JSON body (and the
traceback in the server's log, where the person running it looks), not as a
hung or half-written response that a client test would misread as a network
fault.
"""

from __future__ import annotations

import json
import logging

from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["Guard"]

logger = logging.getLogger("sandbox")


class Guard:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def watch(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, watch)
        except Exception as err:
            logger.exception("sandbox error on %s %s", scope.get("method"), scope.get("path"))
            if started:
                raise  # half a response is out: let the server close the connection
            body = json.dumps(
                {"sandbox_error": "internal error in the sandbox (see its log)", "type": type(err).__name__}
            ).encode()
            await send(
                {
                    "type": "http.response.start",
                    "status": 500,
                    "headers": [
                        (b"content-type", b"application/json"),
                        (b"content-length", b"%d" % len(body)),
                    ],
                }
            )
            await send({"type": "http.response.body", "body": body})
