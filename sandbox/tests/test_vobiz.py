"""Vobiz against its sandbox: the documented scenarios through the generated client, and the wire rules."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest
from vobiz_client import (
    AuthenticatedClient,
    BadRequestError,
    ForbiddenError,
    NotFoundError,
    UnauthorizedError,
)
from vobiz_client.api.phone_numbers import assign_number_to_trunk, list_numbers, unassign_number_from_trunk
from vobiz_client.api.trunks import list_trunks, retrieve_trunk
from vobiz_client.models import AssignNumberToTrunkBody, Trunk, TrunkList
from vobiz_client.types import UNSET

from sandbox.testing import RunningSandbox

from .conftest import Exchanges, make_client

TRUNK = "aabbccdd-1234-5678-90ab-cdef12345678"
OTHER_TRUNK = "e3e55a78-1234-5678-90ab-cdef12345678"
FREE = "+912271264217"  # in the inventory, on no trunk
LISTED = "+919876543210"  # the unassign page's number, on no trunk
ON_TRUNK = "+912271263984"  # on OTHER_TRUNK in the fixture
BODY = AssignNumberToTrunkBody(trunk_group_id=uuid.UUID(TRUNK))


def trunk_of(client: AuthenticatedClient, number: str) -> Any:
    page = list_numbers.sync(client=client, search=number)
    assert [item.e164 for item in page.items] == [number]
    trunk = page.items[0].trunk_group_id
    return trunk if trunk is UNSET else str(trunk)


def test_assign_then_assign_again_is_the_documented_400(vobiz: AuthenticatedClient) -> None:
    response = assign_number_to_trunk.sync_detailed(FREE, client=vobiz, body=BODY)
    assert (response.status_code, response.content) == (204, b"")

    with pytest.raises(BadRequestError) as caught:
        assign_number_to_trunk.sync(FREE, client=vobiz, body=BODY)
    assert caught.value.message == "This number is already assigned to a trunk."
    assert caught.value.body.error == "invalid request"


def test_reassigning_needs_an_unassign_first(vobiz: AuthenticatedClient) -> None:
    with pytest.raises(BadRequestError):
        assign_number_to_trunk.sync(ON_TRUNK, client=vobiz, body=BODY)
    assert trunk_of(vobiz, ON_TRUNK) == OTHER_TRUNK

    unassign_number_from_trunk.sync(ON_TRUNK, client=vobiz)
    assign_number_to_trunk.sync(ON_TRUNK, client=vobiz, body=BODY)
    assert trunk_of(vobiz, ON_TRUNK) == TRUNK


def test_unknown_number_is_the_documented_404(vobiz: AuthenticatedClient) -> None:
    with pytest.raises(NotFoundError) as caught:
        assign_number_to_trunk.sync("+15550000000", client=vobiz, body=BODY)
    assert caught.value.body.error == "Number not found"
    assert caught.value.message == (
        "The phone number could not be found. Ensure it is in your inventory and URL-encoded correctly."
    )


def test_unassign_then_unassign_again_is_the_documented_404(vobiz: AuthenticatedClient) -> None:
    assert unassign_number_from_trunk.sync_detailed(ON_TRUNK, client=vobiz).status_code == 204
    with pytest.raises(NotFoundError) as caught:
        unassign_number_from_trunk.sync(ON_TRUNK, client=vobiz)
    assert caught.value.message == "The phone number could not be found or is not assigned to any trunk."


def test_list_shows_the_trunk_only_while_assigned(vobiz: AuthenticatedClient) -> None:
    before = trunk_of(vobiz, LISTED)
    assign_number_to_trunk.sync(LISTED, client=vobiz, body=BODY)
    during = trunk_of(vobiz, LISTED)
    unassign_number_from_trunk.sync(LISTED, client=vobiz)
    after = trunk_of(vobiz, LISTED)
    # "the trunk_group_id will be absent": absent, not null or empty
    assert (before, during, after) == (UNSET, TRUNK, UNSET)


def test_list_pages_and_search(vobiz: AuthenticatedClient) -> None:
    everything = list_numbers.sync(client=vobiz)
    assert (everything.page, everything.per_page, everything.total) == (1, 25, 3)
    second = list_numbers.sync(client=vobiz, page=2, per_page=2)
    assert (len(second.items), second.total) == (1, 3)
    assert list_numbers.sync(client=vobiz, search="+9122").total == 2
    assert {item.account_id for item in everything.items} == {"MA_XXXXXXXX"}


def test_retrieve_trunk(vobiz: AuthenticatedClient) -> None:
    trunk = retrieve_trunk.sync(uuid.UUID(TRUNK), client=vobiz)
    assert isinstance(trunk, Trunk)
    assert (str(trunk.trunk_id), trunk.account_id, trunk.name) == (
        TRUNK,
        "MA_XXXXXXXX",
        "Acme Production Trunk",
    )
    with pytest.raises(NotFoundError) as caught:
        retrieve_trunk.sync(uuid.UUID("00000000-0000-4000-8000-000000000000"), client=vobiz)
    assert caught.value.message == "Trunk not found."


FIXTURE_TRUNKS = [
    TRUNK,
    OTHER_TRUNK,
    "aabbccdd-1234-5678-90ab-cdef1234567a",
    "99887766-1234-5678-90ab-cdef12345678",
    "bfab10fb-cb97-488b-9c63-989c32980b0f",
]


def test_list_trunks_default_page(vobiz: AuthenticatedClient) -> None:
    listed = list_trunks.sync(client=vobiz)
    assert isinstance(listed, TrunkList)
    # "Default: 20" and "Default: 0": every trunk of the account (and only its own) on one page
    assert (listed.meta.limit, listed.meta.offset, listed.meta.total) == (20, 0, 5)
    assert [str(t.trunk_id) for t in listed.objects] == FIXTURE_TRUNKS
    assert {t.account_id for t in listed.objects} == {"MA_XXXXXXXX"}
    # list and retrieve give the same trunk object
    retrieved = retrieve_trunk.sync(uuid.UUID(TRUNK), client=vobiz)
    assert retrieved is not None and listed.objects[0].to_dict() == retrieved.to_dict()


def test_list_trunks_pages_by_limit_and_offset(vobiz: AuthenticatedClient) -> None:
    """ "For page 2 with limit 10, use offset=10": limit=2 walks the five trunks in three pages."""
    seen, offset, metas = [], 0, []
    for _ in range(10):  # bounded: a server that ignored offset would repeat pages forever
        page = list_trunks.sync(client=vobiz, limit=2, offset=offset)
        assert isinstance(page, TrunkList)
        metas.append((page.meta.limit, page.meta.offset, page.meta.total))
        if not page.objects:
            break
        seen += [str(t.trunk_id) for t in page.objects]
        offset += len(page.objects)
    assert seen == FIXTURE_TRUNKS
    assert metas == [(2, 0, 5), (2, 2, 5), (2, 4, 5), (2, 5, 5)]  # the last: past the end, empty


def test_list_trunks_refuses_a_limit_above_100(vobiz: AuthenticatedClient) -> None:
    """ "Maximum: 100" (the spec's bound; the 400 is our reading, see specs/vobiz/overlay.yaml).

    The client refuses both before sending; sent anyway, the sandbox answers 400."""
    with pytest.raises(ValueError, match="limit=101 is more than 100"):
        list_trunks.sync(client=vobiz, limit=101)
    assert list_trunks.sync(client=vobiz, limit=100).meta.limit == 100
    with pytest.raises(ValueError, match="offset=-1 is less than 0"):
        list_trunks.sync(client=vobiz, offset=-1)
    for query in ({"limit": 101}, {"offset": -1}):
        answer = vobiz.get_httpx_client().get("/api/v1/Account/MA_XXXXXXXX/trunks", params=query)
        assert answer.status_code == 400, query


def test_another_accounts_trunk_and_number_are_not_found(vobiz: AuthenticatedClient) -> None:
    with pytest.raises(NotFoundError):
        retrieve_trunk.sync(uuid.UUID("0f0e0d0c-0b0a-4909-8807-060504030201"), client=vobiz)
    with pytest.raises(NotFoundError):
        assign_number_to_trunk.sync("+14155550100", client=vobiz, body=BODY)


def test_a_trunk_the_account_lacks_is_refused_and_nothing_changes(vobiz: AuthenticatedClient) -> None:
    body = AssignNumberToTrunkBody(trunk_group_id=uuid.UUID("0f0e0d0c-0b0a-4909-8807-060504030201"))
    with pytest.raises(BadRequestError):
        assign_number_to_trunk.sync(FREE, client=vobiz, body=body)
    assert trunk_of(vobiz, FREE) is UNSET


async def test_async_client(sandbox: RunningSandbox, exchanges: Exchanges) -> None:
    client = make_client(sandbox, exchanges, "vobiz", asynchronous=True)
    async with client:
        await assign_number_to_trunk.asyncio(FREE, client=client, body=BODY)  # 204: returns None
        page = await list_numbers.asyncio(client=client, search=FREE)
    assert str(page.items[0].trunk_group_id) == TRUNK


# ---- credentials ---------------------------------------------------------------------------


def test_wrong_token_is_401(sandbox: RunningSandbox, exchanges: Exchanges) -> None:
    client = make_client(sandbox, exchanges, "vobiz", auth_token="not-the-token")
    with pytest.raises(UnauthorizedError) as caught:
        list_numbers.sync(client=client)
    assert caught.value.body.error == "unauthorized"


def test_path_auth_id_must_match_the_header(vobiz: AuthenticatedClient) -> None:
    # "auth_id ... Must match your X-Auth-ID header"
    with pytest.raises(ForbiddenError) as caught:
        list_numbers.sync(client=vobiz, auth_id="MA_OTHER0001")
    assert caught.value.status_code == 403
    with pytest.raises(ForbiddenError):
        assign_number_to_trunk.sync(FREE, client=vobiz, body=BODY, auth_id="MA_OTHER0001")


def test_missing_credentials_is_401(raw: httpx.Client, sandbox: RunningSandbox) -> None:
    response = raw.get(sandbox.base_url("vobiz") + "/api/v1/Account/MA_XXXXXXXX/numbers")
    assert response.status_code == 401
    assert response.json()["error"] == "unauthorized"


# ---- the wire ------------------------------------------------------------------------------


def headers(sandbox: RunningSandbox) -> dict[str, str]:
    credentials = sandbox.credentials("vobiz")
    return {"X-Auth-ID": credentials["auth_id"], "X-Auth-Token": credentials["auth_token"]}


def test_a_literal_plus_is_404_as_the_pages_warn(raw: httpx.Client, sandbox: RunningSandbox) -> None:
    """ "Failure to encode properly may result in a 404 error": %2B works, + does not."""
    base = sandbox.base_url("vobiz") + "/api/v1/Account/MA_XXXXXXXX/numbers"
    body = {"trunk_group_id": TRUNK}
    literal = raw.post(f"{base}/{FREE}/assign", json=body, headers=headers(sandbox))
    assert literal.request.url.raw_path.endswith(b"/numbers/+912271264217/assign")
    assert literal.status_code == 404
    assert literal.json()["error"] == "Number not found"
    assert raw.delete(f"{base}/{FREE}/assign", headers=headers(sandbox)).status_code == 404

    encoded = raw.post(f"{base}/%2B{FREE[1:]}/assign", json=body, headers=headers(sandbox))
    assert encoded.status_code == 204


def test_the_body_field_is_trunk_group_id(raw: httpx.Client, sandbox: RunningSandbox) -> None:
    """ "The trunk UUID goes in trunk_group_id, not trunk_id"."""
    url = sandbox.base_url("vobiz") + f"/api/v1/Account/MA_XXXXXXXX/numbers/%2B{FREE[1:]}/assign"
    response = raw.post(url, json={"trunk_id": TRUNK}, headers=headers(sandbox))
    assert response.status_code == 400
    assert "trunk_group_id" in response.json()["message"]


def test_the_path_case_is_the_specs(raw: httpx.Client, sandbox: RunningSandbox) -> None:
    url = sandbox.base_url("vobiz") + "/api/v1/account/MA_XXXXXXXX/numbers"
    assert raw.get(url, headers=headers(sandbox)).status_code == 404
