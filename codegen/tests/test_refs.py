"""codegen.refs: the one reader of JSON pointers and local $refs, and nothing else reads them by hand."""

from __future__ import annotations

import re
from pathlib import Path

from codegen.refs import lookup, pointer, resolve, unescape

ROOT = Path(__file__).resolve().parents[2]
DOC = {
    "paths": {"/v1/Trunks": {"get": {"x": 1}}, "a~b": [10, 20]},
    "components": {"schemas": {"A": {"$ref": "#/components/schemas/B"}, "B": {"type": "string"}}},
    "loop": {"$ref": "#/loop"},
}


def test_pointer_and_unescape_round_trip() -> None:
    assert pointer(["paths", "/v1/Trunks", "get"]) == "#/paths/~1v1~1Trunks/get"
    assert pointer(["paths", "a~b"]) == "#/paths/a~0b"
    assert unescape("~01") == "~1"  # ~1 first, then ~0: "~01" is the key "~1", not "/"


def test_lookup_follows_escaped_tokens_and_list_indices() -> None:
    assert lookup(DOC, "#/paths/~1v1~1Trunks/get") == {"x": 1}
    assert lookup(DOC, "#/paths/a~0b/1") == 20
    assert lookup(DOC, "#/paths/a~0b/7") is None
    assert lookup(DOC, "#/paths/missing") is None
    assert lookup(DOC, "other.yaml#/x") is None  # not local
    assert lookup(DOC, "#") is DOC


def test_resolve_follows_chains_and_stops_at_loops() -> None:
    assert resolve(DOC, {"$ref": "#/components/schemas/A"}) == {"type": "string"}
    assert resolve(DOC, {"type": "integer"}) == {"type": "integer"}
    assert resolve(DOC, {"$ref": "#/loop"}) is None
    assert resolve(DOC, {"$ref": "#/nowhere"}) is None


def test_no_other_hand_written_code_unescapes_pointers() -> None:
    pattern = re.compile(r"replace\(\s*['\"]~1['\"]")
    offenders = [
        str(path.relative_to(ROOT))
        for folder in ("codegen", "conformance", "sandbox", "bench")
        for path in (ROOT / folder).rglob("*.py")
        if path.name != "refs.py"
        and "tests" not in path.parts
        and pattern.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == [], f"use codegen.refs (lookup, resolve, unescape) in {offenders}"
    assert pattern.search(
        (ROOT / "codegen" / "refs.py").read_text(encoding="utf-8")
    )  # the search can find one
