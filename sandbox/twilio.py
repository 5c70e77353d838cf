"""Twilio: an account's incoming numbers associated with its Elastic SIP trunks, on both of Twilio's hosts.

The operations live on two servers (specs/twilio/openapi.yaml, from Twilio's two documents):
trunking.twilio.com (``/v1/Trunks...``) and api.twilio.com (``/2010-04-01/...``). Both are one
provider here, one mount (``/twilio``), one state; reached at a vendor host through the proxy
(sandbox/vhosts.py), each host serves only its own paths (the other's are its 404).

Semantics (the spec's schemas and descriptions; the errors and paging pages the overlay cites):

* HTTP Basic, the Account SID as the user name and the Auth Token as the password: missing or
  wrong, 401 with code 20003 and message "Authenticate" (Twilio's answer);
* a number is on at most one trunk, its ``trunk_sid``: the trunking association sets it
  (``POST /v1/Trunks/{TrunkSid}/PhoneNumbers``, form ``PhoneNumberSid``: 201 with the
  ``trunking.v1.trunk.phone_number`` object), ``DELETE`` of the association clears it (204, no
  body; a fetch is then 404), and ``POST .../IncomingPhoneNumbers/{Sid}.json`` with ``TrunkSid``
  sets it, ``TrunkSid=`` (empty, Twilio's way to unset a field) clears it. The trunk's list of
  numbers is the numbers whose ``trunk_sid`` is the trunk: one state, both APIs;
* "Setting a trunk_sid will automatically delete your voice_application_sid and vice versa";
* a trunk, number or association the account does not have: 404, code 20404, "The requested
  resource <path> was not found" (the errors page's example of a code);
* lists are paged by link (sandbox/twilio_pages.py): the trunking lists' ``meta`` (``key``
  ``trunks`` / ``phone_numbers``) has absolute URLs, the 2010-04-01 envelope URIs relative to
  api.twilio.com; the incoming numbers filter by ``PhoneNumber`` ("partial numbers and '*' as
  a wildcard for any digit"), ``FriendlyName``, ``Origin`` and ``Beta`` (default true; false
  leaves out numbers new to the platform);
* every error body is ``{code, message, more_info: https://www.twilio.com/docs/errors/<code>, status}``;
  the trunking dates are ISO 8601, the 2010-04-01 dates RFC 2822, as the examples are.

Where the absolute URLs point: at the server the request reached, which follows a link for real.
Under the mount, that is the sandbox itself (``http://127.0.0.1:8765/twilio/v1/Trunks?...``);
through the proxy at a vendor host, that host over the request's scheme
(``http://trunking.twilio.com/v1/...``). A 2010-04-01 URI is relative to the api server either way.

Inferred (no document or page held says so):

* associating a number the account does not have (``PhoneNumberSid`` of no number of its): 404
  20404 naming the number's IncomingPhoneNumbers resource, not a 400 of the 21xxx family;
* associating a number already on another trunk moves it (the number has one ``trunk_sid``, which
  the update sets the same way); associating it again with its own trunk is a 201 again;
* an ``AccountSid`` in the path that is not the credentials' account: 404 20404, the resource
  being none of theirs (Twilio answers the other account's resources so), not a 401/403;
* an unknown ``TrunkSid`` in an update: 404 20404 naming the trunk;
* a bad parameter or body (the spec's verdict): 400, code 20001, with "Missing required
  parameter <name> in the post body" for a missing one; a malformed SID in the path: 404 20404;
  a method a path does not have: 405, code 20004; the codes of injected faults (20429, 20500, 20503);
* the ``PhoneNumber`` filter: with a leading ``+`` it matches from the start of the number (an
  exact E.164 is one number), without it anywhere in the number.
"""

from __future__ import annotations

import base64
import datetime
import email.utils
import hmac
import re
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any, ClassVar
from urllib.parse import parse_qsl, urlencode, urlsplit

from starlette.datastructures import Headers
from starlette.responses import Response
from starlette.types import Receive, Scope

