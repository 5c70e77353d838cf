"""Vobiz fixtures: a client with the documentation's placeholder account."""

from __future__ import annotations

import pytest
from vobiz_client import AuthenticatedClient

# The docs' own placeholder account id; recordings scrub real ids to it.
AUTH_ID = "MA_XXXXXXXX"
TRUNK_ID = "aabbccdd-1234-5678-90ab-cdef12345678"


@pytest.fixture
def client() -> AuthenticatedClient:
    # Replay never sends these; a recording takes real ones from the environment.
    return AuthenticatedClient(auth_id=AUTH_ID, auth_token="replay-token", max_retries=0)
