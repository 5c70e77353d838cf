"""Which numbers a trunk has: GET /sip-trunks/trunks/{trunk_id}/numbers (list_numbers.md)."""

from __future__ import annotations

import httpx
import pytest
from bolna_client import AuthenticatedClient, NotFoundError, UnauthorizedError
from bolna_client.api.sip_trunks import list_trunk_numbers
from bolna_client.models import AccessDenied, Error, SIPTrunkPhoneNumberResponse

from .conftest import NUMBER, NUMBER_ID, PLUS_NUMBER, PLUS_NUMBER_ID, assert_bearer, both_spellings

pytestmark = pytest.mark.vcr


@pytest.mark.sandbox(state=both_spellings())
def test_list_trunk_numbers(client: AuthenticatedClient, trunk_id: str, sent: list[httpx.Request]) -> None:
    numbers = list_trunk_numbers.sync(trunk_id, client=client)

    (request,) = sent
    assert (request.method, request.url.raw_path) == (
        "GET",
        f"/sip-trunks/trunks/{trunk_id}/numbers".encode(),
    )
    assert_bearer(request, client)
    assert request.content == b""

    assert all(isinstance(n, SIPTrunkPhoneNumberResponse) for n in numbers)
    # Each number as it was added: one without "+", one with.
    assert [(n.id, n.phone_number) for n in numbers] == [(NUMBER_ID, NUMBER), (PLUS_NUMBER_ID, PLUS_NUMBER)]
    assert {n.byot_trunk_id for n in numbers} == {trunk_id}
    assert [n.deleted for n in numbers] == [False, False]


@pytest.mark.sandbox(state=both_spellings())
async def test_list_trunk_numbers_async(async_client: AuthenticatedClient, trunk_id: str) -> None:
    numbers = await list_trunk_numbers.asyncio(trunk_id, client=async_client)
    assert [n.phone_number for n in numbers] == [NUMBER, PLUS_NUMBER]


def test_list_numbers_of_unknown_trunk_is_not_found(client: AuthenticatedClient) -> None:
    with pytest.raises(NotFoundError) as caught:
        list_trunk_numbers.sync("01HQXYZ000000000000", client=client)
    assert isinstance(caught.value.body, Error)
    assert (caught.value.body.error, caught.value.message) == (404, "trunk not found")


@pytest.mark.sandbox(credentials="invalid")
def test_list_numbers_without_valid_key_is_unauthorized(client: AuthenticatedClient, trunk_id: str) -> None:
    with pytest.raises(UnauthorizedError) as caught:
        list_trunk_numbers.sync(trunk_id, client=client)
    assert isinstance(caught.value.body, AccessDenied)
    assert caught.value.message == "Access denied"
