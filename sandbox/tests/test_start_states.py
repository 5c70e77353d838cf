"""What a scenario needs to start from a documented example: a fixture variant, and answers no state gives.

Conformance scenarios recorded against the sandbox (conformance/conftest.py, the ``sandbox``
marker) reseed a provider with a variant of the fixture it started with, may arm a fault,
and send the vendors' own hosts through the sandbox as a proxy (sandbox/vhosts.py).
"""

from __future__ import annotations

import copy
import datetime
import socket
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
from bolna_client.api.sip_trunks import add_number_to_trunk
from bolna_client.models import SIPTrunkPhoneNumberRequest
from mihu_client import BadRequestError
from mihu_client.api.phone_numbers import list_trunks, register_trunk
from mihu_client.models import RegisterTrunkRequest, TrunkChannel
from tryvox_client import UnprocessableEntityError
from tryvox_client.api.numbers import assign_number_to_trunk, list_numbers
from tryvox_client.models import AssignTrunkRequest, ErrorCode

from sandbox.testing import RunningSandbox, bind_loopback

from .conftest import Exchanges, make_client

Variant = Callable[[str, Callable[[dict[str, Any]], None]], None]


@pytest.fixture
def reseed(sandbox: RunningSandbox) -> Iterator[Variant]:
    """reseed(provider, change): the provider's started fixture, changed; put back afterwards."""
    touched: list[str] = []

    def apply(provider: str, change: Callable[[dict[str, Any]], None]) -> None:
        fixture = copy.deepcopy(sandbox.fixture(provider))
        change(fixture)
        sandbox.reset(provider, fixture)
        touched.append(provider)

    yield apply
    for provider in touched:
        sandbox.reset(provider, sandbox.fixture(provider))


# ---- a fixture's own clock -----------------------------------------------------------------


def test_a_fixture_clock_gives_the_documented_timestamps_in_order(
    tryvox: Any, reseed: Variant, sandbox: RunningSandbox
) -> None:
    reseed("tryvox", lambda f: f.update(clock={"start": "2026-04-09T11:15:00Z", "step": 300}))
    first = assign_number_to_trunk.sync(
        "acc_123abc", "+14155551234", client=tryvox, body=AssignTrunkRequest(trunk_id="trunk_abc123")
    )
    second = assign_number_to_trunk.sync(
        "acc_123abc", "+14155551234", client=tryvox, body=AssignTrunkRequest(trunk_id="trunk_def456")
    )
    at = datetime.datetime(2026, 4, 9, 11, 15, tzinfo=datetime.UTC)
    assert (first.updated_at, second.updated_at) == (at, at + datetime.timedelta(minutes=5))
    sandbox.reset("tryvox")  # a reset restarts the fixture's clock
    again = assign_number_to_trunk.sync(
        "acc_123abc", "+14155551234", client=tryvox, body=AssignTrunkRequest(trunk_id="trunk_abc123")
    )
    assert again.updated_at == at


@pytest.mark.parametrize(
    ("clock", "problem"),
    [
        ("2026-04-09T11:15:00Z", "expected {start"),
        ({"start": "yesterday"}, "clock.start"),
        ({"start": "2026-04-09T11:15:00Z", "step": 0}, "clock.step"),
        ({"start": "2026-04-09T11:15:00Z", "step": 0.5}, "whole seconds"),
    ],
)
def test_a_bad_clock_is_refused_and_changes_nothing(
    raw: httpx.Client, sandbox: RunningSandbox, clock: Any, problem: str
) -> None:
    before = sandbox.state("tryvox")
    fixture = {**sandbox.fixture("tryvox"), "clock": clock}
    response = raw.post("/_sandbox/reset", params={"provider": "tryvox"}, json=fixture)
    assert response.status_code == 400
    assert problem in response.json()["sandbox_error"]
    assert sandbox.state("tryvox") == before


# ---- ids a documented example shows --------------------------------------------------------


def test_bolna_hands_out_the_planned_ids_first(bolna: Any, reseed: Variant) -> None:
    def change(fixture: dict[str, Any]) -> None:
        fixture["accounts"][0]["numbers"] = []
        fixture["next_number_ids"] = ["01HQXYZ222BBB222CCC"]
        fixture["clock"] = {"start": "2023-11-07T05:31:56Z"}

    reseed("bolna", change)
    trunk = "01HQXYZ123ABC456DEF"
    first = add_number_to_trunk.sync(
        trunk, client=bolna, body=SIPTrunkPhoneNumberRequest(phone_number="919876543210")
    )
    second = add_number_to_trunk.sync(
        trunk, client=bolna, body=SIPTrunkPhoneNumberRequest(phone_number="+14155550000")
    )
    assert first.id == "01HQXYZ222BBB222CCC"
    assert isinstance(first.created_at, datetime.datetime)
    assert first.created_at.isoformat() == "2023-11-07T05:31:56+00:00"
    assert second.id.startswith("01SBX")  # then the sandbox's own


