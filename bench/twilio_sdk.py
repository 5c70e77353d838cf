"""Twilio's official SDK (``twilio`` on PyPI) aimed at the loopback server, sync and async.

The SDK builds absolute URLs on its own hosts (``https://trunking.twilio.com/v1/...``); its
``edge=`` and ``region=`` options only rename the host within twilio.com, and it has no base-URL
option. It does take an HTTP client of our choosing (``Client(http_client=...)``), so each of its
two clients (requests-based ``TwilioHttpClient``, aiohttp-based ``AsyncTwilioHttpClient``) is
subclassed here to swap ``https://<host>.twilio.com`` for the server's address before sending: one
string prefix test and replacement per call, everything else the SDK's own code.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from importlib.metadata import version
from typing import Any

from twilio.http.async_http_client import AsyncTwilioHttpClient
from twilio.http.http_client import TwilioHttpClient
from twilio.rest import Client

HOSTS = ("https://trunking.twilio.com", "https://api.twilio.com")


def _loopback(url: str, base_url: str) -> str:
    for host in HOSTS:
        if url.startswith(host):
            return base_url + url[len(host) :]
    raise ValueError(f"the Twilio SDK asked for {url}, not a host bench/ redirects")


class LoopbackHttpClient(TwilioHttpClient):  # type: ignore[misc]  # the SDK has no type information
    """The SDK's requests-based client, sending to ``base_url`` instead of Twilio's hosts."""

    def __init__(self, base_url: str) -> None:
        super().__init__()
        self.base_url = base_url

    def request(self, method: str, url: str, *args: Any, **kwargs: Any) -> Any:
        return super().request(method, _loopback(url, self.base_url), *args, **kwargs)


class AsyncLoopbackHttpClient(AsyncTwilioHttpClient):  # type: ignore[misc]  # the SDK has no type information
    """The SDK's aiohttp-based client, sending to ``base_url`` instead of Twilio's hosts."""

    def __init__(self, base_url: str) -> None:
        super().__init__()
        self.base_url = base_url

    async def request(self, method: str, url: str, *args: Any, **kwargs: Any) -> Any:
        return await super().request(method, _loopback(url, self.base_url), *args, **kwargs)


def sdk_name() -> str:
    return f"twilio {version('twilio')}"


def sync_call(
    base_url: str, account: str, token: str, trunk: str, number: str
) -> tuple[Callable[[], Any], Any]:
    """The SDK's associate call as its docs write it, and its HTTP client (``.session.close()``)."""
    http = LoopbackHttpClient(base_url)
    client = Client(account, token, http_client=http)
    return lambda: client.trunking.v1.trunks(trunk).phone_numbers.create(phone_number_sid=number), http


def async_call(
    base_url: str, account: str, token: str, trunk: str, number: str
) -> tuple[Callable[[], Awaitable[Any]], Callable[[], Awaitable[None]]]:
    """The same with ``create_async``, and a closer. The aiohttp session needs a running loop, so the
    client is built on the first call (the benchmark's warm-up), in the loop that makes the calls."""
    made: list[tuple[Client, AsyncLoopbackHttpClient]] = []

    async def call() -> Any:
        if not made:
            http = AsyncLoopbackHttpClient(base_url)
            made.append((Client(account, token, http_client=http), http))
        client = made[0][0]
        return await client.trunking.v1.trunks(trunk).phone_numbers.create_async(phone_number_sid=number)

    async def close() -> None:
        if made:
            await made.pop()[1].close()

    return call, close
