"""How a live request is matched against a cassette's request.

vcrpy's defaults compare method, host and a decoded path; conformance needs the
wire exactly: the path as sent (``%2B`` is not ``+``, ``/Account/`` is not
``/account/``), the JSON body by value, and every credential header the
cassette scrubbed still present on the live request.
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import urlsplit

__all__ = ["MATCH_ON", "PLACEHOLDER", "register"]

# A scrubbed value: <AUTH_TOKEN>, <ACCOUNT_ID>, ...
PLACEHOLDER = re.compile(r"^<[A-Z][A-Z0-9_]*>$")
MATCH_ON = ["method", "scheme", "host", "port", "raw_path", "query", "json_body", "scrubbed_headers_present"]


def raw_path(r1: Any, r2: Any) -> None:
    a, b = urlsplit(r1.uri).path, urlsplit(r2.uri).path
    assert a == b, f"path {a!r} != {b!r}"


def _json(body: Any) -> Any:
    if body in (None, b"", ""):
        return None
    text = body.decode() if isinstance(body, bytes) else body
    try:
        return json.loads(text)
    except ValueError:
        return text


def json_body(r1: Any, r2: Any) -> None:
    a, b = _json(r1.body), _json(r2.body)
    assert a == b, f"body {a!r} != {b!r}"


def _scrubbed(request: Any) -> set[str]:
    return {name.lower() for name, value in request.headers.items() if PLACEHOLDER.match(str(value))}


def _names(request: Any) -> set[str]:
    return {name.lower() for name in request.headers}


def scrubbed_headers_present(r1: Any, r2: Any) -> None:
    """Each header the cassette holds as a placeholder is sent by the client (any value)."""
    for expected, actual in ((r1, r2), (r2, r1)):
        missing = _scrubbed(expected) - _names(actual)
        assert not missing, f"credential header(s) not sent: {sorted(missing)}"


def register(vcr: Any) -> None:
    for matcher in (raw_path, json_body, scrubbed_headers_present):
        vcr.register_matcher(matcher.__name__, matcher)
