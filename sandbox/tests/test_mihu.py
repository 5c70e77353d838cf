"""Mihu against its sandbox: one agent per (number, channel), reassign moves it, through the generated client."""

from __future__ import annotations

import uuid

import httpx
import pytest
from mihu_client import (
    AuthenticatedClient,
    Client,
    ForbiddenError,
    NotFoundError,
    UnauthorizedError,
    UnprocessableEntityError,
)
from mihu_client.api.phone_numbers import (
    assign_trunk_to_agent,
    delete_trunk,
    get_number_channels,
    list_trunks,
    register_trunk,
    update_trunk,
)
from mihu_client.models import (
    AdditionalSettings,
    AssignTrunkRequest,
    ChannelsSnapshotResponse,
    RegisterTrunkRequest,
    SipCredentials,
    TrunkChannel,
    UpdateTrunkRequest,
)

from sandbox.testing import RunningSandbox

from .conftest import Exchanges, make_client

NUMBER = "+12345678901"  # call -> Front desk in the fixture
PURCHASED = "+13105550142"
A = uuid.UUID("3c90c3cc-0d44-4b50-8888-8dd25736052a")  # Front desk
B = uuid.UUID("6f1c2e4a-8b7d-4c3e-9a2f-1d5e7b9c0a34")  # After hours
CALL, WHATSAPP = TrunkChannel.CALL, TrunkChannel.WHATSAPP


def agents(snapshot: ChannelsSnapshotResponse) -> dict[str, object]:
    channels = snapshot.data.channels
    return {
        name: (str(channel.agent_uuid) if channel.bound else None)
        for name, channel in (("call", channels.call), ("sms", channels.sms), ("whatsapp", channels.whatsapp))
    }


def test_reassign_moves_the_agent_and_only_on_that_channel(mihu: AuthenticatedClient) -> None:
    register_trunk.sync(
        client=mihu, body=RegisterTrunkRequest(phone_number=NUMBER, agent_uuid=A, channel=WHATSAPP)
    )
    before = get_number_channels.sync(client=mihu, number=NUMBER)
    assert agents(before) == {"call": str(A), "sms": None, "whatsapp": str(A)}

    moved = assign_trunk_to_agent.sync(
        client=mihu, body=AssignTrunkRequest(phone_number=NUMBER, channel=CALL, agent_uuid=B)
    )
    assert moved.message == "Assigned"
    assert agents(moved) == {"call": str(B), "sms": None, "whatsapp": str(A)}
    assert moved.data.channels.call.agent_name == "After hours"
    assert moved.data.phone_number_uuid == before.data.phone_number_uuid
    assert agents(get_number_channels.sync(client=mihu, number=NUMBER)) == agents(moved)


def test_one_trunk_row_per_number_and_channel(mihu: AuthenticatedClient) -> None:
    with pytest.raises(UnprocessableEntityError) as caught:
        register_trunk.sync(
            client=mihu, body=RegisterTrunkRequest(phone_number=NUMBER, agent_uuid=B, channel=CALL)
        )
    assert (caught.value.body.error.code, caught.value.body.error.field) == (
        "VALIDATION_ERROR",
        "phone_number",
    )
    assert agents(get_number_channels.sync(client=mihu, number=NUMBER))["call"] == str(A)


def test_an_agent_serves_one_number_per_channel(mihu: AuthenticatedClient) -> None:
    other = "+12025550123"
    with pytest.raises(UnprocessableEntityError) as caught:
        register_trunk.sync(
            client=mihu, body=RegisterTrunkRequest(phone_number=other, agent_uuid=A, channel=CALL)
        )
    assert caught.value.body.error.field == "agent_uuid"
    created = register_trunk.sync_detailed(
        client=mihu, body=RegisterTrunkRequest(phone_number=other, agent_uuid=B, channel=CALL)
    )
    assert isinstance(created.parsed, ChannelsSnapshotResponse)
    assert (created.status_code, created.parsed.message) == (201, "Trunk created")
    assert created.parsed.data.is_external is True
    # B now serves `other` on call, so it cannot take NUMBER's call channel
    with pytest.raises(UnprocessableEntityError):
        assign_trunk_to_agent.sync(
            client=mihu, body=AssignTrunkRequest(phone_number=NUMBER, channel=CALL, agent_uuid=B)
        )


