"""Taking a number off a trunk: DELETE /sip-trunks/trunks/{trunk_id}/numbers/{phone_number_id}
(remove_number.md). The number is named by its id (from add or list), not by the number itself.
"""

from __future__ import annotations

import httpx
import pytest
from bolna_client import AuthenticatedClient, NotFoundError, UnauthorizedError
from bolna_client.api.sip_trunks import list_trunk_numbers, remove_number_from_trunk
from bolna_client.models import AccessDenied, Error, RemoveTrunkNumberResponse

from .conftest import NUMBER, NUMBER_ID, PLUS_NUMBER, PLUS_NUMBER_ID, assert_bearer, both_spellings

pytestmark = pytest.mark.vcr


def test_remove_number_from_trunk(
    client: AuthenticatedClient, trunk_id: str, sent: list[httpx.Request]
) -> None:
    removed = remove_number_from_trunk.sync(trunk_id, NUMBER_ID, client=client)

    (request,) = sent
    assert request.method == "DELETE"
    assert request.url.raw_path == f"/sip-trunks/trunks/{trunk_id}/numbers/{NUMBER_ID}".encode()
    assert_bearer(request, client)
    assert request.content == b""

    assert isinstance(removed, RemoveTrunkNumberResponse)
    assert removed.message == "Phone number removed successfully"


async def test_remove_number_from_trunk_async(async_client: AuthenticatedClient, trunk_id: str) -> None:
    removed = await remove_number_from_trunk.asyncio(trunk_id, NUMBER_ID, client=async_client)
    assert removed.message == "Phone number removed successfully"


@pytest.mark.sandbox(state=both_spellings())
def test_removed_number_leaves_the_trunk(
    client: AuthenticatedClient, trunk_id: str, sent: list[httpx.Request]
) -> None:
    """Remove by the id the list gives; afterwards the number is no longer listed.

    remove_number.md: "If the number was mapped to an agent, the mapping is also
    removed." None of the three operations shows agent mappings, so what is
    observable here is that the number is gone from its trunk: not listed at all,
    rather than listed with deleted: true (overlay, SIPTrunkPhoneNumberResponse.deleted).
    """
    before = list_trunk_numbers.sync(trunk_id, client=client)
    (target,) = [n for n in before if n.phone_number == NUMBER]

    remove_number_from_trunk.sync(trunk_id, target.id, client=client)
    assert sent[1].url.raw_path.endswith(f"/numbers/{NUMBER_ID}".encode())

    after = list_trunk_numbers.sync(trunk_id, client=client)
    assert [(n.id, n.phone_number) for n in after] == [(PLUS_NUMBER_ID, PLUS_NUMBER)]
    assert all(n.deleted is False for n in after)


def test_remove_by_the_number_itself_is_not_found(
    client: AuthenticatedClient, trunk_id: str, sent: list[httpx.Request]
) -> None:
    """Our reading of phone_number_id: the number's id. The number in its place is not an id."""
    with pytest.raises(NotFoundError) as caught:
        remove_number_from_trunk.sync(trunk_id, NUMBER, client=client)
    # Sent exactly as given, not reformatted.
    assert sent[0].url.raw_path == f"/sip-trunks/trunks/{trunk_id}/numbers/{NUMBER}".encode()
    assert isinstance(caught.value.body, Error)
    assert (caught.value.body.error, caught.value.message) == (404, "not found")


def test_remove_unknown_number_is_not_found(client: AuthenticatedClient, trunk_id: str) -> None:
    with pytest.raises(NotFoundError) as caught:
        remove_number_from_trunk.sync(trunk_id, "01HQXYZ999ZZZ999ZZZ", client=client)
    assert caught.value.status_code == 404
    assert caught.value.message == "not found"


@pytest.mark.sandbox(credentials="invalid")
def test_remove_without_valid_key_is_unauthorized(client: AuthenticatedClient, trunk_id: str) -> None:
    with pytest.raises(UnauthorizedError) as caught:
        remove_number_from_trunk.sync(trunk_id, NUMBER_ID, client=client)
    assert isinstance(caught.value.body, AccessDenied)
    assert caught.value.message == "Access denied"


@pytest.mark.parametrize("bad", ["", "a/b", "..", "%2B1", "id with space"])
def test_unsafe_ids_are_refused_before_sending(
    client: AuthenticatedClient, trunk_id: str, sent: list[httpx.Request], bad: str
) -> None:
    """Ids are opaque strings (no UUID check), but never ones that change which URL is called."""
    with pytest.raises(ValueError, match="phone_number_id="):
        remove_number_from_trunk.sync(trunk_id, bad, client=client)
    with pytest.raises(ValueError, match="trunk_id="):
        list_trunk_numbers.sync(bad, client=client)
    assert sent == []
