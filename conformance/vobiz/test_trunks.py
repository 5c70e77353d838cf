"""Trunks: retrieving one, the other half of verifying an assignment (unassign page, "Verifying"),
and listing them, page by page, which is how a caller finds the UUID that assign takes
(retrieve-all-trunks page)."""

from __future__ import annotations

import datetime
import uuid

import pytest
from vobiz_client import AuthenticatedClient, NotFoundError
from vobiz_client.api.trunks import list_trunks, retrieve_trunk
from vobiz_client.models import Trunk, TrunkList
from vobiz_client.types import UNSET

from .conftest import DOCUMENTED_TRUNKS, TRUNK_ID, documented_trunks

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


@pytest.mark.sandbox(state=documented_trunks)
def test_list_trunks(client: AuthenticatedClient) -> None:
    listed = list_trunks.sync(client=client)
    assert isinstance(listed, TrunkList)
    # "limit ... Default: 20", "offset ... Default: 0"; total counts every trunk of the account
    assert (listed.meta.limit, listed.meta.offset, listed.meta.total) == (20, 0, 2)
    assert all(isinstance(trunk, Trunk) for trunk in listed.objects)
    assert [str(trunk.trunk_id) for trunk in listed.objects] == [t["trunk_id"] for t in DOCUMENTED_TRUNKS]
    first, second = listed.objects
    assert first.account_id == client.auth_id
    assert (first.name, first.trunk_direction) == ("Acme Production Trunk", "outbound")
    assert str(first.credential_uuid) == "aabbccdd-1234-5678-90ab-cdef12345679"
    assert first.primary_uri_uuid is UNSET  # optional: only the second trunk has one
    assert (
        str(second.primary_uri_uuid) == second.inbound_destination == "aabbccdd-1234-5678-90ab-cdef1234567b"
    )
    assert first.created_at == datetime.datetime(2026, 4, 22, 8, 52, 2, 383938, tzinfo=datetime.UTC)


@pytest.mark.sandbox(state=documented_trunks)
def test_list_trunks_by_limit_and_offset(client: AuthenticatedClient) -> None:
    """ "For page 2 with limit 10, use offset=10": with limit=1, one trunk per page, then an empty page."""
    pages = [list_trunks.sync(client=client, limit=1, offset=offset) for offset in (0, 1, 2)]
    assert all(isinstance(page, TrunkList) for page in pages)
    assert [(p.meta.limit, p.meta.offset, p.meta.total) for p in pages] == [(1, 0, 2), (1, 1, 2), (1, 2, 2)]
    assert [[str(t.trunk_id) for t in p.objects] for p in pages] == [
        [DOCUMENTED_TRUNKS[0]["trunk_id"]],
        [DOCUMENTED_TRUNKS[1]["trunk_id"]],
        [],
    ]
