"""Retrieving a trunk: the other half of verifying an assignment (unassign page, "Verifying")."""

from __future__ import annotations

import uuid

import pytest
from vobiz_client import AuthenticatedClient, NotFoundError
from vobiz_client.api.trunks import retrieve_trunk
from vobiz_client.models import Trunk

from .conftest import TRUNK_ID

pytestmark = pytest.mark.vcr


def test_retrieve_trunk(client: AuthenticatedClient) -> None:
    trunk = retrieve_trunk.sync(uuid.UUID(TRUNK_ID), client=client)
    assert isinstance(trunk, Trunk)
    assert str(trunk.trunk_id) == TRUNK_ID
    assert trunk.account_id == client.auth_id
    assert (trunk.trunk_status, trunk.transport, trunk.concurrent_calls_limit) == ("active", "udp", 10)


def test_retrieve_unknown_trunk_is_not_found(client: AuthenticatedClient) -> None:
    with pytest.raises(NotFoundError):
        retrieve_trunk.sync(uuid.UUID("00000000-0000-4000-8000-000000000000"), client=client)
