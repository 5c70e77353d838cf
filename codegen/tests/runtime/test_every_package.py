"""The runtime guarantees hold in every generated package, not just the one the other tests use.

Each package carries its own copy of the runtime (rendered from the same templates), so each is
checked: status -> exception class, path-value validation, retries and their limits, defaults,
hidden credentials, open enums.
"""

from __future__ import annotations

import enum
import importlib
import inspect
import json
import re
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import quote

import attrs
import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[3]
PACKAGES = sorted(
    json.loads(p.read_text())["distribution"].replace("-", "_")
    for p in ROOT.glob("generated/*/*/PROVENANCE.json")
)


def module(package: str, name: str) -> ModuleType:
    return importlib.import_module(f"{package}.{name}")


def authenticated(package: str, transport: httpx.MockTransport) -> object:
    client_cls = module(package, "client").AuthenticatedClient
    base = {f.name for f in attrs.fields(module(package, "client").Client)}
    creds = {f.name: "credential-value-123" for f in attrs.fields(client_cls) if f.name not in base}
    client = client_cls(base_url="https://api.example.test", **creds)
    client.set_httpx_client(httpx.Client(base_url="https://api.example.test", transport=transport))
    return client


def test_every_provider_is_covered() -> None:
    # Every provider of codegen/providers.yaml has a generated package here, and nothing else does.
    from codegen.providers import provider_packages

    assert sorted(provider_packages().values()) == PACKAGES


@pytest.mark.parametrize("package", PACKAGES)
@pytest.mark.parametrize(
    ("status", "name"),
    [(400, "BadRequestError"), (401, "UnauthorizedError"), (403, "ForbiddenError"), (404, "NotFoundError"),
     (409, "ConflictError"), (422, "UnprocessableEntityError"), (429, "RateLimitedError"), (500, "ServerError"),
     (520, "ServerError"), (499, "UnexpectedStatus"), (799, "UnexpectedStatus")],
)  # fmt: skip
def test_status_maps_to_its_exception(package: str, status: int, name: str) -> None:
    errors = module(package, "errors")
    err = errors.error_for_status(status, b'{"message": "vendor says no"}', {"x-request-id": "r1"})
    assert type(err).__name__ == name and isinstance(err, errors.ApiError)
    assert (err.message, err.request_id) == ("vendor says no", "r1")


@pytest.mark.parametrize("package", PACKAGES)
@pytest.mark.parametrize("value", ["", ".", "..", "a/b", "%2B14155550100", "two words"])
def test_bad_path_values_are_refused(package: str, value: str) -> None:
    with pytest.raises(ValueError, match="some_id="):
        module(package, "_base_client").path_param("some_id", value)


@pytest.mark.parametrize("package", PACKAGES)
def test_e164_rule_and_encoding(package: str) -> None:
    runtime = module(package, "_base_client")
    assert runtime.path_param("n", "+14155550100", r"^\+[1-9]\d{1,14}$", "E.164") == "%2B14155550100"
    with pytest.raises(ValueError, match=r"is not E\.164"):
        runtime.path_param("n", "14155550100", r"^\+[1-9]\d{1,14}$", "E.164")


