"""Bad path values raise ValueError before any byte is sent; nothing reaches another endpoint."""

from __future__ import annotations

import uuid

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from vobiz_client import AuthenticatedClient
from vobiz_client.api.phone_numbers import assign_number_to_trunk, unassign_number_from_trunk
from vobiz_client.api.trunks import retrieve_trunk
from vobiz_client.models import AssignNumberToTrunkBody

from codegen.tests.runtime.wire import Wire

BODY = AssignNumberToTrunkBody(trunk_group_id=uuid.UUID("aabbccdd-1234-5678-90ab-cdef12345678"))


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("%2B912271264217", "already percent-encoded"),
        ("912271264217", "E.164"),
        ("+0912271264217", "E.164"),
        ("+1234567890123456", "E.164"),
        ("", "is empty"),
        ("..", "relative path segment"),
        ("+91/22", "slash"),
        ("+91 2271264217", "whitespace"),
    ],
)
def test_malformed_phone_numbers_are_refused_before_sending(
    client: AuthenticatedClient, wire: Wire, value: str, problem: str
) -> None:
    with pytest.raises(ValueError, match=problem) as caught:
        assign_number_to_trunk.sync(value, client=client, body=BODY)
    assert "phone_number=" in str(caught.value)
    assert wire.sent == []


@pytest.mark.parametrize("value", ["..", "x/../../numbers", "not-a-uuid", ""])
def test_malformed_trunk_ids_are_refused(client: AuthenticatedClient, wire: Wire, value: str) -> None:
    with pytest.raises(ValueError, match="trunk_id="):
        retrieve_trunk.sync(value, client=client)
    assert wire.sent == []


def test_explicit_account_id_is_checked_too(client: AuthenticatedClient, wire: Wire) -> None:
    with pytest.raises(ValueError, match=r"auth_id='\.\.'"):
        unassign_number_from_trunk.sync("+912271264217", client=client, auth_id="..")
    assert wire.sent == []


@settings(max_examples=300, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
@given(value=st.one_of(st.text(max_size=24), st.from_regex(r"\+[1-9][0-9]{1,14}", fullmatch=True)))
def test_fuzzed_phone_numbers_raise_valueerror_or_hit_only_their_own_path(
    client: AuthenticatedClient, wire: Wire, value: str
) -> None:
    wire.answers = [httpx.Response(204)]
    wire.sent.clear()
    try:
        unassign_number_from_trunk.sync(value, client=client)
    except ValueError:
        assert wire.sent == []
        return
    [request] = wire.sent
    segments = request.url.raw_path.decode().split("/")
    assert segments[:5] == ["", "api", "v1", "Account", "MA_TEST0001"]
    assert segments[5] == "numbers" and segments[7] == "assign" and len(segments) == 8
    assert segments[6] == value.replace("+", "%2B")
