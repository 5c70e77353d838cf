"""Vobiz fixtures: a client with the documentation's placeholder account, or the recording target.

Recorded against the local sandbox (python -m conformance.sandbox_run), a scenario starts from
sandbox/fixtures/vobiz.yaml unless its ``@pytest.mark.sandbox(state=...)`` says otherwise
(conformance/harness.py); the helpers below write those start states.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from vobiz_client import AuthenticatedClient

from conformance.harness import client_fixtures, make_target
from conformance.targets import Target

# The docs' own placeholder account id; recordings scrub real ids to it.
AUTH_ID = "MA_XXXXXXXX"
TRUNK_ID = "aabbccdd-1234-5678-90ab-cdef12345678"
REPLAY = {"auth_id": AUTH_ID, "auth_token": "replay-token"}
# The generated client's default base URL: the host every cassette was written for.
BASE_URL = "https://api.vobiz.ai"


def on_trunk(e164: str, trunk_id: str = TRUNK_ID) -> Callable[[dict[str, Any]], dict[str, Any]]:
    """Sandbox start state: the fixture with ``e164`` (of the first account) already on ``trunk_id``."""

    def variant(fixture: dict[str, Any]) -> dict[str, Any]:
        [number] = [n for n in fixture["accounts"][0]["numbers"] if n["e164"] == e164]
        number["trunk_group_id"] = trunk_id
        return fixture

    return variant


# The two trunks of the retrieve-all-trunks page's "Response - 200 OK", as the sandbox stores them.
DOCUMENTED_TRUNKS: list[dict[str, Any]] = [
    {
        "trunk_id": TRUNK_ID,
        "name": "Acme Production Trunk",
        "trunk_direction": "outbound",
        "credential_uuid": "aabbccdd-1234-5678-90ab-cdef12345679",
        "recording": True,
        "enable_transcription": True,
        "created_at": "2026-04-22T08:52:02.383938Z",
        "updated_at": "2026-04-29T06:45:15.188437Z",
    },
    {
        "trunk_id": "aabbccdd-1234-5678-90ab-cdef1234567a",
        "name": "My Outbound Trunk",
        "trunk_direction": "inbound",
        "primary_uri_uuid": "aabbccdd-1234-5678-90ab-cdef1234567b",
        "inbound_destination": "aabbccdd-1234-5678-90ab-cdef1234567b",
        "recording": True,
        "enable_transcription": True,
        "created_at": "2026-04-17T10:28:06.112095Z",
        "updated_at": "2026-04-22T05:35:51.255094Z",
    },
]


def documented_trunks(fixture: dict[str, Any]) -> dict[str, Any]:
    """Sandbox start state: the first account holds exactly the list-trunks page's two trunks (no number on any)."""
    account = fixture["accounts"][0]
    account["trunks"] = [dict(trunk) for trunk in DOCUMENTED_TRUNKS]
    for number in account["numbers"]:
        number.pop("trunk_group_id", None)
    return fixture


@pytest.fixture
def target(recording: bool) -> Target:
    return make_target("vobiz", "vobiz_client", REPLAY, BASE_URL, recording)


# the requests sent, and the clients that send them (conformance/client_fixtures.py, through conformance/harness.py)
sent, client, async_client = client_fixtures(AuthenticatedClient)