from .numbers import E164
from .provider import Call, Refusal, VendorEmulator, describe
from .spec import Checked, Problem, SpecCheck
from .state import entries, need
from .twilio_pages import Listing, paginate
from .wire import json_response, raw_route_path

__all__ = ["Twilio"]

SID = {prefix: re.compile(rf"^{prefix}[0-9a-fA-F]{{32}}$") for prefix in ("AC", "TK", "PN")}
UPDATE = "update_incoming_phone_number"
# Twilio's code for each status the sandbox answers (https://www.twilio.com/docs/api/errors)
CODES = {400: 20001, 401: 20003, 404: 20404, 405: 20004, 429: 20429, 500: 20500, 503: 20503}
# The incoming numbers' filters, in the order the spec's example links repeat them.
FILTERS = ("FriendlyName", "Beta", "PhoneNumber", "Origin")
# The number's fields the trunking phone_number object repeats, in the example's order.
TRUNK_NUMBER_FIELDS = (
    "sid", "date_created", "date_updated", "friendly_name", "account_sid", "phone_number",
    "api_version", "voice_caller_id_lookup", "voice_url", "voice_method", "voice_fallback_url",
    "voice_fallback_method", "status_callback", "status_callback_method", "voice_application_sid",
    "trunk_sid", "sms_url", "sms_method", "sms_fallback_url", "sms_fallback_method",
    "sms_application_sid", "address_requirements", "beta",
)  # fmt: skip


@dataclass
class Account:
    sid: str
    auth_token: str
    trunks: dict[str, dict[str, Any]] = field(default_factory=dict)  # TK... -> trunk
    numbers: dict[str, dict[str, Any]] = field(default_factory=dict)  # PN... -> incoming phone number


@dataclass(frozen=True)
class Served:
    """Where the request being answered came in: what the absolute URLs and the 404 messages say."""

    scheme: str = "http"
    host: str = "sandbox.invalid"  # the Host header as sent (a port included)
    root: str = ""  # the mount (/twilio)
    path: str = ""  # the raw path below it
    vendor: str | None = None  # the Twilio host it was addressed to, through the proxy


_NOWHERE = Served()
_SERVED: ContextVar[Served] = ContextVar("twilio_served", default=_NOWHERE)


class _TwilioSpec(SpecCheck):
    """The spec's verdict, and one reading of Twilio's: ``TrunkSid=`` (empty) in an update unsets it.

    The schema's pattern refuses ``""``; Twilio unsets a field sent empty, and that is how a
    number leaves its trunk through the 2010-04-01 API. So an update whose only problem is an
    empty ``TrunkSid`` is judged without it and carries it on as ``""``.
    """

    def check(self, method: str, path: str, query: str, headers: Headers, body: bytes) -> Checked:
        checked = super().check(method, path, query, headers, body)
        if checked.operation_id != UPDATE or not any(p.name == "TrunkSid" for p in checked.problems):
            return checked
        try:
            pairs = parse_qsl(body.decode("utf-8"), keep_blank_values=True)
        except UnicodeDecodeError:
            return checked
        if dict(pairs).get("TrunkSid") != "":
            return checked
        rest = urlencode([(name, value) for name, value in pairs if name != "TrunkSid"]).encode()
        again = super().check(method, path, query, headers, rest)
        if again.problems:
            return checked
        again.body = {**(again.body or {}), "TrunkSid": ""}
        return again


