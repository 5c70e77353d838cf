"""One assign call per provider, made six ways: our client, raw httpx and raw httpx + ``response.json()``,
sync and async.

The raw httpx call is the same request on the wire (method, path with %2B, credential
headers, JSON or form body), made with a pooled httpx client: the floor for any httpx-based client. It
reads the body but does not decode it; "raw httpx + json" is the same call followed by
``response.json()`` (when there is a body), which any client that returns the data pays too: the
goal's baseline (bench/overhead.py).
Our call is the resource method users write (``Vobiz().phone_numbers.assign_number_to_trunk(number,
trunk_group_id=...)``): keyword body fields into the body model, the checks before sending, the retries
loop, logging, the response model; the operation module beneath it is the same code. The vendors'
SDKs are pointed at the same server: vobiz-python (requests-based, sync only), and Twilio's official
``twilio`` (requests sync, aiohttp async; bench/twilio_sdk.py), beside which ours also runs on its
opt-in aiohttp transport.
"""

from __future__ import annotations

import base64
import importlib
import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

import httpx

from .server import TWILIO_ACCOUNT, TWILIO_NUMBER, TWILIO_TRUNK, mock_transport

TRUNK_UUID = "e3e55a78-1234-5678-90ab-cdef12345678"
AGENT_UUID = "3c90c3cc-0d44-4b50-8888-8dd25736052a"
CREDENTIAL_HEADERS = ("authorization", "x-auth-id", "x-auth-token", "content-type")


@dataclass
class Case:
    """The calls of one provider against ``base_url``; ``close()`` releases every pool."""

    provider: str
    operation: str
    module: Any
    ours_sync: Callable[[], Any]
    ours_async: Callable[[], Awaitable[Any]]
    raw_sync: Callable[[], Any]
    raw_async: Callable[[], Awaitable[Any]]
    raw_json_sync: Callable[[], Any]
    raw_json_async: Callable[[], Awaitable[Any]]
    sdk_sync: Callable[[], Any] | None = None
    sdk_async: Callable[[], Awaitable[Any]] | None = None
    sdk_name: str = ""
    # beside an SDK whose async is aiohttp: ours on the opt-in aiohttp transport and two floors (bench/aio.py)
    aiohttp_async: dict[str, Callable[[], Awaitable[Any]]] = field(default_factory=dict)
    closers: list[Callable[[], Any]] = field(default_factory=list)
    async_closers: list[Callable[[], Awaitable[Any]]] = field(default_factory=list)

    def close(self) -> None:
        for closer in self.closers:
            closer()

    async def aclose(self) -> None:
        for closer in self.async_closers:
            await closer()


def _hooks(capture: list[dict[str, Any]] | None, mock: bool = False) -> dict[str, Any]:
    """httpx arguments: sync event hooks recording each request's wire form into ``capture`` (the
    same-wire check), or (``mock``) an in-process transport answering like the loopback server."""
    if mock:
        return {"transport": mock_transport()[0]}
    if capture is None:
        return {}

    def record(request: httpx.Request) -> None:
        capture.append(
            {
                "method": request.method,
                "path": request.url.raw_path.decode(),
                "body": _body(request),
                "credentials": {k: v for k, v in request.headers.items() if k in CREDENTIAL_HEADERS},
            }
        )

    return {"event_hooks": {"request": [record]}}


def _body(request: httpx.Request) -> Any:
    """The body decoded as its Content-Type says: a form as its list of pairs, else JSON."""
    if not request.content:
        return None
    if request.headers.get("content-type", "").startswith("application/x-www-form-urlencoded"):
        return {"form": parse_qsl(request.content.decode(), keep_blank_values=True, strict_parsing=True)}
    return json.loads(request.content)


Raw = tuple[Callable[[], Any], Callable[[], Awaitable[Any]], Callable[[], Any], Callable[[], Awaitable[Any]],
            httpx.Client, httpx.AsyncClient]  # fmt: skip


