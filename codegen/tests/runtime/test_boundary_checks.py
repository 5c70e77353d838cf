"""Checks at the whole request boundary (issue 12): a bad path, query or body value never leaves the process.

Each case calls a resource method of a client class (``Vobiz``, ``AsyncVobiz``, ...; design-12,
"Checks before sending") on an ``httpx.MockTransport`` whose handler records every request: the
call must raise ``ValueError`` naming the parameter or body field and its value, and the handler
must have seen nothing. Every case runs on the sync and on the async client. The last cases are the
other side: an enum given as its plain string value is accepted and sent as that string.

Some constraints are declared in the specs by a separate change of issue 12 (Vobiz ``search`` is
E.164, Mihu's ``number`` query of get_number_channels is E.164, Bolna ``phone_number`` has minLength 1;
Mihu's delete_trunk ``phone_number`` stays "with or without the leading +", as its page says).
A case that needs one names it (its ``Need``); when the normalized spec does not declare it yet, the
case fails with that reason first, so a red result says which spec change is missing rather than
looking like a client bug.
"""

from __future__ import annotations

import asyncio
import importlib
import inspect
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from codegen.yamlload import load_yaml_file

ROOT = Path(__file__).resolve().parents[3]
CLASSES = {"vobiz": "Vobiz", "tryvox": "TryVox", "mihu": "Mihu", "bolna": "Bolna"}
CREDENTIALS = {
    "vobiz": {"auth_id": "MA_TEST0001", "auth_token": "test-token-value"},
    "tryvox": {"token": "tvx_sk_test_value"},
    "mihu": {"token": "test-token-value"},
    "bolna": {"token": "test-token-value"},
}
BASE_URL = "https://api.example.test"
TRUNK = "e3e55a78-1234-5678-90ab-cdef12345678"
AGENT = "3c90c3cc-0d44-4b50-8888-8dd25736052a"
E164 = r"is not an E\.164 phone number"


@dataclass
class Recorder:
    """The transport's handler: keeps every request, answers with ``answer``."""

    answer: httpx.Response = field(default_factory=lambda: httpx.Response(599))
    sent: list[httpx.Request] = field(default_factory=list)

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.sent.append(request)
        return self.answer


def client_for(provider: str, asynchronous: bool, recorder: Recorder) -> Any:
    module = importlib.import_module(f"{provider}_client")
    name = ("Async" if asynchronous else "") + CLASSES[provider]
    cls = getattr(module, name)
    return cls(
        base_url=BASE_URL,
        max_retries=0,
        httpx_args={"transport": httpx.MockTransport(recorder)},
        **CREDENTIALS[provider],
    )


