"""Every status the errors page documents, raised as its typed error with the vendor's message.

The body is the errors page's shape, {success: false, message, error: {code,
details, field}}; the 401 bodies are that page's own examples. Which operation
answers which status is ours to pick (the trunk pages list no errors).
"""

from __future__ import annotations

import json

import httpx
import pytest
from mihu_client import (
    AuthenticatedClient,
    BadRequestError,
    Client,
    ForbiddenError,
    NotFoundError,
    RateLimitedError,
    ServerError,
    UnauthorizedError,
    UnprocessableEntityError,
    errors,
)
from mihu_client.api.phone_numbers import (
    assign_trunk_to_agent,
    delete_trunk,
    get_number_channels,
    list_trunks,
    register_trunk,
)
from mihu_client.models import (
    AssignTrunkRequest,
    ErrorResponse,
    RegisterTrunkRequest,
    TrunkChannel,
)
from mihu_client.types import UNSET

from .conftest import AGENT_A, NUMBER, READ_ONLY_TOKEN

pytestmark = pytest.mark.vcr

ASSIGN = AssignTrunkRequest(phone_number=NUMBER, channel=TrunkChannel.CALL, agent_uuid=AGENT_A)


def test_missing_token_is_unauthorized(base_url: str) -> None:
    # A Client without credentials sends no Authorization header at all.
    sent: list[httpx.Request] = []
    anonymous = Client(
        base_url=base_url, max_retries=0, httpx_args={"event_hooks": {"request": [sent.append]}}
    )
    with pytest.raises(UnauthorizedError) as caught:
        list_trunks.sync(client=anonymous)  # type: ignore[arg-type]  # no credentials, on purpose
    assert [r for r in sent if "authorization" in r.headers] == []
    assert caught.value.status_code == 401
    assert caught.value.message == "Authentication required"
    assert isinstance(caught.value.body, ErrorResponse)
    assert caught.value.body.success is False
    assert caught.value.body.error.code == "MISSING_AUTH_TOKEN"
    assert caught.value.body.error.details == "No authorization header provided"


@pytest.mark.sandbox(credentials="invalid")
def test_invalid_token_is_unauthorized(client: AuthenticatedClient) -> None:
    with pytest.raises(UnauthorizedError) as caught:
        assign_trunk_to_agent.sync(client=client, body=ASSIGN)
    assert caught.value.message == "Invalid authentication token"
    assert caught.value.body.error.code == "INVALID_AUTH_TOKEN"
    assert str(caught.value) == (
        "assign_trunk_to_agent PUT /api/v1/phone-numbers/trunks/assign: HTTP 401: Invalid authentication token"
        " (code: INVALID_AUTH_TOKEN; details: The provided token is invalid or has been revoked)"
    )


@pytest.mark.sandbox(fault="400")
def test_malformed_request_is_bad_request(client: AuthenticatedClient) -> None:
    body = RegisterTrunkRequest(phone_number=NUMBER, agent_uuid=AGENT_A, channel=TrunkChannel.CALL)
    with pytest.raises(BadRequestError) as caught:
        register_trunk.sync(client=client, body=body)
    assert caught.value.status_code == 400
    assert caught.value.message == "Malformed request"
    assert caught.value.body.error.code == "BAD_REQUEST"


@pytest.mark.sandbox(credentials={"token": READ_ONLY_TOKEN})
def test_insufficient_permissions_is_forbidden(client: AuthenticatedClient) -> None:
    with pytest.raises(ForbiddenError) as caught:
        delete_trunk.sync(client=client, phone_number=NUMBER, channel=TrunkChannel.CALL)
    assert caught.value.message == "Insufficient permissions"
    assert caught.value.body.error.code == "FORBIDDEN"


def test_unknown_number_is_not_found(client: AuthenticatedClient) -> None:
    with pytest.raises(NotFoundError) as caught:
        get_number_channels.sync(client=client, number="+15550000000")
    assert caught.value.message == "Phone number not found"
    assert caught.value.body.error.field is UNSET  # field is for validation errors only