def _snake(name: str) -> str:
    """A form field's name as the resource's (``VoiceCallerIdLookup`` -> ``voice_caller_id_lookup``)."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def _iso(text: str) -> str:
    """A timestamp as the trunking documents write it: ISO 8601 UTC to the second."""
    moment = datetime.datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(datetime.UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _rfc2822(text: str) -> str:
    """A timestamp as the 2010-04-01 documents write it (``Thu, 30 Jul 2015 23:19:04 +0000``)."""
    moment = datetime.datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(datetime.UTC)
    return email.utils.format_datetime(moment)


def _matches(pattern: str, number: str) -> bool:
    """The PhoneNumber filter: ``*`` any digit; ``+...`` from the start, anything else anywhere."""
    regex = "".join(r"\d" if char == "*" else re.escape(char) for char in pattern)
    return (re.match if pattern.startswith("+") else re.search)(regex, number) is not None


def _sid(entry: dict[str, Any], prefix: str, where: str) -> str:
    sid = str(need(entry, "sid", where))
    if not SID[prefix].match(sid):
        raise ValueError(f"fixture {where}.sid: {sid!r} is not a {prefix}... SID")
    return sid


class Twilio(VendorEmulator[dict[str, Account]]):
    name = "twilio"
    spec_class = _TwilioSpec
    fault_messages: ClassVar[dict[int, str]] = {
        400: "Bad Request",
        422: "Unprocessable Entity",
        429: "Too Many Requests",
        500: "Internal Server Error",
        502: "Bad Gateway",
        503: "Service Unavailable",
        504: "Gateway Timeout",
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # the first path segment (v1, 2010-04-01) -> the host of the server its operations go to
        self.hosts: dict[str, str] = {
            template.split("/")[1]: urlsplit(url).hostname or ""
            for template, url in self.spec.path_servers.items()
        }
        self.trunking_host = self.hosts.get("v1", "trunking.twilio.com")
        self.api_host = self.hosts.get("2010-04-01", "api.twilio.com")

    # ---- state -----------------------------------------------------------------------------

    def build_state(self, fixture: dict[str, Any]) -> dict[str, Account]:
        number_defaults = fixture.get("number_defaults") or {}
        trunk_defaults = fixture.get("trunk_defaults") or {}
        accounts: dict[str, Account] = {}
        for i, entry in enumerate(entries(fixture, "accounts", "twilio")):
            where = f"twilio.accounts[{i}]"
            account = Account(_sid(entry, "AC", where), str(need(entry, "auth_token", where)))
            for j, trunk in enumerate(entries(entry, "trunks", where)):
                sid = _sid(trunk, "TK", f"{where}.trunks[{j}]")
                dates = {"date_created": "2015-01-02T11:23:45Z", "date_updated": "2015-01-02T11:23:45Z"}
                head = {"sid": sid, "account_sid": account.sid, "domain_name": None, "friendly_name": sid}
                account.trunks[sid] = {**head, **trunk_defaults, **dates, **trunk, "account_sid": account.sid}
            for j, number in enumerate(entries(entry, "numbers", where)):
                place = f"{where}.numbers[{j}]"
                sid = _sid(number, "PN", place)
                e164 = str(need(number, "phone_number", place))
                if not E164.match(e164):
                    raise ValueError(f"fixture {place}.phone_number: {e164!r} is not E.164")
                trunk_sid = number.get("trunk_sid")
                if trunk_sid is not None and trunk_sid not in account.trunks:
                    raise ValueError(f"fixture {place}.trunk_sid: {trunk_sid} is not a trunk of this account")
                dates = {"date_created": "2016-01-01T00:00:00Z", "date_updated": "2016-01-01T00:00:00Z"}
                head = {"sid": sid, "account_sid": account.sid, "phone_number": e164, "friendly_name": e164}
                record = {**head, **number_defaults, **dates, "trunk_sid": None, **number}
                account.numbers[sid] = {**record, "account_sid": account.sid}
            accounts[account.sid] = account
        credentials = (fixture.get("client") or {}).get("credentials") or {}
        known = accounts.get(credentials.get("account_sid", ""))
        if known is None or known.auth_token != credentials.get("auth_token"):
            raise ValueError(
                "fixture twilio.client.credentials: not the account_sid/auth_token of an account"
            )
        return accounts

    def dump_state(self, state: dict[str, Account]) -> Any:
        return {
            sid: {"trunks": list(account.trunks.values()), "numbers": list(account.numbers.values())}
            for sid, account in state.items()
        }

    # ---- where the request came in ---------------------------------------------------------

    async def handle(self, scope: Scope, receive: Receive) -> Response | None:
        server = scope.get("server") or ("127.0.0.1", 0)
        host = Headers(scope=scope).get("host") or f"{server[0]}:{server[1]}"  # HTTP/1.0 sends none
        hostname = (host.rsplit(":", 1)[0] if not host.endswith("]") else host).lower()
        vendor = hostname if hostname in self.hosts.values() else None
        served = Served(str(scope.get("scheme") or "http"), host, str(scope.get("root_path", "")),
                        raw_route_path(scope), vendor)  # fmt: skip
        token = _SERVED.set(served)
        try:
            return await super().handle(scope, receive)
        finally:
            _SERVED.reset(token)

    def _base(self, server_host: str) -> str:
        """The absolute URL of a server's root as this request reached the sandbox (see the docstring)."""
        served = _SERVED.get()
        if served.vendor is not None:
            return f"{served.scheme}://{server_host}"
        return f"{served.scheme}://{served.host}{served.root}"

    def refuse_raw(self, method: str, raw_path: str) -> Response | None:
        vendor = _SERVED.get().vendor
        server = self.hosts.get(raw_path.split("/")[1] if raw_path.count("/") else "")
        if vendor is not None and server is not None and server != vendor:
            return self._not_found()  # api.twilio.com/v1/Trunks: a trunking path, on the other host
        return None

    # ---- errors and credentials ------------------------------------------------------------

    def error(
        self, status: int, message: str, *, code: str = "", field: str = "", details: str = ""
    ) -> dict[str, Any]:
        number = int(code) if code else CODES.get(status, 20500 if status >= 500 else 20001)
        return {
            "code": number,
            "message": message,
            "more_info": f"https://www.twilio.com/docs/errors/{number}",
            "status": status,
        }

    def _not_found(self, resource: str | None = None) -> Response:
        path = resource if resource is not None else _SERVED.get().path
        return self.reply(404, f"The requested resource {path} was not found", code="20404")

    def unauthenticated(self, headers: Headers) -> Response:
        return self.reply(401, "Authenticate", code="20003")

    def authenticate(self, headers: Headers, checked: Checked, method: str) -> Account:
        scheme, _, encoded = headers.get("authorization", "").partition(" ")
        user, password = "", ""
        if scheme.lower() == "basic":
            try:
                user, _, password = (
                    base64.b64decode(encoded.strip(), validate=True).decode("utf-8").partition(":")
                )
            except (ValueError, UnicodeDecodeError):
                user = ""
        account: Account | None = self.store.state.get(user)
        if account is None or not hmac.compare_digest(password.encode(), account.auth_token.encode()):
            raise self.refusal(401, "Authenticate", code="20003")
        in_path = checked.path_params.get("AccountSid")
        if in_path is not None and in_path != account.sid:
            raise Refusal(self._not_found())
        return account

    def refuse(self, problem: Problem, checked: Checked) -> Response:
        if problem.kind == "unknown_path" or (
            problem.kind == "invalid_parameter" and problem.location == "path"
        ):
            return self._not_found()
        if problem.kind == "method_not_allowed":
            return self.reply(405, "Method not allowed", headers={"Allow": ", ".join(problem.allowed)})
        missing = problem.reason.endswith("is a required property") or problem.kind == "missing_body"
        if missing and checked.operation_id == "create_phone_number":
            return self.reply(400, "Missing required parameter PhoneNumberSid in the post body")
        if missing and problem.name:
            return self.reply(400, f"Missing required parameter {problem.name} in the post body")
        return self.reply(400, describe(problem))

    # ---- the resources as Twilio writes them -----------------------------------------------

    def _trunk(self, trunk: dict[str, Any]) -> dict[str, Any]:
        url = f"{self._base(self.trunking_host)}/v1/Trunks/{trunk['sid']}"
        links = {
            "origination_urls": f"{url}/OriginationUrls",
            "credential_lists": f"{url}/CredentialLists",
            "ip_access_control_lists": f"{url}/IpAccessControlLists",
            "phone_numbers": f"{url}/PhoneNumbers",
        }
        dates = {"date_created": _iso(trunk["date_created"]), "date_updated": _iso(trunk["date_updated"])}
        return {**trunk, **dates, "url": url, "links": links}

    def _trunk_number(self, number: dict[str, Any]) -> dict[str, Any]:
        view = {name: number.get(name) for name in TRUNK_NUMBER_FIELDS}
        view["date_created"], view["date_updated"] = (
            _iso(number["date_created"]),
            _iso(number["date_updated"]),
        )
        base = self._base(self.trunking_host)
        view["url"] = f"{base}/v1/Trunks/{number['trunk_sid']}/PhoneNumbers/{number['sid']}"
        capabilities = number.get("capabilities") or {}
        view["capabilities"] = {
            key: capabilities[key] for key in ("voice", "sms", "mms") if key in capabilities
        }
        resource = f"/2010-04-01/Accounts/{number['account_sid']}/IncomingPhoneNumbers/{number['sid']}"
        view["links"] = {"phone_number": self._base(self.api_host) + resource}
        return view

    @staticmethod
    def _incoming(number: dict[str, Any]) -> dict[str, Any]:
        uri = f"/2010-04-01/Accounts/{number['account_sid']}/IncomingPhoneNumbers/{number['sid']}.json"
        dates = {
            "date_created": _rfc2822(number["date_created"]),
            "date_updated": _rfc2822(number["date_updated"]),
        }
        return {**number, **dates, "uri": uri}

    def _meta(self, listing: Listing, path: str, key: str) -> dict[str, Any]:
        url = self._base(self.trunking_host) + path
        return {
            "first_page_url": f"{url}?{listing.first}",
            "key": key,
            "next_page_url": f"{url}?{listing.next}" if listing.next is not None else None,
            "page": listing.page,
            "page_size": listing.page_size,
            "previous_page_url": f"{url}?{listing.previous}" if listing.previous is not None else None,
            "url": f"{url}?{listing.current}",
        }

    # ---- state changes ---------------------------------------------------------------------

    def _own_trunk(self, account: Account, sid: str) -> dict[str, Any]:
        trunk = account.trunks.get(sid)
        if trunk is None:
            raise Refusal(self._not_found(f"/v1/Trunks/{sid}"))
        return trunk

    def _own_number(self, account: Account, sid: str) -> dict[str, Any]:
        number = account.numbers.get(sid)
        if number is None:
            raise Refusal(
                self._not_found(f"/2010-04-01/Accounts/{account.sid}/IncomingPhoneNumbers/{sid}.json")
            )
        return number

    def _on_trunk(self, call: Call) -> dict[str, Any]:
        account: Account = call.principal
        trunk = self._own_trunk(account, call.path["TrunkSid"])
        number = account.numbers.get(call.path["Sid"])
        if number is None or number["trunk_sid"] != trunk["sid"]:
            raise Refusal(self._not_found())
        return number

    def _now(self) -> str:
        return _iso(self.clock.now())

    def _route(self, number: dict[str, Any], trunk_sid: str | None) -> None:
        number["trunk_sid"] = trunk_sid
        if trunk_sid is not None:
            number["voice_application_sid"] = None  # "Setting a trunk_sid will automatically delete ..."
        number["date_updated"] = self._now()

    # ---- operations: trunking.twilio.com ---------------------------------------------------

    def op_list_trunk(self, call: Call) -> Response:
        account: Account = call.principal
        listing = paginate(sorted(account.trunks.values(), key=lambda t: str(t["sid"])), call.query, ())
        body = {
            "meta": self._meta(listing, "/v1/Trunks", "trunks"),
            "trunks": [self._trunk(t) for t in listing.items],
        }
        return json_response(200, body)

    def op_fetch_trunk(self, call: Call) -> Response:
        return json_response(200, self._trunk(self._own_trunk(call.principal, call.path["Sid"])))

    def op_create_phone_number(self, call: Call) -> Response:
        account: Account = call.principal
        trunk = self._own_trunk(account, call.path["TrunkSid"])
        if not isinstance(call.body, dict) or "PhoneNumberSid" not in call.body:
            # without its one required field (the overlay requires the body; this answers any way round)
            raise self.refusal(400, "Missing required parameter PhoneNumberSid in the post body")
        number = self._own_number(account, str(call.body["PhoneNumberSid"]))
        self._route(number, trunk["sid"])
        return json_response(201, self._trunk_number(number))

    def op_list_phone_number(self, call: Call) -> Response:
        account: Account = call.principal
        trunk = self._own_trunk(account, call.path["TrunkSid"])
        on_trunk = [n for n in account.numbers.values() if n["trunk_sid"] == trunk["sid"]]
        listing = paginate(sorted(on_trunk, key=lambda n: str(n["sid"])), call.query, ())
        meta = self._meta(listing, f"/v1/Trunks/{trunk['sid']}/PhoneNumbers", "phone_numbers")
        return json_response(
            200, {"meta": meta, "phone_numbers": [self._trunk_number(n) for n in listing.items]}
        )

    def op_fetch_phone_number(self, call: Call) -> Response:
        return json_response(200, self._trunk_number(self._on_trunk(call)))

    def op_delete_phone_number(self, call: Call) -> Response:
        self._route(self._on_trunk(call), None)
        return json_response(204, None)

    # ---- operations: api.twilio.com --------------------------------------------------------

    def op_list_incoming_phone_number(self, call: Call) -> Response:
        account: Account = call.principal
        query = call.query
        found = [
            n
            for n in sorted(account.numbers.values(), key=lambda n: str(n["sid"]))
            if ("PhoneNumber" not in query or _matches(str(query["PhoneNumber"]), n["phone_number"]))
            and ("FriendlyName" not in query or n.get("friendly_name") == query["FriendlyName"])
            and ("Origin" not in query or n.get("origin") == query["Origin"])
            and (query.get("Beta", True) or not n.get("beta"))
        ]
        listing = paginate(found, query, FILTERS)
        path = f"/2010-04-01/Accounts/{account.sid}/IncomingPhoneNumbers.json"
        body = {
            "end": listing.end,
            "first_page_uri": f"{path}?{listing.first}",
            "next_page_uri": f"{path}?{listing.next}" if listing.next is not None else None,
            "page": listing.page,
            "page_size": listing.page_size,
            "previous_page_uri": f"{path}?{listing.previous}" if listing.previous is not None else None,
            "start": listing.start,
            "uri": f"{path}?{listing.current}",
            "incoming_phone_numbers": [self._incoming(n) for n in listing.items],
        }
        return json_response(200, body)

    def op_fetch_incoming_phone_number(self, call: Call) -> Response:
        return json_response(200, self._incoming(self._own_number(call.principal, call.path["Sid"])))

    def op_update_incoming_phone_number(self, call: Call) -> Response:
        account: Account = call.principal
        number = self._own_number(account, call.path["Sid"])
        fields: dict[str, Any] = dict(call.body or {})
        trunk_sid = fields.pop("TrunkSid", None)
        if trunk_sid:
            self._own_trunk(account, str(trunk_sid))  # refused before anything changes
        for name, value in fields.items():
            if _snake(name) not in number or name == "AccountSid":  # not a field of the number (or moving it)
                continue
            if name == "VoiceCallerIdLookup":
                number["voice_caller_id_lookup"] = str(value).lower() == "true"
            else:
                number[_snake(name)] = value if value != "" else None
        if fields.get("VoiceApplicationSid"):
            number["trunk_sid"] = None  # "... and vice versa"
        if trunk_sid is not None:
            self._route(number, str(trunk_sid) or None)
        number["date_updated"] = self._now()
        return json_response(200, self._incoming(number))
