"""Paths no vendor serves are never served (sandbox/hygiene.py), and every refusal is in the vendor's shape.

The issue's own cases first: a trailing ``%0A`` used to be served as the resource
without it, state changes included; elsewhere in a path it got the sandbox's own
``sandbox_error`` 404, no vendor's shape.
"""

from __future__ import annotations

import base64
import json
import socket
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from sandbox.testing import RunningSandbox

BOLNA_TRUNK = "/sip-trunks/trunks/01HQXYZ123ABC456DEF/numbers"
VOBIZ_ASSIGN = "/api/v1/Account/MA_XXXXXXXX/numbers/%2B912271264217/assign"
TRUNK_BODY = b'{"trunk_group_id": "aabbccdd-1234-5678-90ab-cdef12345678"}'
TWILIO_TRUNK = "/v1/Trunks/TKaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"


def auth(sandbox: RunningSandbox, provider: str) -> dict[str, str]:
    credentials = sandbox.credentials(provider)
    if provider == "vobiz":
        return {"X-Auth-ID": credentials["auth_id"], "X-Auth-Token": credentials["auth_token"]}
    if provider == "twilio":
        basic = f"{credentials['account_sid']}:{credentials['auth_token']}".encode()
        return {"Authorization": f"Basic {base64.b64encode(basic).decode()}"}
    return {"Authorization": f"Bearer {credentials['token']}"}


def send(raw: httpx.Client, sandbox: RunningSandbox, provider: str, method: str, path: str, **kw: Any) -> Any:
    headers = {**auth(sandbox, provider), "Content-Type": "application/json"}
    return raw.request(method, f"/{provider}{path}", headers=headers, **kw)


def test_a_trailing_newline_does_not_remove_a_bolna_number(
    raw: httpx.Client, sandbox: RunningSandbox
) -> None:
    before = send(raw, sandbox, "bolna", "GET", BOLNA_TRUNK).json()
    assert before, "the fixture has a number on the trunk"
    number_id = before[0]["id"]
    response = send(raw, sandbox, "bolna", "DELETE", f"{BOLNA_TRUNK}/{number_id}%0A")
    assert (response.status_code, response.json()) == (404, {"error": 404, "message": "not found"})
    assert send(raw, sandbox, "bolna", "GET", BOLNA_TRUNK).json() == before


def test_a_trailing_newline_does_not_assign_a_vobiz_number(
    raw: httpx.Client, sandbox: RunningSandbox
) -> None:
    response = send(raw, sandbox, "vobiz", "POST", VOBIZ_ASSIGN + "%0A", content=TRUNK_BODY)
    assert response.status_code == 404
    assert set(response.json()) == {"error", "message"}
    numbers = sandbox.state("vobiz")["MA_XXXXXXXX"]["numbers"]
    assert not any(n["e164"] == "+912271264217" and "trunk_group_id" in n for n in numbers)
    assert send(raw, sandbox, "vobiz", "POST", VOBIZ_ASSIGN, content=TRUNK_BODY).status_code == 204


# (plain "." and ".." are removed by httpx before sending, as RFC 3986 says; see the raw-socket test)
BAD_SEGMENTS = ["%0A", "x%0Ay", "%00", "%7F", "%09", "a%2Fb", "%2F", "%2E", "%2e%2E", ".%2E"]
SHAPES: dict[str, Callable[[Any], bool]] = {
    "vobiz": lambda body: set(body) == {"error", "message"},
    "tryvox": lambda body: set(body) == {"error"} and {"code", "message"} <= set(body["error"]),
    "mihu": lambda body: body.get("success") is False and "code" in body["error"],
    "bolna": lambda body: set(body) == {"error", "message"} and isinstance(body["error"], int),
    "twilio": lambda body: set(body) == {"code", "message", "more_info", "status"} and body["code"] == 20404,
}
PATHS = {  # each provider's path, with {} where the bad segment goes: at a parameter and at a literal
    "vobiz": ["/api/v1/Account/{}/numbers", "/api/v1/Account/MA_XXXXXXXX/trunks/{}", "/api/v1/{}/MA_XXXXXXXX/numbers"],
    "tryvox": ["/v1/account/{}/numbers", "/v1/account/acc_123abc/numbers/{}/assign", "/v1/{}/acc_123abc/numbers"],
    "mihu": ["/api/v1/phone-numbers/{}", "/api/v1/{}/trunks"],
    "bolna": ["/sip-trunks/trunks/{}/numbers", BOLNA_TRUNK + "/{}", "/sip-trunks/{}/01HQXYZ123ABC456DEF/numbers"],
    "twilio": ["/v1/Trunks/{}", TWILIO_TRUNK + "/PhoneNumbers/{}", "/v1/{}/" + TWILIO_TRUNK[11:],
               "/2010-04-01/Accounts/{}/IncomingPhoneNumbers.json"],
}  # fmt: skip


