"""Typed usage of twilio_client's resource client, as a service would write it: the routing job.

codegen/tests/test_typed_usage.py runs ``mypy --strict`` on this file (generated/twilio on
MYPYPATH) and runs it against the local sandbox. Against ``make sandbox``: export
TWILIO_BASE_URL=http://127.0.0.1:8765/twilio TWILIO_ACCOUNT_SID=ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa
TWILIO_AUTH_TOKEN=sandbox-twilio-token, then ``python codegen/tests/typed_usage/twilio.py``
(TWILIO_BASE_URL sends both servers' operations, trunking and api, to the one sandbox mount).
"""

from __future__ import annotations

import asyncio
import datetime

from twilio_client import AsyncTwilio, NotFoundError, Twilio
from twilio_client.models import (
    ApiV2010AccountIncomingPhoneNumber,
    TrunkingV1Trunk,
    TrunkingV1TrunkPhoneNumber,
    TwilioError,
)
from twilio_client.pagination import AsyncPage, SyncPage
from twilio_client.types import Response, Unset

TRUNK = "TKbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"  # "Backup SIP Trunk", empty in the fixture
NUMBER = "+18089255327"  # on no trunk


def find_sid(client: Twilio, e164: str) -> str:
    """The number's PN... sid, from its E.164 (api.twilio.com)."""
    page: SyncPage[ApiV2010AccountIncomingPhoneNumber] = (
        client.incoming_phone_numbers.list_incoming_phone_number(phone_number=e164)
    )
    [number] = page.items
    assert isinstance(number.sid, str)
    return number.sid


def trunk_named(client: Twilio, name: str) -> str:
    trunks: list[TrunkingV1Trunk] = list(client.trunks.list_trunk(page_size=1))  # every page, one each
    [trunk] = [t for t in trunks if t.friendly_name == name]
    assert isinstance(trunk.sid, str)
    return trunk.sid


def route(client: Twilio) -> None:
    trunk = trunk_named(client, "Backup SIP Trunk")
    assert trunk == TRUNK
    sid = find_sid(client, NUMBER)
    associated: TrunkingV1TrunkPhoneNumber = client.trunk_phone_numbers.create_phone_number(
        trunk, phone_number_sid=sid
    )
    updated: datetime.datetime | Unset | None = associated.date_updated
    assert isinstance(updated, datetime.datetime) and associated.trunk_sid == trunk
    listed = [n.phone_number for n in client.trunk_phone_numbers.list_phone_number(trunk, page_size=1)]
    assert listed == [NUMBER]

    client.trunk_phone_numbers.delete_phone_number(trunk, sid)  # 204: returns None
    try:
        client.trunk_phone_numbers.fetch_phone_number(trunk, sid)
    except NotFoundError as err:
        error = err.body
        assert isinstance(error, TwilioError)
        code: int | Unset = error.code
        assert (code, error.more_info) == (20404, "https://www.twilio.com/docs/errors/20404")
    else:
        raise AssertionError("expected NotFoundError after the removal")
    raw = client.trunk_phone_numbers.with_raw_response.fetch_phone_number(trunk, sid)
    assert isinstance(raw, Response) and raw.status_code == 404  # answered, not raised
    assert isinstance(raw.parsed, TwilioError)


async def route_async() -> None:
    async with AsyncTwilio() as client:
        first: AsyncPage[
            ApiV2010AccountIncomingPhoneNumber
        ] = await client.incoming_phone_numbers.list_incoming_phone_number(phone_number=NUMBER)
        sid = first.items[0].sid
        assert isinstance(sid, str)
        # the 2010-04-01 update routes it too: the trunk's list follows (one number, one trunk_sid)
        moved: ApiV2010AccountIncomingPhoneNumber = (
            await client.incoming_phone_numbers.update_incoming_phone_number(sid, trunk_sid=TRUNK)
        )
        assert moved.trunk_sid == TRUNK
        on_trunk = [n.sid async for n in client.trunk_phone_numbers.list_phone_number(TRUNK)]
        assert on_trunk == [sid]
        await client.trunk_phone_numbers.delete_phone_number(TRUNK, sid)
        assert [n.sid async for n in client.trunk_phone_numbers.list_phone_number(TRUNK)] == []


def main() -> None:
    with Twilio() as client:  # TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_BASE_URL
        route(client)
    asyncio.run(route_async())
    print("ok")


if __name__ == "__main__":
    main()
