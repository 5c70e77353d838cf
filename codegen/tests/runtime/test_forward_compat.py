"""Production parsing is lenient: what a vendor adds later must not break a success response.

Strictness (undocumented fields, new enum values, missing fields reported as drift) is the
conformance oracle's job; a service that pins a client must keep working meanwhile.
"""

from __future__ import annotations

import copy

import httpx
import pytest
from tryvox_client.models import ErrorCode, ErrorResponse
from vobiz_client import AuthenticatedClient
from vobiz_client.api.phone_numbers import list_numbers

from codegen.tests.runtime.wire import Wire

NUMBER = {
    "id": "aabbccdd-1234-5678-90ab-cdef12345680", "account_id": "MA_TEST0001", "e164": "+919876543210",
    "country": "IN", "region": "Karnataka", "capabilities": {"voice": True, "sms": False, "mms": False, "fax": False},
    "status": "active", "provider": "", "setup_fee": 100, "monthly_fee": 300, "currency": "INR",
    "voice_enabled": True, "tags": [], "purchased_at": "2026-05-01T06:58:38Z", "is_blocked": False,
    "created_at": "2026-03-31T18:30:00Z", "updated_at": "2026-05-12T07:07:24Z", "is_trial_number": False,
    "minimum_commitment_months": 0, "aadhaar_verification_required": False, "aadhaar_verified": False,
    "source": "purchased",
}  # fmt: skip


def page(item: dict[str, object]) -> dict[str, object]:
    return {"items": [item], "page": 1, "per_page": 25, "total": 1}


def test_extra_fields_are_kept_in_additional_properties(client: AuthenticatedClient, wire: Wire) -> None:
    item = {**NUMBER, "porting_status": "in_progress"}
    wire.answers = [httpx.Response(200, json=page(item))]
    number = list_numbers.sync(client=client).items[0]
    assert number.additional_properties == {"porting_status": "in_progress"}


@pytest.mark.parametrize("field", ["region", "provider", "currency"])
def test_null_where_the_spec_says_string_does_not_crash(
    client: AuthenticatedClient, wire: Wire, field: str
) -> None:
    wire.answers = [httpx.Response(200, json=page({**NUMBER, field: None}))]
    assert getattr(list_numbers.sync(client=client).items[0], field) is None


def test_missing_required_field_does_not_crash(client: AuthenticatedClient, wire: Wire) -> None:
    item = copy.deepcopy(NUMBER)
    del item["region"]
    wire.answers = [httpx.Response(200, json=page(item))]
    assert list_numbers.sync(client=client).items[0].region is None


def test_new_enum_value_is_kept_not_rejected() -> None:
    known = ErrorCode("NOT_FOUND")
    assert known is ErrorCode.NOT_FOUND
    new = ErrorCode("NUMBER_PORTING_LOCKED")
    assert isinstance(new, ErrorCode)
    assert new == "NUMBER_PORTING_LOCKED" and str(new) == "NUMBER_PORTING_LOCKED"
    assert new not in list(ErrorCode)
    parsed = ErrorResponse.from_dict({"error": {"code": "NUMBER_PORTING_LOCKED", "message": "locked"}})
    assert parsed.error.code == "NUMBER_PORTING_LOCKED"
