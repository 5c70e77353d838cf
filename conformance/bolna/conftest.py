"""Bolna fixtures: a client holding a placeholder API key, and the requests it sends.

Bolna publishes no recordings of these endpoints and none were made: every
cassette under cassettes/ is synthesized from the documented examples and
schemas (each names its pages in ``provenance``, and says which parts are
inferred). A recording against a Bolna account with SIP-trunk (beta) access
replaces them and shows where the docs, or our readings of them, are wrong.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from bolna_client import AuthenticatedClient

# The only trunk id Bolna shows for this API (sip-trunking API-examples guide): not a UUID.
TRUNK_ID = "01HQXYZ123ABC456DEF"
# A second trunk and the numbers' ids are ours, in the same style (the docs show "<string>").
OTHER_TRUNK_ID = "01HQXYZ456DEF789GHI"
NUMBER_ID = "01HQXYZ222BBB222CCC"
PLUS_NUMBER_ID = "01HQXYZ333CCC333DDD"
# The documented example number (no "+"), and the same number written with one.
NUMBER = "919876543210"
PLUS_NUMBER = "+919876543210"
# Replay never sends it anywhere; a recording takes a real key from the environment.
TOKEN = "replay-token"


@pytest.fixture(scope="module")
def vcr_config(vcr_config: dict[str, Any]) -> dict[str, Any]:
    # A recording must never keep the real API key: it is stored as the placeholder the
    # matcher expects (replay applies the same filter to the live request before matching).
    return {**vcr_config, "filter_headers": [("authorization", "<AUTH_TOKEN>")]}


@pytest.fixture
def sent() -> list[httpx.Request]:
    """Every request the client fixtures put on the wire, in order."""
    return []


@pytest.fixture
def client(sent: list[httpx.Request]) -> Iterator[AuthenticatedClient]:
    hooks = {"request": [sent.append]}
    with AuthenticatedClient(token=TOKEN, max_retries=0, httpx_args={"event_hooks": hooks}) as bolna:
        yield bolna


@pytest.fixture
def async_client(sent: list[httpx.Request]) -> AuthenticatedClient:
    async def record(request: httpx.Request) -> None:  # httpx.AsyncClient needs async hooks
        sent.append(request)

    return AuthenticatedClient(token=TOKEN, max_retries=0, httpx_args={"event_hooks": {"request": [record]}})


def assert_bearer(request: httpx.Request) -> None:
    """The cassette matcher checks that Authorization is sent; this checks its form."""
    assert request.headers["Authorization"] == f"Bearer {TOKEN}"
