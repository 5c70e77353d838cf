"""TryVox errors: the configure page's error table, in the errors page's body shape.

Every error body is {"error": {"code", "message", "details"}}; the client raises
the ApiError subclass for the status, with the vendor's message and the parsed
body (code as an ErrorCode).
"""

from __future__ import annotations

import httpx
import pytest
from tryvox_client import (
    ApiError,
    AuthenticatedClient,
    BadRequestError,
    ForbiddenError,
    NotFoundError,
    RateLimitedError,
    ServerError,
    UnauthorizedError,
    UnprocessableEntityError,
    errors,
)
from tryvox_client.api.numbers import (
    assign_number_to_application,
    assign_number_to_trunk,
    list_numbers,
    unassign_number_from_application,
)
from tryvox_client.models import AssignApplicationRequest, AssignTrunkRequest, ErrorCode, ErrorResponse
from tryvox_client.types import UNSET

from .conftest import NUMBER, TRUNK_ID

pytestmark = pytest.mark.vcr

NOT_ON_ACCOUNT = "+14155559999"


def vendor_error(error: ApiError) -> tuple[ErrorCode, str]:
    assert isinstance(error.body, ErrorResponse), f"error body not parsed: {error.content!r}"
    assert error.message == error.body.error.message
    return error.body.error.code, error.body.error.message


def test_assign_unknown_number_is_not_found(client: AuthenticatedClient, account_id: str) -> None:
    with pytest.raises(NotFoundError) as caught:
        assign_number_to_trunk.sync(
            account_id, NOT_ON_ACCOUNT, client=client, body=AssignTrunkRequest(trunk_id=TRUNK_ID)
        )
    assert caught.value.status_code == 404
    assert vendor_error(caught.value) == (ErrorCode.NOT_FOUND, "Number not found in your account")
    assert "Number not found in your account" in str(caught.value)


def test_unassign_unknown_number_is_not_found(client: AuthenticatedClient, account_id: str) -> None:
    with pytest.raises(NotFoundError) as caught:
        unassign_number_from_application.sync(account_id, NOT_ON_ACCOUNT, client=client)
    assert vendor_error(caught.value) == (ErrorCode.NOT_FOUND, "Number not found in your account")


def test_assign_unknown_trunk_is_not_found(client: AuthenticatedClient, account_id: str) -> None:
    with pytest.raises(NotFoundError) as caught:
        assign_number_to_trunk.sync(
            account_id, NUMBER, client=client, body=AssignTrunkRequest(trunk_id="trunk_zzz999")
        )
    assert vendor_error(caught.value) == (ErrorCode.NOT_FOUND, "Trunk or application not found")


def test_assign_unknown_application_is_not_found(client: AuthenticatedClient, account_id: str) -> None:
    body = AssignApplicationRequest(application_id="app_zzz999")
    with pytest.raises(NotFoundError) as caught:
        assign_number_to_application.sync(account_id, NUMBER, client=client, body=body)
    assert vendor_error(caught.value) == (ErrorCode.NOT_FOUND, "Trunk or application not found")


def test_assign_malformed_trunk_id_is_bad_request(
    client: AuthenticatedClient, account_id: str, sent: list[httpx.Request]
) -> None:
    # The spec declares trunk ids as trunk_...: the client refuses "abc123" before sending ...
    with pytest.raises(ValueError, match=r"trunk_id='abc123' is not a value matching"):
        assign_number_to_trunk.sync(
            account_id, NUMBER, client=client, body=AssignTrunkRequest(trunk_id="abc123")
        )
    assert sent == []
    # ... and the API's documented 400, reached on the client's own connection, parses as documented.
    answer = client.get_httpx_client().post(
        f"/v1/account/{account_id}/numbers/%2B{NUMBER[1:]}/assign", json={"trunk_id": "abc123"}
    )
    error = errors.error_for_status(
        answer.status_code, answer.content, answer.headers, ErrorResponse.from_dict(answer.json())
    )
    assert isinstance(error, BadRequestError)
    code, message = vendor_error(error)
    assert (code, message) == (ErrorCode.VALIDATION_FAILED, "Invalid trunk_id or application_id format")
    details = error.body.error.details
    assert not isinstance(details, type(UNSET))
    assert [(d.field, d.reason) for d in details] == [
        ("trunk_id", "Invalid trunk_id or application_id format")
    ]


def test_assign_trunk_without_permission_is_forbidden(client: AuthenticatedClient, account_id: str) -> None:
    body = AssignTrunkRequest(trunk_id="trunk_other456")
    with pytest.raises(ForbiddenError) as caught:
        assign_number_to_trunk.sync(account_id, NUMBER, client=client, body=body)
    assert vendor_error(caught.value) == (
        ErrorCode.FORBIDDEN,
        "Insufficient permissions to assign this trunk/application",
    )


@pytest.mark.sandbox(credentials="invalid")
def test_invalid_api_key_is_unauthorized(client: AuthenticatedClient, account_id: str) -> None:
    with pytest.raises(UnauthorizedError) as caught:
        list_numbers.sync(account_id, client=client)
    assert caught.value.status_code == 401
    assert vendor_error(caught.value) == (ErrorCode.UNAUTHORIZED, "Invalid or missing API key")
    assert caught.value.body.error.details is UNSET


# The errors page's statuses for the API as a whole (not tied to an endpoint by the docs): no state
# of the sandbox produces them, so a recording against it arms each as a fault.


def api_wide_error(client: AuthenticatedClient, account_id: str) -> ApiError:
    with pytest.raises(ApiError) as caught:
        list_numbers.sync(account_id, client=client)
    return caught.value


@pytest.mark.sandbox(fault="422")
def test_verification_failed_is_unprocessable(client: AuthenticatedClient, account_id: str) -> None:
    error = api_wide_error(client, account_id)
    assert isinstance(error, UnprocessableEntityError)
    assert vendor_error(error)[0] is ErrorCode.VERIFICATION_FAILED


@pytest.mark.sandbox(fault="429")
def test_rate_limited(client: AuthenticatedClient, account_id: str) -> None:
    error = api_wide_error(client, account_id)
    assert isinstance(error, RateLimitedError)
    assert vendor_error(error)[0] is ErrorCode.RATE_LIMITED


@pytest.mark.sandbox(fault="500")
def test_internal_error_is_server_error(client: AuthenticatedClient, account_id: str) -> None:
    error = api_wide_error(client, account_id)
    assert isinstance(error, ServerError)
    assert (error.status_code, vendor_error(error)[0]) == (500, ErrorCode.INTERNAL_ERROR)


@pytest.mark.sandbox(fault="502")
def test_delivery_failed_is_server_error(client: AuthenticatedClient, account_id: str) -> None:
    error = api_wide_error(client, account_id)
    assert isinstance(error, ServerError)
    assert (error.status_code, vendor_error(error)[0]) == (502, ErrorCode.DELIVERY_FAILED)
