"""What goes on the wire: method, path (%2B, not +), the Bearer key, body field names.

The cassettes' matchers (conformance/matchers.py) already refuse a request whose
method, raw path, query, JSON body or credential headers differ; these tests
also look at the requests themselves, so a failure says what changed.
"""

from __future__ import annotations

import json

import httpx
import pytest
from tryvox_client import AuthenticatedClient
from tryvox_client.api.numbers import (
    assign_number_to_application,
    assign_number_to_trunk,
    list_numbers,
    unassign_number_from_application,
    unassign_number_from_trunk,
)
from tryvox_client.models import AssignApplicationRequest, AssignTrunkRequest, ListNumbersStatus

from .conftest import APPLICATION_ID, BASE_URL, NUMBER, TOKEN, TRUNK_ID

pytestmark = pytest.mark.vcr


def test_plus_goes_out_percent_encoded(
    client: AuthenticatedClient, account_id: str, sent: list[httpx.Request]
) -> None:
    # The configure page's curl examples put a literal "+" in the path; we send %2B.
    # A re-recording against a TryVox sandbox that only accepts "+" fails here.
    assign_number_to_trunk.sync(account_id, NUMBER, client=client, body=AssignTrunkRequest(trunk_id=TRUNK_ID))
    [request] = sent
    assert request.method == "POST"
    assert request.url.raw_path == f"/v1/account/{account_id}/numbers/%2B14155551234/assign".encode()
    assert b"+" not in request.url.raw_path


def test_bearer_token_and_trunk_body(
    client: AuthenticatedClient, account_id: str, base_url: str, sent: list[httpx.Request]
) -> None:
    assign_number_to_trunk.sync(account_id, NUMBER, client=client, body=AssignTrunkRequest(trunk_id=TRUNK_ID))
    [request] = sent
    # api.tryvox.io on replay (see test_default_base_url_is_the_documented_host); the target's when recording.
    assert request.url.host == httpx.URL(base_url).host
    assert request.headers["Authorization"] == f"Bearer {client.token}"
    assert request.headers["Content-Type"] == "application/json"
    assert json.loads(request.content) == {"trunk_id": TRUNK_ID}


def test_application_body_field_name(
    client: AuthenticatedClient, account_id: str, sent: list[httpx.Request]
) -> None:
    body = AssignApplicationRequest(application_id=APPLICATION_ID)
    assign_number_to_application.sync(account_id, NUMBER, client=client, body=body)
    [request] = sent
    assert (request.method, request.url.raw_path) == (
        "POST",
        f"/v1/account/{account_id}/numbers/%2B14155551234/application".encode(),
    )
    assert request.headers["Authorization"] == f"Bearer {client.token}"
    assert json.loads(request.content) == {"application_id": APPLICATION_ID}


def test_unassign_sends_no_body(
    client: AuthenticatedClient, account_id: str, sent: list[httpx.Request]
) -> None:
    unassign_number_from_trunk.sync(account_id, NUMBER, client=client)
    unassign_number_from_application.sync(account_id, NUMBER, client=client)
    assert [(r.method, r.url.raw_path) for r in sent] == [
        ("DELETE", f"/v1/account/{account_id}/numbers/%2B14155551234/assign".encode()),
        ("DELETE", f"/v1/account/{account_id}/numbers/%2B14155551234/application".encode()),
    ]
    for request in sent:
        assert request.content == b""
        assert "Content-Type" not in request.headers
        assert request.headers["Authorization"] == f"Bearer {client.token}"


def test_list_numbers_query_names(
    client: AuthenticatedClient, account_id: str, sent: list[httpx.Request]
) -> None:
    list_numbers.sync(
        account_id, client=client, country="US", status=ListNumbersStatus.SUSPENDED, page=3, per_page=100
    )
    [request] = sent
    assert (request.method, request.url.path) == ("GET", f"/v1/account/{account_id}/numbers")
    assert dict(request.url.params) == {
        "country": "US",
        "status": "suspended",
        "page": "3",
        "per_page": "100",
    }


@pytest.mark.parametrize(
    "value",
    ["%2B14155551234", "14155551234", "+1 4155551234", "+1415/5551234", "+0415555123", "+1234567890123456"],
)
def test_malformed_number_is_refused_before_sending(
    client: AuthenticatedClient, account_id: str, sent: list[httpx.Request], value: str
) -> None:
    # No cassette: nothing may reach the wire. %2B... must not be sent double-encoded (%252B...).
    with pytest.raises(ValueError, match="e164="):
        assign_number_to_trunk.sync(
            account_id, value, client=client, body=AssignTrunkRequest(trunk_id=TRUNK_ID)
        )
    assert sent == []


def test_default_base_url_is_the_documented_host() -> None:
    # The fixtures pass base_url explicitly (BASE_URL on replay, TRYVOX_BASE_URL when recording),
    # so this pins the generated default to the host the cassettes were written for.
    with AuthenticatedClient(token=TOKEN) as default:
        assert default.get_httpx_client().base_url == httpx.URL(BASE_URL)
    assert BASE_URL == "https://api.tryvox.io"
