"""Twilio's cassettes, synthesized from the response examples in Twilio's own OpenAPI documents.

``python -m conformance.twilio.synthesize`` writes conformance/twilio/cassettes/ from
specs/twilio/openapi.yaml (the scoped, normalized copy of specs/twilio/source/); the test
test_synthesized.py runs it into a temporary directory and fails when the committed cassettes
differ, so a cassette is always exactly what this file says it is. Each cassette's
``provenance`` names the example it uses and every change made to it: the examples are taken
verbatim, except where a scenario needs what no example shows (a second page, a second number),
and Twilio's error body comes from its documentation, not from the documents (they describe no
error response).
"""

from __future__ import annotations

import copy
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import yaml

from codegen.yamlload import load_yaml

from .conftest import (
    ACCOUNT_SID,
    API,
    NUMBER,
    NUMBER_SID,
    SECOND_NUMBER,
    SECOND_NUMBER_SID,
    TRUNK_SID,
    TRUNKING,
    UNKNOWN_TRUNK_SID,
)

__all__ = ["render", "write"]

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "specs" / "twilio" / "openapi.yaml"
OUT = Path(__file__).resolve().parent / "cassettes"
SYNTHESIZED = "2026-12-03"
TRUNKING_DOC = "https://github.com/twilio/twilio-oai/blob/d50069b44ea8cd23141385bdb6db48f16ff75bb5/spec/yaml/twilio_trunking_v1.yaml"
API_DOC = "https://github.com/twilio/twilio-oai/blob/d50069b44ea8cd23141385bdb6db48f16ff75bb5/spec/yaml/twilio_api_v2010.yaml"
ERRORS_PAGE = "https://www.twilio.com/docs/usage/twilios-response#response-formats-exceptions"
FORM = "application/x-www-form-urlencoded"

TRUNK_NUMBERS = f"/v1/Trunks/{TRUNK_SID}/PhoneNumbers"
INCOMING = f"/2010-04-01/Accounts/{ACCOUNT_SID}/IncomingPhoneNumbers"


@dataclass
class Exchange:
    method: str
    url: str
    status: int
    body: Any = None  # the response's JSON, or None for no body
    form: dict[str, str] | None = None  # the request's form body


@dataclass
class Cassette:
    module: str
    test: str
    pages: list[str]
    note: str
    exchanges: list[Exchange] = field(default_factory=list)


def _spec() -> dict[str, Any]:
    loaded: dict[str, Any] = load_yaml(SPEC.read_text(encoding="utf-8"))
    return loaded


def example(path: str, method: str, status: str, name: str) -> Any:
    """A response example of the normalized spec, by path template, method, status and name."""
    content = _spec()["paths"][path][method]["responses"][status]["content"]["application/json"]
    return copy.deepcopy(content["examples"][name]["value"])


def twilio_error(status: int, code: int, resource: str) -> dict[str, Any]:
    """Twilio's error body (ERRORS_PAGE: code, message, more_info, status), 20404's documented message."""
    return {
        "code": code,
        "message": f"The requested resource {resource} was not found",
        "more_info": f"https://www.twilio.com/docs/errors/{code}",
        "status": status,
    }


def _query(**params: str) -> str:
    return "?" + urlencode(params)


