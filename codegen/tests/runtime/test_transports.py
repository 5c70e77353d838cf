"""The runtime rules on both async transports, over a real socket: httpx's own and the opt-in aiohttp one.

httpx.MockTransport (the other tests here) replaces the transport, so it cannot show that
``DefaultAioHttpClient`` (vobiz_client/_aiohttp.py, from codegen/templates/_aiohttp.py.jinja) keeps
the rules: here a scripted HTTP/1.1 server on 127.0.0.1 answers 503s, 429s, slow answers and
dropped connections, and the same assertions run over each transport: what was retried (and only
where a retry cannot do harm), which typed error came out, the timeout, the checks before sending,
the wire encoding of the number, the shared TLS context, and ``with_options``: its timeout and
retry count hold for its own requests over the same http client (the aiohttp transport stays).
test_transports_sync.py does the same for the sync client.
"""

from __future__ import annotations

import logging
import socket
from collections.abc import AsyncIterator, Callable

import httpx
import httpx_aiohttp
import pytest
from vobiz_client import (
    ApiConnectionError,
    ApiTimeoutError,
    AsyncVobiz,
    DefaultAioHttpClient,
    RateLimitedError,
    ServerError,
)
from vobiz_client import _base_client as runtime

from .loopback import TRUNK_BODY, Script, serve

# The conformance run blocks the network (--block-network): this file's server is on loopback.
pytestmark = pytest.mark.block_network(allowed_hosts=["127.0.0.1"])

NUMBER = "+912271264217"
TRUNK = "e3e55a78-1234-5678-90ab-cdef12345678"
MARKER = {"X-Test-Marker": "sent-by-the-test"}


@pytest.fixture
async def server() -> AsyncIterator[tuple[str, Script]]:
    async with serve() as served:
        yield served


@pytest.fixture(params=["httpx", "aiohttp", "own-pool"])
def make_client(request: pytest.FixtureRequest, sleeps: list[float]) -> Callable[..., AsyncVobiz]:
    """An AsyncVobiz on an adopted httpx.AsyncClient, on DefaultAioHttpClient, or on its own pool
    (``kwargs`` then go to AsyncVobiz: timeout and headers mean the same there)."""

    def make(base_url: str, **kwargs: object) -> AsyncVobiz:
        settings: dict[str, object] = {
            "base_url": base_url,
            "auth_id": "MA_TEST",
            "auth_token": "t",
            "max_retries": 2,
        }
        if request.param == "own-pool":
            return AsyncVobiz(**settings, **kwargs)  # type: ignore[arg-type]
        http = DefaultAioHttpClient(**kwargs) if request.param == "aiohttp" else httpx.AsyncClient(**kwargs)  # type: ignore[arg-type]
        return AsyncVobiz(**settings, http_client=http)  # type: ignore[arg-type]

    return make


async def test_a_get_is_retried_after_5xx_and_logged(
    server: tuple[str, Script], make_client: Callable[..., AsyncVobiz], caplog: pytest.LogCaptureFixture
) -> None:
    url, script = server
    script.answers = [(503, {}, b"{}"), (502, {}, b"{}"), (200, {}, TRUNK_BODY)]
    with caplog.at_level(logging.DEBUG, logger="vobiz_client"):
        async with make_client(url) as client:
            raw = await client.trunks.with_raw_response.retrieve_trunk(TRUNK)
    assert raw.status_code == 200 and raw.retries == 2 and len(script.seen) == 3
    logged = [r.getMessage() for r in caplog.records if r.name == "vobiz_client"]
    assert [m.rsplit("-> ", 1)[1] for m in logged] == [
        "503 (retries=0)",
        "502 (retries=1)",
        "200 (retries=2)",
    ]
    assert not any("MA_TEST" in m or " t " in m for m in logged)  # the path template, no credentials


async def test_a_post_is_not_resent_after_5xx_but_is_after_429(
    server: tuple[str, Script], make_client: Callable[..., AsyncVobiz], sleeps: list[float]
) -> None:
    url, script = server
    script.answers = [(503, {}, b"{}")]
    async with make_client(url) as client:
        with pytest.raises(ServerError):
            await client.phone_numbers.assign_number_to_trunk(NUMBER, trunk_group_id=TRUNK)
        assert script.seen == ["POST /api/v1/Account/MA_TEST/numbers/%2B912271264217/assign"]
        script.seen.clear()
        script.answers = [(429, {"Retry-After": "2"}, b"{}"), (200, {}, b"{}")]
        await client.phone_numbers.with_raw_response.assign_number_to_trunk(NUMBER, trunk_group_id=TRUNK)
        assert len(script.seen) == 2 and sleeps == [2.0]
        script.answers = [(429, {"Retry-After": "3600"}, b"{}")]
        with pytest.raises(RateLimitedError) as caught:
            await client.phone_numbers.assign_number_to_trunk(NUMBER, trunk_group_id=TRUNK)
        assert caught.value.retry_after == 3600 and sleeps == [2.0]


