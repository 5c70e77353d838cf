"""Mihu (Mindhunters): external trunks, one agent per (number, channel), as the trunk pages document.

Semantics (developers.mindhunters.ai/api-reference/phone-numbers/*, vendor-docs/mihu/FACTS.md):

* a trunk row is a (number, channel) with its agent; channels are ``call`` and
  ``whatsapp`` ("SMS is not supported on the trunk endpoints": 422, field channel);
* register: the number must not be in the purchased inventory nor already bound on
  that channel, and the agent must not already serve another number on that
  channel (422, field phone_number / agent_uuid); 201 "Trunk created" with the
  number's per-channel snapshot;
* assign/reassign: moves the (number, channel) binding to another agent; only
  the agent changes, the other channel is untouched; 200 "Assigned";
* update: name, direction, sip keys one by one ("" clears one), additional_settings
  replaced whole; 200 "Updated";
* delete (``?phone_number=&channel=``, number with or without ``+``): removes one
  channel's row; 200 ``{"success": true, "message": "Trunk deleted"}``;
* the channels lookup (``?number=``) and the list of external numbers with their bindings;
* ``Authorization: Bearer``: missing -> 401 MISSING_AUTH_TOKEN, unknown -> 401
  INVALID_AUTH_TOKEN (the errors page's own bodies); a read-only token changing
  something -> 403 FORBIDDEN.

Fixture knob beyond the workspace: ``planned_uuids`` (number -> the ``phone_number_uuid`` it
gets when first registered; otherwise a uuid5 of the number), so a registration can answer
exactly a documented example's id.

Inferred (the pages give no status or wording): 422 for the conflicts, 404 "Trunk
not found" / "Agent not found" / "Phone number not found", and that an external
number whose last row is deleted leaves the workspace.
"""

from __future__ import annotations

import copy
import uuid
from dataclasses import dataclass
from typing import Any, ClassVar

from starlette.datastructures import Headers
from starlette.responses import Response

from .numbers import fixture_e164
from .provider import Call, Refusal, VendorEmulator, bearer_token
from .spec import Checked, Problem
from .state import entries, need
from .wire import json_response

__all__ = ["Mihu"]

TRUNK_CHANNELS = ("call", "whatsapp")
SNAPSHOT_CHANNELS = ("call", "sms", "whatsapp")
NAMESPACE = uuid.UUID("b3c6a0a2-5d1e-4f7a-9c3b-2e8d4f6a1b0c")  # ids of numbers registered in the sandbox

CODES = {
    400: "BAD_REQUEST",
    401: "INVALID_AUTH_TOKEN",
    403: "FORBIDDEN",
    404: "NOT_FOUND",
    405: "METHOD_NOT_ALLOWED",
    413: "PAYLOAD_TOO_LARGE",
    422: "VALIDATION_ERROR",
    429: "RATE_LIMIT_EXCEEDED",
}
FIELD_RULES = {
    "phone_number": "phone_number must be in E.164 format",
    "channel": "channel must be one of: call, whatsapp",
    "agent_uuid": "agent_uuid must be a UUID",
    "direction": "direction must be one of: inbound, outbound, both",
}


@dataclass
class State:
    tokens: dict[str, str]  # token -> access (read | write)
    agents: dict[str, str]  # agent_uuid -> name
    numbers: dict[str, dict[str, Any]]  # number (E.164) -> number record
    external_defaults: dict[str, Any]
    # number -> the phone_number_uuid it gets when first registered (the fixture's planned_uuids)
    planned_uuids: dict[str, str]


def with_plus(number: str) -> str:
    """A number sent with or without its ``+`` (the delete and lookup queries take both), as stored."""
    return number if number.startswith("+") else f"+{number}"