def test_deleting_an_unregistered_trunk_is_not_found(client: AuthenticatedClient) -> None:
    with pytest.raises(NotFoundError) as caught:
        delete_trunk.sync(client=client, phone_number=NUMBER, channel=TrunkChannel.WHATSAPP)
    assert caught.value.message == "Trunk not found"


def _send_unchecked(
    client: AuthenticatedClient, method: str, path: str, body: dict[str, object]
) -> httpx.Response:
    """What a client without the checks before sending would put on the wire: the client refuses these
    values itself now, so the vendor's documented refusal is reached through its own connection."""
    return client.get_httpx_client().request(method, path, json=body)


def _error(response: httpx.Response) -> errors.ApiError:
    return errors.error_for_status(
        response.status_code, response.content, response.headers, ErrorResponse.from_dict(response.json())
    )


def test_invalid_phone_number_is_unprocessable(
    client: AuthenticatedClient, sent: list[httpx.Request]
) -> None:
    # The client refuses a number that is not E.164 (the spec's pattern) before sending anything...
    body = RegisterTrunkRequest(phone_number="12345678901", agent_uuid=AGENT_A, channel=TrunkChannel.CALL)
    with pytest.raises(ValueError, match=r"phone_number='12345678901' is not an E.164 phone number"):
        register_trunk.sync(client=client, body=body)
    assert sent == []
    # ... and the API's own refusal, documented on the errors page, has the shape the client parses.
    error = _error(
        _send_unchecked(
            client,
            "POST",
            "/api/v1/phone-numbers/trunks",
            {"phone_number": "12345678901", "agent_uuid": str(AGENT_A), "channel": "call"},
        )
    )
    assert isinstance(error, UnprocessableEntityError)
    assert error.message == "Validation failed"
    assert error.body.error.code == "VALIDATION_ERROR"
    assert error.body.error.field == "phone_number"


def test_sms_channel_is_unprocessable(client: AuthenticatedClient, sent: list[httpx.Request]) -> None:
    # "SMS is not supported on the trunk endpoints": the request enum is call|whatsapp, so the client
    # refuses "sms" before sending, naming the allowed values (TrunkChannel stays open for parsing).
    with pytest.raises(ValueError, match=r"channel='sms' is not one of 'call', 'whatsapp'"):
        assign_trunk_to_agent.sync(
            client=client, body=AssignTrunkRequest(phone_number=NUMBER, channel="sms", agent_uuid=AGENT_A)
        )
    assert sent == []
    response = _send_unchecked(
        client,
        "PUT",
        "/api/v1/phone-numbers/trunks/assign",
        {"phone_number": NUMBER, "channel": "sms", "agent_uuid": str(AGENT_A)},
    )
    [request] = sent
    assert json.loads(request.content)["channel"] == "sms"
    error = _error(response)
    assert isinstance(error, UnprocessableEntityError)
    assert error.message == "Validation failed"
    # The vendor's detail fields are part of the message.
    assert str(error) == (
        "HTTP 422: Validation failed (code: VALIDATION_ERROR; field: channel; details: channel must be one of: call, whatsapp)"
    )
    assert isinstance(error.body, ErrorResponse)
    assert (error.body.error.code, error.body.error.field) == ("VALIDATION_ERROR", "channel")


@pytest.mark.sandbox(fault="429")
def test_rate_limited(client: AuthenticatedClient) -> None:
    with pytest.raises(RateLimitedError) as caught:
        list_trunks.sync(client=client)
    assert caught.value.status_code == 429
    assert caught.value.message == "Rate limit exceeded"
    assert caught.value.retries == 0


@pytest.mark.parametrize(
    ("status", "message"),
    [
        pytest.param(status, message, id=str(status), marks=pytest.mark.sandbox(fault=str(status)))
        for status, message in (
            (500, "Unexpected server error occurred"),
            (502, "Service temporarily unavailable"),
            (503, "Server overloaded or under maintenance"),
        )
    ],
)
def test_server_error(client: AuthenticatedClient, status: int, message: str) -> None:
    with pytest.raises(ServerError) as caught:
        get_number_channels.sync(client=client, number=NUMBER)
    assert caught.value.status_code == status
    assert caught.value.message == message
    assert isinstance(caught.value.body, ErrorResponse)
