"""Many clients at once on one number: exactly one wins, the rest get the documented conflict, state stays whole.

Each test opens N separate clients (N connections) and fires together through
asyncio.gather, bounded by asyncio.wait_for; the server sees them interleaved on
its event loop, as it would from N processes.
"""

from __future__ import annotations

import asyncio
import uuid
from collections import Counter
from typing import Any

import httpx
from tryvox_client.api.numbers import assign_number_to_application, assign_number_to_trunk
from tryvox_client.models import AssignApplicationRequest, AssignTrunkRequest
from vobiz_client.api.phone_numbers import assign_number_to_trunk as vobiz_assign
from vobiz_client.api.phone_numbers import list_numbers, unassign_number_from_trunk
from vobiz_client.models import AssignNumberToTrunkBody

from sandbox.testing import RunningSandbox

N = 50
TIMEOUT = 60.0
NUMBER = "+912271264217"
TRUNKS = ("aabbccdd-1234-5678-90ab-cdef12345678", "e3e55a78-1234-5678-90ab-cdef12345678")


async def together(sandbox: RunningSandbox, provider: str, call: Any, n: int = N) -> list[Any]:
    """``call(client, i)`` from n clients at once; every client closed after, the whole bounded in time."""
    clients = [sandbox.client(provider, max_retries=0, timeout=30.0) for _ in range(n)]
    try:
        return await asyncio.wait_for(asyncio.gather(*(call(c, i) for i, c in enumerate(clients))), TIMEOUT)
    finally:
        for client in clients:
            await client.get_async_httpx_client().aclose()


def vobiz_number(sandbox: RunningSandbox) -> dict[str, Any]:
    numbers: list[dict[str, Any]] = sandbox.state("vobiz")["MA_XXXXXXXX"]["numbers"]
    [number] = [n for n in numbers if n["e164"] == NUMBER]
    return number


async def test_50_assigns_of_one_number_one_wins(sandbox: RunningSandbox) -> None:
    body = AssignNumberToTrunkBody(trunk_group_id=uuid.UUID(TRUNKS[0]))
    responses = await together(
        sandbox, "vobiz", lambda c, i: vobiz_assign.asyncio_detailed(NUMBER, client=c, body=body)
    )

    assert Counter(r.status_code for r in responses) == {204: 1, 400: N - 1}
    losers = [r.parsed for r in responses if r.status_code == 400]
    assert {(e.error, e.message) for e in losers} == {
        ("invalid request", "This number is already assigned to a trunk.")
    }
    assert vobiz_number(sandbox)["trunk_group_id"] == TRUNKS[0]


async def test_50_assigns_to_two_trunks_leave_the_winners_trunk(sandbox: RunningSandbox) -> None:
    def call(client: Any, i: int) -> Any:
        body = AssignNumberToTrunkBody(trunk_group_id=uuid.UUID(TRUNKS[i % 2]))
        return vobiz_assign.asyncio_detailed(NUMBER, client=client, body=body)

    responses = await together(sandbox, "vobiz", call)
    winners = [i for i, r in enumerate(responses) if r.status_code == 204]
    assert len(winners) == 1
    assert Counter(r.status_code for r in responses)[400] == N - 1
    assert vobiz_number(sandbox)["trunk_group_id"] == TRUNKS[winners[0] % 2]


async def test_50_unassigns_one_wins_then_the_list_agrees(sandbox: RunningSandbox) -> None:
    await together(
        sandbox,
        "vobiz",
        lambda c, i: vobiz_assign.asyncio(
            NUMBER, client=c, body=AssignNumberToTrunkBody(trunk_group_id=uuid.UUID(TRUNKS[0]))
        ),
        n=1,
    )
    responses = await together(
        sandbox, "vobiz", lambda c, i: unassign_number_from_trunk.asyncio_detailed(NUMBER, client=c)
    )
    assert Counter(r.status_code for r in responses) == {204: 1, 404: N - 1}
    pages = await together(sandbox, "vobiz", lambda c, i: list_numbers.asyncio(client=c, search=NUMBER), n=10)
    assert {p.items[0].to_dict().get("trunk_group_id", "absent") for p in pages} == {"absent"}


async def test_50_assign_unassign_cycles_stay_consistent(sandbox: RunningSandbox) -> None:
    """Half assign, half unassign, interleaved: every 204 is a real transition, so they alternate."""

    def call(client: Any, i: int) -> Any:
        if i % 2:
            return unassign_number_from_trunk.asyncio_detailed(NUMBER, client=client)
        body = AssignNumberToTrunkBody(trunk_group_id=uuid.UUID(TRUNKS[0]))
        return vobiz_assign.asyncio_detailed(NUMBER, client=client, body=body)

    responses = await together(sandbox, "vobiz", call)
    assigns = sum(1 for i, r in enumerate(responses) if i % 2 == 0 and r.status_code == 204)
    unassigns = sum(1 for i, r in enumerate(responses) if i % 2 and r.status_code == 204)
    assert {r.status_code for r in responses} <= {204, 400, 404}
    # the number started unassigned: it is assigned now iff there was one more assign than unassign
    assert assigns - unassigns in (0, 1)
    assert ("trunk_group_id" in vobiz_number(sandbox)) == (assigns - unassigns == 1)


