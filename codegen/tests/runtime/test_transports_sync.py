"""The runtime rules on the sync client over a real socket, on its own pool and on an adopted httpx.Client.

test_transports.py does this for the async client; the sync client has its own send loop
(``send_sync``), so the same rules are checked here against the scripted loopback server
(loopback.py, on a thread): what was retried and only where a retry cannot do harm, 429
Retry-After, the typed errors, the timeout, and the checks before sending. ``with_options`` is
checked too: its timeout and retry count hold for its own requests, over the same pool (a user's
``http_client`` included) with the same headers and credentials, and leave the parent's alone.
"""

from __future__ import annotations

import socket
from collections.abc import Callable, Iterator

import httpx
import pytest
from vobiz_client import (
    ApiConnectionError,
    ApiTimeoutError,
    NotFoundError,
    RateLimitedError,
    ServerError,
    Vobiz,
)

from .loopback import TRUNK_BODY, Script, serve_in_thread

# The conformance run blocks the network (--block-network): this file's server is on loopback.
pytestmark = pytest.mark.block_network(allowed_hosts=["127.0.0.1"])

NUMBER = "+912271264217"
TRUNK = "e3e55a78-1234-5678-90ab-cdef12345678"
ASSIGN = "POST /api/v1/Account/MA_TEST/numbers/%2B912271264217/assign"
MARKER = {"X-Test-Marker": "sent-by-the-test"}

MakeClient = Callable[..., Vobiz]


@pytest.fixture
def server() -> Iterator[tuple[str, Script]]:
    with serve_in_thread() as served:
        yield served


@pytest.fixture(params=["own-pool", "http_client"])
def make_client(request: pytest.FixtureRequest, sleeps: list[float]) -> MakeClient:
    """A Vobiz on its own pool, or on an adopted httpx.Client; each request carries MARKER."""

    def make(base_url: str, **kwargs: object) -> Vobiz:
        if request.param == "own-pool":
            return Vobiz(base_url=base_url, auth_id="MA_TEST", auth_token="t", headers=MARKER, **kwargs)  # type: ignore[arg-type]
        http = httpx.Client(headers=MARKER)
        return Vobiz(base_url=base_url, auth_id="MA_TEST", auth_token="t", http_client=http, **kwargs)  # type: ignore[arg-type]

    return make


def test_a_get_is_retried_after_5xx(
    server: tuple[str, Script], make_client: MakeClient, sleeps: list[float]
) -> None:
    url, script = server
    script.answers = [(503, {}, b"{}"), (502, {}, b"{}"), (200, {}, TRUNK_BODY)]
    with make_client(url) as client:
        raw = client.trunks.with_raw_response.retrieve_trunk(TRUNK)
    assert raw.status_code == 200 and raw.retries == 2 and len(script.seen) == 3
    assert sleeps == [0.5, 1.0]  # the backoff, on the fake clock (no jitter)


def test_a_post_is_not_resent_after_5xx_but_is_after_429(
    server: tuple[str, Script], make_client: MakeClient, sleeps: list[float]
) -> None:
    url, script = server
    script.answers = [(503, {}, b"{}")]
    with make_client(url) as client:
        with pytest.raises(ServerError) as server_error:
            client.phone_numbers.assign_number_to_trunk(NUMBER, trunk_group_id=TRUNK)
        assert server_error.value.status_code == 503 and server_error.value.retries == 0
        assert script.seen == [ASSIGN]
        script.seen.clear()
        script.answers = [(429, {"Retry-After": "2"}, b"{}"), (200, {}, b"{}")]
        raw = client.phone_numbers.with_raw_response.assign_number_to_trunk(NUMBER, trunk_group_id=TRUNK)
        assert raw.retries == 1 and script.seen == [ASSIGN, ASSIGN] and sleeps == [2.0]
        script.seen.clear()
        script.answers = [(429, {"Retry-After": "3600"}, b"{}")]
        with pytest.raises(RateLimitedError) as limited:
            client.phone_numbers.assign_number_to_trunk(NUMBER, trunk_group_id=TRUNK)
    # Longer than the client blocks for: raised at once, neither waited for nor resent sooner.
    assert limited.value.retry_after == 3600 and script.seen == [ASSIGN] and sleeps == [2.0]


def test_a_read_timeout_resends_a_get_but_not_a_post(
    server: tuple[str, Script], make_client: MakeClient
) -> None:
    url, script = server
    script.answers = [("slow", 2.0)]
    with make_client(url, timeout=0.2) as client:
        with pytest.raises(ApiTimeoutError) as post:
            client.phone_numbers.assign_number_to_trunk(NUMBER, trunk_group_id=TRUNK)
        assert post.value.retries == 0 and script.seen == [ASSIGN]  # it may have been processed
        script.seen.clear()
        with pytest.raises(ApiTimeoutError) as get:
            client.trunks.retrieve_trunk(TRUNK)
    assert get.value.retries == 2 and len(script.seen) == 3