def test_sms_is_refused_with_422(mihu: AuthenticatedClient) -> None:
    body = AssignTrunkRequest(phone_number=NUMBER, channel=TrunkChannel("sms"), agent_uuid=B)
    # The client refuses it before sending (the request enum is call|whatsapp) ...
    with pytest.raises(ValueError, match="channel='sms' is not one of 'call', 'whatsapp'"):
        assign_trunk_to_agent.sync(client=mihu, body=body)
    # ... and the sandbox, sent it anyway, answers as the errors page documents.
    answer = mihu.get_httpx_client().put("/api/v1/phone-numbers/trunks/assign", json=body.to_dict())
    assert answer.status_code == 422
    assert (answer.json()["message"], answer.json()["error"]["field"]) == ("Validation failed", "channel")


def test_purchased_numbers_are_not_trunks(mihu: AuthenticatedClient) -> None:
    with pytest.raises(UnprocessableEntityError):
        register_trunk.sync(
            client=mihu, body=RegisterTrunkRequest(phone_number=PURCHASED, agent_uuid=B, channel=CALL)
        )
    snapshot = get_number_channels.sync(client=mihu, number=PURCHASED)
    assert (snapshot.data.source, snapshot.data.is_external) == ("purchased", False)
    assert [item.number for item in list_trunks.sync(client=mihu).data.items] == [NUMBER]


def test_update_and_delete(mihu: AuthenticatedClient, sandbox: RunningSandbox) -> None:
    updated = update_trunk.sync(
        client=mihu,
        body=UpdateTrunkRequest(
            phone_number=NUMBER,
            channel=CALL,
            name="front-desk line",
            sip=SipCredentials(password=""),
            additional_settings=AdditionalSettings(),
        ),
    )
    assert updated.message == "Updated"
    [record] = [n for n in sandbox.state("mihu")["numbers"] if n["number"] == NUMBER]
    row = record["trunks"]["call"]
    assert (row["name"], "password" in row["sip"], row["additional_settings"]) == (
        "front-desk line",
        False,
        {},
    )

    deleted = delete_trunk.sync(client=mihu, phone_number=NUMBER.lstrip("+"), channel=CALL)
    assert deleted is not None
    assert (deleted.success, deleted.message) == (True, "Trunk deleted")
    with pytest.raises(NotFoundError) as caught:
        delete_trunk.sync(client=mihu, phone_number=NUMBER, channel=CALL)
    assert caught.value.message == "Trunk not found"
    with pytest.raises(NotFoundError):  # its last row gone, the external number has left the workspace
        get_number_channels.sync(client=mihu, number=NUMBER)


def test_unknown_number_and_agent(mihu: AuthenticatedClient) -> None:
    with pytest.raises(NotFoundError) as caught:
        get_number_channels.sync(client=mihu, number="+15550000000")
    assert caught.value.message == "Phone number not found"
    with pytest.raises(NotFoundError) as caught:
        register_trunk.sync(
            client=mihu,
            body=RegisterTrunkRequest(phone_number="+12025550123", agent_uuid=uuid.uuid4(), channel=CALL),
        )
    assert caught.value.message == "Agent not found"


def test_credentials(sandbox: RunningSandbox, exchanges: Exchanges) -> None:
    anonymous = Client(base_url=sandbox.base_url("mihu"), max_retries=0, timeout=10.0)
    with pytest.raises(UnauthorizedError) as caught:
        list_trunks.sync(client=anonymous)  # type: ignore[arg-type]  # on purpose: no credentials
    assert caught.value.body.error.code == "MISSING_AUTH_TOKEN"

    wrong = make_client(sandbox, exchanges, "mihu", token="revoked")
    with pytest.raises(UnauthorizedError) as caught:
        list_trunks.sync(client=wrong)
    assert (caught.value.message, caught.value.body.error.code) == (
        "Invalid authentication token",
        "INVALID_AUTH_TOKEN",
    )

    reader = make_client(sandbox, exchanges, "mihu", token="sandbox-mihu-readonly")
    assert list_trunks.sync(client=reader).success is True
    with pytest.raises(ForbiddenError):
        delete_trunk.sync(client=reader, phone_number=NUMBER, channel=CALL)


def test_malformed_json_is_400(raw: httpx.Client, sandbox: RunningSandbox) -> None:
    response = raw.post(
        sandbox.base_url("mihu") + "/api/v1/phone-numbers/trunks",
        content=b'{"phone_number": ',
        headers={"Authorization": "Bearer sandbox-mihu-token", "Content-Type": "application/json"},
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "BAD_REQUEST"
