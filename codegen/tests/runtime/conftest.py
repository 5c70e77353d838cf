"""A Vobiz client wired to an in-process transport, and a fake clock for retry delays."""

from __future__ import annotations

import httpx
import pytest
from vobiz_client import AuthenticatedClient
from vobiz_client import _base_client as runtime

from codegen.tests.runtime.wire import Wire


@pytest.fixture
def sleeps(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Delays the client would have slept; nothing sleeps."""
    slept: list[float] = []

    async def async_sleep(seconds: float) -> None:
        slept.append(seconds)

    monkeypatch.setattr(runtime, "_sleep", slept.append)
    monkeypatch.setattr(runtime, "_async_sleep", async_sleep)
    monkeypatch.setattr(runtime, "_random", lambda: 0.0)
    return slept


@pytest.fixture
def wire() -> Wire:
    return Wire()


@pytest.fixture
def client(wire: Wire, sleeps: list[float]) -> AuthenticatedClient:
    transport = httpx.MockTransport(wire)
    client = AuthenticatedClient(auth_id="MA_TEST0001", auth_token="secret-token-value")
    client.set_httpx_client(
        httpx.Client(base_url="https://api.vobiz.ai", transport=transport, headers=client._all_headers())
    )
    client.set_async_httpx_client(
        httpx.AsyncClient(base_url="https://api.vobiz.ai", transport=transport, headers=client._all_headers())
    )
    return client
