"""Assigning a number to a trunk and taking it off again, as the Vobiz pages document it.

Each cassette pins the wire: POST/DELETE on /api/v1/Account/{auth_id}/numbers/%2B.../assign,
both X-Auth-ID and X-Auth-Token sent, the body field named trunk_group_id.
"""

from __future__ import annotations

import uuid

import pytest
from vobiz_client import AuthenticatedClient, BadRequestError, NotFoundError
from vobiz_client.api.phone_numbers import assign_number_to_trunk, list_numbers, unassign_number_from_trunk
from vobiz_client.models import AssignNumberToTrunkBody
from vobiz_client.types import UNSET

from .conftest import TRUNK_ID, on_trunk

pytestmark = pytest.mark.vcr

BODY = AssignNumberToTrunkBody(trunk_group_id=uuid.UUID(TRUNK_ID))


def test_assign_number_to_trunk(client: AuthenticatedClient) -> None:
    response = assign_number_to_trunk.sync_detailed("+912271264217", client=client, body=BODY)
    assert response.status_code == 204
    assert response.content == b""
    assert assign_number_to_trunk.__name__.endswith("assign_number_to_trunk")


async def test_assign_number_to_trunk_async(async_client: AuthenticatedClient) -> None:
    # a 204 returns nothing: the annotation says None and mypy --strict holds the package to it
    await assign_number_to_trunk.asyncio("+912271264217", client=async_client, body=BODY)


@pytest.mark.sandbox(state=on_trunk("+912271264217"))
def test_assign_already_assigned_number_is_bad_request(client: AuthenticatedClient) -> None:
    with pytest.raises(BadRequestError) as caught:
        assign_number_to_trunk.sync("+912271264217", client=client, body=BODY)
    assert caught.value.status_code == 400
    assert caught.value.message == "This number is already assigned to a trunk."
    assert caught.value.body.error == "invalid request"


def test_assign_unknown_number_is_not_found(client: AuthenticatedClient) -> None:
    with pytest.raises(NotFoundError) as caught:
        assign_number_to_trunk.sync("+15550000000", client=client, body=BODY)
    assert caught.value.body.error == "Number not found"
    assert "Ensure it is in your inventory" in str(caught.value)


@pytest.mark.sandbox(state=on_trunk("+912271264217"))
def test_unassign_number_from_trunk(client: AuthenticatedClient) -> None:
    unassign_number_from_trunk.sync("+912271264217", client=client)  # a 204: returns None (its annotation)


def test_unassign_number_without_trunk_is_not_found(client: AuthenticatedClient) -> None:
    with pytest.raises(NotFoundError) as caught:
        unassign_number_from_trunk.sync("+919876543210", client=client)
    assert caught.value.message == "The phone number could not be found or is not assigned to any trunk."


def test_list_numbers_shows_trunk_only_while_assigned(client: AuthenticatedClient) -> None:
    number = "+919876543210"

    def listed() -> object:
        page = list_numbers.sync(client=client, search=number)
        assert [item.e164 for item in page.items] == [number]
        return page.items[0].trunk_group_id

    before = listed()
    assign_number_to_trunk.sync(number, client=client, body=BODY)
    during = listed()
    unassign_number_from_trunk.sync(number, client=client)
    after = listed()

    assert str(during) == TRUNK_ID
    # "the trunk_group_id will be absent" (unassign page): absent, not null or empty.
    assert before is UNSET
    assert after is UNSET