@pytest.mark.parametrize("package", PACKAGES)
def test_retries_idempotent_requests_but_not_a_post_after_500(
    package: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    runtime = module(package, "_base_client")
    slept: list[float] = []
    monkeypatch.setattr(runtime, "_sleep", slept.append)
    answers = [httpx.Response(429, headers={"Retry-After": "1"}), httpx.Response(200)]
    client = authenticated(package, httpx.MockTransport(lambda request: answers.pop(0)))
    response, retries = runtime.send_sync(client, "op", {"method": "get", "url": "/x", "path": "/x"})
    assert (response.status_code, retries, slept) == (200, 1, [1.0])

    answers[:] = [httpx.Response(500), httpx.Response(200)]
    response, retries = runtime.send_sync(client, "op", {"method": "post", "url": "/x", "path": "/x"})
    assert (response.status_code, retries) == (500, 0)


@pytest.mark.parametrize("package", PACKAGES)
def test_defaults_identity_and_hidden_credentials(package: str) -> None:
    client = module(package, "client").AuthenticatedClient
    base = {f.name for f in attrs.fields(module(package, "client").Client)}
    creds = {f.name: "credential-value-123" for f in attrs.fields(client) if f.name not in base}
    instance = client(base_url="https://api.example.test", **creds)
    http = instance.get_httpx_client()
    assert (http.timeout.read, http.timeout.connect, instance.max_retries) == (30.0, 5.0, 2)
    distribution = package.replace("_", "-")
    assert http.headers["user-agent"].startswith(f"{distribution}/")
    assert "credential-value-123" not in repr(instance)


@pytest.mark.parametrize("package", PACKAGES)
def test_every_enum_is_open(package: str) -> None:
    models = module(package, "models")
    enums = [obj for _, obj in inspect.getmembers(models, inspect.isclass) if issubclass(obj, enum.Enum)]
    for cls in enums:
        value = cls("value-added-by-the-vendor-later")
        assert (
            isinstance(value, cls) and isinstance(value, str) and value == "value-added-by-the-vendor-later"
        )


E164 = (r"^\+[1-9]\d{1,14}$", "an E.164 number")
UUID = (r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$", "a UUID")


@pytest.mark.parametrize("package", PACKAGES)
@settings(max_examples=300, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    value=st.one_of(
        st.text(),
        st.text(alphabet="+0123456789%2Bab/.-_~ \t\n\\", max_size=20),
        st.from_regex(E164[0], fullmatch=True),
    ),
    rule=st.sampled_from([(None, ""), E164, UUID]),
)
def test_fast_path_never_accepts_what_the_full_check_refuses(
    package: str, value: str, rule: tuple[str | None, str]
) -> None:
    """path_param's fast path (plain ASCII) must agree with the full check on every input."""
    runtime = module(package, "_base_client")
    problem = runtime._path_problem(value, *rule)
    try:
        encoded = runtime.path_param("p", value, *rule)
    except ValueError as err:
        assert problem and str(err) == f"p={value!r} {problem}"
    else:
        assert problem == "" and encoded == quote(value, safe="")


@pytest.mark.parametrize("package", PACKAGES)
def test_one_tls_context_per_process_unless_asked_otherwise(package: str) -> None:
    client_module = module(package, "client")
    shared = module(package, "_base_client").default_ssl_context()

    def context(**options: object) -> object:
        client = client_module.Client(base_url="https://api.example.test", **options)
        pool = client.get_httpx_client()._transport._pool  # where httpx keeps the SSLContext it uses
        try:
            return pool._ssl_context
        finally:
            client.get_httpx_client().close()

    assert context() is shared and context() is shared
    assert context(verify_ssl=False) is not shared
    assert context(httpx_args={"trust_env": False}) is not shared


@pytest.mark.parametrize("package", PACKAGES)
def test_every_model_parses_missing_and_null_fields_without_crashing(package: str) -> None:
    """Forward compatibility for every documented field at once: a vendor that stops sending a
    required object, list, date, id or enum (or sends null) must not crash a success response."""
    unset = module(package, "types").UNSET
    models = module(package, "models")
    # Any: each is an attrs class with a from_dict classmethod, which attrs.has's type guard forgets
    classes: list[Any] = [obj for _, obj in inspect.getmembers(models, inspect.isclass) if attrs.has(obj)]
    assert classes
    for cls in classes:
        wire_names = re.findall(r'd\.pop\("([^"]+)"', inspect.getsource(cls.from_dict))
        fields = [f.name for f in attrs.fields(cls) if f.name != "additional_properties"]
        assert len(wire_names) == len(fields), cls  # every field is read from the wire
        for data in ({}, dict.fromkeys(wire_names)):
            parsed = cls.from_dict(data)
            for name in fields:
                assert getattr(parsed, name) is None or getattr(parsed, name) is unset, (cls, name, data)