def test_a_dropped_connection_is_a_connection_error_and_a_post_is_not_resent(
    server: tuple[str, Script], make_client: MakeClient
) -> None:
    url, script = server
    script.answers = ["drop"]
    with make_client(url) as client, pytest.raises(ApiConnectionError) as caught:
        client.phone_numbers.assign_number_to_trunk(NUMBER, trunk_group_id=TRUNK)
    assert not isinstance(caught.value, ApiTimeoutError) and script.seen == [ASSIGN]


def test_a_refused_connection_is_retried_even_for_a_post(make_client: MakeClient) -> None:
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with make_client(f"http://127.0.0.1:{port}") as client, pytest.raises(ApiConnectionError) as caught:
        client.phone_numbers.assign_number_to_trunk(NUMBER, trunk_group_id=TRUNK)
    assert not isinstance(caught.value, ApiTimeoutError) and caught.value.retries == 2


def test_a_status_is_its_typed_error(server: tuple[str, Script], make_client: MakeClient) -> None:
    url, script = server
    body = b'{"message": "Trunk not found", "request_id": "req-42"}'
    script.answers = [(404, {}, body)]
    with make_client(url) as client, pytest.raises(NotFoundError) as caught:
        client.trunks.retrieve_trunk(TRUNK)
    error = caught.value
    assert (error.status_code, error.message, error.request_id, error.retries) == (
        404,
        "Trunk not found",
        "req-42",
        0,
    )
    assert error.operation == "retrieve_trunk" and len(script.seen) == 1  # a 404 is not retried


def test_checks_before_sending(server: tuple[str, Script], make_client: MakeClient) -> None:
    url, script = server
    script.answers = [(200, {}, b"{}")]
    with make_client(url) as client:
        with pytest.raises(ValueError, match="phone_number="):
            client.phone_numbers.assign_number_to_trunk("%2B912271264217", trunk_group_id=TRUNK)
        with pytest.raises(ValueError, match="phone_number="):
            client.phone_numbers.assign_number_to_trunk("+91 2271264217", trunk_group_id=TRUNK)
    assert script.seen == []


def test_with_options_timeout_holds_for_its_requests_over_the_same_pool(
    server: tuple[str, Script], make_client: MakeClient
) -> None:
    url, script = server
    script.answers = [("slow", 0.6)]
    with make_client(url) as client:
        client.trunks.retrieve_trunk(TRUNK)  # 30 s by default: the slow answer comes
        quick = client.with_options(timeout=0.2)
        assert quick.low_level.get_httpx_client() is client.low_level.get_httpx_client()
        with pytest.raises(ApiTimeoutError) as caught:
            quick.trunks.retrieve_trunk(TRUNK)
        assert caught.value.retries == 2 and len(script.seen) == 4  # max_retries kept: 3 tries
        with pytest.raises(ApiTimeoutError) as once:
            client.with_options(timeout=0.2, max_retries=0).trunks.retrieve_trunk(TRUNK)
        assert once.value.retries == 0 and len(script.seen) == 5
        client.trunks.retrieve_trunk(TRUNK)  # the parent's timeout is unchanged
    assert len(script.received) == 6
    for received in script.received:  # the same headers and credentials on every request
        assert received.headers["x-test-marker"] == MARKER["X-Test-Marker"]
        assert (received.headers["x-auth-id"], received.headers["x-auth-token"]) == ("MA_TEST", "t")
        assert received.path.startswith("/api/v1/Account/MA_TEST/")


def test_with_options_reuses_the_parents_connection(
    server: tuple[str, Script], make_client: MakeClient
) -> None:
    url, script = server
    script.answers = [(200, {}, TRUNK_BODY)]
    with make_client(url) as client:
        derived = client.with_options(timeout=5.0, max_retries=1)  # before any request: the pool is built now
        client.trunks.retrieve_trunk(TRUNK)
        derived.trunks.retrieve_trunk(TRUNK)
    first, second = script.received
    assert first.peer_port == second.peer_port  # one kept-alive connection: one pool


def test_an_adopted_clients_own_timeout_holds_unless_one_is_passed(server: tuple[str, Script]) -> None:
    url, script = server
    script.answers = [("slow", 0.6)]
    http = httpx.Client(timeout=0.2)
    with (
        Vobiz(base_url=url, auth_id="MA_TEST", auth_token="t", http_client=http) as client,
        pytest.raises(ApiTimeoutError),
    ):
        client.phone_numbers.assign_number_to_trunk(NUMBER, trunk_group_id=TRUNK)
    http = httpx.Client(timeout=0.2)
    with Vobiz(base_url=url, auth_id="MA_TEST", auth_token="t", timeout=5.0, http_client=http) as client:
        client.phone_numbers.assign_number_to_trunk(NUMBER, trunk_group_id=TRUNK)
    # httpx's own default (5 s) is not a choice: the package's 30 s holds.
    with Vobiz(base_url=url, auth_id="MA_TEST", auth_token="t", http_client=httpx.Client()) as client:
        assert client.low_level.timeout == httpx.Timeout(30.0, connect=5.0)