def _cassettes() -> list[Cassette]:
    fetch_association = example("/v1/Trunks/{TrunkSid}/PhoneNumbers/{Sid}", "get", "200", "fetch")
    created = example("/v1/Trunks/{TrunkSid}/PhoneNumbers", "post", "201", "create")
    listed = example("/v1/Trunks/{TrunkSid}/PhoneNumbers", "get", "200", "readFull")
    listed_empty = example("/v1/Trunks/{TrunkSid}/PhoneNumbers", "get", "200", "readEmpty")
    incoming = example(
        "/2010-04-01/Accounts/{AccountSid}/IncomingPhoneNumbers.json", "get", "200", "readFull"
    )
    incoming["incoming_phone_numbers"][0] |= {"phone_number": NUMBER, "friendly_name": "(415) 867-5309"}
    incoming_empty = example(
        "/2010-04-01/Accounts/{AccountSid}/IncomingPhoneNumbers.json", "get", "200", "readEmpty"
    )
    number = example(
        "/2010-04-01/Accounts/{AccountSid}/IncomingPhoneNumbers/{Sid}.json", "get", "200", "fetch"
    )
    updated = example(
        "/2010-04-01/Accounts/{AccountSid}/IncomingPhoneNumbers/{Sid}.json", "post", "200", "update"
    )
    trunks = example("/v1/Trunks", "get", "200", "readFull")
    trunk = example("/v1/Trunks/{Sid}", "get", "200", "fetch")

    # A two-page list: readFull's page with page_size 1 and a next link, then a page holding a second
    # number (ours) and no next link. Twilio's paging doc: the link carries PageSize, Page, PageToken.
    first_page = copy.deepcopy(listed)
    next_link = f"{TRUNKING}{TRUNK_NUMBERS}?PageSize=1&Page=1&PageToken=PA{NUMBER_SID}"
    first_page["meta"] |= {"page_size": 1, "next_page_url": next_link}
    second_page = copy.deepcopy(listed)
    second_item = second_page["phone_numbers"][0]
    second_item |= {
        "sid": SECOND_NUMBER_SID,
        "phone_number": SECOND_NUMBER,
        "friendly_name": "(808) 925-5327",
        "url": f"{TRUNKING}{TRUNK_NUMBERS}/{SECOND_NUMBER_SID}",
    }
    second_page["meta"] |= {"page": 1, "page_size": 1, "next_page_url": None, "url": next_link}

    routed = copy.deepcopy(updated) | {"trunk_sid": TRUNK_SID}
    association = f"{TRUNK_NUMBERS}/{NUMBER_SID}"
    return [
        Cassette(
            "test_routing",
            "test_find_a_numbers_sid_by_its_e164",
            [API_DOC],
            "GET IncomingPhoneNumbers.json's readFull example, with the listed number's phone_number and "
            "friendly_name those the trunking examples give its sid PNaaaa... (+14158675309): api_v2010's "
            "examples list +18089255327 under that sid. Its uri fields, verbatim, carry the PhoneNumber "
            "parameter's own example, +19876543210.",
            [Exchange("GET", f"{API}{INCOMING}.json" + _query(PhoneNumber=NUMBER), 200, incoming)],
        ),
        Cassette(
            "test_routing",
            "test_an_unknown_number_lists_nothing",
            [API_DOC],
            "GET IncomingPhoneNumbers.json's readEmpty example, verbatim.",
            [
                Exchange(
                    "GET", f"{API}{INCOMING}.json" + _query(PhoneNumber="+15005550000"), 200, incoming_empty
                )
            ],
        ),
        Cassette(
            "test_routing",
            "test_associate_a_number_with_a_trunk",
            [TRUNKING_DOC],
            "POST PhoneNumbers: the request body example (PhoneNumberSid) and the 201 create example, verbatim.",
            [
                Exchange(
                    "POST", f"{TRUNKING}{TRUNK_NUMBERS}", 201, created, form={"PhoneNumberSid": NUMBER_SID}
                )
            ],
        ),
        Cassette(
            "test_routing",
            "test_associate_a_number_with_a_trunk_async",
            [TRUNKING_DOC],
            "As test_associate_a_number_with_a_trunk, through the async client.",
            [
                Exchange(
                    "POST", f"{TRUNKING}{TRUNK_NUMBERS}", 201, created, form={"PhoneNumberSid": NUMBER_SID}
                )
            ],
        ),
        Cassette(
            "test_routing",
            "test_associating_with_an_unknown_trunk_is_not_found",
            [ERRORS_PAGE],
            "Twilio's documented error body for 20404 (ERRORS_PAGE); the documents describe no error "
            "response. That an unknown trunk answers 404 20404 is our reading, not documented for this call.",
            [
                Exchange(
                    "POST",
                    f"{TRUNKING}/v1/Trunks/{UNKNOWN_TRUNK_SID}/PhoneNumbers",
                    404,
                    twilio_error(404, 20404, f"/v1/Trunks/{UNKNOWN_TRUNK_SID}/PhoneNumbers"),
                    form={"PhoneNumberSid": NUMBER_SID},
                )
            ],
        ),
        Cassette(
            "test_routing",
            "test_list_a_trunks_numbers",
            [TRUNKING_DOC],
            "GET PhoneNumbers' readFull example, verbatim.",
            [Exchange("GET", f"{TRUNKING}{TRUNK_NUMBERS}", 200, listed)],
        ),
        Cassette(
            "test_routing",
            "test_a_trunks_numbers_across_pages",
            [
                TRUNKING_DOC,
                "https://www.twilio.com/docs/usage/twilios-response#response-formats-list-paging-information",
            ],
            "Ours, from GET PhoneNumbers' readFull example: page 0 with page_size 1 and a next_page_url "
            "(PageSize, Page, PageToken, as the paging doc describes; the token's value is ours), then "
            "page 1 holding a second number (api_v2010's example number +18089255327 with a sid of "
            "ours) and no next_page_url.",
            [
                Exchange("GET", f"{TRUNKING}{TRUNK_NUMBERS}" + _query(PageSize="1"), 200, first_page),
                Exchange(
                    "GET",
                    f"{TRUNKING}{TRUNK_NUMBERS}"
                    + _query(PageSize="1", Page="1", PageToken=f"PA{NUMBER_SID}"),
                    200,
                    second_page,
                ),
            ],
        ),
        Cassette(
            "test_routing",
            "test_fetch_the_association",
            [TRUNKING_DOC],
            "GET PhoneNumbers/{Sid}'s fetch example, verbatim.",
            [Exchange("GET", f"{TRUNKING}{association}", 200, fetch_association)],
        ),
        Cassette(
            "test_routing",
            "test_remove_the_association_then_it_is_not_found",
            [TRUNKING_DOC, ERRORS_PAGE],
            "DELETE PhoneNumbers/{Sid}: the documented 204 with no body; then GET PhoneNumbers/{Sid}: "
            "Twilio's documented error body for 20404 (our reading: a removed association is not found); "
            "then GET PhoneNumbers: the readEmpty example, verbatim.",
            [
                Exchange("DELETE", f"{TRUNKING}{association}", 204),
                Exchange("GET", f"{TRUNKING}{association}", 404, twilio_error(404, 20404, association)),
                Exchange("GET", f"{TRUNKING}{TRUNK_NUMBERS}", 200, listed_empty),
            ],
        ),
        Cassette(
            "test_numbers",
            "test_fetch_a_number",
            [API_DOC],
            "GET IncomingPhoneNumbers/{Sid}.json's fetch example, verbatim.",
            [Exchange("GET", f"{API}{INCOMING}/{NUMBER_SID}.json", 200, number)],
        ),
        Cassette(
            "test_numbers",
            "test_route_a_number_by_its_trunk_sid",
            [API_DOC],
            "POST IncomingPhoneNumbers/{Sid}.json with the TrunkSid field; the 200 update example with "
            "trunk_sid set to the trunk sent (the example has trunk_sid null).",
            [
                Exchange(
                    "POST", f"{API}{INCOMING}/{NUMBER_SID}.json", 200, routed, form={"TrunkSid": TRUNK_SID}
                )
            ],
        ),
        Cassette(
            "test_trunks",
            "test_list_trunks",
            [TRUNKING_DOC],
            "GET Trunks' readFull example, verbatim.",
            [Exchange("GET", f"{TRUNKING}/v1/Trunks", 200, trunks)],
        ),
        Cassette(
            "test_trunks",
            "test_fetch_a_trunk",
            [TRUNKING_DOC],
            "GET Trunks/{Sid}'s fetch example, verbatim.",
            [Exchange("GET", f"{TRUNKING}/v1/Trunks/{TRUNK_SID}", 200, trunk)],
        ),
    ]


