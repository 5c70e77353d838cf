"""Vobiz: numbers routed to SIP trunks, per account, as the assign / unassign / list / retrieve pages document.

Semantics (https://www.vobiz.ai/docs/trunks/assign-number.md and its siblings):

* assign a number in the account's inventory to one of its trunks: 204, no body;
  a number already on a trunk: 400 "This number is already assigned to a trunk."
  (the page: unassign first, then assign); a number not in the inventory: 404
  "Number not found" with the page's message;
* unassign: 204; a number with no trunk (or not in the inventory): 404 with the
  unassign page's message;
* list numbers: ``trunk_group_id`` present while assigned, absent (not null) after
  unassign ("the trunk_group_id will be absent"); ``search`` filters on the number;
* retrieve trunk: 200, or 404 when it is not the account's;
* list trunks (retrieve-all-trunks.md): ``limit`` trunks (default 20, at most 100) after
  skipping ``offset`` (default 0), in the fixture's order, as ``{meta: {limit, offset,
  total}, objects}``; ``total`` counts all of the account's trunks, and an offset past the
  end is an empty page;
* the phone number must be sent as ``%2B...``: a literal ``+`` is a 404 ("Failure to
  encode properly may result in a 404 error");
* ``X-Auth-ID`` / ``X-Auth-Token`` must be a known pair (401), and the ``auth_id`` in
  the path must be the ``X-Auth-ID`` ("Must match your X-Auth-ID header"; 403).

Inferred, not documented: the 401/403 bodies (the Error shape of the documented
errors), that a trunk_group_id naming no trunk of the account is a 400, and that a
limit above 100 (or a negative offset) is a 400 (the spec's bounds, judged by openapi-core)
rather than clamped; the order of listed trunks (the page does not say).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from starlette.datastructures import Headers
from starlette.responses import Response

from .numbers import fixture_e164
from .provider import Call, VendorEmulator
from .spec import Checked, Problem
from .state import entries, need
from .wire import json_response

__all__ = ["Vobiz"]

RAW_NUMBER_PATH = re.compile(r"^/api/v1/Account/[^/]+/numbers/([^/]*)/assign/?$")

# The pages' own error bodies.
NUMBER_NOT_IN_INVENTORY = (
    "Number not found",
    "The phone number could not be found. Ensure it is in your inventory and URL-encoded correctly.",
)
NUMBER_NOT_ON_TRUNK = (
    "Number not found",
    "The phone number could not be found or is not assigned to any trunk.",
)
ALREADY_ASSIGNED = ("invalid request", "This number is already assigned to a trunk.")
TRUNK_NOT_FOUND = ("not found", "Trunk not found.")

ERROR_WORDS = {
    400: "invalid request",
    401: "unauthorized",
    403: "forbidden",
    404: "not found",
    405: "method not allowed",
    413: "request too large",
    429: "too many requests",
}


@dataclass
class Account:
    auth_id: str
    auth_token: str
    numbers: dict[str, dict[str, Any]] = field(default_factory=dict)  # e164 -> number object
    trunks: dict[str, dict[str, Any]] = field(default_factory=dict)  # trunk_id -> trunk object


class Vobiz(VendorEmulator[dict[str, Account]]):
    name = "vobiz"

    # ---- state -----------------------------------------------------------------------------

    def build_state(self, fixture: dict[str, Any]) -> dict[str, Account]:
        number_defaults = fixture.get("number_defaults") or {}
        trunk_defaults = fixture.get("trunk_defaults") or {}
        accounts: dict[str, Account] = {}
        for i, entry in enumerate(entries(fixture, "accounts", "vobiz")):
            where = f"vobiz.accounts[{i}]"
            account = Account(need(entry, "auth_id", where), need(entry, "auth_token", where))
            for j, trunk in enumerate(entries(entry, "trunks", where)):
                trunk_id = need(trunk, "trunk_id", f"{where}.trunks[{j}]").lower()
                head = {"trunk_id": trunk_id, "account_id": account.auth_id, "name": trunk_id}
                domain = {"trunk_domain": f"{trunk_id}.sip.vobiz.ai"}
                account.trunks[trunk_id] = {**head, **domain, **trunk_defaults, **trunk, "trunk_id": trunk_id}
            for j, number in enumerate(entries(entry, "numbers", where)):
                e164 = fixture_e164(
                    need(number, "e164", f"{where}.numbers[{j}]"), f"{where}.numbers[{j}].e164"
                )
                trunk_id = number.get("trunk_group_id")
                if trunk_id is not None and str(trunk_id).lower() not in account.trunks:
                    raise ValueError(f"fixture {where}.numbers[{j}].trunk_group_id: no trunk {trunk_id}")
                number_id = need(number, "id", f"{where}.numbers[{j}]")
                # the list page's field order: id, account_id, e164, then the rest
                head = {"id": number_id, "account_id": account.auth_id, "e164": e164}
                account.numbers[e164] = {**head, **number_defaults, **number, "account_id": account.auth_id}
            accounts[account.auth_id] = account
        client = (fixture.get("client") or {}).get("credentials") or {}
        known = accounts.get(client.get("auth_id", ""))
        if known is None or known.auth_token != client.get("auth_token"):
            raise ValueError("fixture vobiz.client.credentials: not the auth_id/auth_token of an account")
        return accounts

    def dump_state(self, state: dict[str, Account]) -> Any:
        return {
            auth_id: {"numbers": list(account.numbers.values()), "trunks": list(account.trunks.values())}
            for auth_id, account in state.items()
        }

    # ---- errors and credentials ------------------------------------------------------------

    def error(
        self, status: int, message: str, *, code: str = "", field: str = "", details: str = ""
    ) -> dict[str, Any]:
        return {"error": code or ERROR_WORDS.get(status, "internal error"), "message": message}

    def unauthenticated(self, headers: Headers) -> Response:
        return self.reply(401, "The X-Auth-ID and X-Auth-Token headers are required.")

    def authenticate(self, headers: Headers, checked: Checked, method: str) -> Account:
        auth_id, token = headers.get("x-auth-id", ""), headers.get("x-auth-token", "")
        account = self.store.state.get(auth_id)
        if account is None or token != account.auth_token:
            raise self.refusal(401, "Invalid X-Auth-ID or X-Auth-Token.")
        in_path = checked.path_params.get("auth_id")
        if in_path is not None and in_path != auth_id:
            raise self.refusal(403, "The auth_id in the path does not match the X-Auth-ID header.")
        return account

    def refuse_raw(self, method: str, raw_path: str) -> Response | None:
        match = RAW_NUMBER_PATH.match(raw_path)
        if match and "+" in match.group(1):
            return self._number_not_found(method)
        return None

    def refuse(self, problem: Problem, checked: Checked) -> Response:
        if problem.kind == "invalid_parameter" and problem.name == "phone_number":
            return self._number_not_found(
                "DELETE" if checked.operation_id == "unassign_number_from_trunk" else "POST"
            )
        if problem.kind == "invalid_parameter" and problem.name == "trunk_id":
            return self.reply(404, TRUNK_NOT_FOUND[1], code=TRUNK_NOT_FOUND[0])
        return super().refuse(problem, checked)

    def _number_not_found(self, method: str) -> Response:
        code, message = NUMBER_NOT_ON_TRUNK if method == "DELETE" else NUMBER_NOT_IN_INVENTORY
        return self.reply(404, message, code=code)

    # ---- operations ------------------------------------------------------------------------

    def op_assign_number_to_trunk(self, call: Call) -> Response:
        account: Account = call.principal
        number = account.numbers.get(call.path["phone_number"])
        if number is None:
            raise self.refusal(404, NUMBER_NOT_IN_INVENTORY[1], code=NUMBER_NOT_IN_INVENTORY[0])
        if number.get("trunk_group_id"):
            raise self.refusal(400, ALREADY_ASSIGNED[1], code=ALREADY_ASSIGNED[0])
        trunk_id = str(call.body["trunk_group_id"]).lower()
        if trunk_id not in account.trunks:
            raise self.refusal(400, TRUNK_NOT_FOUND[1])
        number["trunk_group_id"] = trunk_id
        number["updated_at"] = self.clock.now()
        return json_response(204, None)

    def op_unassign_number_from_trunk(self, call: Call) -> Response:
        account: Account = call.principal
        number = account.numbers.get(call.path["phone_number"])
        if number is None or not number.get("trunk_group_id"):
            raise self.refusal(404, NUMBER_NOT_ON_TRUNK[1], code=NUMBER_NOT_ON_TRUNK[0])
        del number["trunk_group_id"]
        number["updated_at"] = self.clock.now()
        return json_response(204, None)

    def op_list_numbers(self, call: Call) -> Response:
        account: Account = call.principal
        page = int(call.query.get("page", 1))
        per_page = int(call.query.get("per_page", 25))
        search = call.query.get("search")
        matches = [n for n in account.numbers.values() if not search or str(search) in n["e164"]]
        start = (page - 1) * per_page
        items = [dict(n) for n in matches[start : start + per_page]]
        return json_response(200, {"items": items, "page": page, "per_page": per_page, "total": len(matches)})

    def op_retrieve_trunk(self, call: Call) -> Response:
        account: Account = call.principal
        trunk = account.trunks.get(call.path["trunk_id"].lower())
        if trunk is None:
            raise self.refusal(404, TRUNK_NOT_FOUND[1], code=TRUNK_NOT_FOUND[0])
        return json_response(200, trunk)

    def op_list_trunks(self, call: Call) -> Response:
        account: Account = call.principal
        limit = int(call.query.get("limit", 20))
        offset = int(call.query.get("offset", 0))
        trunks = list(account.trunks.values())
        objects = [dict(t) for t in trunks[offset : offset + limit]]
        meta = {"limit": limit, "offset": offset, "total": len(trunks)}
        return json_response(200, {"meta": meta, "objects": objects})
