"""Putting a number on a trunk: POST /sip-trunks/trunks/{trunk_id}/numbers (add_number.md).

Each cassette pins the wire: the path with the trunk id as given (not a UUID),
the Authorization header, and the JSON body {phone_number, name,
e164_check_enabled} by value; the response is the documented 201 number object.
"""

from __future__ import annotations

import datetime
import json

import httpx
import pytest
from bolna_client import AuthenticatedClient, BadRequestError, NotFoundError, UnauthorizedError
from bolna_client.api.sip_trunks import add_number_to_trunk, list_trunk_numbers
from bolna_client.models import AccessDenied, Error, SIPTrunkPhoneNumberRequest, SIPTrunkPhoneNumberResponse

from .conftest import (
    BASE_URL,
    NUMBER,
    NUMBER_ID,
    PLUS_NUMBER,
    PLUS_NUMBER_ID,
    TOKEN,
    adding,
    assert_bearer,
)

pytestmark = pytest.mark.vcr

# The request example of add_number.md, field for field.
DOCUMENTED_BODY = SIPTrunkPhoneNumberRequest(
    phone_number=NUMBER, name="Mumbai Support Line", e164_check_enabled=False
)


@pytest.mark.sandbox(state=adding(NUMBER_ID))
def test_add_number_to_trunk(client: AuthenticatedClient, trunk_id: str, sent: list[httpx.Request]) -> None:
    number = add_number_to_trunk.sync(trunk_id, client=client, body=DOCUMENTED_BODY)

    (request,) = sent
    assert (request.method, request.url.raw_path) == (
        "POST",
        f"/sip-trunks/trunks/{trunk_id}/numbers".encode(),
    )
    assert_bearer(request, client)
    assert request.headers["Content-Type"] == "application/json"
    assert json.loads(request.content) == {
        "phone_number": "919876543210",
        "name": "Mumbai Support Line",
        "e164_check_enabled": False,
    }

    assert isinstance(number, SIPTrunkPhoneNumberResponse)
    assert number.id == NUMBER_ID
    assert number.phone_number == NUMBER  # stored as given: no "+" added
    assert number.name == "Mumbai Support Line"
    assert number.byot_trunk_id == trunk_id
    assert number.telephony_provider == "sip-trunk"
    # The rendered page's example says true; a number just added is not deleted (overlay: deleted).
    assert number.deleted is False
    assert number.created_at == datetime.datetime(2023, 11, 7, 5, 31, 56, tzinfo=datetime.UTC)


@pytest.mark.sandbox(state=adding(PLUS_NUMBER_ID))
def test_add_number_with_plus_is_stored_as_given(
    client: AuthenticatedClient, trunk_id: str, sent: list[httpx.Request]
) -> None:
    body = SIPTrunkPhoneNumberRequest(phone_number=PLUS_NUMBER)
    number = add_number_to_trunk.sync(trunk_id, client=client, body=body)

    # The client neither strips nor adds the "+"; e164_check_enabled goes out as its documented default.
    assert json.loads(sent[0].content) == {"phone_number": "+919876543210", "e164_check_enabled": False}
    assert number.id == PLUS_NUMBER_ID
    assert number.phone_number == PLUS_NUMBER
    # Added without a label: the response carries null, which the client gives as None.
    assert number.name is None


@pytest.mark.sandbox(state=adding(NUMBER_ID))
async def test_add_number_to_trunk_async(
    async_client: AuthenticatedClient, trunk_id: str, sent: list[httpx.Request]
) -> None:
    number = await add_number_to_trunk.asyncio(trunk_id, client=async_client, body=DOCUMENTED_BODY)
    assert_bearer(sent[0], async_client)
    assert (number.id, number.phone_number) == (NUMBER_ID, NUMBER)


def test_add_number_not_e164_with_check_enabled_is_refused(
    client: AuthenticatedClient, trunk_id: str
) -> None:
    body = SIPTrunkPhoneNumberRequest(phone_number=NUMBER, e164_check_enabled=True)
    with pytest.raises(BadRequestError) as caught:
        add_number_to_trunk.sync(trunk_id, client=client, body=body)
    assert caught.value.status_code == 400
    assert isinstance(caught.value.body, Error)
    assert (caught.value.body.error, caught.value.body.message) == (400, "validation error")
    assert caught.value.message == "validation error"


def test_add_number_on_another_active_trunk_is_refused(
    client: AuthenticatedClient, trunk_id: str, other_trunk_id: str
) -> None:
    on_first = list_trunk_numbers.sync(trunk_id, client=client)
    assert [n.phone_number for n in on_first] == [NUMBER]

    with pytest.raises(BadRequestError) as caught:
        add_number_to_trunk.sync(
            other_trunk_id, client=client, body=SIPTrunkPhoneNumberRequest(phone_number=NUMBER)
        )
    assert caught.value.message == "Phone number 919876543210 is already on another active trunk"
    assert str(caught.value) == (
        "add_number_to_trunk POST /sip-trunks/trunks/{trunk_id}/numbers: "
        "HTTP 400: Phone number 919876543210 is already on another active trunk"
    )

    # Refused means not added: the other trunk still does not have it.
    assert list_trunk_numbers.sync(other_trunk_id, client=client) == []


def test_add_number_to_unknown_trunk_is_not_found(client: AuthenticatedClient) -> None:
    with pytest.raises(NotFoundError) as caught:
        add_number_to_trunk.sync("01HQXYZ000000000000", client=client, body=DOCUMENTED_BODY)
    assert isinstance(caught.value.body, Error)
    assert caught.value.message == "trunk not found"


@pytest.mark.sandbox(credentials="invalid")
def test_add_number_without_valid_key_is_unauthorized(client: AuthenticatedClient, trunk_id: str) -> None:
    with pytest.raises(UnauthorizedError) as caught:
        add_number_to_trunk.sync(trunk_id, client=client, body=DOCUMENTED_BODY)
    assert isinstance(caught.value.body, AccessDenied)
    assert (caught.value.body.error, caught.value.message) == (401, "Access denied")


def test_default_base_url_is_the_documented_host() -> None:
    # The fixtures pass base_url explicitly (BASE_URL on replay, BOLNA_BASE_URL when recording),
    # so this pins the generated default to the host the cassettes were written for.
    with AuthenticatedClient(token=TOKEN) as default:
        assert default.get_httpx_client().base_url == httpx.URL(BASE_URL)
    assert BASE_URL == "https://api.bolna.ai"