def _interaction(exchange: Exchange) -> dict[str, Any]:
    headers: dict[str, list[str]] = {"Authorization": ["<AUTHORIZATION>"]}
    body = None
    if exchange.form is not None:
        headers["Content-Type"] = [FORM]
        body = urlencode(exchange.form)
    response: dict[str, Any] = {
        "status": {"code": exchange.status, "message": _REASONS[exchange.status]},
        "headers": {"Content-Type": ["application/json"]} if exchange.body is not None else {},
        "body": {"string": json.dumps(exchange.body, indent=2) if exchange.body is not None else ""},
    }
    return {
        "request": {"method": exchange.method, "uri": exchange.url, "headers": headers, "body": body},
        "response": response,
    }


_REASONS = {200: "OK", 201: "Created", 204: "No Content", 404: "Not Found"}


def render(cassette: Cassette) -> str:
    data = {
        "provenance": {
            "source": "documented-example",
            "synthesized": SYNTHESIZED,
            "pages": cassette.pages,
            "note": cassette.note,
            "by": "python -m conformance.twilio.synthesize",
        },
        "interactions": [_interaction(e) for e in cassette.exchanges],
        "version": 1,
    }
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)


def write(out: Path = OUT) -> list[Path]:
    """Write every cassette under ``out``; the paths written."""
    written = []
    for cassette in _cassettes():
        path = out / cassette.module / f"{cassette.test}.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(render(cassette), encoding="utf-8")
        written.append(path)
    return written


if __name__ == "__main__":
    for path in write(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT):
        print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
