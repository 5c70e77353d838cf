"""Typed usage of mihu_client's resource client, as a service would write it.

codegen/tests/test_typed_usage.py runs ``mypy --strict`` on this file (generated/mihu on
MYPYPATH) and runs it against the local sandbox. Against ``make sandbox``: export
MIHU_BASE_URL=http://127.0.0.1:8765/mihu MIHU_TOKEN=sandbox-mihu-token, then
``python codegen/tests/typed_usage/mihu.py``.
"""

from __future__ import annotations

import asyncio
import uuid

from mihu_client import AsyncMihu, Mihu, UnprocessableEntityError
from mihu_client.models import ChannelsSnapshotResponse, DeleteTrunkResponse, TrunkChannel, TrunkListResponse
from mihu_client.types import Response, Unset

NUMBER = "+12345678901"
AFTER_HOURS = "6f1c2e4a-8b7d-4c3e-9a2f-1d5e7b9c0a34"
FRONT_DESK = uuid.UUID("3c90c3cc-0d44-4b50-8888-8dd25736052a")


def call_agent(client: Mihu, number: str) -> str | None:
    snapshot: ChannelsSnapshotResponse = client.phone_numbers.get_number_channels(number=number)
    agent: str | Unset | None = snapshot.data.channels.call.agent_uuid
    return agent if isinstance(agent, str) else None


def route(client: Mihu) -> None:
    trunks: TrunkListResponse = client.phone_numbers.list_trunks()
    assert [t.number for t in trunks.data.items] == [NUMBER]
    phone_number_uuid: str = client.phone_numbers.get_number_channels(number=NUMBER).data.phone_number_uuid
    assert uuid.UUID(phone_number_uuid)

    moved = client.phone_numbers.assign_trunk_to_agent(
        phone_number=NUMBER, channel="call", agent_uuid=AFTER_HOURS
    )
    assert moved.data.channels.call.agent_uuid == AFTER_HOURS
    assert call_agent(client, NUMBER) == AFTER_HOURS
    back = client.phone_numbers.assign_trunk_to_agent(
        body={"phone_number": NUMBER, "channel": "call", "agent_uuid": str(FRONT_DESK)}
    )
    assert back.data.channels.call.agent_uuid == str(FRONT_DESK)

    try:
        client.phone_numbers.register_trunk(
            phone_number=NUMBER, agent_uuid=FRONT_DESK, channel=TrunkChannel.CALL
        )
    except UnprocessableEntityError as err:
        assert err.status_code == 422
    else:
        raise AssertionError("expected UnprocessableEntityError")

    raw = client.phone_numbers.with_raw_response.update_trunk(
        phone_number=NUMBER, channel="call", name="front desk"
    )
    assert isinstance(raw, Response) and raw.status_code == 200
    assert isinstance(raw.parsed, ChannelsSnapshotResponse) and raw.parsed.message == "Updated"

    deleted: DeleteTrunkResponse | None = client.phone_numbers.delete_trunk(
        phone_number=NUMBER, channel="call"
    )
    assert deleted is not None and deleted.success
    assert client.phone_numbers.list_trunks().data.items == []


async def route_async() -> None:
    new = "+12025550123"
    async with AsyncMihu() as client:
        created = await client.phone_numbers.register_trunk(
            phone_number=new, agent_uuid=AFTER_HOURS, channel="whatsapp"
        )
        assert created.data.channels.whatsapp.agent_uuid == AFTER_HOURS
        raw = await client.phone_numbers.with_raw_response.delete_trunk(
            phone_number=new, channel=TrunkChannel.WHATSAPP
        )
        assert raw.status_code in (200, 204)
        assert raw.parsed is None or isinstance(raw.parsed, DeleteTrunkResponse)


def main() -> None:
    with Mihu() as client:  # MIHU_TOKEN, MIHU_BASE_URL (per tenant: required)
        route(client)
    asyncio.run(route_async())
    print("ok")


if __name__ == "__main__":
    main()