def _raw(base_url: str, headers: dict[str, str], method: str, path: str, payload: dict[str, Any],
         capture: list[dict[str, Any]] | None, mock: bool, form: bool = False) -> Raw:  # fmt: skip
    """The request by hand; ``form``: the payload as a urlencoded form (httpx's ``data=``), else JSON."""
    sync_http = httpx.Client(base_url=base_url, headers=headers, **_hooks(capture, mock))
    transport: dict[str, Any] = {"transport": mock_transport()[1]} if mock else {}
    async_http = httpx.AsyncClient(base_url=base_url, headers=headers, **transport)
    body: dict[str, Any] = {"data": payload} if form else {"json": payload}

    def raw_sync() -> Any:
        response = sync_http.request(method, path, **body)
        if response.status_code >= 400:
            raise RuntimeError(response.status_code)
        return response

    async def raw_async() -> Any:
        response = await async_http.request(method, path, **body)
        if response.status_code >= 400:
            raise RuntimeError(response.status_code)
        return response

    def raw_json_sync() -> Any:
        response = raw_sync()
        return response.json() if response.content else None

    async def raw_json_async() -> Any:
        response = await raw_async()
        return response.json() if response.content else None

    return raw_sync, raw_async, raw_json_sync, raw_json_async, sync_http, async_http


def _finish(case_args: dict[str, Any], clients: tuple[Any, Any], raw: Raw) -> Case:
    raw_sync, raw_async, raw_json_sync, raw_json_async, sync_http, async_http = raw
    ours, ours_async = clients

    async def close_async() -> None:
        await ours_async.close()
        await async_http.aclose()

    return Case(
        **case_args,
        raw_sync=raw_sync,
        raw_async=raw_async,
        raw_json_sync=raw_json_sync,
        raw_json_async=raw_json_async,
        closers=[ours.close, sync_http.close],
        async_closers=[close_async],
    )


def _imports(package: str, operation: str, client_class: str) -> tuple[Any, Any, Any]:
    """The client class, its async twin and the operation module, from ``package`` (or a renamed copy)."""
    root = importlib.import_module(package)
    module = importlib.import_module(f"{package}.api.{operation}")
    return getattr(root, client_class), getattr(root, f"Async{client_class}"), module


def vobiz(base_url: str, capture: list[dict[str, Any]] | None = None, mock: bool = False,
          package: str = "vobiz_client") -> Case:  # fmt: skip
    Vobiz, AsyncVobiz, assign_number_to_trunk = _imports(
        package, "phone_numbers.assign_number_to_trunk", "Vobiz"
    )

    auth_id, token, number = "MA_BENCH", "bench-token", "+912271264217"
    settings = {"base_url": base_url, "auth_id": auth_id, "auth_token": token}
    client = Vobiz(**settings, httpx_args=_hooks(capture, mock))
    aclient = AsyncVobiz(**settings, httpx_args={"transport": mock_transport()[1]} if mock else {})
    raw = _raw(base_url, {"X-Auth-ID": auth_id, "X-Auth-Token": token}, "POST",
               f"/api/v1/Account/{auth_id}/numbers/%2B{number[1:]}/assign", {"trunk_group_id": TRUNK_UUID}, capture, mock)  # fmt: skip
    case = _finish(
        {
            "provider": "vobiz",
            "operation": "assign_number_to_trunk",
            "module": assign_number_to_trunk,
            "ours_sync": lambda: client.phone_numbers.assign_number_to_trunk(
                number, trunk_group_id=TRUNK_UUID
            ),
            "ours_async": lambda: aclient.phone_numbers.assign_number_to_trunk(
                number, trunk_group_id=TRUNK_UUID
            ),
        },
        (client, aclient),
        raw,
    )
    sdk = vobiz_sdk(base_url, auth_id, token) if not mock else None
    if sdk is not None:
        sdk_client, case.sdk_name = sdk
        case.sdk_sync = lambda: sdk_client.phone_numbers.assign_to_trunk(number, TRUNK_UUID)
        case.closers.append(sdk_client.session.close)
    return case


