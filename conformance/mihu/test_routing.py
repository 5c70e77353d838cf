"""The routing semantics the trunk pages document, as multi-step exchanges.

* One trunk row, so one agent, per (number, channel); a number can be on call and
  whatsapp at once, with different agents.
* assign_trunk_to_agent moves the binding: afterwards the new agent is bound and the
  old one is not; the other channel is untouched ("call this once per channel").
* delete_trunk removes one channel's binding.

Each cassette is one synthesized conversation; the snapshots in it follow from
the requests before them (see each cassette's provenance).
"""

from __future__ import annotations

import pytest
from mihu_client import AuthenticatedClient, UnprocessableEntityError
from mihu_client.api.phone_numbers import (
    assign_trunk_to_agent,
    delete_trunk,
    get_number_channels,
    register_trunk,
)
from mihu_client.models import (
    AssignTrunkRequest,
    ChannelsSnapshotResponse,
    RegisterTrunkRequest,
    TrunkChannel,
)

from .conftest import AGENT_A, AGENT_B, NUMBER, bound, unregistered

pytestmark = pytest.mark.vcr


def _agents(snapshot: ChannelsSnapshotResponse) -> dict[str, object]:
    """channel -> bound agent uuid, as text (None when unbound)."""
    channels = snapshot.data.channels
    return {
        name: (str(ch.agent_uuid) if ch.bound else None)
        for name, ch in (("call", channels.call), ("sms", channels.sms), ("whatsapp", channels.whatsapp))
    }


@pytest.mark.sandbox(state=bound(call=AGENT_A, whatsapp=AGENT_A))
def test_reassign_moves_the_agent(client: AuthenticatedClient) -> None:
    before = get_number_channels.sync(client=client, number=NUMBER)
    assert _agents(before) == {"call": str(AGENT_A), "sms": None, "whatsapp": str(AGENT_A)}

    moved = assign_trunk_to_agent.sync(
        client=client,
        body=AssignTrunkRequest(phone_number=NUMBER, channel=TrunkChannel.CALL, agent_uuid=AGENT_B),
    )
    # Only the call binding changed: B replaces A there, whatsapp still A.
    assert _agents(moved) == {"call": str(AGENT_B), "sms": None, "whatsapp": str(AGENT_A)}
    # Number, SIP and channel settings are kept.
    assert moved.data.phone_number_uuid == before.data.phone_number_uuid
    assert moved.data.channels.call.channel_limit == before.data.channels.call.channel_limit

    after = get_number_channels.sync(client=client, number=NUMBER)
    assert _agents(after) == _agents(moved)
    assert after.data.channels.call.agent_name == "After hours"


@pytest.mark.sandbox(state=unregistered())
def test_multi_channel_trunk_is_reassigned_once_per_channel(client: AuthenticatedClient) -> None:
    for channel in (TrunkChannel.CALL, TrunkChannel.WHATSAPP):
        register_trunk.sync(
            client=client, body=RegisterTrunkRequest(phone_number=NUMBER, agent_uuid=AGENT_A, channel=channel)
        )

    first = assign_trunk_to_agent.sync(
        client=client,
        body=AssignTrunkRequest(phone_number=NUMBER, channel=TrunkChannel.CALL, agent_uuid=AGENT_B),
    )
    assert _agents(first) == {"call": str(AGENT_B), "sms": None, "whatsapp": str(AGENT_A)}

    second = assign_trunk_to_agent.sync(
        client=client,
        body=AssignTrunkRequest(phone_number=NUMBER, channel=TrunkChannel.WHATSAPP, agent_uuid=AGENT_B),
    )
    assert _agents(second) == {"call": str(AGENT_B), "sms": None, "whatsapp": str(AGENT_B)}


@pytest.mark.sandbox(state=unregistered())
def test_one_agent_per_number_and_channel(client: AuthenticatedClient) -> None:
    created = register_trunk.sync(
        client=client,
        body=RegisterTrunkRequest(phone_number=NUMBER, agent_uuid=AGENT_A, channel=TrunkChannel.CALL),
    )
    assert _agents(created)["call"] == str(AGENT_A)

    # A second trunk row for the same (number, channel) is refused: the way to change
    # the agent is assign_trunk_to_agent. (The refusal's status is not documented; 422.)
    with pytest.raises(UnprocessableEntityError) as caught:
        register_trunk.sync(
            client=client,
            body=RegisterTrunkRequest(phone_number=NUMBER, agent_uuid=AGENT_B, channel=TrunkChannel.CALL),
        )
    assert caught.value.body.error.field == "phone_number"

    unchanged = get_number_channels.sync(client=client, number=NUMBER)
    assert _agents(unchanged)["call"] == str(AGENT_A)


@pytest.mark.sandbox(state=bound(call=AGENT_A, whatsapp=AGENT_A))
def test_delete_removes_one_channel_binding(client: AuthenticatedClient) -> None:
    delete_trunk.sync(client=client, phone_number=NUMBER, channel=TrunkChannel.CALL)
    after = get_number_channels.sync(client=client, number=NUMBER)
    assert _agents(after) == {"call": None, "sms": None, "whatsapp": str(AGENT_A)}
