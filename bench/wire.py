"""Twilio's associate call on the wire, as the loopback server received it: the official SDK's and ours.

The SDK sends through requests and aiohttp sessions we cannot hook the way bench/calls.py hooks
httpx, and a hook would show a client's idea of the request, not the bytes. So the server records
them (``running_server(record=True)``): each client makes one call, and the request is read back
from ``GET /_bench/captured``. ``compare`` says whether two requests agree on what the API acts on
(method, path, Content-Type, the Basic credential, the form body, parsed) and lists the headers that
differ otherwise (User-Agent and the like), which RESULTS.md shows beside the two requests.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl

import httpx

from .calls import CASES
from .server import CAPTURED_PATH, running_server

# The variants shown, in the table's column order; the pairs compared (SDK, ours) use the same mode.
VARIANTS = ("twilio SDK, sync", "ours, sync", "twilio SDK, async", "ours, async")
PAIRS = (("twilio SDK, sync", "ours, sync"), ("twilio SDK, async", "ours, async"))
AGREED = ("method", "path", "content-type", "authorization", "form body")


@dataclass(frozen=True)
class WireRequest:
    """One HTTP/1.1 request as received: the request line, the headers in order, the body bytes."""

    method: str
    path: str
    headers: tuple[tuple[str, str], ...]
    body: bytes

    def header(self, name: str) -> str | None:
        """The value of header ``name`` (names are case-insensitive), None when it was not sent."""
        return next((v for k, v in self.headers if k.lower() == name.lower()), None)

    def form(self) -> list[tuple[str, str]]:
        return parse_qsl(self.body.decode(), keep_blank_values=True, strict_parsing=bool(self.body))


def parse(raw: bytes) -> WireRequest:
    head, _, body = raw.partition(b"\r\n\r\n")
    request_line, *lines = head.decode("latin-1").split("\r\n")
    method, path, _version = request_line.split(" ", 2)
    headers = tuple((k.strip(), v.strip()) for k, _, v in (line.partition(":") for line in lines))
    return WireRequest(method, path, headers, body)


def captured(base_url: str) -> list[WireRequest]:
    """The requests the recording server received since the last time it was asked (and it forgets them)."""
    answer = httpx.get(base_url + CAPTURED_PATH.decode(), timeout=10)
    answer.raise_for_status()
    return [parse(text.encode("latin-1")) for text in answer.json()]


def twilio_requests() -> dict[str, WireRequest]:
    """One associate call by each variant against a recording server, and the request it received."""
    out: dict[str, WireRequest] = {}
    with running_server(record=True) as base_url:
        case = CASES["twilio"](base_url)
        assert case.sdk_sync is not None and case.sdk_async is not None
        sdk_async, ours_async = case.sdk_async, case.ours_async
        calls: dict[str, Callable[[], Any]] = {
            "twilio SDK, sync": case.sdk_sync,
            "ours, sync": case.ours_sync,
        }
        async_calls: dict[str, Callable[[], Awaitable[Any]]] = {
            "twilio SDK, async": sdk_async,
            "ours, async": ours_async,
        }

        async def run_async() -> None:
            for name, call in async_calls.items():
                await call()
                out[name] = _one(base_url, name)
            await case.aclose()

        try:
            for name, sync_call in calls.items():
                sync_call()
                out[name] = _one(base_url, name)
            asyncio.run(run_async())
        finally:
            case.close()
    return {name: out[name] for name in VARIANTS}


def _one(base_url: str, name: str) -> WireRequest:
    got = captured(base_url)
    if len(got) != 1:
        raise AssertionError(f"{name}: the server received {len(got)} requests for one call")
    return got[0]


def compare(sdk: WireRequest, ours: WireRequest) -> tuple[dict[str, bool], list[str]]:
    """Whether each of AGREED is the same, and 'name: sdk value / ours value' for every other header
    that differs (a header one side does not send shows as '(not sent)')."""
    agree = {
        "method": sdk.method == ours.method,
        "path": sdk.path == ours.path,
        "content-type": sdk.header("content-type") == ours.header("content-type"),
        "authorization": sdk.header("authorization") == ours.header("authorization"),
        "form body": sdk.form() == ours.form(),
    }
    names = _names(sdk, ours)
    differing = [
        f"{name}: {sdk.header(name) or '(not sent)'} / {ours.header(name) or '(not sent)'}"
        for name in names
        if name.lower() not in AGREED and sdk.header(name) != ours.header(name)
    ]
    return agree, differing


def _names(*requests: WireRequest) -> list[str]:
    """Every header name sent by any of ``requests``, spelled and ordered as first seen."""
    seen: dict[str, str] = {}
    for request in requests:
        for name, _ in request.headers:
            seen.setdefault(name.lower(), name)
    return list(seen.values())


def _cell(text: str) -> str:
    return "`" + text.replace("|", "\\|").replace("`", "'") + "`" if text else "(not sent)"


def side_by_side(requests: dict[str, WireRequest]) -> list[str]:
    """A markdown table: one column per variant, one row per part of the request."""
    columns = list(requests.values())
    lines = [
        "| | " + " | ".join(requests) + " |",
        "|" + " --- |" * (len(requests) + 1),
        "| method | " + " | ".join(_cell(r.method) for r in columns) + " |",
        "| path | " + " | ".join(_cell(r.path) for r in columns) + " |",
    ]
    for name in _names(*columns):
        lines.append(f"| {name} | " + " | ".join(_cell(r.header(name) or "") for r in columns) + " |")
    lines.append("| body | " + " | ".join(_cell(r.body.decode("latin-1")) for r in columns) + " |")
    lines.append("| form body, parsed | " + " | ".join(_cell(str(r.form())) for r in columns) + " |")
    return lines


def notes(requests: dict[str, WireRequest]) -> list[str]:
    """A line per compared pair: what agrees, and the headers that differ."""
    out = []
    for sdk, ours in PAIRS:
        agree, differing = compare(requests[sdk], requests[ours])
        same = ", ".join(k for k, ok in agree.items() if ok) or "nothing"
        apart = ", ".join(k for k, ok in agree.items() if not ok)
        out.append(
            f"client: twilio create_phone_number on the wire, {sdk} / {ours}: the same {same}"
            + (f"; NOT the same {apart}" if apart else "")
            + f"; other headers that differ (SDK / ours): {'; '.join(differing) or 'none'}"
        )
    return out