class Mihu(VendorEmulator[State]):
    name = "mihu"
    fault_messages: ClassVar[dict[int, str]] = {
        400: "Malformed request",
        422: "Validation failed",
        429: "Rate limit exceeded",
        500: "Unexpected server error occurred",
        502: "Service temporarily unavailable",
        503: "Server overloaded or under maintenance",
    }

    # ---- state -----------------------------------------------------------------------------

    def build_state(self, fixture: dict[str, Any]) -> State:
        tokens = {
            need(t, "token", f"mihu.tokens[{i}]"): t.get("access", "write")
            for i, t in enumerate(entries(fixture, "tokens", "mihu"))
        }
        agents = {
            need(a, "agent_uuid", f"mihu.agents[{i}]"): need(a, "name", f"mihu.agents[{i}]")
            for i, a in enumerate(entries(fixture, "agents", "mihu"))
        }
        defaults = dict(fixture.get("external_defaults") or {})
        numbers: dict[str, dict[str, Any]] = {}
        for i, entry in enumerate(entries(fixture, "numbers", "mihu")):
            where = f"mihu.numbers[{i}]"
            record = self._new_number(need(entry, "number", where), defaults, entry)
            fixture_e164(record["number"], f"{where}.number")
            for channel, row in record["trunks"].items():
                if channel not in TRUNK_CHANNELS or row.get("agent_uuid") not in agents:
                    raise ValueError(f"fixture {where}.trunks.{channel}: unknown channel or agent")
            numbers[record["number"]] = record
        token = ((fixture.get("client") or {}).get("credentials") or {}).get("token")
        if tokens.get(token) != "write":
            raise ValueError("fixture mihu.client.credentials.token: not a write token of tokens")
        planned = fixture.get("planned_uuids") or {}
        if not isinstance(planned, dict):
            raise ValueError("fixture mihu.planned_uuids: expected a mapping of number -> uuid")
        for number, value in planned.items():
            try:
                planned[number] = str(uuid.UUID(str(value)))
            except ValueError as err:
                raise ValueError(f"fixture mihu.planned_uuids.{number}: not a UUID") from err
        return State(tokens, agents, numbers, defaults, dict(planned))

    @staticmethod
    def _new_number(number: str, defaults: dict[str, Any], entry: dict[str, Any]) -> dict[str, Any]:
        record: dict[str, Any] = {
            "phone_number_uuid": str(uuid.uuid5(NAMESPACE, number)),
            "number": number,
            "source": "external",
            **copy.deepcopy(defaults),
            **copy.deepcopy(entry),
        }
        record["is_external"] = record["source"] == "external"
        record.setdefault("trunks", {})
        record.setdefault("bindings", {})
        return record

    def dump_state(self, state: State) -> Any:
        return {"agents": state.agents, "numbers": list(state.numbers.values())}

    # ---- errors and credentials ------------------------------------------------------------

    def error(
        self, status: int, message: str, *, code: str = "", field: str = "", details: str = ""
    ) -> dict[str, Any]:
        error: dict[str, Any] = {
            "code": code or CODES.get(status, "SERVER_ERROR"),
            "details": details or message,
        }
        if field:
            error["field"] = field
        return {"success": False, "message": message, "error": error}

    def unauthenticated(self, headers: Headers) -> Response:
        if "authorization" not in headers:
            return self.reply(
                401,
                "Authentication required",
                code="MISSING_AUTH_TOKEN",
                details="No authorization header provided",
            )
        return self._invalid_token()

    def _invalid_token(self) -> Response:
        return self.reply(
            401,
            "Invalid authentication token",
            code="INVALID_AUTH_TOKEN",
            details="The provided token is invalid or has been revoked",
        )

    def authenticate(self, headers: Headers, checked: Checked, method: str) -> str:
        token = bearer_token(headers)
        access = self.store.state.tokens.get(token) if token is not None else None
        if token is None or access is None:
            raise Refusal(self._invalid_token())
        if method != "GET" and access != "write":
            raise self.refusal(
                403, "Insufficient permissions", details="This token may not manage phone numbers"
            )
        return token

    def refuse(self, problem: Problem, checked: Checked) -> Response:
        if problem.kind in ("invalid_body", "invalid_parameter"):
            field = problem.name.split(".")[0] or "body"
            details = FIELD_RULES.get(field, problem.reason)
            return self.reply(422, "Validation failed", field=field, details=details)
        if problem.kind in ("missing_body", "malformed_json"):
            return self.reply(400, "Malformed request", details="The request body could not be parsed")
        if problem.kind == "unknown_path":
            return self.reply(404, "Resource or endpoint does not exist")
        return super().refuse(problem, checked)

    # ---- the snapshot ----------------------------------------------------------------------

    def _agent(self, record: dict[str, Any], channel: str) -> str | None:
        row = record["trunks"].get(channel)
        agent: str | None = row["agent_uuid"] if row else record["bindings"].get(channel)
        return agent

    def _binding(self, record: dict[str, Any], channel: str) -> dict[str, Any]:
        agent = self._agent(record, channel)
        name = self.store.state.agents.get(agent) if agent else None
        return {"bound": agent is not None, "agent_uuid": agent, "agent_name": name}

    def _snapshot(self, record: dict[str, Any]) -> dict[str, Any]:
        channels = {
            "call": {**record.get("call", {}), **self._binding(record, "call")},
            "sms": {**record.get("sms", {}), **self._binding(record, "sms")},
            "whatsapp": self._binding(record, "whatsapp"),
            "inbound": dict(record.get("inbound", {})),
        }
        keys = ("phone_number_uuid", "number", "is_external", "source")
        return {**{key: record[key] for key in keys}, "channels": channels}

    def _answer(self, status: int, message: str, record: dict[str, Any]) -> Response:
        return json_response(status, {"success": True, "message": message, "data": self._snapshot(record)})

    # ---- rules -----------------------------------------------------------------------------

    def _row(self, number: str, channel: str) -> tuple[dict[str, Any], dict[str, Any]]:
        record = self.store.state.numbers.get(number)
        row = record["trunks"].get(channel) if record else None
        if record is None or row is None:
            raise self.refusal(404, "Trunk not found", details=f"No {channel} trunk for {number}")
        return record, row

    def _check_agent(self, agent: str, number: str, channel: str) -> None:
        state = self.store.state
        if agent not in state.agents:
            raise self.refusal(404, "Agent not found", details=f"No agent {agent} in this workspace")
        for other in state.numbers.values():
            if other["number"] != number and self._agent(other, channel) == agent:
                raise self.refusal(
                    422,
                    "Validation failed",
                    field="agent_uuid",
                    details=f"agent {agent} already serves {other['number']} on channel {channel}",
                )

    @staticmethod
    def _settings(row: dict[str, Any], body: dict[str, Any], channel: str) -> None:
        if "name" in body:
            row["name"] = body["name"]
        if "direction" in body and channel == "call":
            row["direction"] = body["direction"]
        for key, value in (body.get("sip") or {}).items():
            if value == "":
                row.setdefault("sip", {}).pop(key, None)
            else:
                row.setdefault("sip", {})[key] = value
        if "additional_settings" in body:
            row["additional_settings"] = dict(body["additional_settings"])

    # ---- operations ------------------------------------------------------------------------

    def op_register_trunk(self, call: Call) -> Response:
        state = self.store.state
        body = call.body
        number, channel, agent = body["phone_number"], body["channel"], body["agent_uuid"]
        record = state.numbers.get(number)
        if record is not None and not record["is_external"]:
            raise self.refusal(
                422,
                "Validation failed",
                field="phone_number",
                details=f"{number} is in your purchased inventory",
            )
        if record is not None and channel in record["trunks"]:
            raise self.refusal(
                422,
                "Validation failed",
                field="phone_number",
                details=f"{number} is already bound on channel {channel}",
            )
        self._check_agent(agent, number, channel)
        if record is None:
            planned = state.planned_uuids.get(number)
            record = self._new_number(
                number, state.external_defaults, {"phone_number_uuid": planned} if planned else {}
            )
            state.numbers[number] = record
        row: dict[str, Any] = {
            "agent_uuid": agent,
            "name": f"{channel}_trunk_{number.lstrip('+')}",
            "direction": "both" if channel == "call" else None,
            "sip": {},
            "additional_settings": {},
        }
        self._settings(row, body, channel)
        record["trunks"][channel] = row
        return self._answer(201, "Trunk created", record)

    def op_assign_trunk_to_agent(self, call: Call) -> Response:
        number, channel, agent = call.body["phone_number"], call.body["channel"], call.body["agent_uuid"]
        record, row = self._row(number, channel)
        self._check_agent(agent, number, channel)
        row["agent_uuid"] = agent
        return self._answer(200, "Assigned", record)

    def op_update_trunk(self, call: Call) -> Response:
        channel = call.body["channel"]
        record, row = self._row(call.body["phone_number"], channel)
        self._settings(row, call.body, channel)
        return self._answer(200, "Updated", record)

    def op_delete_trunk(self, call: Call) -> Response:
        number = with_plus(str(call.query["phone_number"]))
        channel = str(call.query["channel"])
        record, _ = self._row(number, channel)
        del record["trunks"][channel]
        if record["is_external"] and not record["trunks"]:
            del self.store.state.numbers[number]
        return json_response(200, {"success": True, "message": "Trunk deleted"})

    def op_get_number_channels(self, call: Call) -> Response:
        number = str(call.query["number"])
        record = self.store.state.numbers.get(with_plus(number))
        if record is None:
            raise self.refusal(
                404, "Phone number not found", details=f"No phone number {number} in this workspace"
            )
        return self._answer(200, "OK", record)

    def op_list_trunks(self, call: Call) -> Response:
        items = []
        for record in self.store.state.numbers.values():
            if not record["is_external"]:
                continue
            settings = {
                "voice": {k: v for k, v in record.get("call", {}).items() if k != "capable"},
                "sms": {k: v for k, v in record.get("sms", {}).items() if k != "capable"},
                "inbound": dict(record.get("inbound", {})),
            }
            keys = (
                "phone_number_uuid",
                "number",
                "country_code",
                "location",
                "type",
                "is_external",
                "source",
                "status",
            )
            item = {key: record[key] for key in keys if key in record}
            item["capabilities"] = dict(record.get("capabilities", {}))
            item["channel_settings"] = settings
            item["bindings"] = {channel: self._binding(record, channel) for channel in SNAPSHOT_CHANNELS}
            items.append(item)
        return json_response(200, {"success": True, "data": {"items": items}})
