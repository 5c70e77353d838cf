"""Every status maps to its exception, with the vendor's message; no status crashes the client."""

from __future__ import annotations

import uuid

import httpx
import pytest
import vobiz_client
from vobiz_client import AuthenticatedClient, errors
from vobiz_client.api.phone_numbers import assign_number_to_trunk, list_numbers
from vobiz_client.models import AssignNumberToTrunkBody, Error

from codegen.tests.runtime.wire import Wire

BODY = AssignNumberToTrunkBody(trunk_group_id=uuid.UUID("aabbccdd-1234-5678-90ab-cdef12345678"))
VENDOR = {
    "api_id": "req-42",
    "error": "invalid request",
    "message": "This number is already assigned to a trunk.",
}


@pytest.mark.parametrize(
    ("status", "cls"),
    [
        (400, errors.BadRequestError),
        (401, errors.UnauthorizedError),
        (403, errors.ForbiddenError),
        (404, errors.NotFoundError),
        (409, errors.ConflictError),
        (422, errors.UnprocessableEntityError),
        (429, errors.RateLimitedError),
        (500, errors.ServerError),
        (503, errors.ServerError),
        (520, errors.ServerError),
        (499, errors.UnexpectedStatus),
        (799, errors.UnexpectedStatus),
    ],
)
def test_each_status_raises_its_class_with_the_vendor_message(
    client: AuthenticatedClient, wire: Wire, status: int, cls: type[errors.ApiError]
) -> None:
    wire.answers = [httpx.Response(status, json=VENDOR, headers={"x-request-id": "hdr-7"})]
    with pytest.raises(cls) as caught:
        list_numbers.sync(client=client)
    err = caught.value
    assert isinstance(err, vobiz_client.ApiError)
    assert err.status_code == status
    assert err.message == "This number is already assigned to a trunk."
    assert "This number is already assigned to a trunk." in str(err)
    assert err.request_id == "hdr-7"
    assert err.headers["x-request-id"] == "hdr-7"
    assert err.content == httpx.Response(status, json=VENDOR).content


def test_documented_error_status_carries_the_parsed_vendor_model(
    client: AuthenticatedClient, wire: Wire
) -> None:
    wire.answers = [httpx.Response(400, json=VENDOR)]
    with pytest.raises(errors.BadRequestError) as caught:
        assign_number_to_trunk.sync("+912271264217", client=client, body=BODY)
    assert isinstance(caught.value.body, Error)
    assert caught.value.request_id == "req-42"  # Vobiz's api_id, when no header names one


@pytest.mark.parametrize("status", [520, 499, 799, 418])
def test_detailed_never_raises_for_a_status(client: AuthenticatedClient, wire: Wire, status: int) -> None:
    wire.answers = [httpx.Response(status, text="<html>gateway</html>")]
    response = list_numbers.sync_detailed(client=client)
    assert response.status_code == status
    assert response.parsed is None


def test_error_body_that_is_not_json_is_still_a_typed_error(client: AuthenticatedClient, wire: Wire) -> None:
    wire.answers = [httpx.Response(404, text="<html>Not Found</html>")]
    with pytest.raises(errors.NotFoundError) as caught:
        assign_number_to_trunk.sync("+912271264217", client=client, body=BODY)
    assert caught.value.body is None
    assert "Not Found" in str(caught.value)


def test_undocumented_success_status_of_a_typed_operation_is_unexpected(
    client: AuthenticatedClient, wire: Wire
) -> None:
    wire.answers = [httpx.Response(202, json={})]
    with pytest.raises(errors.UnexpectedStatus):
        list_numbers.sync(client=client)


def test_connection_failure_and_timeout_raise_connection_errors(
    client: AuthenticatedClient, wire: Wire
) -> None:
    wire.answers = [httpx.ConnectError("refused")]
    with pytest.raises(errors.ApiConnectionError) as caught:
        list_numbers.sync(client=client)
    assert caught.value.retries == 2
    wire.answers = [httpx.ReadTimeout("slow")]
    with pytest.raises(errors.ApiTimeoutError):
        list_numbers.sync(client=client)


async def test_async_raises_the_same_classes(client: AuthenticatedClient, wire: Wire) -> None:
    wire.answers = [httpx.Response(404, json={"error": "Number not found", "message": "gone"})]
    with pytest.raises(errors.NotFoundError, match="gone"):
        await assign_number_to_trunk.asyncio("+912271264217", client=client, body=BODY)
