"""TryVox: a number routes to a SIP trunk or a voice application, never both (https://docs.tryvox.io/numbers/configure).

Semantics:

* assign a trunk: the number's ``trunk_id`` is set and ``application_id`` cleared
  ("Assigning to a trunk will automatically unassign any existing application
  (and vice versa)"); assigning an application does the converse; the answer is
  the number's routing with a fresh ``updated_at``;
* unassign (trunk or application): the number's routing with that assignment
  removed and a message ("Trunk unassigned successfully"); a number routed only
  there ends with both null (inbound calls get a busy signal);
* errors, the configure page's table in the errors page's body shape
  ``{"error": {"code", "message", "details"}}``: 404 "Number not found in your
  account"; 404 "Trunk or application not found"; 400 "Invalid trunk_id or
  application_id format" (ids are ``trunk_...`` / ``app_...``); 403 "Insufficient
  permissions to assign this trunk/application" (a trunk of another account);
* list: ``country`` and ``status`` filters, ``page``/``per_page`` (default 20, at
  most 100), the ``pagination`` block;
* ``Authorization: Bearer tvx_sk_test_...`` of the account in the path; else 401
  UNAUTHORIZED "Invalid or missing API key" (another account's key: 403 FORBIDDEN).

The path's ``+`` may come as ``%2B`` (what the generated client sends) or literally
(the pages' curl examples): both are the same number here.

Inferred: success statuses (200, as the spec reads the pages), that unassigning
the other kind of routing leaves this one in place, the 403 for another
account's key.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, ClassVar

from starlette.datastructures import Headers
from starlette.responses import Response

from .numbers import fixture_e164
from .provider import Call, VendorEmulator, bearer_token
from .spec import Checked, Problem
from .state import entries, need
from .wire import json_response

__all__ = ["TryVox"]

ROUTING_FIELDS = ("e164", "trunk_id", "application_id", "status", "updated_at")

CODES = {
    400: "VALIDATION_FAILED",
    401: "UNAUTHORIZED",
    403: "FORBIDDEN",
    404: "NOT_FOUND",
    405: "NOT_FOUND",
    413: "VALIDATION_FAILED",
    422: "VERIFICATION_FAILED",
    429: "RATE_LIMITED",
    502: "DELIVERY_FAILED",
}
NUMBER_NOT_FOUND = "Number not found in your account"
TARGET_NOT_FOUND = "Trunk or application not found"
BAD_ID = "Invalid trunk_id or application_id format"
NOT_PERMITTED = "Insufficient permissions to assign this trunk/application"
BAD_KEY = "Invalid or missing API key"


@dataclass
class Account:
    account_id: str
    keys: set[str]
    trunks: set[str]
    applications: set[str]
    numbers: dict[str, dict[str, Any]] = field(default_factory=dict)


@dataclass
class State:
    accounts: dict[str, Account]
    by_key: dict[str, Account]

    def owner(self, kind: str, target: str) -> Account | None:
        for account in self.accounts.values():
            if target in (account.trunks if kind == "trunk_id" else account.applications):
                return account
        return None


class TryVox(VendorEmulator[State]):
    name = "tryvox"
    fault_messages: ClassVar[dict[int, str]] = {
        400: "Invalid request",
        422: "Verification failed",
        429: "Rate limit exceeded",
        500: "Internal error",
        502: "Delivery failed",
    }

    # ---- state -----------------------------------------------------------------------------

    def build_state(self, fixture: dict[str, Any]) -> State:
        defaults = fixture.get("number_defaults") or {}
        accounts: dict[str, Account] = {}
        by_key: dict[str, Account] = {}
        for i, entry in enumerate(entries(fixture, "accounts", "tryvox")):
            where = f"tryvox.accounts[{i}]"
            account = Account(
                need(entry, "account_id", where),
                set(need(entry, "api_keys", where, list)),
                set(entry.get("trunks") or []),
                set(entry.get("applications") or []),
            )
            for j, number in enumerate(entries(entry, "numbers", where)):
                e164 = fixture_e164(
                    need(number, "e164", f"{where}.numbers[{j}]"), f"{where}.numbers[{j}].e164"
                )
                record = {"e164": e164, **defaults, **number}
                if record.get("trunk_id") and record.get("application_id"):
                    raise ValueError(f"fixture {where}.numbers[{j}]: routed to a trunk and an application")
                account.numbers[e164] = record
            accounts[account.account_id] = account
            by_key.update(dict.fromkeys(account.keys, account))
        client = fixture.get("client") or {}
        token = (client.get("credentials") or {}).get("token")
        account_id = (client.get("extras") or {}).get("account_id")
        if token not in by_key or by_key[token].account_id != account_id:
            raise ValueError("fixture tryvox.client: token and account_id must be an account's key and id")
        return State(accounts, by_key)

    def dump_state(self, state: State) -> Any:
        return {
            account_id: {
                "trunks": sorted(account.trunks),
                "applications": sorted(account.applications),
                "numbers": list(account.numbers.values()),
            }
            for account_id, account in state.accounts.items()
        }

    # ---- errors and credentials ------------------------------------------------------------

    def error(
        self, status: int, message: str, *, code: str = "", field: str = "", details: str = ""
    ) -> dict[str, Any]:
        error: dict[str, Any] = {"code": code or CODES.get(status, "INTERNAL_ERROR"), "message": message}
        if field:
            error["details"] = [{"field": field, "reason": details or message}]
        return {"error": error}

    def unauthenticated(self, headers: Headers) -> Response:
        return self.reply(401, BAD_KEY)

    def authenticate(self, headers: Headers, checked: Checked, method: str) -> Account:
        key = bearer_token(headers)
        account = self.store.state.by_key.get(key) if key is not None else None
        if account is None:
            raise self.refusal(401, BAD_KEY)
        in_path = checked.path_params.get("account_id")
        if in_path is not None and in_path != account.account_id:
            raise self.refusal(403, f"This API key may not act on account {in_path}")
        return account

    def refuse(self, problem: Problem, checked: Checked) -> Response:
        if problem.kind == "invalid_body" and problem.name in ("trunk_id", "application_id"):
            return self.reply(400, BAD_ID, field=problem.name)
        if problem.kind == "invalid_parameter" and problem.name == "e164":
            return self.reply(
                400, "Invalid phone number format", field="e164", details="must be E.164 format"
            )
        if problem.kind in ("invalid_parameter", "invalid_body", "missing_body", "malformed_json"):
            message = {
                "invalid_parameter": f"Invalid {problem.location} parameter",
                "invalid_body": "Invalid request body",
                "missing_body": "A JSON request body is required",
                "malformed_json": "The request body is not valid JSON",
            }[problem.kind]
            return self.reply(400, message, field=problem.name or "body", details=problem.reason)
        return super().refuse(problem, checked)

    # ---- operations ------------------------------------------------------------------------

    def _number(self, call: Call) -> dict[str, Any]:
        number: dict[str, Any] | None = call.principal.numbers.get(call.path["e164"])
        if number is None:
            raise self.refusal(404, NUMBER_NOT_FOUND)
        return number

    def _assign(self, call: Call, kind: str, other: str) -> Response:
        account: Account = call.principal
        target = str(call.body[kind])
        number = self._number(call)
        owner = self.store.state.owner(kind, target)
        if owner is None:
            raise self.refusal(404, TARGET_NOT_FOUND)
        if owner is not account:
            raise self.refusal(403, NOT_PERMITTED)
        number[kind], number[other] = target, None
        number["updated_at"] = self.clock.now()
        return json_response(200, {key: number[key] for key in ROUTING_FIELDS})

    def _unassign(self, call: Call, kind: str, message: str) -> Response:
        number = self._number(call)
        number[kind] = None
        number["updated_at"] = self.clock.now()
        return json_response(200, {**{key: number[key] for key in ROUTING_FIELDS}, "message": message})

    def op_assign_number_to_trunk(self, call: Call) -> Response:
        return self._assign(call, "trunk_id", "application_id")

    def op_assign_number_to_application(self, call: Call) -> Response:
        return self._assign(call, "application_id", "trunk_id")

    def op_unassign_number_from_trunk(self, call: Call) -> Response:
        return self._unassign(call, "trunk_id", "Trunk unassigned successfully")

    def op_unassign_number_from_application(self, call: Call) -> Response:
        return self._unassign(call, "application_id", "Application unassigned successfully")

    def op_list_numbers(self, call: Call) -> Response:
        account: Account = call.principal
        page = int(call.query.get("page", 1))
        per_page = int(call.query.get("per_page", 20))
        country, status = call.query.get("country"), call.query.get("status")
        matches = [
            number
            for number in account.numbers.values()
            if (country is None or number.get("country") == country)
            and (status is None or number.get("status") == str(status))
        ]
        start = (page - 1) * per_page
        data = [dict(number) for number in matches[start : start + per_page]]
        pagination = {
            "total": len(matches),
            "count": len(data),
            "per_page": per_page,
            "current_page": page,
            "total_pages": math.ceil(len(matches) / per_page),
        }
        return json_response(200, {"data": data, "pagination": pagination})
