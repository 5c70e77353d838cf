"""Typed usage of bolna_client's resource client, as a service would write it.

codegen/tests/test_typed_usage.py runs ``mypy --strict`` on this file (generated/bolna on
MYPYPATH) and runs it against the local sandbox. Against ``make sandbox``: export
BOLNA_BASE_URL=http://127.0.0.1:8765/bolna BOLNA_TOKEN=sandbox-bolna-key, then
``python codegen/tests/typed_usage/bolna.py``.
"""

from __future__ import annotations

import asyncio
import datetime

from bolna_client import AsyncBolna, BadRequestError, Bolna
from bolna_client.models import (
    RemoveTrunkNumberResponse,
    SIPTrunkPhoneNumberRequest,
    SIPTrunkPhoneNumberResponse,
)
from bolna_client.types import Response, Unset

TRUNK = "01HQXYZ123ABC456DEF"
OTHER = "01HQXYZ456DEF789GHI"
NEW = "+14155550999"


def numbers_on(client: Bolna, trunk: str) -> list[str]:
    listed: list[SIPTrunkPhoneNumberResponse] = client.sip_trunks.list_trunk_numbers(trunk)
    return [number.phone_number for number in listed]


def route(client: Bolna) -> None:
    assert numbers_on(client, TRUNK) == ["919876543210"]
    added = client.sip_trunks.add_number_to_trunk(OTHER, phone_number=NEW, name="Front desk")
    number_id: str = added.id
    created: datetime.datetime | Unset = added.created_at
    assert isinstance(created, datetime.datetime)
    assert numbers_on(client, OTHER) == [NEW]

    try:
        client.sip_trunks.add_number_to_trunk(TRUNK, body=SIPTrunkPhoneNumberRequest(phone_number=NEW))
    except BadRequestError as err:
        assert err.message == f"Phone number {NEW} is already on another active trunk"
    else:
        raise AssertionError("expected BadRequestError")

    removed: RemoveTrunkNumberResponse = client.sip_trunks.remove_number_from_trunk(OTHER, number_id)
    assert removed.message == "Phone number removed successfully"
    raw = client.sip_trunks.with_raw_response.remove_number_from_trunk(OTHER, number_id)
    assert isinstance(raw, Response) and raw.status_code == 404  # gone: answered, not raised
    assert not isinstance(raw.parsed, RemoveTrunkNumberResponse)


async def route_async() -> None:
    async with AsyncBolna() as client:
        raw = await client.sip_trunks.with_raw_response.add_number_to_trunk(OTHER, body={"phone_number": NEW})
        assert raw.status_code == 201 and isinstance(raw.parsed, SIPTrunkPhoneNumberResponse)
        await client.sip_trunks.remove_number_from_trunk(OTHER, raw.parsed.id)
        assert await client.sip_trunks.list_trunk_numbers(OTHER) == []


def main() -> None:
    with Bolna() as client:  # BOLNA_TOKEN, BOLNA_BASE_URL
        route(client)
    asyncio.run(route_async())
    print("ok")


if __name__ == "__main__":
    main()
