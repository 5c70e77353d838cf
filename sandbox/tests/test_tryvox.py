"""TryVox against its sandbox: a trunk XOR an application, through the generated client."""

from __future__ import annotations

import httpx
import pytest
from tryvox_client import (
    AuthenticatedClient,
    ForbiddenError,
    NotFoundError,
    UnauthorizedError,
)
from tryvox_client.api.numbers import (
    assign_number_to_application,
    assign_number_to_trunk,
    list_numbers,
    unassign_number_from_application,
    unassign_number_from_trunk,
)
from tryvox_client.models import AssignApplicationRequest, AssignTrunkRequest, ErrorCode, ListNumbersStatus

from sandbox.testing import RunningSandbox

from .conftest import Exchanges, make_client

ACCOUNT = "acc_123abc"
NUMBER = "+14155551234"  # on trunk_abc123 in the fixture
TO_TRUNK = AssignTrunkRequest(trunk_id="trunk_def456")
TO_APPLICATION = AssignApplicationRequest(application_id="app_xyz789")


def routing(client: AuthenticatedClient, number: str) -> tuple[str | None, str | None]:
    [listed] = [n for n in list_numbers.sync(ACCOUNT, client=client, per_page=100).data if n.e164 == number]
    return listed.trunk_id, listed.application_id


def test_assigning_an_application_clears_the_trunk(tryvox: AuthenticatedClient) -> None:
    assert routing(tryvox, NUMBER) == ("trunk_abc123", None)
    on_app = assign_number_to_application.sync(ACCOUNT, NUMBER, client=tryvox, body=TO_APPLICATION)
    assert (on_app.trunk_id, on_app.application_id, on_app.status) == (None, "app_xyz789", "active")
    assert routing(tryvox, NUMBER) == (None, "app_xyz789")


def test_assigning_a_trunk_clears_the_application(tryvox: AuthenticatedClient) -> None:
    on_app = assign_number_to_application.sync(ACCOUNT, NUMBER, client=tryvox, body=TO_APPLICATION)
    on_trunk = assign_number_to_trunk.sync(ACCOUNT, NUMBER, client=tryvox, body=TO_TRUNK)
    assert (on_trunk.trunk_id, on_trunk.application_id) == ("trunk_def456", None)
    assert on_app.updated_at < on_trunk.updated_at
    assert routing(tryvox, NUMBER) == ("trunk_def456", None)


def test_unassign_leaves_the_number_with_neither(tryvox: AuthenticatedClient) -> None:
    unassigned = unassign_number_from_trunk.sync(ACCOUNT, NUMBER, client=tryvox)
    assert (unassigned.trunk_id, unassigned.application_id) == (None, None)
    assert unassigned.message == "Trunk unassigned successfully"
    assert routing(tryvox, NUMBER) == (None, None)

    assign_number_to_application.sync(ACCOUNT, NUMBER, client=tryvox, body=TO_APPLICATION)
    unassigned = unassign_number_from_application.sync(ACCOUNT, NUMBER, client=tryvox)
    assert (unassigned.trunk_id, unassigned.application_id) == (None, None)
    assert unassigned.message == "Application unassigned successfully"


def test_the_configure_pages_errors(tryvox: AuthenticatedClient) -> None:
    with pytest.raises(NotFoundError) as caught:
        assign_number_to_trunk.sync(ACCOUNT, "+14155559999", client=tryvox, body=TO_TRUNK)
    assert caught.value.message == "Number not found in your account"

    with pytest.raises(NotFoundError) as caught:
        assign_number_to_trunk.sync(
            ACCOUNT, NUMBER, client=tryvox, body=AssignTrunkRequest(trunk_id="trunk_zzz999")
        )
    assert caught.value.message == "Trunk or application not found"

    # A malformed trunk id is refused by the client before sending (the spec's pattern) ...
    with pytest.raises(ValueError, match="trunk_id='abc123' is not a value matching"):
        assign_number_to_trunk.sync(
            ACCOUNT, NUMBER, client=tryvox, body=AssignTrunkRequest(trunk_id="abc123")
        )
    # ... and by the sandbox, sent anyway, with the configure page's 400.
    answer = tryvox.get_httpx_client().post(
        f"/v1/account/{ACCOUNT}/numbers/%2B{NUMBER[1:]}/assign", json={"trunk_id": "abc123"}
    )
    assert answer.status_code == 400
    assert (answer.json()["error"]["code"], answer.json()["error"]["message"]) == (
        ErrorCode.VALIDATION_FAILED.value,
        "Invalid trunk_id or application_id format",
    )

    with pytest.raises(ForbiddenError) as forbidden:
        assign_number_to_trunk.sync(
            ACCOUNT, NUMBER, client=tryvox, body=AssignTrunkRequest(trunk_id="trunk_other456")
        )
    assert forbidden.value.message == "Insufficient permissions to assign this trunk/application"
    # refused means unchanged
    assert routing(tryvox, NUMBER) == ("trunk_abc123", None)


def test_list_filters_and_pages(tryvox: AuthenticatedClient) -> None:
    page = list_numbers.sync(ACCOUNT, client=tryvox, country="US", status=ListNumbersStatus.ACTIVE)
    assert [n.e164 for n in page.data] == ["+14155551234", "+14155550199", "+12125550147"]
    assert page.pagination.to_dict() == {
        "total": 3,
        "count": 3,
        "per_page": 20,
        "current_page": 1,
        "total_pages": 1,
    }
    second = list_numbers.sync(ACCOUNT, client=tryvox, page=2, per_page=3)
    assert ([n.country for n in second.data], second.pagination.total_pages) == (["GB"], 2)


def test_credentials(sandbox: RunningSandbox, exchanges: Exchanges, tryvox: AuthenticatedClient) -> None:
    live = make_client(sandbox, exchanges, "tryvox", token="tvx_sk_live_not_here")
    with pytest.raises(UnauthorizedError) as caught:
        list_numbers.sync(ACCOUNT, client=live)
    assert caught.value.message == "Invalid or missing API key"
    with pytest.raises(ForbiddenError):
        list_numbers.sync("acc_987zyx", client=tryvox)


def test_a_literal_plus_is_the_same_number(raw: httpx.Client, sandbox: RunningSandbox) -> None:
    """The pages' curl examples put a literal + in the path; the client sends %2B. Both route here."""
    url = sandbox.base_url("tryvox") + f"/v1/account/{ACCOUNT}/numbers/{NUMBER}/assign"
    response = raw.post(
        url, json={"trunk_id": "trunk_def456"}, headers={"Authorization": "Bearer tvx_sk_test_sandbox"}
    )
    assert response.request.url.raw_path.endswith(b"/+14155551234/assign")
    assert (response.status_code, response.json()["trunk_id"]) == (200, "trunk_def456")


async def test_async_client(sandbox: RunningSandbox, exchanges: Exchanges) -> None:
    client = make_client(sandbox, exchanges, "tryvox", asynchronous=True)
    async with client:
        number = await assign_number_to_application.asyncio(
            ACCOUNT, NUMBER, client=client, body=TO_APPLICATION
        )
    assert number.application_id == "app_xyz789"