@pytest.mark.parametrize("provider", list(PATHS))
@pytest.mark.parametrize("segment", BAD_SEGMENTS)
def test_bad_segments_are_refused_in_the_vendors_shape(
    raw: httpx.Client, sandbox: RunningSandbox, provider: str, segment: str
) -> None:
    for template in PATHS[provider]:
        path = template.format(segment)
        response = send(raw, sandbox, provider, "GET", path)
        assert 400 <= response.status_code < 500, (path, response.status_code, response.text)
        assert "sandbox_error" not in response.text, path
        assert SHAPES[provider](response.json()), (path, response.text)


def test_a_bad_segment_at_a_parameter_is_that_parameters_documented_answer(
    raw: httpx.Client, sandbox: RunningSandbox
) -> None:
    # Vobiz: an auth_id that is not the caller's is the documented 403, whatever it holds
    assert send(raw, sandbox, "vobiz", "GET", "/api/v1/Account/MA_XXXXXXXX%0A/numbers").status_code == 403
    # Bolna: a trunk id that names no trunk is "trunk not found"
    response = send(raw, sandbox, "bolna", "GET", "/sip-trunks/trunks/%2E%2E/numbers")
    assert (response.status_code, response.json()["message"]) == (404, "trunk not found")


def test_only_paths_under_no_provider_get_the_sandboxs_own_404(raw: httpx.Client) -> None:
    for path in ("/vobiz%0A/api/v1/Account/MA_XXXXXXXX/numbers", "/nothing"):
        response = raw.get(path)
        assert response.status_code == 404
        assert "sandbox_error" in response.json()


@pytest.mark.parametrize(
    ("provider", "template", "name"),
    [
        ("vobiz", "/api/v1/Account/{auth_id}/numbers", "search"),
        ("mihu", "/api/v1/phone-numbers/channels", "number"),
    ],
)
def test_empty_query_values_are_judged_by_their_schema(
    raw: httpx.Client, sandbox: RunningSandbox, provider: str, template: str, name: str
) -> None:
    """``?search=`` is a string the spec allows (unless it declares a pattern or minLength): not a 400."""
    from sandbox.spec import SpecCheck

    schema = next(
        p.get("schema", {})
        for p in SpecCheck(provider).document["paths"][template]["get"].get("parameters", [])
        if p.get("name") == name
    )
    path = template.replace("{auth_id}", "MA_XXXXXXXX") + f"?{name}="
    response = send(raw, sandbox, provider, "GET", path)
    if "pattern" in schema or schema.get("minLength", 0) > 0:
        assert response.status_code in (400, 422), response.text  # the spec refuses "" too
    else:
        assert response.status_code in (200, 404), response.text  # served: Mihu finds no number ""


@pytest.mark.parametrize("segment", [".", ".."])
def test_plain_dot_segments_sent_as_is_are_refused(sandbox: RunningSandbox, segment: str) -> None:
    """What a client that does not normalize sends (curl --path-as-is): never served."""
    host, port = sandbox.url.removeprefix("http://").split(":")
    head = "".join(f"{k}: {v}\r\n" for k, v in auth(sandbox, "bolna").items())
    target = f"/bolna{BOLNA_TRUNK}/{segment}"
    request = f"GET {target} HTTP/1.1\r\nHost: {host}\r\n{head}Connection: close\r\n\r\n".encode()
    with socket.create_connection((host, int(port)), timeout=10) as conn:
        conn.sendall(request)
        answer = b""
        while chunk := conn.recv(65536):
            answer += chunk
    status_line, _, rest = answer.partition(b"\r\n")
    assert status_line.split()[1] == b"404", answer[:300]
    assert json.loads(rest.partition(b"\r\n\r\n")[2]) == {"error": 404, "message": "not found"}


def test_an_empty_bolna_phone_number_is_refused_exactly_when_the_spec_says(
    raw: httpx.Client, sandbox: RunningSandbox
) -> None:
    """The sandbox enforces what the spec declares, no more: ``minLength`` on phone_number decides."""
    from codegen.surface import resolve
    from sandbox.spec import SpecCheck

    spec = SpecCheck("bolna").document
    operation = spec["paths"]["/sip-trunks/trunks/{trunk_id}/numbers"]["post"]
    schema = resolve(spec, operation["requestBody"]["content"]["application/json"]["schema"])
    refused = resolve(spec, schema["properties"]["phone_number"]).get("minLength", 0) > 0
    response = send(raw, sandbox, "bolna", "POST", BOLNA_TRUNK, content=b'{"phone_number": ""}')
    assert response.status_code == (400 if refused else 201), response.text
    if refused:
        assert response.json() == {"error": 400, "message": "validation error"}
