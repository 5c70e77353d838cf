"""Bad input gets a clear status and a JSON body in the vendor's error shape: never a crash or a traceback page."""

from __future__ import annotations

import base64
import json
import socket
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sandbox.testing import RunningSandbox

VOBIZ_ASSIGN = "/api/v1/Account/MA_XXXXXXXX/numbers/%2B912271264217/assign"


def vobiz_headers(sandbox: RunningSandbox, **extra: str) -> dict[str, str]:
    credentials = sandbox.credentials("vobiz")
    return {"X-Auth-ID": credentials["auth_id"], "X-Auth-Token": credentials["auth_token"], **extra}


def post_vobiz(
    raw: httpx.Client, sandbox: RunningSandbox, content: bytes, content_type: str
) -> httpx.Response:
    return raw.post(
        sandbox.base_url("vobiz") + VOBIZ_ASSIGN,
        content=content,
        headers=vobiz_headers(sandbox, **{"Content-Type": content_type}),
    )


def vendor_error(response: httpx.Response) -> dict[str, Any]:
    assert response.headers["content-type"] == "application/json"
    body: dict[str, Any] = response.json()
    assert set(body) == {"error", "message"}, body  # the Vobiz Error shape
    return body


@pytest.mark.parametrize(
    "content",
    [b"{not json", b'{"trunk_group_id": ', b"\xff\xfe\x00", b"[" * 100_000, b'{"a":' * 5_000],
    ids=["unclosed", "truncated", "not-utf8", "deep-array", "deep-object"],
)
def test_malformed_json_is_400(raw: httpx.Client, sandbox: RunningSandbox, content: bytes) -> None:
    response = post_vobiz(raw, sandbox, content, "application/json")
    assert response.status_code == 400
    assert vendor_error(response)["message"] == "The request body is not valid JSON."


@pytest.mark.parametrize(
    "body", [b"null", b"[]", b'"x"', b"{}", b'{"trunk_group_id": 5}', b'{"trunk_group_id": "x"}']
)
def test_json_of_the_wrong_shape_is_400(raw: httpx.Client, sandbox: RunningSandbox, body: bytes) -> None:
    response = post_vobiz(raw, sandbox, body, "application/json")
    assert response.status_code == 400
    assert vendor_error(response)["error"] == "invalid request"


@pytest.mark.parametrize(
    "content_type", ["text/plain", "application/x-www-form-urlencoded", "application/xml", ""]
)
def test_any_content_type_is_read_as_json(
    raw: httpx.Client, sandbox: RunningSandbox, content_type: str
) -> None:
    """No spec documents a 415 and no page forbids another type: the body is JSON whatever the header says."""
    body = json.dumps({"trunk_group_id": "aabbccdd-1234-5678-90ab-cdef12345678"}).encode()
    response = post_vobiz(raw, sandbox, body, content_type)
    assert response.status_code == 204
    not_json = post_vobiz(raw, sandbox, b"trunk_group_id=aabbccdd", content_type)
    assert not_json.status_code == 400  # the documented 400, not an undocumented 415
    assert vendor_error(not_json)["message"] == "The request body is not valid JSON."


def test_no_body_is_400(raw: httpx.Client, sandbox: RunningSandbox) -> None:
    response = raw.post(sandbox.base_url("vobiz") + VOBIZ_ASSIGN, headers=vobiz_headers(sandbox))
    assert response.status_code == 400
    assert vendor_error(response)["message"] == "A JSON request body is required."


@pytest.mark.parametrize("size", [1024 * 1024 + 1, 4 * 1024 * 1024])
def test_bodies_over_1_mib_are_413(raw: httpx.Client, sandbox: RunningSandbox, size: int) -> None:
    body = b'{"pad": "' + b"x" * size + b'"}'
    response = post_vobiz(raw, sandbox, body, "application/json")
    assert response.status_code == 413
    assert vendor_error(response)["error"] == "request too large"


def test_a_body_past_the_drain_limit_is_refused_unread(sandbox: RunningSandbox) -> None:
    """A declared 1 GiB body is answered at once (no waiting for it), and that connection is closed."""
    host, port = sandbox.url.removeprefix("http://").split(":")
    head = "".join(f"{name}: {value}\r\n" for name, value in vobiz_headers(sandbox).items())
    request = (
        f"POST /vobiz{VOBIZ_ASSIGN} HTTP/1.1\r\nHost: {host}\r\n{head}"
        f"Content-Type: application/json\r\nContent-Length: {2**30}\r\n\r\n{{}}"
    ).encode()
    with socket.create_connection((host, int(port)), timeout=10) as conn:
        conn.sendall(request)
        answer = b""
        while chunk := conn.recv(65536):  # ends when the server closes: bounded by the timeout
            answer += chunk
    head_text, _, body = answer.partition(b"\r\n\r\n")
    assert head_text.startswith(b"HTTP/1.1 413 ")
    assert b"connection: close" in head_text.lower()
    assert json.loads(body)["error"] == "request too large"


