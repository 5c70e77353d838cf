"""TryVox fixtures: a client with the documentation's placeholder account and number.

TryVox publishes no OpenAPI and no recordings exist: every cassette under
cassettes/ is synthesized from the documented examples (each names its pages
in ``provenance``). A recording against a TryVox sandbox key (tvx_sk_test_...)
replaces them and shows where the docs, or our readings of them, are wrong.
"""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from tryvox_client import AuthenticatedClient

# The configure page's own placeholders (curl examples and response bodies).
ACCOUNT_ID = "acc_123abc"
NUMBER = "+14155551234"
TRUNK_ID = "trunk_abc123"
APPLICATION_ID = "app_xyz789"
# Replay never sends it anywhere; a recording takes a real sandbox key from the environment.
TOKEN = "tvx_sk_test_PLACEHOLDER"


@pytest.fixture
def sent() -> list[httpx.Request]:
    """Every request the ``client`` fixture put on the wire, in order."""
    return []


@pytest.fixture
def client(sent: list[httpx.Request]) -> Iterator[AuthenticatedClient]:
    hooks = {"request": [sent.append]}
    with AuthenticatedClient(token=TOKEN, max_retries=0, httpx_args={"event_hooks": hooks}) as tryvox:
        yield tryvox


@pytest.fixture
def async_client() -> AuthenticatedClient:
    # httpx.AsyncClient needs async event hooks, so this one does not capture.
    return AuthenticatedClient(token=TOKEN, max_retries=0)
