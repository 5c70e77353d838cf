"""Bolna: DIDs on bring-your-own SIP trunks (add_number.md, list_numbers.md, remove_number.md, openapi.yml).

Semantics:

* add: the number is stored exactly as given, with or without ``+``; with
  ``e164_check_enabled`` a number that is not E.164 is refused (400 "validation
  error"); a number already on another *active* trunk is refused (400); the two
  spellings of one number (``919876543210`` / ``+919876543210``) are one number
  here, as Bolna matches inbound calls against both; 201 with the number object
  and a new opaque id;
* list: the trunk's numbers (removed ones are not listed), 404 "trunk not found";
* remove: by the number's *id* (not the number), 200 "Phone number removed
  successfully", 404 "not found" for an id not on the trunk; the number may be
  added again afterwards;
* ``Authorization: Bearer <key>``: anything else is 401 ``{"error": 401, "message":
  "Access denied"}`` (the document's AccessDenied example); a trunk of another
  account is "trunk not found".

Fixture knobs beyond the inventory: ``next_number_ids`` (the ids the next numbers added get,
in order, before generated ones) and ``clock`` (sandbox/state.py ScriptedClock), so an add
can answer exactly a documented example's ``id`` and ``created_at``.

Inferred (not in the held pages): the refusal of a number on another active trunk
and its wording, 404 on add for an unknown trunk, and 400 for the same number
added twice to one trunk.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from starlette.datastructures import Headers
from starlette.responses import Response

from .numbers import E164
from .provider import Call, VendorEmulator, bearer_token
from .spec import Checked, Problem
from .state import entries, need
from .wire import json_response

__all__ = ["Bolna"]

NUMBER_FIELDS = (
    "id",
    "phone_number",
    "name",
    "byot_trunk_id",
    "telephony_provider",
    "deleted",
    "created_at",
    "updated_at",
)


@dataclass
class Account:
    keys: set[str]
    trunks: dict[str, dict[str, Any]] = field(default_factory=dict)  # trunk id -> trunk


@dataclass
class State:
    by_key: dict[str, Account]
    trunks: dict[str, dict[str, Any]]  # every trunk, by id
    numbers: dict[str, dict[str, Any]]  # every number ever added (removed ones: deleted true), by id
    planned_ids: list[str] = field(default_factory=list)  # the fixture's next_number_ids, not yet given
    next_id: int = 1

    def new_id(self) -> str:
        while self.planned_ids:
            planned = self.planned_ids.pop(0)
            if planned not in self.numbers:
                return planned
        while True:
            candidate = f"01SBX{self.next_id:014d}"  # opaque, in the style of the docs' 19-character ids
            self.next_id += 1
            if candidate not in self.numbers:
                return candidate


def digits(phone_number: str) -> str:
    """The number without its ``+``: Bolna's two accepted spellings of one number compare equal."""
    return phone_number.lstrip("+")


