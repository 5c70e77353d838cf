"""The client fixtures of every provider's conftest, written once: ``sent``, ``client``, ``async_client``.

A provider's conftest defines a ``target`` fixture (``conformance.harness.make_target`` with
its placeholders) and takes the rest from here, naming them so a reader sees where they come
from::

    sent, client, async_client = client_fixtures(AuthenticatedClient)

- ``sent``: every request ``client`` and ``async_client`` put on the wire, in order, as httpx
  sent it (a request event hook). The cassette matcher already checks method, path, query,
  body and that credential headers are there; ``sent`` lets a scenario assert on what the
  matcher cannot see, e.g. the exact ``Authorization`` value or the raw path bytes.
- ``client``: the provider's ``AuthenticatedClient`` for the run's target (placeholder
  credentials and the documented base URL on replay, the environment's when recording),
  with ``max_retries=0``: an error cassette holds one answer, and a retry would ask for a
  second, which replay refuses. Closed after the test.
- ``async_client``: the same, for ``asyncio()`` calls (httpx.AsyncClient needs an async hook).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

from conformance.targets import Target

__all__ = ["client_fixtures"]


def _client(client_class: Callable[..., Any], target: Target, hook: Callable[[httpx.Request], Any]) -> Any:
    return client_class(
        **target.client_kwargs(), max_retries=0, httpx_args={"event_hooks": {"request": [hook]}}
    )


def client_fixtures(client_class: Callable[..., Any]) -> tuple[Any, Any, Any]:
    """The ``sent``, ``client`` and ``async_client`` fixtures for ``client_class`` (an AuthenticatedClient)."""

    @pytest.fixture(name="sent")
    def sent_fixture() -> list[httpx.Request]:
        """Every request ``client`` and ``async_client`` put on the wire, in order."""
        return []

    @pytest.fixture(name="client")
    def client_fixture(target: Target, sent: list[httpx.Request]) -> Iterator[Any]:
        """The provider's client for the run's target, ``max_retries=0``, its requests in ``sent``."""
        with _client(client_class, target, sent.append) as client:
            yield client

    @pytest.fixture(name="async_client")
    def async_client_fixture(target: Target, sent: list[httpx.Request]) -> Any:
        """The same, for ``asyncio()`` calls."""

        async def record(request: httpx.Request) -> None:
            sent.append(request)

        return _client(client_class, target, record)

    return sent_fixture, client_fixture, async_client_fixture
