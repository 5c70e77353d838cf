"""Finding anything that looks like a credential in a cassette file.

Used by the persister before a recording is written, and by a test over every
committed cassette. A placeholder (``<...>``, ``MA_XXXXXXXX``) is not a finding.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import yaml

from codegen.yamlload import load_cached, load_yaml
from conformance.scrub import CREDENTIAL_HEADERS

__all__ = ["CREDENTIAL_VARIABLES", "findings", "scan_cassette", "scan_headers", "scan_text"]

PATTERNS = {
    "bearer token": re.compile(r"Bearer\s+(?!<)[A-Za-z0-9._~+/=-]{8,}"),
    "TryVox key": re.compile(r"tvx_sk_(?:live|test)_(?!PLACEHOLDER)[A-Za-z0-9]+"),
    "Bolna key": re.compile(r"\bbn-[A-Za-z0-9]{8,}"),
    "Vobiz account id": re.compile(r"\b(?:MA|SA)_(?!XXXXXXXX\b)[A-Z0-9]{6,}\b"),
    "Twilio account sid": re.compile(r"\bAC(?!a{32}\b)[0-9a-fA-F]{32}\b"),
    "JWT": re.compile(r"\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*"),
}
PLACEHOLDER = re.compile(r"^(?:<[A-Z][A-Z0-9_]*>|Bearer <[A-Z][A-Z0-9_]*>)$")
# A credential variable holding a documented placeholder (the local sandbox's Vobiz account is the
# docs' own MA_XXXXXXXX) holds no secret: finding that value in a cassette is not a leak.
PLACEHOLDER_VALUE = re.compile(r"^(?:<[A-Z][A-Z0-9_]*>|(?:MA|SA)_XXXXXXXX|ACa{32})$")
# Environment variables whose values must never appear in a cassette (see conformance/targets.py).
CREDENTIAL_VARIABLES = re.compile(
    r"^(?:(?:VOBIZ|TRYVOX|MIHU|BOLNA)_(?:AUTH_ID|AUTH_TOKEN|TOKEN|API_KEY)|TWILIO_(?:ACCOUNT_SID|AUTH_TOKEN))$"
)


def _env_values() -> Iterable[tuple[str, str]]:
    for name, value in os.environ.items():
        if CREDENTIAL_VARIABLES.match(name) and len(value) >= 4 and not PLACEHOLDER_VALUE.match(value):
            yield name, value


def scan_text(text: str) -> list[str]:
    """What looks like a credential in ``text``: 'kind: excerpt' per finding."""
    found = [
        f"{kind}: {m.group(0)[:40]!r}" for kind, pattern in PATTERNS.items() for m in pattern.finditer(text)
    ]
    found += [f"value of ${name}" for name, value in _env_values() if value in text]
    return found


def scan_headers(cassette: dict[str, Any]) -> list[str]:
    """Credential headers in a parsed cassette whose values are not placeholders."""
    found = []
    for i, interaction in enumerate(cassette.get("interactions") or []):
        for side in ("request", "response"):
            for name, values in ((interaction.get(side) or {}).get("headers") or {}).items():
                if name.lower() in CREDENTIAL_HEADERS or name.lower() in ("cookie", "set-cookie"):
                    for value in values if isinstance(values, list) else [values]:
                        if not PLACEHOLDER.match(str(value)):
                            found.append(f"{name} header in interaction {i} {side}: not a placeholder")
    return found


def _scan(text: str, parse: Callable[[], Any]) -> list[str]:
    hits = scan_text(text)
    try:
        data = parse()
    except (yaml.YAMLError, UnicodeDecodeError):
        return [*hits, "not valid YAML"]
    return hits + (scan_headers(data) if isinstance(data, dict) else [])


def scan_cassette(text: str) -> list[str]:
    """What looks like a credential in a cassette's text, and in its credential headers."""
    return _scan(text, lambda: load_yaml(text))


def findings(paths: Iterable[Path]) -> dict[Path, list[str]]:
    """``scan_cassette`` of each file (parsed through the per-process cache), where it finds anything."""
    result = {}
    for path in paths:
        text = path.read_text(encoding="utf-8", errors="replace")
        hits = _scan(text, functools.partial(load_cached, path))
        if hits:
            result[path] = hits
    return result