async def test_tryvox_trunk_xor_application_under_contention(sandbox: RunningSandbox) -> None:
    account, number = "acc_123abc", "+14155551234"

    def call(client: Any, i: int) -> Any:
        if i % 2:
            body = AssignApplicationRequest(application_id="app_xyz789")
            return assign_number_to_application.asyncio_detailed(account, number, client=client, body=body)
        return assign_number_to_trunk.asyncio_detailed(
            account, number, client=client, body=AssignTrunkRequest(trunk_id="trunk_def456")
        )

    responses = await together(sandbox, "tryvox", call)
    assert {r.status_code for r in responses} == {200}
    assert all((r.parsed.trunk_id is None) != (r.parsed.application_id is None) for r in responses)
    [final] = [n for n in sandbox.state("tryvox")["acc_123abc"]["numbers"] if n["e164"] == number]
    assert (final["trunk_id"] is None) != (final["application_id"] is None)
    last = max(responses, key=lambda r: r.parsed.updated_at)  # the last change is what stays
    assert (final["trunk_id"], final["application_id"]) == (last.parsed.trunk_id, last.parsed.application_id)


async def test_bolna_one_number_on_two_trunks_at_once(sandbox: RunningSandbox) -> None:
    trunks = ("01HQXYZ456DEF789GHI", "01HQXYZ123ABC456DEF")
    auth = {"Authorization": f"Bearer {sandbox.credentials('bolna')['token']}"}
    async with httpx.AsyncClient(base_url=sandbox.base_url("bolna"), headers=auth, timeout=30.0,
                                 limits=httpx.Limits(max_connections=N)) as client:  # fmt: skip
        requests = [
            client.post(f"/sip-trunks/trunks/{trunks[i % 2]}/numbers", json={"phone_number": "+14155550777"})
            for i in range(N)
        ]
        responses = await asyncio.wait_for(asyncio.gather(*requests), TIMEOUT)
    assert Counter(r.status_code for r in responses) == {201: 1, 400: N - 1}
    live = [
        n
        for n in sandbox.state("bolna")["numbers"]
        if n["phone_number"] == "+14155550777" and not n["deleted"]
    ]
    assert len(live) == 1


async def test_twilio_one_number_associated_and_removed_at_once(sandbox: RunningSandbox) -> None:
    """Associating moves a number (sandbox/twilio.py): after N racing associations it is on one of the
    two trunks and listed there only; then of N racing removals exactly one is a 204."""
    credentials = sandbox.credentials("twilio")
    trunks = (sandbox.extras("twilio")["trunk_sid"], sandbox.extras("twilio")["other_trunk_sid"])
    number = "PN" + "b" * 32
    async with httpx.AsyncClient(base_url=sandbox.base_url("twilio"), timeout=30.0,
                                 auth=(credentials["account_sid"], credentials["auth_token"]),
                                 limits=httpx.Limits(max_connections=N)) as client:  # fmt: skip
        requests = [
            client.post(f"/v1/Trunks/{trunks[i % 2]}/PhoneNumbers", data={"PhoneNumberSid": number})
            for i in range(N)
        ]
        responses = await asyncio.wait_for(asyncio.gather(*requests), TIMEOUT)
        assert Counter(r.status_code for r in responses) == {201: N}
        [final] = [
            n for n in sandbox.state("twilio")[credentials["account_sid"]]["numbers"] if n["sid"] == number
        ]
        assert final["trunk_sid"] in trunks
        listed = {
            trunk: [
                n["sid"]
                for n in (await client.get(f"/v1/Trunks/{trunk}/PhoneNumbers")).json()["phone_numbers"]
            ]
            for trunk in trunks
        }
        assert number in listed[final["trunk_sid"]]
        assert number not in listed[({*trunks} - {final["trunk_sid"]}).pop()]

        removals = [client.delete(f"/v1/Trunks/{final['trunk_sid']}/PhoneNumbers/{number}") for _ in range(N)]
        removed = await asyncio.wait_for(asyncio.gather(*removals), TIMEOUT)
    assert Counter(r.status_code for r in removed) == {204: 1, 404: N - 1}
    assert {r.json()["code"] for r in removed if r.status_code == 404} == {20404}
