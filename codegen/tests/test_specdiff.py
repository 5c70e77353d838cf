"""Spec changes of each class, applied to a copy of Vobiz's normalized spec, and how they are classified."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest

from codegen.providers import ROOT
from codegen.specdiff import BREAKING, COMPATIBLE, COSMETIC, Change, diff_specs, format_changes, worst
from codegen.yamlload import load_yaml_file

Spec = dict[str, Any]
VOBIZ = load_yaml_file(ROOT / "specs" / "vobiz" / "openapi.yaml")


def op(spec: Spec, operation_id: str) -> dict[str, Any]:
    for item in spec["paths"].values():
        for candidate in item.values():
            if isinstance(candidate, dict) and candidate.get("operationId") == operation_id:
                return candidate
    raise KeyError(operation_id)


def schema(spec: Spec, name: str) -> dict[str, Any]:
    found: dict[str, Any] = spec["components"]["schemas"][name]
    return found


def body(spec: Spec) -> dict[str, Any]:
    found: dict[str, Any] = op(spec, "assign_number_to_trunk")["requestBody"]["content"]["application/json"][
        "schema"
    ]
    return found


def with_enum(values: list[str]) -> Callable[[Spec], None]:
    def change(spec: Spec) -> None:
        schema(spec, "Trunk")["properties"]["trunk_status"]["enum"] = values

    return change


def add_operation(spec: Spec) -> None:
    item = spec["paths"]["/api/v1/Account/{auth_id}/trunks/{trunk_id}"]
    spec["paths"]["/api/v1/Account/{auth_id}/trunks/{trunk_id}/numbers"] = {
        "get": {**copy.deepcopy(item["get"]), "operationId": "list_trunk_numbers"}
    }


def rename_model(spec: Spec) -> None:
    schemas = spec["components"]["schemas"]
    schemas["Number"] = schemas.pop("PhoneNumber")
    schema(spec, "PhoneNumberList")["properties"]["items"]["items"]["$ref"] = "#/components/schemas/Number"


def replace_success(spec: Spec) -> None:
    responses = op(spec, "assign_number_to_trunk")["responses"]
    responses["200"] = responses.pop("204")


# name -> (change to both specs first, change to the new one, kind, words in the text, words in the location)
CASES: dict[str, tuple[Callable[[Spec], object] | None, Callable[[Spec], object], str, str, str]] = {
    # cosmetic: only the docs change
    "operation description": (
        None,
        lambda s: op(s, "list_numbers").update(description="Every number on the account."),
        COSMETIC,
        "list_numbers: operation: description changed",
        "/get/description",
    ),
    "operation summary": (
        None,
        lambda s: op(s, "retrieve_trunk").update(summary="Get a trunk"),
        COSMETIC,
        "retrieve_trunk: operation: summary changed",
        "/get/summary",
    ),
    "response example": (
        None,
        lambda s: op(s, "retrieve_trunk")["responses"]["200"]["content"]["application/json"][
            "example"
        ].update(name="Other"),
        COSMETIC,
        "retrieve_trunk: response 200: example changed",
        "/responses/200/content/application~1json/example",
    ),
    "field description in a component": (
        None,
        lambda s: schema(s, "Trunk")["properties"]["primary_uri_uuid"].update(description="The primary URI."),
        COSMETIC,
        "retrieve_trunk: response 200 field `primary_uri_uuid`: description changed",
        "#/components/schemas/Trunk/properties/primary_uri_uuid/description",
    ),
    "info": (None, lambda s: s["info"].update(version="1.1"), COSMETIC, "info changed", "#/info"),
    # compatible: new things callers may use, nothing they use goes
    "new optional query parameter": (
        None,
        lambda s: op(s, "list_numbers")["parameters"].append(
            {"name": "country", "in": "query", "schema": {"type": "string"}}
        ),
        COMPATIBLE,
        "list_numbers: new optional query parameter `country`",
        "/get/parameters/country",
    ),
    "new optional request field": (
        None,
        lambda s: body(s)["properties"].update(note={"type": "string"}),
        COMPATIBLE,
        "assign_number_to_trunk: new optional request body field `note`",
        "/requestBody/content/application~1json/schema/properties/note",
    ),
    "new operation": (
        None,
        add_operation,
        COMPATIBLE,
        "new operation `list_trunk_numbers` (GET /api/v1/Account/{auth_id}/trunks/{trunk_id}/numbers)",
        "#/paths/~1api~1v1~1Account~1{auth_id}~1trunks~1{trunk_id}~1numbers/get",
    ),
    # x-pagination decides how the list method pages: reported as compatible, never as cosmetic
    "changed pagination": (
        None,
        lambda s: op(s, "list_trunks")["x-pagination"].update(total="meta.count"),
        COMPATIBLE,
        "list_trunks: operation: `x-pagination` changed",
        "/get/x-pagination",
    ),
    "pagination declared": (
        lambda s: op(s, "list_numbers").pop("x-pagination"),
        lambda s: op(s, "list_numbers").update({"x-pagination": {"items": "items", "style": "page"}}),
        COMPATIBLE,
        "list_numbers: operation: `x-pagination` added",
        "/get/x-pagination",
    ),
    "new response field, in a component": (
        None,
        lambda s: schema(s, "PhoneNumber")["properties"].update(porting_status={"type": "string"}),
        COMPATIBLE,
        "list_numbers: new response 200 field `items[].porting_status`",
        "#/components/schemas/PhoneNumber/properties/porting_status",
    ),
    "widened enum": (
        with_enum(["active", "inactive"]),
        with_enum(["active", "inactive", "suspended"]),
        COMPATIBLE,
        "retrieve_trunk: response 200 field `trunk_status`: enum values added: ['suspended']",
        "#/components/schemas/Trunk/properties/trunk_status/enum",
    ),
    "new documented error status": (
        None,
        lambda s: op(s, "assign_number_to_trunk")["responses"].update(
            {
                "409": {
                    "description": "Conflict",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
                }
            }
        ),
        COMPATIBLE,
        "assign_number_to_trunk: new documented error status 409",
        "/post/responses/409",
    ),
    "request field now nullable": (
        None,
        lambda s: body(s)["properties"]["trunk_group_id"].update(nullable=True),
        COMPATIBLE,
        "request body field `trunk_group_id`: type widened from string to null|string",
        "/properties/trunk_group_id/type",
    ),
    "response field now required": (
        None,
        lambda s: schema(s, "Trunk")["required"].append("primary_uri_uuid"),
        COMPATIBLE,
        "retrieve_trunk: response 200 field `primary_uri_uuid` now required",
        "#/components/schemas/Trunk/required",
    ),
    # breaking: code written against the old client stops working, or its types no longer fit
    "removed operation": (
        None,
        lambda s: s["paths"]["/api/v1/Account/{auth_id}/numbers/{phone_number}/assign"].pop("delete"),
        BREAKING,
        "operation `unassign_number_from_trunk` (DELETE /api/v1/Account/{auth_id}/numbers/{phone_number}/assign) removed",
        "~1assign/delete",
    ),
    "new required request field": (
        None,
        lambda s: (
            body(s)["properties"].update(priority={"type": "integer"}),
            body(s)["required"].append("priority"),
        ),
        BREAKING,
        "assign_number_to_trunk: new required request body field `priority`",
        "/schema/properties/priority",
    ),
    "new required parameter": (
        None,
        lambda s: op(s, "list_numbers")["parameters"].append(
            {"name": "country", "in": "query", "required": True, "schema": {"type": "string"}}
        ),
        BREAKING,
        "list_numbers: new required query parameter `country`",
        "/get/parameters/country",
    ),
    "narrowed parameter type": (
        None,
        lambda s: op(s, "list_numbers")["parameters"][1]["schema"].update(type="string"),
        BREAKING,
        "list_numbers: query parameter `page`: type changed from integer to string",
        "/get/parameters/page/schema/type",
    ),
    "narrowed enum": (
        with_enum(["active", "inactive"]),
        with_enum(["active"]),
        BREAKING,
        "retrieve_trunk: response 200 field `trunk_status`: enum values removed: ['inactive']",
        "#/components/schemas/Trunk/properties/trunk_status/enum",
    ),
    "removed response field, in a component": (
        None,
        lambda s: (
            schema(s, "Trunk")["properties"].pop("cps_limit"),
            schema(s, "Trunk")["required"].remove("cps_limit"),
        ),
        BREAKING,
        "retrieve_trunk: response 200 field `cps_limit` removed",
        "#/components/schemas/Trunk/properties/cps_limit",
    ),
    "response field now optional": (
        None,
        lambda s: schema(s, "Trunk")["required"].remove("name"),
        BREAKING,
        "retrieve_trunk: response 200 field `name` now optional",
        "#/components/schemas/Trunk/required",
    ),
    "response field now nullable": (
        None,
        lambda s: schema(s, "Trunk")["properties"]["name"].update(nullable=True),
        BREAKING,
        "retrieve_trunk: response 200 field `name`: type widened from string to null|string",
        "#/components/schemas/Trunk/properties/name/type",
    ),
    "changed success status": (
        None,
        replace_success,
        BREAKING,
        "assign_number_to_trunk: success status 204 removed",
        "/post/responses/204",
    ),
    "changed auth header": (
        None,
        lambda s: s["components"]["securitySchemes"]["AuthToken"].update(name="X-Api-Key"),
        BREAKING,
        "security scheme `AuthToken`: `name` changed from X-Auth-Token to X-Api-Key",
        "#/components/securitySchemes/AuthToken/name",
    ),
    "changed security requirement": (
        None,
        lambda s: s.update(security=[{"AuthToken": []}]),
        BREAKING,
        "list_numbers: authentication changed",
        "/get/security",
    ),
    "renamed operationId": (
        None,
        lambda s: op(s, "retrieve_trunk").update(operationId="get_trunk"),
        BREAKING,
        "operation `retrieve_trunk` renamed to `get_trunk`",
        "/get/operationId",
    ),
    "renamed model": (
        None,
        rename_model,
        BREAKING,
        "list_numbers: response 200 field `items[]`: schema `PhoneNumber` replaced by `Number`",
        "#/components/schemas/PhoneNumberList/properties/items/items",
    ),
    "new E.164 validation on a path parameter": (
        None,
        lambda s: op(s, "retrieve_trunk")["parameters"][1].update({"x-phone-number": "e164"}),
        BREAKING,
        "retrieve_trunk: path parameter `trunk_id` now validated as e164",
        "/get/parameters/trunk_id/x-phone-number",
    ),
}


def classify(name: str) -> tuple[list[Change], Spec]:
    prepare, change, *_ = CASES[name]
    old = copy.deepcopy(VOBIZ)
    if prepare:
        prepare(old)
    new = copy.deepcopy(old)
    change(new)
    return diff_specs(old, new), new


@pytest.mark.parametrize("name", CASES)
def test_each_change_is_classified_and_located(name: str) -> None:
    _, _, kind, text, where = CASES[name]
    changes, _ = classify(name)
    matching = [c for c in changes if text in c.text and where in c.where]
    assert matching, f"no {text!r} at {where!r} in {changes}"
    assert {c.kind for c in matching} == {kind}, matching
    assert worst(changes) == kind, changes


def test_an_unchanged_spec_has_no_changes() -> None:
    assert diff_specs(VOBIZ, copy.deepcopy(VOBIZ)) == []


def test_a_shared_component_change_is_attributed_to_every_operation_using_it() -> None:
    new = copy.deepcopy(VOBIZ)
    schema(new, "Error")["properties"].pop("api_id")
    changes = [c for c in diff_specs(VOBIZ, new) if c.where == "#/components/schemas/Error/properties/api_id"]
    assert changes and all(c.kind == BREAKING for c in changes)
    mentioned = " ".join(c.text for c in changes)
    for operation in (
        "assign_number_to_trunk",
        "unassign_number_from_trunk",
        "list_numbers",
        "retrieve_trunk",
    ):
        assert operation in mentioned


def test_the_summary_lists_the_most_severe_first() -> None:
    new = copy.deepcopy(VOBIZ)
    op(new, "list_numbers")["description"] = "changed"
    op(new, "retrieve_trunk")["operationId"] = "get_trunk"
    lines = format_changes(diff_specs(VOBIZ, new))
    assert lines[0].split()[0] == BREAKING and lines[-2].split()[0] == COSMETIC
    assert lines[1].strip().startswith("at #/paths/")
