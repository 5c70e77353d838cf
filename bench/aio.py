"""Async calls on aiohttp, beside an SDK whose async client is aiohttp (Twilio's): ours on the opt-in
transport and the two floors that say where a gap comes from.

- ``ours-aiohttp``: our async client on ``DefaultAioHttpClient`` (httpx's AsyncClient, aiohttp sending);
- ``raw-httpx-aiohttp``: the same request by hand on httpx-aiohttp's client, the floor for ours there;
- ``raw-aiohttp``: the same request on a bare ``aiohttp.ClientSession``, no client code at all: the
  floor for the SDK, and what httpx's own machinery costs on top of aiohttp.

An aiohttp session must be made in the loop that uses it, so each is built on its first call (the
benchmark's warm-up), not when the case is.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import aiohttp
import httpx_aiohttp

AsyncCall = Callable[[], Awaitable[Any]]
NAMES = ("ours-aiohttp", "raw-httpx-aiohttp", "raw-aiohttp")


def variants(
    ours: Callable[[], tuple[AsyncCall, Callable[[], Awaitable[None]]]],
    base_url: str,
    headers: dict[str, str],
    path: str,
    form: dict[str, str],
) -> tuple[dict[str, AsyncCall], Callable[[], Awaitable[None]]]:
    """The three calls (a POST of ``form`` to ``path``, ``headers`` on every request) and a closer;
    ``ours()`` builds our async client on DefaultAioHttpClient and returns its call and its closer."""
    made: dict[str, Any] = {}

    def _get(name: str, build: Callable[[], Any]) -> Any:
        if name not in made:
            made[name] = build()
        return made[name]

    async def raw_aiohttp() -> Any:
        session = _get("raw-aiohttp", lambda: aiohttp.ClientSession(base_url, headers=headers))
        async with session.post(path, data=form) as response:
            if response.status >= 400:
                raise RuntimeError(response.status)
            return await response.read()

    async def raw_httpx_aiohttp() -> Any:
        client = _get(
            "raw-httpx-aiohttp", lambda: httpx_aiohttp.HttpxAiohttpClient(base_url=base_url, headers=headers)
        )
        response = await client.post(path, data=form)
        if response.status_code >= 400:
            raise RuntimeError(response.status_code)
        return response

    async def ours_aiohttp() -> Any:
        return await _get("ours-aiohttp", ours)[0]()

    async def close() -> None:
        if "ours-aiohttp" in made:
            await made.pop("ours-aiohttp")[1]()
        if "raw-aiohttp" in made:
            await made.pop("raw-aiohttp").close()
        if "raw-httpx-aiohttp" in made:
            await made.pop("raw-httpx-aiohttp").aclose()

    calls: dict[str, AsyncCall] = {
        "ours-aiohttp": ours_aiohttp,
        "raw-httpx-aiohttp": raw_httpx_aiohttp,
        "raw-aiohttp": raw_aiohttp,
    }
    return calls, close