def call(client: Any, resource: str, method: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
    """The method's result; on the async client, awaited (a paginator too: its first page)."""
    result = getattr(getattr(client, resource), method)(*args, **kwargs)
    if inspect.isawaitable(result):

        async def wait() -> Any:
            try:
                return await result
            finally:
                closing = client.close()
                if inspect.isawaitable(closing):
                    await closing

        return asyncio.run(wait())
    return result


def _spec(provider: str) -> dict[str, Any]:
    spec: dict[str, Any] = load_yaml_file(ROOT / "specs" / provider / "openapi.yaml")
    return spec


def _resolve(spec: dict[str, Any], node: Any) -> Any:
    while isinstance(node, dict) and "$ref" in node:
        target: Any = spec
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        node = target
    return node


def declared(provider: str, operation: str, name: str) -> dict[str, Any]:
    """The schema the normalized spec gives ``name`` (a query/path parameter or a body field)."""
    spec = _spec(provider)
    for item in spec["paths"].values():
        for op in item.values():
            if not isinstance(op, dict) or op.get("operationId") != operation:
                continue
            for param in [*item.get("parameters", []), *op.get("parameters", [])]:
                param = _resolve(spec, param)
                if param["name"] == name:
                    return dict(_resolve(spec, param.get("schema", {})))
            body = _resolve(spec, op.get("requestBody", {}))
            for media in body.get("content", {}).values():
                schema = _resolve(spec, media.get("schema", {}))
                if name in schema.get("properties", {}):
                    return dict(_resolve(spec, schema["properties"][name]))
    raise AssertionError(f"{provider} {operation} has no parameter or body field {name!r}")


@dataclass(frozen=True)
class Need:
    """A constraint the case relies on, declared in specs/<provider>/openapi.yaml by issue 12's spec change."""

    operation: str
    name: str
    check: Callable[[dict[str, Any]], bool]
    what: str

    def require(self, provider: str) -> None:
        schema = declared(provider, self.operation, self.name)
        if not self.check(schema):
            pytest.fail(
                f"specs/{provider}/openapi.yaml: {self.operation} `{self.name}` does not declare {self.what} "
                f"yet (it has {schema!r}); issue 12's spec change adds it. Until it is merged, the client "
                "has nothing to check this value against."
            )


def _e164(schema: dict[str, Any]) -> bool:
    return schema.get("pattern") == r"^\+[1-9]\d{1,14}$" or schema.get("x-phone-number") == "e164"


E164_NEED = "pattern ^\\+[1-9]\\d{1,14}$ (E.164, + required)"

# (id, provider, resource, method, args, kwargs, match, need)
REFUSED: list[tuple[str, str, str, str, tuple[Any, ...], dict[str, Any], str, Need | None]] = [
    # ---- Vobiz
    ("vobiz-query-percent-encoded-search", "vobiz", "phone_numbers", "list_numbers", (),
     {"search": "%2B912271264217"}, r"search='%2B912271264217' .*(percent-encoded|E\.164)", None),
    ("vobiz-query-non-e164-search", "vobiz", "phone_numbers", "list_numbers", (),
     {"search": "912271264217"}, r"search='912271264217' " + E164,
     Need("list_numbers", "search", _e164, E164_NEED)),
    ("vobiz-query-page-below-minimum", "vobiz", "phone_numbers", "list_numbers", (), {"page": 0},
     r"page=0 ", None),
    ("vobiz-query-per-page-below-minimum", "vobiz", "phone_numbers", "list_numbers", (), {"per_page": 0},
     r"per_page=0 ", None),
    ("vobiz-path-phone-number-without-plus", "vobiz", "phone_numbers", "assign_number_to_trunk",
     ("912271264217",), {"trunk_group_id": TRUNK}, r"phone_number='912271264217' " + E164, None),
    ("vobiz-path-trunk-id-not-a-uuid", "vobiz", "trunks", "retrieve_trunk", ("not-a-uuid",), {},
     r"trunk_id='not-a-uuid' is not a UUID", None),
    ("vobiz-body-trunk-group-id-not-a-uuid", "vobiz", "phone_numbers", "assign_number_to_trunk",
     ("+912271264217",), {"trunk_group_id": "e3e55a78-1234-5678-90ab"},
     r"trunk_group_id='e3e55a78-1234-5678-90ab' is not a UUID", None),
    ("vobiz-dict-body-trunk-group-id-not-a-uuid", "vobiz", "phone_numbers", "assign_number_to_trunk",
     ("+912271264217",), {"body": {"trunk_group_id": "../trunks"}},
     r"trunk_group_id='\.\./trunks' is not a UUID", None),
    ("vobiz-dict-body-missing-required-field", "vobiz", "phone_numbers", "assign_number_to_trunk",
     ("+912271264217",), {"body": {}}, r"trunk_group_id", None),
    # ---- TryVox
    ("tryvox-query-enum-outside", "tryvox", "numbers", "list_numbers", ("acc_123abc",),
     {"status": "deleted"}, r"status='deleted' is not one of 'active', 'pending', 'suspended'", None),
    ("tryvox-query-pattern", "tryvox", "numbers", "list_numbers", ("acc_123abc",), {"country": "us"},
     r"country='us' ", None),
    ("tryvox-query-above-maximum", "tryvox", "numbers", "list_numbers", ("acc_123abc",), {"per_page": 101},
     r"per_page=101 ", None),
    ("tryvox-path-e164", "tryvox", "numbers", "assign_number_to_trunk", ("acc_123abc", "14155551234"),
     {"trunk_id": "trunk_abc123"}, r"e164='14155551234' " + E164, None),
    ("tryvox-path-dot-dot-account", "tryvox", "numbers", "list_numbers", ("..",), {},
     r"account_id='\.\.' ", None),
    # ---- Mihu
    ("mihu-body-phone-number-without-plus", "mihu", "phone_numbers", "assign_trunk_to_agent", (),
     {"phone_number": "12345678901", "channel": "call", "agent_uuid": AGENT},
     r"phone_number='12345678901' " + E164, None),
    ("mihu-body-phone-number-dot-dot", "mihu", "phone_numbers", "register_trunk", (),
     {"phone_number": "..", "channel": "call", "agent_uuid": AGENT}, r"phone_number='\.\.' " + E164, None),
    ("mihu-body-channel-sms", "mihu", "phone_numbers", "assign_trunk_to_agent", (),
     {"phone_number": "+12345678901", "channel": "sms", "agent_uuid": AGENT},
     r"channel='sms' is not one of 'call', 'whatsapp'", None),
    ("mihu-body-agent-not-a-uuid", "mihu", "phone_numbers", "register_trunk", (),
     {"phone_number": "+12345678901", "channel": "call", "agent_uuid": "front-desk"},
     r"agent_uuid='front-desk' is not a UUID", None),
    ("mihu-query-phone-number-dot-dot", "mihu", "phone_numbers", "delete_trunk", (),
     {"phone_number": "..", "channel": "call"}, r"phone_number='\.\.' ", None),
    ("mihu-query-number-dot-dot", "mihu", "phone_numbers", "get_number_channels", (), {"number": ".."},
     r"number='\.\.' " + E164, Need("get_number_channels", "number", _e164, E164_NEED)),
    ("mihu-query-number-without-plus", "mihu", "phone_numbers", "get_number_channels", (),
     {"number": "12345678901"}, r"number='12345678901' " + E164,
     Need("get_number_channels", "number", _e164, E164_NEED)),
    ("mihu-query-channel-sms", "mihu", "phone_numbers", "delete_trunk", (),
     {"phone_number": "+12345678901", "channel": "sms"}, r"channel='sms' is not one of 'call', 'whatsapp'",
     None),
    # ---- Bolna
    ("bolna-body-empty-phone-number", "bolna", "sip_trunks", "add_number_to_trunk", ("01HQXYZ123ABC456DEF",),
     {"phone_number": ""}, r"phone_number='' ",
     Need("add_number_to_trunk", "phone_number", lambda s: (s.get("minLength") or 0) >= 1, "minLength: 1")),
    ("bolna-path-empty-trunk-id", "bolna", "sip_trunks", "list_trunk_numbers", ("",), {},
     r"trunk_id='' ", None),
]  # fmt: skip


@pytest.mark.parametrize("asynchronous", [False, True], ids=["sync", "async"])
@pytest.mark.parametrize(
    ("provider", "resource", "method", "args", "kwargs", "match", "need"),
    [pytest.param(*case[1:], id=case[0]) for case in REFUSED],
)
def test_a_bad_value_is_refused_before_any_byte_is_sent(
    provider: str,
    resource: str,
    method: str,
    args: tuple[Any, ...],
    kwargs: dict[str, Any],
    match: str,
    need: Need | None,
    asynchronous: bool,
) -> None:
    if need is not None:
        need.require(provider)
    recorder = Recorder()
    client = client_for(provider, asynchronous, recorder)
    with pytest.raises(ValueError, match=match):
        call(client, resource, method, args, kwargs)
    assert recorder.sent == [], "the transport saw a request"


@pytest.mark.parametrize("asynchronous", [False, True], ids=["sync", "async"])
def test_fields_and_body_together_is_a_typeerror(asynchronous: bool) -> None:
    recorder = Recorder()
    client = client_for("vobiz", asynchronous, recorder)
    with pytest.raises(TypeError):
        call(
            client,
            "phone_numbers",
            "assign_number_to_trunk",
            ("+912271264217",),
            {"trunk_group_id": TRUNK, "body": {"trunk_group_id": TRUNK}},
        )
    assert recorder.sent == []


# ---- enum members or their plain string value: accepted, and sent as the string -------------------


def _query(request: httpx.Request) -> dict[str, list[str]]:
    return parse_qs(urlsplit(str(request.url)).query)


@pytest.mark.parametrize("asynchronous", [False, True], ids=["sync", "async"])
@pytest.mark.parametrize("channel", ["call", "whatsapp"])
def test_mihu_delete_trunk_takes_the_channel_as_a_string(asynchronous: bool, channel: str) -> None:
    recorder = Recorder(httpx.Response(200, json={"success": True, "message": "Trunk deleted"}))
    client = client_for("mihu", asynchronous, recorder)
    deleted = call(
        client, "phone_numbers", "delete_trunk", (), {"phone_number": "+12345678901", "channel": channel}
    )
    assert deleted.success is True
    [request] = recorder.sent
    assert (request.method, request.url.path) == ("DELETE", "/api/v1/phone-numbers/trunks")
    assert _query(request) == {"phone_number": ["+12345678901"], "channel": [channel]}
    assert b"%2B12345678901" in request.url.raw_path  # the + encoded, once


@pytest.mark.parametrize("asynchronous", [False, True], ids=["sync", "async"])
def test_mihu_delete_trunk_takes_the_number_without_plus_as_its_page_documents(asynchronous: bool) -> None:
    """The delete page accepts +12345678901 or 12345678901 (specs/mihu: pattern ^\\+?[1-9]\\d{1,14}$)."""
    recorder = Recorder(httpx.Response(200, json={"success": True, "message": "Trunk deleted"}))
    client = client_for("mihu", asynchronous, recorder)
    call(client, "phone_numbers", "delete_trunk", (), {"phone_number": "12345678901", "channel": "call"})
    [request] = recorder.sent
    assert _query(request) == {"phone_number": ["12345678901"], "channel": ["call"]}


@pytest.mark.parametrize("asynchronous", [False, True], ids=["sync", "async"])
def test_mihu_enum_member_and_string_send_the_same_body(asynchronous: bool) -> None:
    from mihu_client.models import TrunkChannel

    bodies = []
    for channel in (TrunkChannel.WHATSAPP, "whatsapp"):
        recorder = Recorder(
            httpx.Response(422, json={"success": False, "error": {"code": "X", "message": "m"}})
        )
        client = client_for("mihu", asynchronous, recorder)
        raw = client.phone_numbers.with_raw_response.assign_trunk_to_agent(
            phone_number="+12345678901", channel=channel, agent_uuid=uuid.UUID(AGENT)
        )
        if inspect.iscoroutine(raw):
            asyncio.run(raw)
        [request] = recorder.sent
        bodies.append(request.content)
    assert bodies[0] == bodies[1]
    assert b'"channel": "whatsapp"' in bodies[0] or b'"channel":"whatsapp"' in bodies[0]
    assert AGENT.encode() in bodies[0]


@pytest.mark.parametrize("asynchronous", [False, True], ids=["sync", "async"])
@pytest.mark.parametrize("status", ["active", "pending", "suspended"])
def test_tryvox_list_numbers_takes_the_status_as_a_string(asynchronous: bool, status: str) -> None:
    page = {
        "data": [],
        "pagination": {"total": 0, "count": 0, "per_page": 20, "current_page": 1, "total_pages": 0},
    }
    recorder = Recorder(httpx.Response(200, json=page))
    client = client_for("tryvox", asynchronous, recorder)
    raw = client.numbers.with_raw_response.list_numbers("acc_123abc", status=status)
    if inspect.iscoroutine(raw):
        raw = asyncio.run(raw)
    assert raw.status_code == 200
    [request] = recorder.sent
    assert _query(request)["status"] == [status]
