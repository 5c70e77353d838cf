"""Hypothesis fuzzes paths, headers and bodies against the sandbox; the conformance oracle judges every answer.

Each example is one raw request to one provider: an operation's path with each
parameter a plausible value, a fuzzed one or a hostile segment (``%0A``,
``%2F``, ``%2E%2E``...), sometimes a suffix on the last segment; the
operation's method or another; the fake credentials, wrong ones or none; any
Content-Type; a JSON body of the documented fields, other JSON, or bytes.

The verdict never depends on our own idea of the vendor:

* no 5xx, and every answer is JSON (204 excepted);
* a request the spec routes to an operation (the oracle's own matching) gets a
  response that the oracle finds no drift in: a status documented for that
  operation, a body valid against its schema and the strict contract models;
* any other request gets a 4xx whose body the strict contract model of the
  provider's documented error (the schema its operations give that status, or
  their 404) accepts.
"""

from __future__ import annotations

import base64
from typing import Any
from urllib.parse import quote, unquote, urlencode

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sandbox.testing import RunningSandbox

from .conftest import JUDGE_HOST, _JudgedRequest

PROVIDERS = ["vobiz", "tryvox", "mihu", "bolna", "twilio"]
HOSTILE = [
    "%0A",
    "%0D%0A",
    "%00",
    "%09",
    "%7F",
    "%2F",
    "a%2Fb",
    "%2E",
    "%2E%2E",
    ".%2E",
    "%25",
    "%20",
    "+",
    "",
]
METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"]
CONTENT_TYPES = [
    "application/json",
    "text/plain",
    "application/x-www-form-urlencoded",
    "",
    "application/json; x=1",
]


def _oracle(provider: str) -> Any:
    from conformance.oracle import oracle_for

    return oracle_for(provider)


def _plausible(provider: str, name: str, sandbox: RunningSandbox) -> list[str]:
    """Values a parameter of this name takes in the fixtures (the sandbox's fake account)."""
    credentials = {**sandbox.credentials(provider), **sandbox.extras(provider)}
    known = {
        "auth_id": [credentials.get("auth_id", "")],
        "account_id": [credentials.get("account_id", "")],
        "phone_number": ["%2B912271264217", "%2B919876543210"],
        "e164": ["%2B14155551234", "+14155551234"],
        "trunk_id": [
            credentials.get("trunk_id", ""),
            "aabbccdd-1234-5678-90ab-cdef12345678",
            "01HQXYZ123ABC456DEF",
        ],
        "phone_number_id": ["01HQXYZ222BBB222CCC"],
        # Twilio (sandbox/fixtures/twilio.yaml): the account, its trunks and numbers
        "AccountSid": [credentials.get("account_sid", "")],
        "TrunkSid": [credentials.get("trunk_sid", ""), credentials.get("other_trunk_sid", "")],
        "Sid": ["PN" + "a" * 32, "PN" + "b" * 32, credentials.get("trunk_sid", "")],
    }
    return [v for v in known.get(name, []) if v]


@st.composite
def requests(draw: st.DrawFn, provider: str, sandbox: RunningSandbox) -> dict[str, Any]:
    oracle = _oracle(provider)
    _, template, method, op = draw(st.sampled_from(oracle.routes))
    segments = []
    for part in template.split("/")[1:]:
        if part.startswith("{") and part.endswith("}"):
            choices = st.sampled_from(_plausible(provider, part[1:-1], sandbox) or ["x"])
            fuzzed = st.text(min_size=1, max_size=12).map(lambda t: quote(t, safe=""))
            segments.append(draw(st.one_of(choices, choices, fuzzed, st.sampled_from(HOSTILE))))
        else:
            segments.append(part)
    path = "/" + "/".join(segments) + draw(st.sampled_from(["", "", "", "%0A", "/", "%2F", "/.."]))
    query = draw(
        st.lists(
            st.tuples(
                st.sampled_from(
                    [
                        *("page", "per_page", "search", "number", "phone_number", "channel", "status"),
                        *("PageSize", "Page", "PageToken", "PhoneNumber", "Beta"),  # Twilio's
                    ]
                ),
                st.one_of(
                    st.sampled_from(["", "1", "0", "-1", "call", "active", "%2B12345678901", "true"]),
                    st.text(max_size=6),
                ),
            ),
            max_size=3,
        )
    )
    content = (op.get("requestBody") or {}).get("content") or {}
    form = "application/x-www-form-urlencoded" in content  # Twilio's bodies are forms
    media = content.get("application/x-www-form-urlencoded" if form else "application/json", {})
    fields = list(media.get("schema", {}).get("properties", {}))
    json_values = st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=20))
    form_values = st.one_of(
        st.sampled_from(["", "PN" + "b" * 32, "TK" + "b" * 32, "true", "GET"]), st.text(max_size=20)
    )
    keys = st.sampled_from(fields or ["trunk_id", "phone_number"])
    encoded = (
        st.dictionaries(keys, form_values, max_size=4).map(lambda d: urlencode(d).encode())
        if form
        else st.dictionaries(keys, json_values, max_size=4).map(lambda d: httpx.Response(200, json=d).content)
    )
    body = draw(st.one_of(st.none(), encoded, st.binary(max_size=40)))
    credentials = draw(st.sampled_from(["valid", "valid", "valid", "wrong", "none"]))
    return {
        "method": draw(st.one_of(st.just(method.upper()), st.sampled_from(METHODS))),
        "path": path,
        "query": query,
        "body": body,
        "content_type": draw(st.sampled_from(CONTENT_TYPES)),
        "credentials": credentials,
    }


