"""What arrived on the wire, read defensively: the raw path, and a body of bounded size.

A sandbox that CI hits with fuzzed and oversized input must answer every request
with a status and a JSON body, so reading is where the limits live: a body over
``MAX_BODY`` is refused (413) after it has been drained (a client still writing
would otherwise see a broken pipe instead of the answer), and one over
``MAX_DRAIN`` is refused without reading it, on a connection that is then closed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from starlette.responses import Response
from starlette.types import Receive, Scope

__all__ = ["MAX_BODY", "MAX_DRAIN", "Body", "json_response", "raw_route_path", "read_body"]

MAX_BODY = 1024 * 1024  # 1 MiB: no routing request comes near it
MAX_DRAIN = 16 * 1024 * 1024  # beyond this we stop reading and close the connection


@dataclass(frozen=True)
class Body:
    data: bytes
    too_large: bool = False
    close: bool = False  # the rest was not read: the connection must not be reused


async def read_body(scope: Scope, receive: Receive) -> Body:
    """The request body, or ``too_large`` once it passes MAX_BODY (declared or actual)."""
    declared = _content_length(scope)
    if declared is not None and declared > MAX_DRAIN:
        return Body(b"", too_large=True, close=True)
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            break
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > MAX_DRAIN:
            return Body(b"", too_large=True, close=True)
        if size <= MAX_BODY:
            chunks.append(chunk)
        if not message.get("more_body", False):
            break
    if size > MAX_BODY or (declared is not None and declared > MAX_BODY):
        return Body(b"", too_large=True)
    return Body(b"".join(chunks))


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", []):
        if name.lower() == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


def raw_route_path(scope: Scope) -> str:
    """The path below the mount, still percent-encoded as sent (``%2B`` stays ``%2B``, ``+`` stays ``+``).

    The mount prefix is dropped by segment count, so it is removed correctly even
    if the client percent-encoded a character of it.
    """
    raw = scope.get("raw_path")
    # raw_path is optional in ASGI; without it the decoded path is the best there is
    raw_text = raw.decode("latin-1").split("?", 1)[0] if raw else str(scope["path"])
    root = scope.get("root_path", "")
    depth = len([segment for segment in root.split("/") if segment])
    segments = raw_text.split("/")
    # segments[0] is "" (the leading slash); the next `depth` belong to the mount
    rest = segments[1 + depth :]
    return "/" + "/".join(rest)


def json_response(status: int, body: Any, headers: dict[str, str] | None = None) -> Response:
    """A JSON response with exactly ``body``; 204 carries no body and no content type."""
    if status == 204:
        return Response(status_code=204, headers=headers)
    content = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()
    return Response(content, status_code=status, media_type="application/json", headers=headers)
