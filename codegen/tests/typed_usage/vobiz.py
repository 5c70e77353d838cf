"""Typed usage of vobiz_client's resource client, as a service would write it.

codegen/tests/test_typed_usage.py runs ``mypy --strict`` on this file (generated/vobiz on
MYPYPATH) and runs it against the local sandbox: the annotations below are the types the client
promises (design-12), so a wrong one is a mypy error, and a behaviour that drifted is a failed run.
Against ``make sandbox``: export VOBIZ_BASE_URL=http://127.0.0.1:8765/vobiz VOBIZ_AUTH_ID=MA_XXXXXXXX
VOBIZ_AUTH_TOKEN=sandbox-vobiz-token, then ``python codegen/tests/typed_usage/vobiz.py``.
"""

from __future__ import annotations

import asyncio
import uuid

from vobiz_client import AsyncVobiz, BadRequestError, Vobiz
from vobiz_client.models import PhoneNumber, PhoneNumberList
from vobiz_client.pagination import AsyncPage, SyncPage
from vobiz_client.types import Response, Unset

NUMBER = "+912271264217"
TRUNK = "aabbccdd-1234-5678-90ab-cdef12345678"


def trunk_of(client: Vobiz, number: str) -> str | None:
    """The trunk the number is on, None when on none ("the trunk_group_id will be absent")."""
    page: SyncPage[PhoneNumber] = client.phone_numbers.list_numbers(search=number)
    [found] = page.items
    trunk: str | Unset = found.trunk_group_id
    return None if isinstance(trunk, Unset) else trunk


def every_number(client: Vobiz) -> list[str]:
    """Every number of the account, one page of 1 at a time (fetched as the loop goes)."""
    return [number.e164 for number in client.phone_numbers.list_numbers(per_page=1)]


def route(client: Vobiz) -> None:
    assert NUMBER in every_number(client)
    client.phone_numbers.assign_number_to_trunk(NUMBER, trunk_group_id=TRUNK)
    assert trunk_of(client, NUMBER) == TRUNK  # str in, str out: equal
    try:
        client.phone_numbers.assign_number_to_trunk(NUMBER, trunk_group_id=uuid.UUID(TRUNK))
    except BadRequestError as err:
        code: int = err.status_code
        operation: str = err.operation
        assert (code, operation) == (400, "assign_number_to_trunk")
    else:
        raise AssertionError("expected BadRequestError")
    client.phone_numbers.unassign_number_from_trunk(NUMBER)
    assert trunk_of(client, NUMBER) is None

    raw = client.phone_numbers.with_raw_response.assign_number_to_trunk(
        NUMBER, body={"trunk_group_id": TRUNK}
    )
    assert isinstance(raw, Response) and (raw.status_code, raw.retries) == (204, 0)
    listed = client.phone_numbers.with_raw_response.list_numbers(search=NUMBER)
    status: int = listed.status_code
    assert status == 200 and isinstance(listed.parsed, PhoneNumberList) and listed.parsed.total == 1
    client.phone_numbers.unassign_number_from_trunk(NUMBER)

    first = client.phone_numbers.list_numbers(per_page=2)
    total: int = first.response.total
    if first.has_next_page():
        second: SyncPage[PhoneNumber] = first.get_next_page()
        assert len(first.items) + len(second.items) == total


async def route_async() -> None:
    async with AsyncVobiz(max_retries=1) as client:
        numbers = [number.e164 async for number in client.phone_numbers.list_numbers(per_page=1)]
        assert NUMBER in numbers
        await client.phone_numbers.assign_number_to_trunk(NUMBER, trunk_group_id=TRUNK)
        first: AsyncPage[PhoneNumber] = await client.phone_numbers.list_numbers(search=NUMBER)
        assert [n.trunk_group_id for n in first.items] == [TRUNK]
        if first.has_next_page():
            await first.get_next_page()
        raw = await client.phone_numbers.with_raw_response.unassign_number_from_trunk(NUMBER)
        assert raw.status_code == 204 and raw.content == b""


def main() -> None:
    with Vobiz() as client:  # VOBIZ_AUTH_ID, VOBIZ_AUTH_TOKEN, VOBIZ_BASE_URL
        route(client)
        route(client.with_options(timeout=5.0, max_retries=0))
    asyncio.run(route_async())
    print("ok")


if __name__ == "__main__":
    main()
