"""Retries: where a retry cannot do harm, with backoff and Retry-After, on a fake clock."""

from __future__ import annotations

import email.utils
import logging
import time
import uuid
from pathlib import Path

import httpx
import pytest
from vobiz_client import AuthenticatedClient, errors
from vobiz_client.api.phone_numbers import assign_number_to_trunk, list_numbers, unassign_number_from_trunk
from vobiz_client.models import AssignNumberToTrunkBody

from codegen.tests.runtime.wire import Wire
from codegen.yamlload import load_yaml

BODY = AssignNumberToTrunkBody(trunk_group_id=uuid.UUID("aabbccdd-1234-5678-90ab-cdef12345678"))
PAGE = {"items": [], "page": 1, "per_page": 25, "total": 0}


def test_429_is_retried_after_the_stated_delay(
    client: AuthenticatedClient, wire: Wire, sleeps: list[float]
) -> None:
    wire.answers = [httpx.Response(429, headers={"Retry-After": "3"}), httpx.Response(200, json=PAGE)]
    response = list_numbers.sync_detailed(client=client)
    assert response.status_code == 200
    assert response.retries == 1
    assert sleeps == [3.0]


def test_retry_after_as_http_date(client: AuthenticatedClient, wire: Wire, sleeps: list[float]) -> None:
    when = email.utils.formatdate(time.time() + 10, usegmt=True)
    wire.answers = [httpx.Response(503, headers={"Retry-After": when}), httpx.Response(200, json=PAGE)]
    list_numbers.sync(client=client)
    assert 8.0 <= sleeps[0] <= 10.0


def test_backoff_is_exponential_and_gives_up_after_max_retries(
    client: AuthenticatedClient, wire: Wire, sleeps: list[float]
) -> None:
    wire.answers = [httpx.Response(503)]
    with pytest.raises(errors.ServerError) as caught:
        list_numbers.sync(client=client)
    assert caught.value.retries == 2
    assert len(wire.sent) == 3
    assert sleeps == [0.5, 1.0]


def test_retry_after_beyond_the_cap_is_not_waited_for(
    client: AuthenticatedClient, wire: Wire, sleeps: list[float]
) -> None:
    # Neither waited for nor replaced by a shorter backoff: the caller gets the error at once.
    wire.answers = [httpx.Response(429, headers={"Retry-After": "3600"}), httpx.Response(200, json=PAGE)]
    with pytest.raises(errors.RateLimitedError) as caught:
        list_numbers.sync(client=client)
    assert sleeps == []
    assert len(wire.sent) == 1
    assert caught.value.retry_after == 3600
    assert caught.value.retries == 0


def test_retry_after_within_the_cap_is_waited_for(
    client: AuthenticatedClient, wire: Wire, sleeps: list[float]
) -> None:
    wire.answers = [httpx.Response(429, headers={"Retry-After": "7"}), httpx.Response(200, json=PAGE)]
    list_numbers.sync(client=client)
    assert sleeps == [7.0]


def test_post_is_not_retried_after_a_500(
    client: AuthenticatedClient, wire: Wire, sleeps: list[float]
) -> None:
    wire.answers = [httpx.Response(500), httpx.Response(204)]
    with pytest.raises(errors.ServerError):
        assign_number_to_trunk.sync("+912271264217", client=client, body=BODY)
    assert len(wire.sent) == 1
    assert sleeps == []


def test_post_is_not_retried_after_a_read_timeout(client: AuthenticatedClient, wire: Wire) -> None:
    wire.answers = [httpx.ReadTimeout("maybe processed"), httpx.Response(204)]
    with pytest.raises(errors.ApiTimeoutError):
        assign_number_to_trunk.sync("+912271264217", client=client, body=BODY)
    assert len(wire.sent) == 1


def test_post_is_retried_after_429_and_refused_connection(client: AuthenticatedClient, wire: Wire) -> None:
    wire.answers = [httpx.Response(429), httpx.ConnectError("refused"), httpx.Response(204)]
    response = assign_number_to_trunk.sync_detailed("+912271264217", client=client, body=BODY)
    assert response.status_code == 204
    assert response.retries == 2


def test_delete_is_retried_after_a_500(client: AuthenticatedClient, wire: Wire) -> None:
    wire.answers = [httpx.Response(500), httpx.Response(204)]
    unassign_number_from_trunk.sync("+912271264217", client=client)  # no error: the retry got the 204
    assert len(wire.sent) == 2


def test_max_retries_zero_turns_retries_off(client: AuthenticatedClient, wire: Wire) -> None:
    wire.answers = [httpx.Response(503), httpx.Response(200, json=PAGE)]
    with pytest.raises(errors.ServerError):
        list_numbers.sync(client=client.with_options(max_retries=0))
    assert len(wire.sent) == 1


async def test_async_retries_the_same_way(
    client: AuthenticatedClient, wire: Wire, sleeps: list[float]
) -> None:
    wire.answers = [httpx.Response(429, headers={"Retry-After": "2"}), httpx.Response(200, json=PAGE)]
    response = await list_numbers.asyncio_detailed(client=client)
    assert (response.status_code, response.retries, sleeps) == (200, 1, [2.0])


def test_retries_are_logged_without_credentials(
    client: AuthenticatedClient, wire: Wire, caplog: pytest.LogCaptureFixture
) -> None:
    wire.answers = [httpx.Response(503), httpx.Response(200, json=PAGE)]
    with caplog.at_level(logging.DEBUG, logger="vobiz_client"):
        list_numbers.sync(client=client)
    text = caplog.text
    assert "list_numbers GET /api/v1/Account/{auth_id}/numbers -> 503" in text
    assert "retries=1" in text
    assert "secret-token-value" not in text and "MA_TEST0001" not in text
    assert "secret-token-value" not in repr(client)


def test_defaults_timeout_retries_and_identity() -> None:
    client = AuthenticatedClient(auth_id="MA_TEST0001", auth_token="t")
    http = client.get_httpx_client()
    assert http.timeout.read == 30.0 and http.timeout.connect == 5.0
    assert client.max_retries == 2
    # the version codegen/providers.yaml gives the package (make generate bumps it on spec changes)
    providers = load_yaml((Path(__file__).resolve().parents[3] / "codegen" / "providers.yaml").read_text())
    version = providers["providers"]["vobiz"]["version"]
    assert http.headers["user-agent"] == f"vobiz-client/{version} python-httpx/{httpx.__version__}"
    assert (
        AuthenticatedClient(auth_id="a", auth_token="t", timeout=2.5).get_httpx_client().timeout.read == 2.5
    )
    with pytest.raises(ValueError, match="auth_token"):
        AuthenticatedClient(auth_id="a", auth_token="")
