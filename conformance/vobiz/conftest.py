"""Vobiz fixtures: a client with the documentation's placeholder account, or the recording target."""

from __future__ import annotations

import pytest
from vobiz_client import AuthenticatedClient

from conformance.conftest import make_target

# The docs' own placeholder account id; recordings scrub real ids to it.
AUTH_ID = "MA_XXXXXXXX"
TRUNK_ID = "aabbccdd-1234-5678-90ab-cdef12345678"
REPLAY = {"auth_id": AUTH_ID, "auth_token": "replay-token"}


@pytest.fixture
def client(recording: bool) -> AuthenticatedClient:
    target = make_target("vobiz", "vobiz_client", REPLAY, "https://api.vobiz.ai", recording)
    return AuthenticatedClient(**target.client_kwargs(), max_retries=0)
