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

from conformance.conftest import make_target

# The docs' own placeholder account id; recordings scrub real ids to it.
AUTH_ID = "MA_XXXXXXXX"
TRUNK_ID = "aabbccdd-1234-5678-90ab-cdef12345678"
REPLAY = {"auth_id": AUTH_ID, "auth_token": "replay-token"}


def on_trunk(e164: str, trunk_id: str = TRUNK_ID) -> Callable[[dict[str, Any]], dict[str, Any]]:
    """Sandbox start state: the fixture with ``e164`` (of the first account) already on ``trunk_id``."""

    def variant(fixture: dict[str, Any]) -> dict[str, Any]:
        [number] = [n for n in fixture["accounts"][0]["numbers"] if n["e164"] == e164]
        number["trunk_group_id"] = trunk_id
        return fixture

    return variant


@pytest.fixture
def client(recording: bool) -> AuthenticatedClient:
    target = make_target("vobiz", "vobiz_client", REPLAY, "https://api.vobiz.ai", recording)
    return AuthenticatedClient(**target.client_kwargs(), max_retries=0)
