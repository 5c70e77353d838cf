"""Scrubbing cassettes before they are written: no credential ever reaches the disk.

Applied to every request and response a recording writes (see ``persister``):
credential headers become placeholders (``<AUTH_TOKEN>``), cookies are dropped,
account ids and any value of a credential variable become the replay value the
tests use (``MA_XXXXXXXX``), so a scrubbed recording still matches on replay.
Content-Length is recomputed. Every function is idempotent.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

__all__ = ["CREDENTIAL_HEADERS", "Scrubber"]

# Header name (lower case) -> placeholder. Values of these never reach a cassette.
CREDENTIAL_HEADERS = {
    "authorization": "<AUTHORIZATION>",
    "x-auth-id": "<AUTH_ID>",
    "x-auth-token": "<AUTH_TOKEN>",
    "x-api-key": "<API_KEY>",
    "api-key": "<API_KEY>",
    "proxy-authorization": "<AUTHORIZATION>",
}
DROPPED_HEADERS = {"cookie", "set-cookie"}
# Secrets recognisable by shape, wherever they appear (uri, headers, bodies).
SHAPES = [
    (re.compile(r"tvx_sk_(?:live|test)_[A-Za-z0-9]+"), "<API_KEY>"),
    (re.compile(r"\bbn-[A-Za-z0-9]{8,}"), "<API_KEY>"),
    (re.compile(r"\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*"), "<JWT>"),
    (re.compile(r"\bBearer\s+(?!<)[A-Za-z0-9._~+/=-]{8,}"), "Bearer <TOKEN>"),
    (re.compile(r"\b(MA|SA)_(?!XXXXXXXX\b)[A-Z0-9]{6,}\b"), r"\1_XXXXXXXX"),
    # Twilio account sids (in api.twilio.com paths and every body): the docs' placeholder account
    (re.compile(r"\bAC(?!a{32}\b)[0-9a-fA-F]{32}\b"), "AC" + "a" * 32),
]


class Scrubber:
    """Replaces secrets in cassette dicts; ``replacements`` maps real values to replay values."""

    def __init__(self, replacements: Mapping[str, str] | None = None) -> None:
        # Longest first, so a value that contains another is replaced whole.
        items = [(k, v) for k, v in (replacements or {}).items() if k and len(k) >= 4 and k != v]
        self.replacements = sorted(items, key=lambda kv: -len(kv[0]))

    def text(self, value: str) -> str:
        for real, replay in self.replacements:
            value = value.replace(real, replay)
        for pattern, placeholder in SHAPES:
            value = pattern.sub(placeholder, value)
        return value

    def _body(self, body: Any) -> Any:
        if isinstance(body, bytes):
            try:
                return self.text(body.decode("utf-8")).encode("utf-8")
            except UnicodeDecodeError:
                return body
        if isinstance(body, str):
            return self.text(body)
        return body

    def headers(self, headers: Mapping[str, Any]) -> dict[str, list[str]]:
        clean: dict[str, list[str]] = {}
        for name, values in headers.items():
            lower = name.lower()
            if lower in DROPPED_HEADERS:
                continue
            values = values if isinstance(values, list) else [values]
            placeholder = CREDENTIAL_HEADERS.get(lower)
            clean[name] = [placeholder if placeholder else self.text(str(v)) for v in values]
        return clean

    def request(self, request: dict[str, Any]) -> dict[str, Any]:
        out = dict(request)
        out["uri"] = self.text(out["uri"])
        out["headers"] = self.headers(out.get("headers") or {})
        out["body"] = self._body(out.get("body"))
        _fix_length(out["headers"], out["body"])
        return out

    def response(self, response: dict[str, Any]) -> dict[str, Any]:
        out = dict(response)
        out["headers"] = self.headers(out.get("headers") or {})
        body = dict(out.get("body") or {})
        body["string"] = self._body(body.get("string", ""))
        out["body"] = body
        _fix_length(out["headers"], body["string"])
        return out


def _fix_length(headers: dict[str, list[str]], body: Any) -> None:
    for name in list(headers):
        if name.lower() == "content-length":
            size = len(body.encode() if isinstance(body, str) else body or b"")
            headers[name] = [str(size)]
