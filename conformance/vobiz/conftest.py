"""Vobiz fixtures: a client with the documentation's placeholder account, or the recording target.

Recorded against the local sandbox (python -m conformance.sandbox_run), a scenario starts from
sandbox/fixtures/vobiz.yaml unless its ``@pytest.mark.sandbox(state=...)`` says otherwise
(conformance/conftest.py); the helpers below write those start states.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from vobiz_client import AuthenticatedClient

from conformance.client_fixtures import client_fixtures
from conformance.conftest import make_target
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


@pytest.fixture
def target(recording: bool) -> Target:
    return make_target("vobiz", "vobiz_client", REPLAY, BASE_URL, recording)


# the requests sent, and the clients that send them (conformance/client_fixtures.py)
sent, client, async_client = client_fixtures(AuthenticatedClient)
