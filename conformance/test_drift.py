"""The oracle reports drift, naming the field, for each way a response can depart from the spec.

Each case alters one committed cassette's response in memory and runs the same
check the conformance fixtures run after every test.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from vcr.request import Request

from codegen.yamlload import load_cached
from conformance.oracle import oracle_for

ROOT = Path(__file__).resolve().parent.parent
LIST = (
    ROOT / "conformance/vobiz/cassettes/test_routing/test_list_numbers_shows_trunk_only_while_assigned.yaml"
)
ASSIGN = ROOT / "conformance/vobiz/cassettes/test_routing/test_assign_number_to_trunk.yaml"


def exchange(path: Path, index: int = 0) -> tuple[Request, dict[str, Any]]:
    interaction = load_cached(path)["interactions"][index]
    r = interaction["request"]
    return Request(r["method"], r["uri"], r.get("body"), r.get("headers") or {}), copy.deepcopy(
        interaction["response"]
    )


def edit_json(response: dict[str, Any], change: Callable[[Any], None]) -> None:
    body = json.loads(response["body"]["string"])
    change(body)
    response["body"]["string"] = json.dumps(body)


def rename_e164(body: Any) -> None:
    body["items"][0]["e_164"] = body["items"][0].pop("e164")


def add_field(body: Any) -> None:
    body["items"][0]["porting_status"] = "locked"


def wrong_type(body: Any) -> None:
    body["total"] = "one"


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        (rename_e164, "items.0.e164", "required"),
        (add_field, "items.0.porting_status", "Extra inputs are not permitted"),
        (wrong_type, "total", "integer"),
    ],
)
def test_body_drift_names_the_field(change: Callable[[Any], None], field: str, words: str) -> None:
    request, response = exchange(LIST)
    edit_json(response, change)
    operation, drifts = oracle_for("vobiz").check(request, response, "list.yaml")
    assert operation == "list_numbers"
    assert any(d.field == field and words in d.message for d in drifts), drifts
    assert all(d.provider == "vobiz" and d.cassette == "list.yaml" for d in drifts)


def test_an_undocumented_status_is_drift() -> None:
    request, response = exchange(ASSIGN)
    response["status"]["code"] = 200
    _, drifts = oracle_for("vobiz").check(request, response, "assign.yaml")
    assert [d.message for d in drifts] == [
        "status 200 is not documented (documented: 204, 400, 401, 403, 404, 429)"
    ]


def test_a_new_enum_value_is_drift() -> None:
    path = next((ROOT / "conformance/tryvox/cassettes").rglob("*not_found*.yaml"))
    request, response = exchange(path)
    edit_json(response, lambda body: body["error"].update(code="NUMBER_PORTING_LOCKED"))
    _, drifts = oracle_for("tryvox").check(request, response, path.name)
    assert any(d.field.endswith("code") for d in drifts), drifts


def test_the_committed_cassettes_themselves_agree_with_the_spec() -> None:
    for path in sorted(ROOT.glob("conformance/*/cassettes/**/*.yaml")):
        provider = path.relative_to(ROOT / "conformance").parts[0]
        for i, _ in enumerate(load_cached(path)["interactions"]):
            request, response = exchange(path, i)
            _, drifts = oracle_for(provider).check(request, response, path.name)
            assert drifts == [], drifts