def _headers(sandbox: RunningSandbox, provider: str, which: str, content_type: str) -> dict[str, str]:
    headers = {"Content-Type": content_type} if content_type else {}
    if which == "none":
        return headers
    credentials = sandbox.credentials(provider)
    if which == "wrong":
        credentials = {name: f"wrong-{value}" for name, value in credentials.items()}
    if provider == "vobiz":
        return {**headers, "X-Auth-ID": credentials["auth_id"], "X-Auth-Token": credentials["auth_token"]}
    if provider == "twilio":
        basic = f"{credentials['account_sid']}:{credentials['auth_token']}".encode()
        return {**headers, "Authorization": f"Basic {base64.b64encode(basic).decode()}"}
    return {**headers, "Authorization": f"Bearer {credentials['token']}"}


def _error_model(provider: str, status: int) -> Any:
    """The strict contract model of the error body the provider documents for ``status`` (else for 404)."""
    oracle = _oracle(provider)
    for wanted in (status, 404):
        for _, _, _, op in oracle.routes:
            name = oracle._schema_name(op, wanted, "application/json")
            if name and getattr(oracle.contract, name, None) is not None:
                return getattr(oracle.contract, name)
    raise AssertionError(f"{provider} documents no error body for {status}")


def judge(provider: str, request: httpx.Request, response: httpx.Response) -> list[str]:
    """Everything wrong with the answer (the module docstring's rules)."""
    if response.status_code >= 500:
        return [f"{response.status_code}: {response.text[:200]}"]
    if response.status_code != 204 and not response.headers.get("content-type", "").startswith(
        "application/json"
    ):
        return [f"not JSON: {response.headers.get('content-type')}"]
    below_mount = request.url.raw_path.decode("latin-1")[len(provider) + 1 :]
    oracle = _oracle(provider)
    path = unquote(below_mount.split("?", 1)[0])
    if oracle.operation(request.method, path) is not None:
        judged = _JudgedRequest(request.method, JUDGE_HOST + below_mount, request.headers)
        recorded = {
            "status": {"code": response.status_code},
            "headers": {name: [value] for name, value in response.headers.items()},
            "body": {"string": response.content},
        }
        _, drifts = oracle.check(judged, recorded, f"fuzz {request.method} {below_mount}")
        return [str(d) for d in drifts]
    if not 400 <= response.status_code < 500:
        return [f"no operation is {request.method} {path!r}, yet {response.status_code}"]
    model = _error_model(provider, response.status_code)
    try:
        model.model_validate_json(response.content)
    except ValueError as err:
        return [f"{response.status_code} body is not {model.__name__}: {err}"]
    return []


@pytest.mark.parametrize("provider", PROVIDERS)
def test_fuzzed_requests_get_documented_answers(sandbox: RunningSandbox, provider: str) -> None:
    unimplemented = set(sandbox.unimplemented(provider))  # a 501 there says so; nothing to judge
    with httpx.Client(base_url=sandbox.url, timeout=10.0) as client:

        @settings(
            max_examples=150,
            derandomize=True,  # the same examples every run: a red CI run is reproducible
            database=None,
            deadline=None,
            suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
        )
        @given(requests(provider, sandbox))
        def check(drawn: dict[str, Any]) -> None:
            query = "&".join(f"{k}={quote(v, safe='%+')}" for k, v in drawn["query"])
            url = httpx.URL(f"{sandbox.url}/{provider}{drawn['path']}" + (f"?{query}" if query else ""))
            headers = _headers(sandbox, provider, drawn["credentials"], drawn["content_type"])
            request = client.build_request(drawn["method"], url, headers=headers, content=drawn["body"])
            response = client.send(request)
            operation = _oracle(provider).operation(request.method, unquote(drawn["path"]))
            if operation is not None and operation[0] in unimplemented:
                return
            problems = judge(provider, request, response)
            assert not problems, f"{request.method} {request.url}: {problems}"

        check()
