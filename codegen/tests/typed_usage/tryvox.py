"""Typed usage of tryvox_client's resource client, as a service would write it.

codegen/tests/test_typed_usage.py runs ``mypy --strict`` on this file (generated/tryvox on
MYPYPATH) and runs it against the local sandbox. Against ``make sandbox``: export
TRYVOX_BASE_URL=http://127.0.0.1:8765/tryvox TRYVOX_TOKEN=tvx_sk_test_sandbox, then
``python codegen/tests/typed_usage/tryvox.py``.
"""

from __future__ import annotations

import asyncio
import datetime

from tryvox_client import AsyncTryVox, NotFoundError, TryVox
from tryvox_client.models import ListNumbersStatus, NumberList, NumberRouting, PhoneNumber
from tryvox_client.pagination import AsyncPage, SyncPage
from tryvox_client.types import Response

ACCOUNT = "acc_123abc"
NUMBER = "+14155551234"


def routing(client: TryVox, number: str) -> tuple[str | None, str | None]:
    """(trunk_id, application_id) of one number, found by walking every page."""
    for listed in client.numbers.list_numbers(ACCOUNT, per_page=2):
        if listed.e164 == number:
            return listed.trunk_id, listed.application_id
    raise LookupError(number)


def route(client: TryVox) -> None:
    routed: NumberRouting = client.numbers.assign_number_to_trunk(ACCOUNT, NUMBER, trunk_id="trunk_def456")
    # the pages call updated_at an ISO 8601 timestamp: a datetime, comparable with datetimes
    changed: datetime.datetime = routed.updated_at
    assert changed.tzinfo is not None
    assert routing(client, NUMBER) == ("trunk_def456", None)

    on_app = client.numbers.assign_number_to_application(
        ACCOUNT, NUMBER, body={"application_id": "app_xyz789"}
    )
    assert (on_app.trunk_id, on_app.application_id) == (None, "app_xyz789")
    client.numbers.unassign_number_from_application(ACCOUNT, NUMBER)
    assert routing(client, NUMBER) == (None, None)

    try:
        client.numbers.assign_number_to_trunk(ACCOUNT, NUMBER, trunk_id="trunk_zzz999")
    except NotFoundError as err:
        message: str | None = err.message
        assert message == "Trunk or application not found"
    else:
        raise AssertionError("expected NotFoundError")

    active: SyncPage[PhoneNumber] = client.numbers.list_numbers(ACCOUNT, status="active", per_page=2)
    pending = client.numbers.list_numbers(ACCOUNT, status=ListNumbersStatus.PENDING)
    assert len(active.items) == 2 and [n.e164 for n in pending] == ["+442071838750"]
    body: NumberList = active.response
    assert body.pagination.total == 3
    while active.has_next_page():
        active = active.get_next_page()

    raw = client.numbers.with_raw_response.assign_number_to_trunk(ACCOUNT, NUMBER, trunk_id="trunk_abc123")
    assert isinstance(raw, Response) and raw.status_code == 200
    assert isinstance(raw.parsed, NumberRouting) and raw.parsed.trunk_id == "trunk_abc123"


async def route_async() -> None:
    async with AsyncTryVox() as client:
        found = [n.e164 async for n in client.numbers.list_numbers(ACCOUNT, per_page=1)]
        assert NUMBER in found
        first: AsyncPage[PhoneNumber] = await client.numbers.list_numbers(ACCOUNT, per_page=3)
        if first.has_next_page():
            second: AsyncPage[PhoneNumber] = await first.get_next_page()
            assert len(first.items) + len(second.items) == first.response.pagination.total
        routed = await client.numbers.assign_number_to_application(
            ACCOUNT, NUMBER, application_id="app_ivr001"
        )
        assert routed.application_id == "app_ivr001"
        await client.numbers.unassign_number_from_application(ACCOUNT, NUMBER)


def main() -> None:
    with TryVox() as client:  # TRYVOX_TOKEN, TRYVOX_BASE_URL
        route(client)
    asyncio.run(route_async())
    print("ok")


if __name__ == "__main__":
    main()