async def test_a_dropped_connection_is_a_connection_error_and_a_post_is_not_resent(
    server: tuple[str, Script], make_client: Callable[..., AsyncVobiz]
) -> None:
    url, script = server
    script.answers = ["drop"]
    async with make_client(url) as client:
        with pytest.raises(ApiConnectionError) as caught:
            await client.phone_numbers.assign_number_to_trunk(NUMBER, trunk_group_id=TRUNK)
        assert not isinstance(caught.value, ApiTimeoutError)
        assert len(script.seen) == 1  # the request was sent: resending a POST could do it twice
        script.seen.clear()
        with pytest.raises(ApiConnectionError):
            await client.trunks.retrieve_trunk(TRUNK)
        # A GET is resent: 3 attempts. aiohttp itself also resends an idempotent request once when a
        # kept-alive connection drops (never a POST: above), so each attempt may be two sends there.
        assert 3 <= len(script.seen) <= 6 and all(seen.startswith("GET ") for seen in script.seen)


async def test_a_refused_connection_is_retried_even_for_a_post(
    make_client: Callable[..., AsyncVobiz],
) -> None:
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    async with make_client(f"http://127.0.0.1:{port}") as client:
        with pytest.raises(ApiConnectionError) as caught:
            await client.phone_numbers.assign_number_to_trunk(NUMBER, trunk_group_id=TRUNK)
    assert not isinstance(caught.value, ApiTimeoutError) and caught.value.retries == 2


async def test_the_timeout_holds(server: tuple[str, Script], make_client: Callable[..., AsyncVobiz]) -> None:
    url, script = server
    script.answers = [("slow", 2.0)]
    async with make_client(url, timeout=httpx.Timeout(0.2)) as client:
        with pytest.raises(ApiTimeoutError):
            await client.phone_numbers.assign_number_to_trunk(NUMBER, trunk_group_id=TRUNK)
    assert len(script.seen) == 1  # a read timeout on a POST: not resent


async def test_checks_before_sending(
    server: tuple[str, Script], make_client: Callable[..., AsyncVobiz]
) -> None:
    url, script = server
    script.answers = [(200, {}, b"{}")]
    async with make_client(url) as client:
        with pytest.raises(ValueError, match="phone_number="):
            await client.phone_numbers.assign_number_to_trunk("%2B912271264217", trunk_group_id=TRUNK)
    assert script.seen == []


async def test_with_options_timeout_holds_for_its_requests_over_the_same_http_client(
    server: tuple[str, Script], make_client: Callable[..., AsyncVobiz]
) -> None:
    url, script = server
    script.answers = [("slow", 0.6)]
    async with make_client(url, headers=MARKER) as client:
        await client.trunks.retrieve_trunk(TRUNK)  # 30 s by default: the slow answer comes
        quick = client.with_options(timeout=0.2)
        http = client.low_level.get_async_httpx_client()
        assert quick.low_level.get_async_httpx_client() is http  # the transport stays (aiohttp's too)
        assert http.timeout != httpx.Timeout(0.2)  # with_options did not change the shared pool
        with pytest.raises(ApiTimeoutError) as caught:
            await quick.trunks.retrieve_trunk(TRUNK)
        assert caught.value.retries == 2 and len(script.seen) == 4  # max_retries kept: 3 tries
        with pytest.raises(ApiTimeoutError) as once:
            await client.with_options(timeout=0.2, max_retries=0).trunks.retrieve_trunk(TRUNK)
        assert once.value.retries == 0 and len(script.seen) == 5
        await client.trunks.retrieve_trunk(TRUNK)  # the parent's timeout is unchanged
    assert len(script.received) == 6
    for received in script.received:  # sent by the user's http client, with the credentials
        assert received.headers["x-test-marker"] == MARKER["X-Test-Marker"]
        assert (received.headers["x-auth-id"], received.headers["x-auth-token"]) == ("MA_TEST", "t")


async def test_with_options_on_the_default_pool_reuses_the_parents_connection(
    server: tuple[str, Script],
) -> None:
    url, script = server
    script.answers = [(200, {}, TRUNK_BODY)]
    async with AsyncVobiz(base_url=url, auth_id="MA_TEST", auth_token="t") as client:
        derived = client.with_options(timeout=5.0)  # before any request: the pool is built now
        await client.trunks.retrieve_trunk(TRUNK)
        await derived.trunks.retrieve_trunk(TRUNK)
    first, second = script.received
    assert first.peer_port == second.peer_port  # one kept-alive connection: one pool


def test_the_aiohttp_client_shares_the_tls_context_and_the_default_timeout() -> None:
    http = DefaultAioHttpClient()
    transport = http._transport
    assert isinstance(transport, httpx_aiohttp.AiohttpTransport)
    assert transport.ssl_context is runtime.default_ssl_context()
    assert http.timeout == runtime.DEFAULT_TIMEOUT
    unverified = DefaultAioHttpClient(verify=False)._transport
    assert isinstance(unverified, httpx_aiohttp.AiohttpTransport)
    assert unverified.ssl_context is not runtime.default_ssl_context()
