"""Fault injection driving the generated clients' retry rules (README "Retries") against a real server."""

from __future__ import annotations

import time
import uuid
from typing import Any

import httpx
import pytest
from vobiz_client import (
    ApiConnectionError,
    ApiTimeoutError,
    AuthenticatedClient,
    RateLimitedError,
    ServerError,
)
from vobiz_client.api.phone_numbers import assign_number_to_trunk, list_numbers
from vobiz_client.models import AssignNumberToTrunkBody

from sandbox.faults import parse_fault
from sandbox.testing import RunningSandbox

from .conftest import Exchanges, make_client

NUMBER = "+912271264217"
BODY = AssignNumberToTrunkBody(trunk_group_id=uuid.UUID("aabbccdd-1234-5678-90ab-cdef12345678"))


@pytest.fixture
def retrying(sandbox: RunningSandbox) -> AuthenticatedClient:
    """The Vobiz client with its default retries (2). Not judged: injected faults are not the spec's."""
    client: AuthenticatedClient = sandbox.client("vobiz", timeout=10.0)
    return client


def faulty(client: AuthenticatedClient, fault: str) -> AuthenticatedClient:
    return client.with_headers({"X-Sandbox-Fault": fault})


def assigned(sandbox: RunningSandbox) -> bool:
    numbers = sandbox.state("vobiz")["MA_XXXXXXXX"]["numbers"]
    return any(n["e164"] == NUMBER and "trunk_group_id" in n for n in numbers)


def test_429_with_retry_after_0_then_success_is_one_retry(retrying: AuthenticatedClient) -> None:
    response = list_numbers.sync_detailed(client=faulty(retrying, "429;retry-after=0;count=1"))
    assert (response.status_code, response.retries) == (200, 1)


def test_two_429s_are_two_retries(retrying: AuthenticatedClient) -> None:
    response = list_numbers.sync_detailed(client=faulty(retrying, "429;retry-after=0;count=2"))
    assert (response.status_code, response.retries) == (200, 2)


def test_more_429s_than_retries_raise_with_the_vendor_body(retrying: AuthenticatedClient) -> None:
    with pytest.raises(RateLimitedError) as caught:
        list_numbers.sync(client=faulty(retrying, "429;retry-after=0;count=3"))
    assert caught.value.retries == 2
    assert caught.value.headers["Retry-After"] == "0"
    assert caught.value.body.error == "too many requests"


def test_a_post_is_retried_after_429_and_applied_once(
    retrying: AuthenticatedClient, sandbox: RunningSandbox
) -> None:
    response = assign_number_to_trunk.sync_detailed(
        NUMBER, client=faulty(retrying, "429;retry-after=0;count=1"), body=BODY
    )
    assert (response.status_code, response.retries) == (204, 1)
    assert assigned(sandbox)


def test_a_post_is_not_retried_after_503(retrying: AuthenticatedClient, sandbox: RunningSandbox) -> None:
    with pytest.raises(ServerError) as caught:
        assign_number_to_trunk.sync(NUMBER, client=faulty(retrying, "503;retry-after=0"), body=BODY)
    assert (caught.value.status_code, caught.value.retries) == (503, 0)
    assert not assigned(sandbox)  # the fault answered before any semantics ran


@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_a_get_is_retried_after_5xx(retrying: AuthenticatedClient, status: int) -> None:
    response = list_numbers.sync_detailed(client=faulty(retrying, f"{status};retry-after=0;count=1"))
    assert (response.status_code, response.retries) == (200, 1)


def test_a_dropped_connection_is_retried_for_a_get(retrying: AuthenticatedClient) -> None:
    response = list_numbers.sync_detailed(client=faulty(retrying, "drop;count=1"))
    assert (response.status_code, response.retries) == (200, 1)


def test_a_dropped_connection_is_not_retried_for_a_post(
    retrying: AuthenticatedClient, sandbox: RunningSandbox
) -> None:
    with pytest.raises(ApiConnectionError) as caught:
        assign_number_to_trunk.sync(NUMBER, client=faulty(retrying, "drop"), body=BODY)
    assert caught.value.retries == 0
    assert not assigned(sandbox)