def vobiz_sdk(base_url: str, auth_id: str, token: str) -> tuple[Any, str] | None:
    """The vendor's SDK aimed at ``base_url``, or None when it is not installed.

    vobiz-python has no base-URL option: the phone-number resource builds its URLs from the
    module constant ``vobiz.resources.numbers.VOBIZ_API_V1`` (https://api.vobiz.ai/api/v1),
    so that constant is pointed at the loopback server.
    """
    try:
        from importlib.metadata import version

        import vobiz
        import vobiz.resources.numbers as sdk_numbers
    except ImportError:
        return None
    sdk_numbers.VOBIZ_API_V1 = f"{base_url}/api/v1"
    return vobiz.RestClient(auth_id=auth_id, auth_token=token), f"vobiz-python {version('vobiz-python')}"


def tryvox(base_url: str, capture: list[dict[str, Any]] | None = None, mock: bool = False,
           package: str = "tryvox_client") -> Case:  # fmt: skip
    TryVox, AsyncTryVox, assign_number_to_trunk = _imports(
        package, "numbers.assign_number_to_trunk", "TryVox"
    )

    account, token, number = "acc_123abc", "bench-token", "+14155551234"
    client = TryVox(base_url=base_url, token=token, httpx_args=_hooks(capture, mock))
    aclient = AsyncTryVox(
        base_url=base_url, token=token, httpx_args={"transport": mock_transport()[1]} if mock else {}
    )
    raw = _raw(base_url, {"Authorization": f"Bearer {token}"}, "POST",
               f"/v1/account/{account}/numbers/%2B{number[1:]}/assign", {"trunk_id": "trunk_abc123"}, capture, mock)  # fmt: skip
    return _finish(
        {
            "provider": "tryvox",
            "operation": "assign_number_to_trunk",
            "module": assign_number_to_trunk,
            "ours_sync": lambda: client.numbers.assign_number_to_trunk(
                account, number, trunk_id="trunk_abc123"
            ),
            "ours_async": lambda: aclient.numbers.assign_number_to_trunk(
                account, number, trunk_id="trunk_abc123"
            ),
        },
        (client, aclient),
        raw,
    )


def mihu(base_url: str, capture: list[dict[str, Any]] | None = None, mock: bool = False,
         package: str = "mihu_client") -> Case:  # fmt: skip
    Mihu, AsyncMihu, assign_trunk_to_agent = _imports(package, "phone_numbers.assign_trunk_to_agent", "Mihu")

    token, number = "bench-token", "+12345678901"
    client = Mihu(base_url=base_url, token=token, httpx_args=_hooks(capture, mock))
    aclient = AsyncMihu(
        base_url=base_url, token=token, httpx_args={"transport": mock_transport()[1]} if mock else {}
    )
    fields = {"phone_number": number, "channel": "call", "agent_uuid": AGENT_UUID}
    raw = _raw(base_url, {"Authorization": f"Bearer {token}"}, "PUT", "/api/v1/phone-numbers/trunks/assign",
               fields, capture, mock)  # fmt: skip
    return _finish(
        {
            "provider": "mihu",
            "operation": "assign_trunk_to_agent",
            "module": assign_trunk_to_agent,
            "ours_sync": lambda: client.phone_numbers.assign_trunk_to_agent(**fields),
            "ours_async": lambda: aclient.phone_numbers.assign_trunk_to_agent(**fields),
        },
        (client, aclient),
        raw,
    )


def bolna(base_url: str, capture: list[dict[str, Any]] | None = None, mock: bool = False,
          package: str = "bolna_client") -> Case:  # fmt: skip
    Bolna, AsyncBolna, add_number_to_trunk = _imports(package, "sip_trunks.add_number_to_trunk", "Bolna")

    trunk, token = "01HQXYZ123ABC456DEF", "bench-token"
    client = Bolna(base_url=base_url, token=token, httpx_args=_hooks(capture, mock))
    aclient = AsyncBolna(
        base_url=base_url, token=token, httpx_args={"transport": mock_transport()[1]} if mock else {}
    )
    raw = _raw(base_url, {"Authorization": f"Bearer {token}"}, "POST", f"/sip-trunks/trunks/{trunk}/numbers",
               {"phone_number": "919876543210", "name": "Mumbai Support Line", "e164_check_enabled": False}, capture, mock)  # fmt: skip
    return _finish(
        {
            "provider": "bolna",
            "operation": "add_number_to_trunk",
            "module": add_number_to_trunk,
            "ours_sync": lambda: client.sip_trunks.add_number_to_trunk(
                trunk, phone_number="919876543210", name="Mumbai Support Line"
            ),
            "ours_async": lambda: aclient.sip_trunks.add_number_to_trunk(
                trunk, phone_number="919876543210", name="Mumbai Support Line"
            ),
        },
        (client, aclient),
        raw,
    )


