"""sandbox/spec_speed.py: openapi-core without the per-schema copy and the second route find, same verdicts.

The rest of sandbox/tests shows the verdicts over the wire; here, on SpecCheck directly, that the
two costs are gone (a copy would fail, a second find is counted) and that what they could break
still holds: formats are checked (a uuid that is not one is refused), and the remembered route is
only ever the request's own (another number gets its own path parameters).
"""

from __future__ import annotations

import base64
import copy
from typing import Any

import pytest
from openapi_core.templating.paths.finders import BasePathFinder
from openapi_core.validation.schemas import factories
from starlette.datastructures import Headers

from sandbox.spec import SpecCheck

HEADERS = Headers({"x-auth-id": "MA_XXXXXXXX", "x-auth-token": "token", "content-type": "application/json"})
TRUNK = "e3e55a78-1234-5678-90ab-cdef12345678"


def assign(spec: SpecCheck, number: str, trunk: str = TRUNK) -> Any:
    path = f"/api/v1/Account/MA_XXXXXXXX/numbers/{number}/assign"
    return spec.check("POST", path, "", HEADERS, b'{"trunk_group_id": "%s"}' % trunk.encode())


@pytest.mark.parametrize(
    "provider", ["vobiz", "bolna", "twilio"]
)  # OpenAPI 3.0 and 3.1 (their own factories); formats of its own
def test_formats_are_checked_without_copying_the_format_checker(
    provider: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    spec = SpecCheck(provider)

    def no_copy(value: Any, memo: Any = None) -> Any:
        if "FormatChecker" in type(value).__name__:
            raise AssertionError("the format checker was copied")
        return copy.deepcopy(value, memo)

    monkeypatch.setattr(factories, "deepcopy", no_copy)
    if provider == "vobiz":
        assert assign(spec, "+912271264217").problems == []
        refused = assign(spec, "+912271264217", trunk="not-a-uuid").problems
        assert [(p.kind, p.name) for p in refused] == [("invalid_body", "trunk_group_id")]
    elif provider == "twilio":  # its own formats (phone-number) are checked from the shared checker
        query = "PhoneNumber=%2B14158675309"
        path = "/2010-04-01/Accounts/" + "AC" + "a" * 32 + "/IncomingPhoneNumbers.json"
        basic = Headers(
            {"authorization": "Basic " + base64.b64encode(b"AC" + b"a" * 32 + b":token").decode()}
        )
        assert spec.check("GET", path, query, basic, b"").problems == []
    else:  # any Bolna request is judged: a copy would fail here too
        spec.check("GET", "/v2/agent/all", "", HEADERS, b"")


def test_the_route_is_found_once_per_request_and_only_ever_its_own(monkeypatch: pytest.MonkeyPatch) -> None:
    spec = SpecCheck("vobiz")
    finds: list[str] = []
    real = BasePathFinder.find

    def counted(self: BasePathFinder, method: str, name: str) -> Any:
        finds.append(name)
        return real(self, method, name)

    monkeypatch.setattr(BasePathFinder, "find", counted)
    first = assign(spec, "+912271264217")
    assert len(finds) == 1  # spec.check's own find; openapi-core's is answered from memory
    second = assign(spec, "+919876543210")
    assert len(finds) == 2
    assert first.path_params["phone_number"] == "+912271264217"
    assert second.path_params["phone_number"] == "+919876543210"
    assert first.operation_id == second.operation_id == "assign_number_to_trunk"
