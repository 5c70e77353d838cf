"""Auto-pagination as declared (``x-pagination``), on a scripted server: where it stops, and that it is lazy.

design-12, "Pagination": iterating a page yields every item across pages, fetching the next page only
when the loop reaches it, and stops on an empty page, at the declared total, or when the server hands
back the page it just sent. The server here is an ``httpx.MockTransport`` answering from a list of
pages, so each rule is shown against a server that breaks the others (a total that lies, a page
parameter ignored). Items are what the lists' pages document (sandbox/fixtures/vobiz.yaml's values);
one case gives items that lack documented fields, which the clients promise to parse (README,
"Forward compatibility").
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from codegen.yamlload import load_yaml_file

ROOT = Path(__file__).resolve().parents[3]
Pages = Callable[[httpx.Request], dict[str, Any]]


def _paged(provider: str, operation: str) -> None:
    spec = load_yaml_file(ROOT / "specs" / provider / "openapi.yaml")
    for item in spec["paths"].values():
        for op in item.values():
            if isinstance(op, dict) and op.get("operationId") == operation:
                if not op.get("x-pagination"):
                    pytest.fail(
                        f"specs/{provider}/openapi.yaml declares no x-pagination for {operation} yet "
                        "(issue 12's spec change declares it)"
                    )
                return
    pytest.skip(
        f"{provider} {operation} is not in the spec yet (issue 12's spec change brings it into scope)"
    )


def number(e164: str) -> dict[str, Any]:
    """A number as the list page documents it (every required field)."""
    return {
        "id": f"id-{e164[1:]}",
        "account_id": "MA_TEST0001",
        "e164": e164,
        "country": "IN",
        "region": "Karnataka",
        "capabilities": {"voice": True, "sms": False, "mms": False, "fax": False},
        "status": "active",
        "provider": "",
        "setup_fee": 100,
        "monthly_fee": 300,
        "currency": "INR",
        "voice_enabled": True,
        "tags": [],
        "purchased_at": "2026-05-01T06:58:38.796024Z",
        "is_blocked": False,
        "created_at": "2026-03-31T18:30:00Z",
        "updated_at": "2026-05-01T06:58:38.796024Z",
        "is_trial_number": False,
        "minimum_commitment_months": 0,
        "aadhaar_verification_required": False,
        "aadhaar_verified": False,
        "source": "purchased",
    }


def trunk(trunk_id: str) -> dict[str, Any]:
    return {
        "trunk_id": trunk_id,
        "account_id": "MA_TEST0001",
        "name": f"Trunk {trunk_id[:4]}",
        "trunk_domain": f"{trunk_id[:8]}.sip.vobiz.ai",
        "trunk_status": "active",
        "secure": False,
        "trunk_direction": "both",
        "concurrent_calls_limit": 10,
        "cps_limit": 2,
        "description": "",
        "transport": "udp",
        "recording": False,
        "enable_transcription": False,
        "pii_redaction": False,
        "webhook_method": "POST",
        "recording_webhook_enabled": False,
        "created_at": "2026-05-12T05:11:52.054462Z",
        "updated_at": "2026-05-12T05:11:52.054462Z",
    }


NUMBERS = ["+912271264217", "+919876543210", "+912271263984"]


class Server:
    """Answers each request with ``pages(request)``; keeps the query of every request."""

    def __init__(self, pages: Pages) -> None:
        self.pages = pages
        self.queries: list[dict[str, str]] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.queries.append(dict(request.url.params))
        return httpx.Response(200, json=self.pages(request))


def vobiz(server: Server, asynchronous: bool = False) -> Any:
    import vobiz_client

    cls = vobiz_client.AsyncVobiz if asynchronous else vobiz_client.Vobiz
    return cls(
        auth_id="MA_TEST0001",
        auth_token="test-token-value",
        max_retries=0,
        httpx_args={"transport": httpx.MockTransport(server)},
    )


def by_page(items: list[dict[str, Any]], total: int | None = None) -> Pages:
    """Vobiz list_numbers honestly: ``page`` and ``per_page`` applied to ``items``."""

    def answer(request: httpx.Request) -> dict[str, Any]:
        page, size = int(request.url.params.get("page", 1)), int(request.url.params.get("per_page", 25))
        chunk = items[(page - 1) * size : page * size]
        return {
            "items": chunk,
            "page": page,
            "per_page": size,
            "total": len(items) if total is None else total,
        }

    return answer


def collect(client: Any, asynchronous: bool, **params: Any) -> list[str]:
    if not asynchronous:
        return [n.e164 for n in client.phone_numbers.list_numbers(**params)]

    async def walk() -> list[str]:
        async with client:
            return [n.e164 async for n in client.phone_numbers.list_numbers(**params)]

    return asyncio.run(walk())


@pytest.mark.parametrize("asynchronous", [False, True], ids=["sync", "async"])
def test_every_page_up_to_the_declared_total_and_not_one_more(asynchronous: bool) -> None:
    _paged("vobiz", "list_numbers")
    server = Server(by_page([number(n) for n in NUMBERS]))
    assert collect(vobiz(server, asynchronous), asynchronous, per_page=1) == NUMBERS
    assert [q["page"] for q in server.queries] == ["1", "2", "3"]
    assert {q["per_page"] for q in server.queries} == {"1"}


@pytest.mark.parametrize("asynchronous", [False, True], ids=["sync", "async"])
def test_an_empty_page_ends_it_whatever_the_total_says(asynchronous: bool) -> None:
    _paged("vobiz", "list_numbers")
    server = Server(by_page([number(n) for n in NUMBERS[:2]], total=99))
    assert collect(vobiz(server, asynchronous), asynchronous, per_page=1) == NUMBERS[:2]
    assert [q["page"] for q in server.queries] == ["1", "2", "3"]  # page 3 was empty


@pytest.mark.parametrize("asynchronous", [False, True], ids=["sync", "async"])
def test_a_server_repeating_its_page_does_not_loop(asynchronous: bool) -> None:
    _paged("vobiz", "list_numbers")
    same = {"items": [number(NUMBERS[0])], "page": 1, "per_page": 1, "total": 50}
    server = Server(lambda request: same)  # ignores ?page=
    assert collect(vobiz(server, asynchronous), asynchronous, per_page=1) == [NUMBERS[0]]
    assert [q["page"] for q in server.queries] == ["1", "2"]


def test_the_next_page_is_fetched_only_when_the_loop_reaches_it() -> None:
    _paged("vobiz", "list_numbers")
    server = Server(by_page([number(n) for n in NUMBERS]))
    page = vobiz(server).phone_numbers.list_numbers(per_page=2)
    assert len(server.queries) == 1
    walked = iter(page)
    assert [next(walked).e164, next(walked).e164] == NUMBERS[:2]
    assert len(server.queries) == 1  # both from the first page
    assert next(walked).e164 == NUMBERS[2]
    assert len(server.queries) == 2
    assert list(walked) == []
    assert len(server.queries) == 2  # the total (3) was reached: no third request


@pytest.mark.parametrize("asynchronous", [False, True], ids=["sync", "async"])
def test_items_missing_documented_fields_still_page(asynchronous: bool) -> None:
    """The clients parse a number the vendor sends without its documented fields (forward compatibility);
    paging through such numbers must not fail either."""
    _paged("vobiz", "list_numbers")
    sparse = [{"id": f"id-{i}", "account_id": "MA_TEST0001", "e164": e164} for i, e164 in enumerate(NUMBERS)]
    server = Server(by_page(sparse))
    assert collect(vobiz(server, asynchronous), asynchronous, per_page=1) == NUMBERS


@pytest.mark.parametrize("asynchronous", [False, True], ids=["sync", "async"])
def test_offset_paging_advances_by_the_items_received(asynchronous: bool) -> None:
    _paged("vobiz", "list_trunks")
    ids = [
        "aabbccdd-1234-5678-90ab-cdef12345678",
        "e3e55a78-1234-5678-90ab-cdef12345678",
        "0f0e0d0c-0b0a-4909-8807-060504030201",
    ]

    def answer(request: httpx.Request) -> dict[str, Any]:
        offset, limit = int(request.url.params.get("offset", 0)), int(request.url.params.get("limit", 20))
        chunk = ids[offset : offset + limit]
        return {"objects": [trunk(i) for i in chunk], "meta": {"limit": limit, "offset": offset, "total": 3}}

    server = Server(answer)
    client = vobiz(server, asynchronous)
    if asynchronous:

        async def walk() -> list[str]:
            async with client:
                return [t.trunk_id async for t in client.trunks.list_trunks(limit=2)]

        got = asyncio.run(walk())
    else:
        got = [t.trunk_id for t in client.trunks.list_trunks(limit=2)]
    assert got == ids
    assert [q["offset"] for q in server.queries] == ["0", "2"]
