"""Per-operation servers: codegen names them and routes each operation; the client takes one base URL each.

The spec-level rules run on small documents; the client's rules on twilio_client, the one generated
package whose spec has two servers (trunking.twilio.com and api.twilio.com).
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from twilio_client import AsyncTwilio, Twilio

from codegen.errors import SpecError
from codegen.servers import read_servers

ACCOUNT = "AC" + "a" * 32


def _doc(**paths: Any) -> dict[str, Any]:
    return {"servers": [{"url": "https://trunking.example.com"}], "paths": paths}


def _get(op_id: str, servers: list[dict[str, str]] | None = None) -> dict[str, Any]:
    op: dict[str, Any] = {"operationId": op_id, "responses": {}}
    if servers is not None:
        op["servers"] = servers
    return {"get": op}


def test_a_document_with_one_server_names_none() -> None:
    found = read_servers(_doc(**{"/a": _get("a")}), "spec.yaml")
    assert (found.default, found.multiple, found.by_operation) == ("https://trunking.example.com", False, {})


def test_path_and_operation_servers_are_named_after_their_host() -> None:
    doc = _doc(
        **{
            "/a": {**_get("a"), "servers": [{"url": "https://api.example.com"}]},
            "/b": _get("b", [{"url": "https://media-store.example.com/v2"}]),
            "/c": _get("c", [{"url": "https://trunking.example.com"}]),  # the document's own: no name
        }
    )
    found = read_servers(doc, "spec.yaml")
    assert found.default_name == "trunking"
    assert found.named == {
        "api": "https://api.example.com",
        "media_store": "https://media-store.example.com/v2",
    }
    assert found.by_operation == {"a": "api", "b": "media_store"}


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("https://{region}.example.com", "cannot name it"),
        ("https://trunking.example.org", "both be named 'trunking'"),
    ],
)
def test_a_server_that_cannot_be_named_apart_is_an_error_at_its_place(url: str, words: str) -> None:
    doc = _doc(**{"/a": {**_get("a"), "servers": [{"url": url}]}})
    with pytest.raises(SpecError) as caught:
        read_servers(doc, "specs/x/openapi.yaml")
    assert words in str(caught.value) and "specs/x/openapi.yaml" in str(caught.value)


def test_each_operation_goes_to_its_own_server() -> None:
    seen: list[str] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(f"{request.url.host} {request.url.path}")
        body: dict[str, Any] = {
            "incoming_phone_numbers": [],
            "trunks": [],
            "meta": {"key": "trunks"},
            "next_page_uri": None,
        }
        return httpx.Response(200, json=body)

    client = Twilio(
        account_sid=ACCOUNT, auth_token="t", http_client=httpx.Client(transport=httpx.MockTransport(answer))
    )
    assert client.trunks.list_trunk().items == []
    assert client.incoming_phone_numbers.list_incoming_phone_number().items == []
    assert seen == [
        "trunking.twilio.com /v1/Trunks",
        f"api.twilio.com /2010-04-01/Accounts/{ACCOUNT}/IncomingPhoneNumbers.json",
    ]


def test_base_url_precedence(monkeypatch: pytest.MonkeyPatch) -> None:
    """Per server: its own argument, base_url=, its variable, TWILIO_BASE_URL, the spec's URL."""
    for name in ("TWILIO_BASE_URL", "TWILIO_API_BASE_URL", "TWILIO_TRUNKING_BASE_URL"):
        monkeypatch.delenv(name, raising=False)

    def urls(
        base_url: str | None = None, trunking_base_url: str | None = None, api_base_url: str | None = None
    ) -> tuple[str, str]:
        low = Twilio(
            account_sid=ACCOUNT,
            auth_token="t",
            base_url=base_url,
            trunking_base_url=trunking_base_url,
            api_base_url=api_base_url,
        ).low_level
        return low.base_url, low.server_urls["api"]

    assert urls() == ("https://trunking.twilio.com", "https://api.twilio.com")
    assert urls(base_url="http://127.0.0.1:9/twilio") == ("http://127.0.0.1:9/twilio",) * 2
    assert urls(base_url="http://sb", api_base_url="http://api") == ("http://sb", "http://api")
    monkeypatch.setenv("TWILIO_BASE_URL", "http://everywhere")
    monkeypatch.setenv("TWILIO_API_BASE_URL", "http://api-env")
    assert urls() == ("http://everywhere", "http://api-env")
    assert urls(base_url="http://given") == (
        "http://given",
        "http://given",
    )  # an argument beats the environment
    assert urls(trunking_base_url="http://t") == ("http://t", "http://api-env")


async def test_the_async_client_routes_alike() -> None:
    seen: list[str] = []

    async def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request.url.host)
        return httpx.Response(200, json={"sid": "PN" + "a" * 32, "account_sid": ACCOUNT})

    transport = httpx.MockTransport(answer)
    async with AsyncTwilio(
        account_sid=ACCOUNT,
        auth_token="t",
        api_base_url="http://api.local",
        http_client=httpx.AsyncClient(transport=transport),
    ) as client:
        await client.incoming_phone_numbers.fetch_incoming_phone_number("PN" + "a" * 32)
        await client.trunk_phone_numbers.fetch_phone_number("TK" + "a" * 32, "PN" + "a" * 32)
    assert seen == ["api.local", "trunking.twilio.com"]