def test_a_slow_answer_past_the_timeout_is_a_timeout(sandbox: RunningSandbox) -> None:
    client = sandbox.client("vobiz", timeout=0.3, max_retries=0)
    started = time.monotonic()
    with pytest.raises(ApiTimeoutError):
        list_numbers.sync(client=faulty(client, "slow;delay=1"))
    assert time.monotonic() - started < 5


def test_a_slow_answer_within_the_timeout_arrives(retrying: AuthenticatedClient) -> None:
    started = time.monotonic()
    response = list_numbers.sync_detailed(client=faulty(retrying, "slow;delay=0.3"))
    assert (response.status_code, response.retries) == (200, 0)
    assert time.monotonic() - started >= 0.3


async def test_async_client_retries_too(sandbox: RunningSandbox, exchanges: Exchanges) -> None:
    client = faulty(
        make_client(sandbox, exchanges, "vobiz", asynchronous=True, max_retries=2),
        "429;retry-after=0;count=1",
    )
    async with client:
        response = await list_numbers.asyncio_detailed(client=client)
    assert (response.status_code, response.retries) == (200, 1)
    exchanges.seen.clear()  # the 429 is injected, not the spec's: nothing to judge


# ---- the header's bookkeeping and the admin endpoint ---------------------------------------


def _vobiz_get(raw: httpx.Client, sandbox: RunningSandbox) -> Any:
    url = sandbox.base_url("vobiz") + "/api/v1/Account/MA_XXXXXXXX/numbers"
    credentials = sandbox.credentials("vobiz")
    headers = {"X-Auth-ID": credentials["auth_id"], "X-Auth-Token": credentials["auth_token"]}

    def status(fault: str, query: str = "") -> int:
        return raw.get(url + query, headers={**headers, "X-Sandbox-Fault": fault}).status_code

    return status


def test_the_header_faults_the_request_that_carries_it_every_time(
    raw: httpx.Client, sandbox: RunningSandbox
) -> None:
    """Not once per header value for the sandbox's life: a second run of a test gets its fault again."""
    status = _vobiz_get(raw, sandbox)
    # count=2: two consecutive sends faulted, the third served; then the series starts over
    assert [status("500;count=2") for _ in range(6)] == [500, 500, 200, 500, 500, 200]
    # without count=: every send is faulted (a test run again gets its fault again)
    assert [status("503") for _ in range(3)] == [503, 503, 503]
    assert [status("503;count=1") for _ in range(4)] == [503, 200, 503, 200]


def test_a_series_is_per_request_and_ends_after_a_pause(raw: httpx.Client, sandbox: RunningSandbox) -> None:
    status = _vobiz_get(raw, sandbox)
    assert status("500;count=2", "?page=1") == 500
    assert status("500;count=2", "?page=2") == 500  # another request: its own series
    assert status("500;count=2", "?page=1") == 500
    assert status("500;count=2", "?page=1") == 200
    assert status("500;count=1;window=0.2") == 500
    time.sleep(0.3)  # longer than window=: not a retry of the last send, so faulted afresh
    assert status("500;count=1;window=0.2") == 500


def test_reset_starts_every_series_over(raw: httpx.Client, sandbox: RunningSandbox) -> None:
    status = _vobiz_get(raw, sandbox)
    assert status("500;count=1") == 500
    sandbox.reset()
    assert status("500;count=1") == 500


def test_a_client_run_twice_sees_its_fault_twice(sandbox: RunningSandbox) -> None:
    """The newcomer's timeout test: run again, it still times out (it used to pass the second time)."""
    for _ in range(2):
        client = sandbox.client("vobiz", timeout=0.3, max_retries=0)
        with pytest.raises(ApiTimeoutError):
            list_numbers.sync(client=faulty(client, "slow;delay=1"))


