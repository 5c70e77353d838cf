"""Bolna against its sandbox: DIDs on SIP trunks, removed by id, through the generated client."""

from __future__ import annotations

import pytest
from bolna_client import AuthenticatedClient, BadRequestError, NotFoundError, UnauthorizedError
from bolna_client.api.sip_trunks import add_number_to_trunk, list_trunk_numbers, remove_number_from_trunk
from bolna_client.models import SIPTrunkPhoneNumberRequest, SIPTrunkPhoneNumberResponse

from sandbox.testing import RunningSandbox

from .conftest import Exchanges, make_client

TRUNK = "01HQXYZ123ABC456DEF"  # holds 919876543210 in the fixture
OTHER = "01HQXYZ456DEF789GHI"  # active, empty
RETIRED = "01HQXYZ789GHI012JKL"  # inactive, holds +918000000001
NUMBER = "919876543210"


def listed(client: AuthenticatedClient, trunk: str) -> list[str]:
    return [n.phone_number for n in list_trunk_numbers.sync(trunk, client=client)]


def test_add_stores_the_number_as_given(bolna: AuthenticatedClient) -> None:
    response = add_number_to_trunk.sync_detailed(
        OTHER, client=bolna, body=SIPTrunkPhoneNumberRequest(phone_number="+14155550999", name="Front desk")
    )
    assert response.status_code == 201
    added = response.parsed
    assert isinstance(added, SIPTrunkPhoneNumberResponse)
    assert (added.phone_number, added.name, added.byot_trunk_id, added.deleted) == (
        "+14155550999",
        "Front desk",
        OTHER,
        False,
    )
    unnamed = add_number_to_trunk.sync(
        OTHER, client=bolna, body=SIPTrunkPhoneNumberRequest(phone_number="14155550998")
    )
    assert unnamed.name is None
    assert unnamed.id != added.id
    assert listed(bolna, OTHER) == ["+14155550999", "14155550998"]


def test_a_number_on_another_active_trunk_is_refused(bolna: AuthenticatedClient) -> None:
    for spelling in (NUMBER, "+" + NUMBER):  # one number, either spelling
        with pytest.raises(BadRequestError) as caught:
            add_number_to_trunk.sync(
                OTHER, client=bolna, body=SIPTrunkPhoneNumberRequest(phone_number=spelling)
            )
        assert caught.value.message == f"Phone number {spelling} is already on another active trunk"
    assert listed(bolna, OTHER) == []


def test_a_number_on_an_inactive_trunk_may_move(bolna: AuthenticatedClient) -> None:
    added = add_number_to_trunk.sync(
        OTHER, client=bolna, body=SIPTrunkPhoneNumberRequest(phone_number="+918000000001")
    )
    assert added.byot_trunk_id == OTHER


def test_e164_check(bolna: AuthenticatedClient) -> None:
    with pytest.raises(BadRequestError) as caught:
        add_number_to_trunk.sync(
            OTHER,
            client=bolna,
            body=SIPTrunkPhoneNumberRequest(phone_number="14155550998", e164_check_enabled=True),
        )
    assert (caught.value.body.error, caught.value.message) == (400, "validation error")


def test_remove_by_id_then_add_again(bolna: AuthenticatedClient) -> None:
    [number] = list_trunk_numbers.sync(TRUNK, client=bolna)
    with pytest.raises(NotFoundError):  # by the number itself: not an id
        remove_number_from_trunk.sync(TRUNK, NUMBER, client=bolna)
    with pytest.raises(NotFoundError):  # by its id, but on the wrong trunk
        remove_number_from_trunk.sync(OTHER, number.id, client=bolna)

    removed = remove_number_from_trunk.sync(TRUNK, number.id, client=bolna)
    assert removed.message == "Phone number removed successfully"
    assert listed(bolna, TRUNK) == []
    with pytest.raises(NotFoundError) as caught:
        remove_number_from_trunk.sync(TRUNK, number.id, client=bolna)
    assert caught.value.message == "not found"

    again = add_number_to_trunk.sync(
        OTHER, client=bolna, body=SIPTrunkPhoneNumberRequest(phone_number=NUMBER)
    )
    assert again.id != number.id


def test_unknown_and_foreign_trunks_are_not_found(bolna: AuthenticatedClient) -> None:
    for trunk in ("01HQXYZ000000000000", "01HQXYZ999OTHER00001"):
        with pytest.raises(NotFoundError) as caught:
            list_trunk_numbers.sync(trunk, client=bolna)
        assert (caught.value.body.error, caught.value.message) == (404, "trunk not found")


def test_wrong_key_is_401(sandbox: RunningSandbox, exchanges: Exchanges) -> None:
    client = make_client(sandbox, exchanges, "bolna", token="not-a-key")
    with pytest.raises(UnauthorizedError) as caught:
        list_trunk_numbers.sync(TRUNK, client=client)
    assert (caught.value.body.error, caught.value.message) == (401, "Access denied")


async def test_async_client(sandbox: RunningSandbox, exchanges: Exchanges) -> None:
    client = make_client(sandbox, exchanges, "bolna", asynchronous=True)
    async with client:
        numbers = await list_trunk_numbers.asyncio(TRUNK, client=client)
    assert [n.phone_number for n in numbers] == [NUMBER]