def test_unknown_paths_are_404_in_each_vendors_shape(raw: httpx.Client, sandbox: RunningSandbox) -> None:
    expected = {
        "vobiz": {"error": "not found", "message": "The requested resource was not found."},
        "tryvox": {"error": {"code": "NOT_FOUND", "message": "The requested resource was not found."}},
        "mihu": {
            "success": False,
            "message": "Resource or endpoint does not exist",
            "error": {"code": "NOT_FOUND", "details": "Resource or endpoint does not exist"},
        },
        "bolna": {"error": 404, "message": "not found"},
        "twilio": {
            "code": 20404,
            "message": "The requested resource /no/such/thing was not found",
            "more_info": "https://www.twilio.com/docs/errors/20404",
            "status": 404,
        },
    }
    for provider, body in expected.items():
        response = raw.get(sandbox.base_url(provider) + "/no/such/thing")
        assert (response.status_code, response.json()) == (404, body), provider
    outside = raw.get("/nothing-mounted-here")
    assert outside.status_code == 404
    assert "sandbox_error" in outside.json()


def test_wrong_methods_are_405_with_allow(raw: httpx.Client, sandbox: RunningSandbox) -> None:
    response = raw.put(sandbox.base_url("vobiz") + VOBIZ_ASSIGN, headers=vobiz_headers(sandbox))
    assert response.status_code == 405
    assert response.headers["allow"] == "POST, DELETE"
    assert vendor_error(response)["error"] == "method not allowed"
    mihu = raw.delete(sandbox.base_url("mihu") + "/api/v1/phone-numbers/trunks/assign")
    assert (mihu.status_code, mihu.headers["allow"]) == (405, "PUT")
    twilio = raw.put(sandbox.base_url("twilio") + "/v1/Trunks")
    assert (twilio.status_code, twilio.headers["allow"], twilio.json()["code"]) == (405, "GET", 20004)
    assert raw.put("/_sandbox/reset").status_code == 405


def test_bad_query_values_are_400(raw: httpx.Client, sandbox: RunningSandbox) -> None:
    url = sandbox.base_url("vobiz") + "/api/v1/Account/MA_XXXXXXXX/numbers"
    for params in ({"page": "abc"}, {"page": "0"}, {"per_page": "-1"}):
        response = raw.get(url, params=params, headers=vobiz_headers(sandbox))
        assert response.status_code == 400, params
        assert vendor_error(response)["error"] == "invalid request"


# ---- anything at all -----------------------------------------------------------------------

METHODS = st.sampled_from(["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"])
SEGMENT = st.one_of(
    st.sampled_from(
        ["api", "v1", "Account", "MA_XXXXXXXX", "numbers", "assign", "trunks", "%2B1", "+1", "..", "%00"]
    ),
    st.text(
        alphabet=st.characters(min_codepoint=33, max_codepoint=126, exclude_characters="/?#"), max_size=12
    ),
)
PATHS = st.lists(SEGMENT, max_size=7).map(lambda parts: "/" + "/".join(parts))
BODIES = st.one_of(st.binary(max_size=300), st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=20),
                   lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
                   max_leaves=20).map(lambda value: json.dumps(value).encode()))  # fmt: skip


@settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    provider=st.sampled_from(["vobiz", "tryvox", "mihu", "bolna", "twilio"]),
    method=METHODS,
    path=PATHS,
    body=BODIES,
    content_type=st.sampled_from(["application/json", "text/plain", ""]),
    authenticated=st.booleans(),
)
def test_fuzzed_requests_get_a_json_answer_below_500(
    raw: httpx.Client,
    sandbox: RunningSandbox,
    provider: str,
    method: str,
    path: str,
    body: bytes,
    content_type: str,
    authenticated: bool,
) -> None:
    headers = {"Content-Type": content_type} if content_type else {}
    if authenticated:
        credentials = sandbox.credentials(provider)
        if provider == "vobiz":
            headers.update({"X-Auth-ID": credentials["auth_id"], "X-Auth-Token": credentials["auth_token"]})
        elif provider == "twilio":
            basic = f"{credentials['account_sid']}:{credentials['auth_token']}".encode()
            headers["Authorization"] = f"Basic {base64.b64encode(basic).decode()}"
        else:
            headers["Authorization"] = f"Bearer {credentials['token']}"
    response = raw.request(method, sandbox.base_url(provider) + path, content=body, headers=headers)
    assert response.status_code < 500, (response.status_code, response.text)
    if response.status_code != 204:
        assert response.headers["content-type"] == "application/json"
        response.json()


def test_still_healthy_after_all_that(raw: httpx.Client) -> None:
    assert raw.get("/_sandbox/health").json() == {"status": "ok"}