def test_mihu_gives_a_newly_registered_number_its_planned_uuid(mihu: Any, reseed: Variant) -> None:
    number, planned = "+15005550006", "9bcb8f00-c0c5-4ee1-9b75-ad1e87a2bd8b"

    def change(fixture: dict[str, Any]) -> None:
        fixture["numbers"] = [n for n in fixture["numbers"] if n["number"] != "+12345678901"]
        fixture["planned_uuids"] = {number: planned}

    reseed("mihu", change)
    body = RegisterTrunkRequest(
        phone_number=number, agent_uuid="3c90c3cc-0d44-4b50-8888-8dd25736052a", channel=TrunkChannel.CALL
    )
    assert str(register_trunk.sync(client=mihu, body=body).data.phone_number_uuid) == planned


# ---- documented answers no state produces --------------------------------------------------


def test_an_api_wide_422_fault_has_the_vendor_body(sandbox: RunningSandbox) -> None:
    client = sandbox.client("tryvox", max_retries=0)
    sandbox.arm_fault("422", provider="tryvox")
    with pytest.raises(UnprocessableEntityError) as caught:
        list_numbers.sync("acc_123abc", client=client)
    assert (caught.value.body.error.code, caught.value.message) == (
        ErrorCode.VERIFICATION_FAILED,
        "Verification failed",
    )
    # count=1: then the real answer
    assert list_numbers.sync("acc_123abc", client=client).pagination.total == 4


def test_a_400_fault_has_the_vendor_body(sandbox: RunningSandbox, exchanges: Exchanges) -> None:
    client = make_client(sandbox, exchanges, "mihu")
    sandbox.arm_fault("400", provider="mihu")
    with pytest.raises(BadRequestError) as caught:
        list_trunks.sync(client=client)
    assert (caught.value.body.error.code, caught.value.message) == ("BAD_REQUEST", "Malformed request")


# ---- the vendors' own hosts, the sandbox as the proxy --------------------------------------


def test_a_client_sends_the_vendor_host_and_paths_through_the_sandbox(sandbox: RunningSandbox) -> None:
    sent: list[httpx.Request] = []
    client = sandbox.client(
        "tryvox",
        base_url=sandbox.vendor_base_url("tryvox"),
        max_retries=0,
        httpx_args={"proxy": sandbox.url, "event_hooks": {"request": [sent.append]}},
    )
    page = list_numbers.sync("acc_123abc", client=client)
    assert page.pagination.total == 4
    assert (sent[0].url.host, sent[0].url.raw_path) == (
        "api.tryvox.io",
        b"/v1/account/acc_123abc/numbers?page=1&per_page=20",
    )


def test_the_proxy_environment_reaches_the_sandbox_only(
    sandbox: RunningSandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HTTP_PROXY", "http://proxy.invalid:3128")  # the caller's own proxy must not win
    monkeypatch.setenv("NO_PROXY", "demo.mihu.ai")
    env = sandbox.environ(vendor_hosts=True)
    assert env["MIHU_BASE_URL"] == "http://demo.mihu.ai"
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    with httpx.Client(timeout=10) as client:
        response = client.get(
            "http://demo.mihu.ai/api/v1/phone-numbers/trunks",
            headers={"Authorization": "Bearer sandbox-mihu-token"},
        )
        assert response.status_code == 200
        # no TLS to the vendor: CONNECT is refused, nothing leaves loopback
        with pytest.raises(httpx.ProxyError):
            client.get("https://api.vobiz.ai/")


def test_an_absolute_form_request_line_is_served_by_the_host_it_names(sandbox: RunningSandbox) -> None:
    host, port = sandbox.url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(
            b"GET http://api.bolna.ai/sip-trunks/trunks/01HQXYZ123ABC456DEF/numbers HTTP/1.1\r\n"
            b"Host: ignored.invalid\r\nAuthorization: Bearer sandbox-bolna-key\r\nConnection: close\r\n\r\n"
        )
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    assert answer.startswith(b"HTTP/1.1 200")
    assert b'"01HQXYZ222BBB222CCC"' in answer


def test_a_host_header_alone_routes_and_other_hosts_keep_the_mounts(raw: httpx.Client) -> None:
    trunks = "/api/v1/phone-numbers/trunks"
    auth = {"Authorization": "Bearer sandbox-mihu-token"}
    assert raw.get(trunks, headers={**auth, "Host": "acme.mihu.ai"}).status_code == 200  # any tenant
    assert raw.get(trunks, headers=auth).status_code == 404  # 127.0.0.1: the mounts, as before
    assert raw.get("/mihu" + trunks, headers=auth).status_code == 200
    assert raw.get(trunks, headers={**auth, "Host": "mihu.ai.example"}).status_code == 404


def test_the_listening_socket_is_tcp_so_connections_get_nodelay() -> None:
    # asyncio sets TCP_NODELAY on accepted connections only when the socket's proto is TCP; without
    # it each keep-alive request after the first waited ~40 ms (Nagle against delayed ACKs).
    sock = bind_loopback()
    try:
        assert sock.proto == socket.IPPROTO_TCP
    finally:
        sock.close()