def test_a_bad_fault_header_is_a_400_in_the_vendors_shape(raw: httpx.Client, sandbox: RunningSandbox) -> None:
    response = raw.get(sandbox.base_url("vobiz") + "/x", headers={"X-Sandbox-Fault": "418"})
    assert response.status_code == 400
    body = response.json()
    assert set(body) == {"error", "message"}  # the Vobiz Error shape
    assert "unknown fault kind" in body["message"]


def test_armed_faults_hit_the_next_requests_of_their_provider(
    raw: httpx.Client, sandbox: RunningSandbox
) -> None:
    sandbox.arm_fault("503;count=2;retry-after=7", provider="mihu")
    assert raw.get("/_sandbox/faults").json()["armed"][0]["remaining"] == 2
    url = sandbox.base_url("mihu") + "/api/v1/phone-numbers/trunks"
    auth = {"Authorization": "Bearer sandbox-mihu-token"}

    bolna = raw.get(sandbox.base_url("bolna") + "/sip-trunks/trunks/01HQXYZ123ABC456DEF/numbers",
                    headers={"Authorization": "Bearer sandbox-bolna-key"})  # fmt: skip
    assert bolna.status_code == 200  # another provider: untouched

    first = raw.get(url, headers=auth)
    assert (first.status_code, first.headers["Retry-After"]) == (503, "7")
    assert first.json() == {
        "success": False,
        "message": "Server overloaded or under maintenance",
        "error": {"code": "SERVER_ERROR", "details": "Server overloaded or under maintenance"},
    }
    assert [raw.get(url, headers=auth).status_code for _ in range(2)] == [503, 200]
    assert raw.get("/_sandbox/faults").json()["armed"] == []


def test_faults_for_any_provider_and_disarming(raw: httpx.Client, sandbox: RunningSandbox) -> None:
    sandbox.arm_fault("429;count=5")
    tryvox = raw.get(sandbox.base_url("tryvox") + "/v1/account/acc_123abc/numbers",
                     headers={"Authorization": "Bearer tvx_sk_test_sandbox"})  # fmt: skip
    assert (tryvox.status_code, tryvox.json()) == (
        429,
        {"error": {"code": "RATE_LIMITED", "message": "Rate limit exceeded"}},
    )
    bolna = raw.get(sandbox.base_url("bolna") + "/sip-trunks/trunks/x/numbers")
    assert (bolna.status_code, bolna.json()) == (
        429,
        {"error": 429, "message": "Too many requests. Retry later."},
    )
    assert raw.request("DELETE", "/_sandbox/faults").json() == {"armed": []}
    assert raw.get(sandbox.base_url("bolna") + "/sip-trunks/trunks/x/numbers").status_code == 401


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("", "unknown fault kind"),
        ("429;count=0", "count=0"),
        ("429;count", "not key=value"),
        ("slow;delay=99", "delay=99"),
        ("429;retry-after=soon", "bad fault option value"),
        ("503;colour=red", "unknown fault option"),
    ],
)
def test_fault_syntax_errors_say_what_is_wrong(text: str, problem: str) -> None:
    with pytest.raises(ValueError, match=problem):
        parse_fault(text)


def test_admin_refuses_bad_requests(raw: httpx.Client) -> None:
    assert raw.post("/_sandbox/faults", json={"fault": "503", "provider": "nope"}).status_code == 404
    assert raw.post("/_sandbox/faults", json=["503"]).status_code == 400
    assert raw.post("/_sandbox/faults", content=b"{not json").status_code == 400


def test_the_readme_retried_429(sandbox: RunningSandbox) -> None:
    """docs/sandbox.md "Faults", verbatim: two 429s with Retry-After: 1, retried, then the real answer."""
    client = sandbox.client("vobiz").with_headers({"X-Sandbox-Fault": "429;retry-after=1;count=2"})
    started = time.monotonic()
    response = list_numbers.sync_detailed(client=client)  # 429, 429 (each Retry-After: 1), then 200
    assert (response.status_code, response.retries) == (200, 2)
    assert time.monotonic() - started >= 2  # the client waited as told, twice
