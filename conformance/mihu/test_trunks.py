"""Each operation's success path, as the trunk pages document it.

register/update/assign answer with the number's per-channel snapshot; list with
the external numbers and their bindings; delete with an envelope (inferred).
The matchers pin the wire of every request: method, host, path, query, JSON body
by value, and the Authorization header.
"""

from __future__ import annotations

import httpx
import pytest
from mihu_client import AuthenticatedClient
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
    ChannelBinding,
    ChannelBindings,
    ChannelSetting,
    ChannelSettings,
    ChannelsSnapshotResponse,
    DeleteTrunkResponse,
    NumberCapabilities,
    RegisterTrunkRequest,
    SipCredentials,
    TrunkChannel,
    TrunkDirection,
    TrunkListResponse,
    UpdateTrunkRequest,
)
from mihu_client.types import UNSET

from .conftest import AGENT_A, NUMBER, NUMBER_UUID, bound, unregistered

pytestmark = pytest.mark.vcr


def _call_agent(snapshot: ChannelsSnapshotResponse) -> object:
    call = snapshot.data.channels.call
    return str(call.agent_uuid) if call.bound else None


@pytest.mark.sandbox(state=unregistered())
def test_register_trunk(client: AuthenticatedClient) -> None:
    body = RegisterTrunkRequest(
        phone_number=NUMBER,
        agent_uuid=AGENT_A,
        channel=TrunkChannel.CALL,
        name="call_trunk_12345678901",
        direction=TrunkDirection.BOTH,
        sip=SipCredentials(
            gateway="sip.acme.com", port=5060, username="<SIP_USERNAME>", password="<SIP_PASSWORD>"
        ),
        additional_settings=AdditionalSettings.from_dict({"ani_format": "e164"}),
    )
    response = register_trunk.sync_detailed(client=client, body=body)
    assert response.status_code == 201
    snapshot = response.parsed
    assert isinstance(snapshot, ChannelsSnapshotResponse)
    assert snapshot.success is True
    assert snapshot.message == "Trunk created"
    assert str(snapshot.data.phone_number_uuid) == NUMBER_UUID
    assert (snapshot.data.number, snapshot.data.is_external, snapshot.data.source) == (
        NUMBER,
        True,
        "external",
    )
    assert _call_agent(snapshot) == str(AGENT_A)
    assert snapshot.data.channels.whatsapp.bound is False


@pytest.mark.sandbox(state=unregistered())
def test_register_trunk_sends_only_the_fields_given(client: AuthenticatedClient) -> None:
    # name, direction, sip and additional_settings left out: the server picks its defaults
    # ({channel}_trunk_{digits}, both), so the client must not send any of them.
    body = RegisterTrunkRequest(phone_number=NUMBER, agent_uuid=AGENT_A, channel=TrunkChannel.WHATSAPP)
    snapshot = register_trunk.sync(client=client, body=body)
    whatsapp = snapshot.data.channels.whatsapp
    assert (whatsapp.bound, str(whatsapp.agent_uuid)) == (True, str(AGENT_A))
    assert snapshot.data.channels.call.bound is False


def test_assign_trunk_to_agent(client: AuthenticatedClient) -> None:
    # The assign page's own example request (seed 003).
    body = AssignTrunkRequest(phone_number=NUMBER, channel=TrunkChannel.CALL, agent_uuid=AGENT_A)
    snapshot = assign_trunk_to_agent.sync(client=client, body=body)
    assert isinstance(snapshot, ChannelsSnapshotResponse)
    assert (snapshot.success, snapshot.message) == (True, "Assigned")
    call = snapshot.data.channels.call
    assert (call.capable, call.enabled, call.channel_limit, call.whitelisted_destinations) == (
        True,
        True,
        2,
        ["US"],
    )
    assert (call.bound, str(call.agent_uuid), call.agent_name) == (True, str(AGENT_A), "Front desk")
    assert snapshot.data.channels.inbound.enabled is True
    sms = snapshot.data.channels.sms
    assert (sms.bound, sms.agent_uuid) == (False, None)


async def test_assign_trunk_to_agent_async(
    async_client: AuthenticatedClient, sent: list[httpx.Request]
) -> None:
    body = AssignTrunkRequest(phone_number=NUMBER, channel=TrunkChannel.CALL, agent_uuid=AGENT_A)
    snapshot = await assign_trunk_to_agent.asyncio(client=async_client, body=body)
    assert str(snapshot.data.channels.call.agent_uuid) == str(AGENT_A)
    [request] = sent
    assert request.headers["Authorization"] == f"Bearer {async_client.token}"


def test_update_trunk(client: AuthenticatedClient) -> None:
    # Rename, clear one SIP credential ("" clears), clear additional_settings ({} clears);
    # nothing else is sent, so nothing else changes.
    body = UpdateTrunkRequest(
        phone_number=NUMBER,
        channel=TrunkChannel.CALL,
        name="front-desk line",
        sip=SipCredentials(password=""),
        additional_settings=AdditionalSettings(),
    )
    snapshot = update_trunk.sync(client=client, body=body)
    assert (snapshot.success, snapshot.message) == (True, "Updated")
    assert _call_agent(snapshot) == str(AGENT_A)


def test_list_trunks(client: AuthenticatedClient) -> None:
    listing = list_trunks.sync(client=client)
    assert isinstance(listing, TrunkListResponse)
    assert listing.success is True
    assert listing.message is UNSET  # the list example has no message
    [item] = listing.data.items
    assert (str(item.phone_number_uuid), item.number, item.is_external, item.status) == (
        NUMBER_UUID,
        NUMBER,
        True,
        "active",
    )
    # Beyond phone_number_uuid and number, list fields are optional (the page marks none required).
    assert isinstance(item.capabilities, NumberCapabilities)
    assert item.capabilities.voice is True
    assert isinstance(item.channel_settings, ChannelSettings)
    assert isinstance(item.channel_settings.voice, ChannelSetting)
    assert item.channel_settings.voice.channel_limit == 2
    assert isinstance(item.bindings, ChannelBindings)
    call, whatsapp = item.bindings.call, item.bindings.whatsapp
    assert isinstance(call, ChannelBinding)
    assert isinstance(whatsapp, ChannelBinding)
    assert (call.bound, str(call.agent_uuid)) == (True, str(AGENT_A))
    assert (whatsapp.bound, whatsapp.agent_uuid) == (False, None)


def test_delete_trunk(client: AuthenticatedClient) -> None:
    result = delete_trunk.sync(client=client, phone_number=NUMBER, channel=TrunkChannel.CALL)
    assert isinstance(result, DeleteTrunkResponse)
    assert (result.success, result.message) == (True, "Trunk deleted")


@pytest.mark.sandbox(state=bound(call=AGENT_A, whatsapp=AGENT_A))
def test_delete_trunk_accepts_number_without_plus(client: AuthenticatedClient) -> None:
    # "E.164 with or without leading +": the client passes either form through unchanged.
    result = delete_trunk.sync(client=client, phone_number=NUMBER.lstrip("+"), channel=TrunkChannel.WHATSAPP)
    assert isinstance(result, DeleteTrunkResponse)
    assert result.success is True


def test_get_number_channels(client: AuthenticatedClient) -> None:
    snapshot = get_number_channels.sync(client=client, number=NUMBER)
    assert isinstance(snapshot, ChannelsSnapshotResponse)
    assert snapshot.data.number == NUMBER
    assert _call_agent(snapshot) == str(AGENT_A)
    assert snapshot.data.channels.inbound.channel_limit == 2