class Bolna(VendorEmulator[State]):
    name = "bolna"

    # ---- state -----------------------------------------------------------------------------

    def build_state(self, fixture: dict[str, Any]) -> State:
        by_key: dict[str, Account] = {}
        trunks: dict[str, dict[str, Any]] = {}
        numbers: dict[str, dict[str, Any]] = {}
        for i, entry in enumerate(entries(fixture, "accounts", "bolna")):
            where = f"bolna.accounts[{i}]"
            account = Account(set(need(entry, "api_keys", where, list)))
            for j, trunk in enumerate(entries(entry, "trunks", where)):
                trunk_id = str(need(trunk, "id", f"{where}.trunks[{j}]"))
                account.trunks[trunk_id] = trunks[trunk_id] = {"is_active": True, **trunk, "id": trunk_id}
            for j, number in enumerate(entries(entry, "numbers", where)):
                place = f"{where}.numbers[{j}]"
                number_id = str(need(number, "id", place))
                if str(need(number, "byot_trunk_id", place)) not in account.trunks:
                    raise ValueError(f"fixture {place}.byot_trunk_id: not a trunk of this account")
                numbers[number_id] = {
                    "telephony_provider": "sip-trunk",
                    "deleted": False,
                    "name": None,
                    **number,
                    "id": number_id,
                    "phone_number": str(need(number, "phone_number", place)),
                }
            by_key.update(dict.fromkeys(account.keys, account))
        token = ((fixture.get("client") or {}).get("credentials") or {}).get("token")
        if token not in by_key:
            raise ValueError("fixture bolna.client.credentials.token: not an api_key of an account")
        planned = fixture.get("next_number_ids") or []
        if not isinstance(planned, list) or not all(isinstance(i, str) and i for i in planned):
            raise ValueError("fixture bolna.next_number_ids: expected a list of ids")
        return State(by_key, trunks, numbers, list(planned))

    def dump_state(self, state: State) -> Any:
        return {"trunks": list(state.trunks.values()), "numbers": list(state.numbers.values())}

    # ---- errors and credentials ------------------------------------------------------------

    def error(
        self, status: int, message: str, *, code: str = "", field: str = "", details: str = ""
    ) -> dict[str, Any]:
        return {"error": status, "message": message}

    def unauthenticated(self, headers: Headers) -> Response:
        return self.reply(401, "Access denied")

    def authenticate(self, headers: Headers, checked: Checked, method: str) -> Account:
        key = bearer_token(headers)
        account = self.store.state.by_key.get(key) if key is not None else None
        if account is None:
            raise self.refusal(401, "Access denied")
        return account

    def refuse(self, problem: Problem, checked: Checked) -> Response:
        if problem.kind == "invalid_parameter" and problem.location == "path":
            # an id that names nothing (sandbox/hygiene.py): the documented 404 of every operation
            return self.reply(404, "trunk not found" if problem.name == "trunk_id" else "not found")
        if problem.kind in ("invalid_body", "missing_body", "malformed_json", "invalid_parameter"):
            return self.reply(400, "validation error")
        if problem.kind == "unknown_path":
            return self.reply(404, "not found")
        return super().refuse(problem, checked)

    # ---- operations ------------------------------------------------------------------------

    def _trunk(self, call: Call) -> dict[str, Any]:
        account: Account = call.principal
        trunk = account.trunks.get(call.path["trunk_id"])
        if trunk is None:
            raise self.refusal(404, "trunk not found")
        return trunk

    def _on_trunk(self, trunk_id: str) -> list[dict[str, Any]]:
        return [
            n
            for n in self.store.state.numbers.values()
            if n["byot_trunk_id"] == trunk_id and not n["deleted"]
        ]

    @staticmethod
    def _public(number: dict[str, Any]) -> dict[str, Any]:
        return {key: number[key] for key in NUMBER_FIELDS if key in number}

    def op_add_number_to_trunk(self, call: Call) -> Response:
        state = self.store.state
        trunk = self._trunk(call)
        body = call.body
        phone_number = str(body["phone_number"])
        if body.get("e164_check_enabled", False) and not E164.match(phone_number):
            raise self.refusal(400, "validation error")
        for number in state.numbers.values():
            if number["deleted"] or digits(number["phone_number"]) != digits(phone_number):
                continue
            if number["byot_trunk_id"] == trunk["id"]:
                raise self.refusal(400, f"Phone number {phone_number} is already on this trunk")
            if state.trunks[number["byot_trunk_id"]].get("is_active", True):
                raise self.refusal(400, f"Phone number {phone_number} is already on another active trunk")
        now = self.clock.now()
        number = {
            "id": state.new_id(),
            "phone_number": phone_number,
            "name": body.get("name"),
            "byot_trunk_id": trunk["id"],
            "telephony_provider": "sip-trunk",
            "deleted": False,
            "created_at": now,
            "updated_at": now,
        }
        state.numbers[number["id"]] = number
        return json_response(201, self._public(number))

    def op_list_trunk_numbers(self, call: Call) -> Response:
        trunk = self._trunk(call)
        return json_response(200, [self._public(n) for n in self._on_trunk(trunk["id"])])

    def op_remove_number_from_trunk(self, call: Call) -> Response:
        trunk = self._trunk(call)
        number = self.store.state.numbers.get(call.path["phone_number_id"])
        if number is None or number["deleted"] or number["byot_trunk_id"] != trunk["id"]:
            raise self.refusal(404, "not found")
        number["deleted"] = True
        number["updated_at"] = self.clock.now()
        number.pop("agent_id", None)  # "If the number was mapped to an agent, the mapping is also removed."
        return json_response(200, {"message": "Phone number removed successfully"})