def twilio(base_url: str, capture: list[dict[str, Any]] | None = None, mock: bool = False,
           package: str = "twilio_client") -> Case:  # fmt: skip
    """Associating a number with an Elastic SIP trunk: ``POST /v1/Trunks/{TrunkSid}/PhoneNumbers``,
    form body ``PhoneNumberSid=PN...``, HTTP Basic (account SID, auth token)."""
    Twilio, AsyncTwilio, create_phone_number = _imports(
        package, "trunk_phone_numbers.create_phone_number", "Twilio"
    )

    token = "bench-token"
    settings = {"base_url": base_url, "account_sid": TWILIO_ACCOUNT, "auth_token": token}
    client = Twilio(**settings, httpx_args=_hooks(capture, mock))
    aclient = AsyncTwilio(**settings, httpx_args={"transport": mock_transport()[1]} if mock else {})
    basic = "Basic " + base64.b64encode(f"{TWILIO_ACCOUNT}:{token}".encode()).decode()
    raw = _raw(base_url, {"Authorization": basic}, "POST", f"/v1/Trunks/{TWILIO_TRUNK}/PhoneNumbers",
               {"PhoneNumberSid": TWILIO_NUMBER}, capture, mock, form=True)  # fmt: skip
    case = _finish(
        {
            "provider": "twilio",
            "operation": "create_phone_number",
            "module": create_phone_number,
            "ours_sync": lambda: client.trunk_phone_numbers.create_phone_number(
                TWILIO_TRUNK, phone_number_sid=TWILIO_NUMBER
            ),
            "ours_async": lambda: aclient.trunk_phone_numbers.create_phone_number(
                TWILIO_TRUNK, phone_number_sid=TWILIO_NUMBER
            ),
        },
        (client, aclient),
        raw,
    )
    if mock:
        return case
    from . import aio, twilio_sdk

    def ours_on_aiohttp() -> tuple[Callable[[], Awaitable[Any]], Callable[[], Awaitable[None]]]:
        on_aiohttp = AsyncTwilio(
            **settings, http_client=importlib.import_module(package).DefaultAioHttpClient()
        )
        call = on_aiohttp.trunk_phone_numbers.create_phone_number
        return lambda: call(TWILIO_TRUNK, phone_number_sid=TWILIO_NUMBER), on_aiohttp.close

    case.aiohttp_async, close_aiohttp = aio.variants(ours_on_aiohttp, base_url, {"Authorization": basic},
        f"/v1/Trunks/{TWILIO_TRUNK}/PhoneNumbers", {"PhoneNumberSid": TWILIO_NUMBER})  # fmt: skip
    sdk_sync, sdk_http = twilio_sdk.sync_call(base_url, TWILIO_ACCOUNT, token, TWILIO_TRUNK, TWILIO_NUMBER)
    sdk_async, close_sdk = twilio_sdk.async_call(base_url, TWILIO_ACCOUNT, token, TWILIO_TRUNK, TWILIO_NUMBER)
    case.sdk_sync, case.sdk_async, case.sdk_name = sdk_sync, sdk_async, twilio_sdk.sdk_name()
    case.closers.append(sdk_http.session.close)
    case.async_closers += [close_sdk, close_aiohttp]
    return case


CASES = {"vobiz": vobiz, "tryvox": tryvox, "mihu": mihu, "bolna": bolna, "twilio": twilio}


def same_wire(provider: str, base_url: str) -> tuple[bool, str]:
    """Whether our sync call, the raw httpx call and the raw httpx + json call put the same request on the wire."""
    capture: list[dict[str, Any]] = []
    case = CASES[provider](base_url, capture)
    try:
        case.ours_sync()
        case.raw_sync()
        case.raw_json_sync()
    finally:
        case.close()
    ours, raw, raw_json = capture
    return ours == raw == raw_json, f"ours={ours} raw={raw} raw+json={raw_json}"
