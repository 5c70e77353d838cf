"""The whole routing job through each package's resource client (issue 12), sync and async, on the sandbox.

Per provider: find the number, route it, verify by listing, unroute it, verify again, with the
client a user builds (``Vobiz(...)``, ``AsyncVobiz(...)``: design-12, "Client classes"), keyword
bodies, pagination and ``with_raw_response``. The sync job builds its client from the environment
(``VOBIZ_AUTH_ID`` ... as ``sandbox.environ()`` names them), the async one from explicit arguments,
so both ways of configuring a client are exercised. Every exchange is judged after the test by the
conformance oracle (the ``exchanges`` fixture), like the module-function tests beside this file.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from bolna_client import AsyncBolna, Bolna
from bolna_client.models import SIPTrunkPhoneNumberResponse
from mihu_client import AsyncMihu, Mihu, NotFoundError
from tryvox_client import AsyncTryVox, TryVox
from twilio_client import AsyncTwilio, Twilio
from twilio_client.models import ApiV2010AccountIncomingPhoneNumber
from vobiz_client import AsyncVobiz, BadRequestError, Vobiz
from vobiz_client.models import PhoneNumberList
from vobiz_client.types import UNSET

from sandbox.testing import RunningSandbox
from sandbox.yamlload import load_yaml_file

from .conftest import Exchanges

# Vobiz fixture (sandbox/fixtures/vobiz.yaml)
V_TRUNK = "aabbccdd-1234-5678-90ab-cdef12345678"  # "Acme Production Trunk"
V_OTHER_TRUNK = "e3e55a78-1234-5678-90ab-cdef12345678"  # "Acme Backup Trunk"
V_FREE = "+912271264217"  # on no trunk
V_NUMBERS = {"+919876543210", "+912271264217", "+912271263984"}
# TryVox fixture
T_ACCOUNT = "acc_123abc"
T_NUMBER = "+14155551234"  # on trunk_abc123
T_NUMBERS = {"+14155551234", "+14155550199", "+12125550147", "+442071838750"}
# Mihu fixture
M_NUMBER = "+12345678901"  # call -> Front desk
M_FRONT_DESK = "3c90c3cc-0d44-4b50-8888-8dd25736052a"
M_AFTER_HOURS = "6f1c2e4a-8b7d-4c3e-9a2f-1d5e7b9c0a34"
# Bolna fixture
B_TRUNK = "01HQXYZ123ABC456DEF"  # holds 919876543210
B_OTHER = "01HQXYZ456DEF789GHI"  # active, empty
B_NEW = "+14155550999"
# Twilio fixture
W_TRUNK = "TKbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"  # empty
W_FREE = "+18089255327"  # on no trunk


ROOT = Path(__file__).resolve().parents[2]


def needs_paging(provider: str, operation: str) -> None:
    """Fail with the reason when the spec declares no x-pagination for the operation (issue 12's spec change)."""
    spec = load_yaml_file(ROOT / "specs" / provider / "openapi.yaml")
    for item in spec["paths"].values():
        for op in item.values():
            if isinstance(op, dict) and op.get("operationId") == operation and op.get("x-pagination"):
                return
    pytest.fail(
        f"specs/{provider}/openapi.yaml declares no x-pagination for {operation} yet: issue 12's spec "
        "change declares it in the overlay; until it is merged the method returns the body, not a page"
    )


@pytest.fixture
def environ(sandbox: RunningSandbox, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """<PROVIDER>_BASE_URL and the credentials in the environment, pointing at the sandbox."""
    for name, value in sandbox.environ().items():
        monkeypatch.setenv(name, value)
    yield


def wiring(exchanges: Exchanges, asynchronous: bool = False) -> dict[str, Any]:
    """Settings every client here gets: no retries (a fault must show), every exchange judged."""
    hooks = exchanges.async_hooks() if asynchronous else exchanges.sync_hooks()
    return {"max_retries": 0, "timeout": 10.0, "httpx_args": {"event_hooks": hooks}}


def explicit(sandbox: RunningSandbox, provider: str) -> dict[str, Any]:
    return {"base_url": sandbox.base_url(provider), **sandbox.credentials(provider)}


def sent_queries(exchanges: Exchanges, path_end: str) -> list[dict[str, list[str]]]:
    """The query of every GET the clients sent whose path ends with ``path_end``, in order."""
    return [
        parse_qs(urlsplit(str(request.url)).query)
        for _, request, _ in exchanges.seen
        if request.method == "GET" and request.url.path.endswith(path_end)
    ]


# ---- Vobiz ---------------------------------------------------------------------------------


def test_vobiz_routing_job(environ: None, exchanges: Exchanges) -> None:
    needs_paging("vobiz", "list_numbers")
    with Vobiz(**wiring(exchanges)) as client:
        # find the number: every page, one number per page, fetched as the iteration goes
        found = [n for n in client.phone_numbers.list_numbers(per_page=1) if n.e164 == V_FREE]
        assert [n.trunk_group_id for n in found] == [UNSET]

        # route it: path value positional, body field as a keyword (a str id)
        client.phone_numbers.assign_number_to_trunk(V_FREE, trunk_group_id=V_TRUNK)  # 204: returns None

        # verify by listing: the id read back is the str that was sent
        page = client.phone_numbers.list_numbers(search=V_FREE)
        assert [n.trunk_group_id for n in page.items] == [V_TRUNK]
        assert page.items[0].trunk_group_id == V_TRUNK

        # unroute it, verify again
        client.phone_numbers.unassign_number_from_trunk(V_FREE)  # 204: returns None
        assert [n.trunk_group_id for n in client.phone_numbers.list_numbers(search=V_FREE)] == [UNSET]


async def test_vobiz_routing_job_async(sandbox: RunningSandbox, exchanges: Exchanges) -> None:
    needs_paging("vobiz", "list_numbers")
    async with AsyncVobiz(**explicit(sandbox, "vobiz"), **wiring(exchanges, asynchronous=True)) as client:
        found = [n async for n in client.phone_numbers.list_numbers(per_page=1) if n.e164 == V_FREE]
        assert len(found) == 1

        # a uuid.UUID is accepted where the spec says format: uuid; body= a plain dict works too
        await client.phone_numbers.assign_number_to_trunk(V_FREE, trunk_group_id=uuid.UUID(V_TRUNK))
        first = await client.phone_numbers.list_numbers(search=V_FREE)  # awaited: the first page
        assert [n.trunk_group_id for n in first.items] == [V_TRUNK]

        await client.phone_numbers.unassign_number_from_trunk(V_FREE)
        first = await client.phone_numbers.list_numbers(search=V_FREE)
        assert [n.trunk_group_id for n in first.items] == [UNSET]

        await client.phone_numbers.assign_number_to_trunk(V_FREE, body={"trunk_group_id": V_OTHER_TRUNK})
        first = await client.phone_numbers.list_numbers(search=V_FREE)
        assert [n.trunk_group_id for n in first.items] == [V_OTHER_TRUNK]


def test_vobiz_pagination_walks_every_page_lazily_and_stops_at_the_total(
    sandbox: RunningSandbox, exchanges: Exchanges
) -> None:
    needs_paging("vobiz", "list_numbers")
    with Vobiz(**explicit(sandbox, "vobiz"), **wiring(exchanges)) as client:
        pages = client.phone_numbers.list_numbers(per_page=1)
        assert len(sent_queries(exchanges, "/numbers")) == 1  # the first page only, so far
        assert len(pages.items) == 1 and pages.response.total == 3

        iterator = iter(pages)
        head = next(iterator)
        assert len(sent_queries(exchanges, "/numbers")) == 1  # lazy: page 2 is not fetched yet
        assert {head.e164, *(n.e164 for n in iterator)} == V_NUMBERS
        # pages 1, 2, 3 and not a 4th: the declared total (3) says there is none
        assert [q.get("page") for q in sent_queries(exchanges, "/numbers")] == [["1"], ["2"], ["3"]]

        first = client.phone_numbers.list_numbers(per_page=2)
        assert first.has_next_page()
        second = first.get_next_page()
        assert (len(first.items), len(second.items)) == (2, 1)
        assert not second.has_next_page()
        assert {n.e164 for n in [*first.items, *second.items]} == V_NUMBERS


async def test_vobiz_async_pagination(sandbox: RunningSandbox, exchanges: Exchanges) -> None:
    needs_paging("vobiz", "list_numbers")
    async with AsyncVobiz(**explicit(sandbox, "vobiz"), **wiring(exchanges, asynchronous=True)) as client:
        assert {n.e164 async for n in client.phone_numbers.list_numbers(per_page=1)} == V_NUMBERS
        first = await client.phone_numbers.list_numbers(per_page=2)
        assert first.has_next_page()
        second = await first.get_next_page()
        assert len(second.items) == 1 and not second.has_next_page()


def _list_trunks(client: Any, sandbox: RunningSandbox) -> Any:
    """The method; a skip while the spec lacks the operation, a clear failure while the sandbox does."""
    method = getattr(client.trunks, "list_trunks", None)
    if method is None:
        pytest.skip(
            "vobiz list_trunks (GET /api/v1/Account/{auth_id}/trunks) is not in specs/vobiz yet: "
            "the spec helper of issue 12 brings it into scope"
        )
    credentials = sandbox.credentials("vobiz")
    probe = httpx.get(
        f"{sandbox.base_url('vobiz')}/api/v1/Account/{credentials['auth_id']}/trunks",
        headers={"X-Auth-ID": credentials["auth_id"], "X-Auth-Token": credentials["auth_token"]},
        timeout=10.0,
    )
    if probe.status_code == 501:
        pytest.fail(f"sandbox/vobiz.py has no list_trunks semantics yet (501: {probe.text})")
    return method


def test_vobiz_list_trunks_finds_a_trunk_id_by_name(sandbox: RunningSandbox, exchanges: Exchanges) -> None:
    with Vobiz(**explicit(sandbox, "vobiz"), **wiring(exchanges)) as client:
        list_trunks = _list_trunks(client, sandbox)
        [account] = [a for a in sandbox.fixture("vobiz")["accounts"] if a["auth_id"] == "MA_XXXXXXXX"]
        trunks = {t.name: t.trunk_id for t in list_trunks(limit=1)}  # one trunk per page, every page
        assert trunks == {t["name"]: t["trunk_id"] for t in account["trunks"]}
        assert (trunks["Acme Production Trunk"], trunks["Acme Backup Trunk"]) == (V_TRUNK, V_OTHER_TRUNK)
        offsets = [q.get("offset", ["0"])[0] for q in sent_queries(exchanges, "/trunks")]
        # one request per trunk, then the declared total (meta.total) ends the walk: no extra request
        assert offsets == [str(i) for i in range(len(trunks))]

        client.phone_numbers.assign_number_to_trunk(V_FREE, trunk_group_id=trunks["Acme Production Trunk"])
        [number] = client.phone_numbers.list_numbers(search=V_FREE).items
        assert number.trunk_group_id == trunks["Acme Production Trunk"]


async def test_vobiz_list_trunks_async(sandbox: RunningSandbox, exchanges: Exchanges) -> None:
    async with AsyncVobiz(**explicit(sandbox, "vobiz"), **wiring(exchanges, asynchronous=True)) as client:
        list_trunks = _list_trunks(client, sandbox)
        assert {t.trunk_id async for t in list_trunks(limit=1)} >= {V_TRUNK, V_OTHER_TRUNK}
        assert len({t.trunk_id async for t in list_trunks(limit=2)}) == len([t async for t in list_trunks()])


def test_vobiz_with_raw_response_never_raises_for_a_status(
    sandbox: RunningSandbox, exchanges: Exchanges
) -> None:
    with Vobiz(**explicit(sandbox, "vobiz"), **wiring(exchanges)) as client:
        raw = client.phone_numbers.with_raw_response
        done = raw.assign_number_to_trunk(V_FREE, trunk_group_id=V_TRUNK)
        assert (done.status_code, done.content, done.parsed, done.retries) == (204, b"", None, 0)

        again = raw.assign_number_to_trunk(V_FREE, trunk_group_id=V_TRUNK)  # the documented 400
        assert again.status_code == 400
        assert b"This number is already assigned to a trunk." in again.content

        listed = raw.list_numbers(search=V_FREE)
        assert listed.status_code == 200
        assert isinstance(listed.parsed, PhoneNumberList)  # the body model, not a page
        assert [n.trunk_group_id for n in listed.parsed.items] == [V_TRUNK]

        # the same call through the raising method names the operation and the path template
        with pytest.raises(BadRequestError) as caught:
            client.phone_numbers.assign_number_to_trunk(V_FREE, trunk_group_id=V_TRUNK)
        assert str(caught.value) == (
            "assign_number_to_trunk POST /api/v1/Account/{auth_id}/numbers/{phone_number}/assign: "
            "HTTP 400: This number is already assigned to a trunk."
        )
        assert (caught.value.operation, caught.value.status_code) == ("assign_number_to_trunk", 400)


# ---- TryVox --------------------------------------------------------------------------------


def _tryvox_routing(client: Any) -> dict[str, tuple[str | None, str | None]]:
    return {
        n.e164: (n.trunk_id, n.application_id) for n in client.numbers.list_numbers(T_ACCOUNT, per_page=1)
    }


def test_tryvox_routing_job(environ: None, exchanges: Exchanges) -> None:
    needs_paging("tryvox", "list_numbers")
    with TryVox(**wiring(exchanges)) as client:
        routing = _tryvox_routing(client)  # every page, one number each
        assert set(routing) == T_NUMBERS and routing[T_NUMBER] == ("trunk_abc123", None)

        routed = client.numbers.assign_number_to_trunk(T_ACCOUNT, T_NUMBER, trunk_id="trunk_def456")
        assert (routed.trunk_id, routed.application_id) == ("trunk_def456", None)
        assert _tryvox_routing(client)[T_NUMBER] == ("trunk_def456", None)

        on_app = client.numbers.assign_number_to_application(
            T_ACCOUNT, T_NUMBER, body={"application_id": "app_xyz789"}
        )
        assert (on_app.trunk_id, on_app.application_id) == (None, "app_xyz789")

        client.numbers.unassign_number_from_application(T_ACCOUNT, T_NUMBER)
        assert _tryvox_routing(client)[T_NUMBER] == (None, None)

        active = {n.e164 for n in client.numbers.list_numbers(T_ACCOUNT, status="active")}  # enum as str
        assert active == T_NUMBERS - {"+442071838750"}


async def test_tryvox_routing_job_async(sandbox: RunningSandbox, exchanges: Exchanges) -> None:
    needs_paging("tryvox", "list_numbers")
    async with AsyncTryVox(**explicit(sandbox, "tryvox"), **wiring(exchanges, asynchronous=True)) as client:
        found = [n async for n in client.numbers.list_numbers(T_ACCOUNT, per_page=3) if n.e164 == T_NUMBER]
        assert [n.trunk_id for n in found] == ["trunk_abc123"]

        await client.numbers.assign_number_to_application(T_ACCOUNT, T_NUMBER, application_id="app_ivr001")
        page = await client.numbers.list_numbers(T_ACCOUNT, per_page=100)
        assert [(n.trunk_id, n.application_id) for n in page.items if n.e164 == T_NUMBER] == [
            (None, "app_ivr001")
        ]

        await client.numbers.unassign_number_from_application(T_ACCOUNT, T_NUMBER)
        page = await client.numbers.list_numbers(T_ACCOUNT, per_page=100)
        assert [(n.trunk_id, n.application_id) for n in page.items if n.e164 == T_NUMBER] == [(None, None)]


def test_tryvox_pages(sandbox: RunningSandbox, exchanges: Exchanges) -> None:
    needs_paging("tryvox", "list_numbers")
    with TryVox(**explicit(sandbox, "tryvox"), **wiring(exchanges)) as client:
        first = client.numbers.list_numbers(T_ACCOUNT, per_page=3)
        assert (len(first.items), first.response.pagination.total) == (3, 4)
        assert first.has_next_page()
        second = first.get_next_page()
        assert [n.e164 for n in second.items] == ["+442071838750"] and not second.has_next_page()

        raw = client.numbers.with_raw_response.assign_number_to_trunk(
            T_ACCOUNT, T_NUMBER, trunk_id="trunk_zzz999"
        )
        assert raw.status_code == 404  # "Trunk or application not found", not raised


# ---- Mihu ----------------------------------------------------------------------------------


def _mihu_call_agents(client: Any) -> dict[str, str | None]:
    """number -> the agent bound on its call channel, from list_trunks."""
    out = {}
    for number in client.phone_numbers.list_trunks().data.items:
        call = number.bindings.call if number.bindings else None
        out[number.number] = call.agent_uuid if call and call.bound else None
    return out


def test_mihu_routing_job(environ: None, exchanges: Exchanges) -> None:
    with Mihu(**wiring(exchanges)) as client:
        assert _mihu_call_agents(client) == {M_NUMBER: M_FRONT_DESK}  # find it

        moved = client.phone_numbers.assign_trunk_to_agent(
            phone_number=M_NUMBER, channel="call", agent_uuid=M_AFTER_HOURS
        )
        assert moved.data.channels.call.agent_uuid == M_AFTER_HOURS  # str, equal to the str sent
        assert _mihu_call_agents(client) == {M_NUMBER: M_AFTER_HOURS}

        deleted = client.phone_numbers.delete_trunk(phone_number=M_NUMBER, channel="call")  # enum as str
        assert deleted is not None
        assert (deleted.success, deleted.message) == (True, "Trunk deleted")
        assert _mihu_call_agents(client) == {}
        with pytest.raises(NotFoundError):
            client.phone_numbers.get_number_channels(number=M_NUMBER)


async def test_mihu_routing_job_async(sandbox: RunningSandbox, exchanges: Exchanges) -> None:
    new = "+12025550123"
    async with AsyncMihu(**explicit(sandbox, "mihu"), **wiring(exchanges, asynchronous=True)) as client:
        created = await client.phone_numbers.register_trunk(
            phone_number=new, agent_uuid=uuid.UUID(M_AFTER_HOURS), channel="whatsapp", name="wa line"
        )
        assert created.data.channels.whatsapp.agent_uuid == M_AFTER_HOURS
        listed = await client.phone_numbers.list_trunks()
        assert {n.number for n in listed.data.items} == {M_NUMBER, new}

        raw = await client.phone_numbers.with_raw_response.delete_trunk(phone_number=new, channel="whatsapp")
        assert raw.status_code in (200, 204)
        listed = await client.phone_numbers.list_trunks()
        assert {n.number for n in listed.data.items} == {M_NUMBER}


# ---- Bolna ---------------------------------------------------------------------------------


def test_bolna_routing_job(environ: None, exchanges: Exchanges) -> None:
    with Bolna(**wiring(exchanges)) as client:
        [existing] = client.sip_trunks.list_trunk_numbers(B_TRUNK)  # find
        assert existing.phone_number == "919876543210"

        added = client.sip_trunks.add_number_to_trunk(B_OTHER, phone_number=B_NEW, name="Front desk")
        assert (added.phone_number, added.byot_trunk_id) == (B_NEW, B_OTHER)
        assert [n.id for n in client.sip_trunks.list_trunk_numbers(B_OTHER)] == [added.id]

        removed = client.sip_trunks.remove_number_from_trunk(B_OTHER, added.id)
        assert removed.message == "Phone number removed successfully"
        assert client.sip_trunks.list_trunk_numbers(B_OTHER) == []


async def test_bolna_routing_job_async(sandbox: RunningSandbox, exchanges: Exchanges) -> None:
    async with AsyncBolna(**explicit(sandbox, "bolna"), **wiring(exchanges, asynchronous=True)) as client:
        raw = await client.sip_trunks.with_raw_response.add_number_to_trunk(
            B_OTHER, body={"phone_number": B_NEW}
        )
        assert raw.status_code == 201
        added = raw.parsed
        assert isinstance(added, SIPTrunkPhoneNumberResponse)
        assert [n.phone_number for n in await client.sip_trunks.list_trunk_numbers(B_OTHER)] == [B_NEW]

        await client.sip_trunks.remove_number_from_trunk(B_OTHER, added.id)
        assert await client.sip_trunks.list_trunk_numbers(B_OTHER) == []


# ---- Twilio --------------------------------------------------------------------------------


def test_twilio_routing_job(environ: None, exchanges: Exchanges) -> None:
    needs_paging("twilio", "list_phone_number")
    with Twilio(**wiring(exchanges)) as client:  # TWILIO_BASE_URL: both servers' operations, one mount
        [number] = client.incoming_phone_numbers.list_incoming_phone_number(phone_number=W_FREE)  # find
        assert isinstance(number.sid, str)  # required and never null (specs/twilio/overlay.yaml)
        routed = client.trunk_phone_numbers.create_phone_number(W_TRUNK, phone_number_sid=number.sid)
        assert (routed.sid, routed.trunk_sid) == (number.sid, W_TRUNK)
        assert [n.sid for n in client.trunk_phone_numbers.list_phone_number(W_TRUNK, page_size=1)] == [
            number.sid
        ]

        client.trunk_phone_numbers.delete_phone_number(W_TRUNK, number.sid)
        assert list(client.trunk_phone_numbers.list_phone_number(W_TRUNK)) == []
        assert client.incoming_phone_numbers.fetch_incoming_phone_number(number.sid).trunk_sid is None


async def test_twilio_routing_job_async(sandbox: RunningSandbox, exchanges: Exchanges) -> None:
    async with AsyncTwilio(**explicit(sandbox, "twilio"), **wiring(exchanges, asynchronous=True)) as client:
        [number] = (await client.incoming_phone_numbers.list_incoming_phone_number(phone_number=W_FREE)).items
        assert isinstance(number.sid, str)
        raw = await client.incoming_phone_numbers.with_raw_response.update_incoming_phone_number(
            number.sid, trunk_sid=W_TRUNK
        )
        assert isinstance(raw.parsed, ApiV2010AccountIncomingPhoneNumber)
        assert (raw.status_code, raw.parsed.trunk_sid) == (200, W_TRUNK)
        assert [n.sid async for n in client.trunk_phone_numbers.list_phone_number(W_TRUNK)] == [number.sid]
        await client.trunk_phone_numbers.delete_phone_number(W_TRUNK, number.sid)
        assert [n.sid async for n in client.trunk_phone_numbers.list_phone_number(W_TRUNK)] == []
