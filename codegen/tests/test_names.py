"""The naming rules (codegen/names.py) and the credentials they name (codegen/security.py)."""

from __future__ import annotations

from typing import Any

import pytest

from codegen.errors import SpecError
from codegen.names import generator_view, pascal_case, snake_case
from codegen.security import credentials


@pytest.mark.parametrize(
    ("name", "snake", "pascal"),
    [
        ("FetchCredentialList", "fetch_credential_list", "FetchCredentialList"),
        ("add_number_to_trunk", "add_number_to_trunk", "AddNumberToTrunk"),  # snake_case stays
        ("Route-Number", "route_number", "RouteNumber"),
        ("HTTPServer2Go", "http_server2_go", "HTTPServer2Go"),
        ("getV2Agent", "get_v2_agent", "GetV2Agent"),
        ("StartTime<", "start_time", "StartTime"),
        ("trunking.v1.trunk.phone_number", "trunking_v1_trunk_phone_number", "TrunkingV1TrunkPhoneNumber"),
        ("GET /v2/agent/{agent_id}", "get_v2_agent_agent_id", "GETV2AgentAgentId"),
        ("2fa", "2fa", "Model2fa"),
    ],
)
def test_words_snake_and_pascal(name: str, snake: str, pascal: str) -> None:
    assert (snake_case(name), pascal_case(name)) == (snake, pascal)
    assert snake_case(snake_case(name)) == snake_case(name)


SPEC: dict[str, Any] = {
    "paths": {
        "/a": {
            "get": {
                "responses": {
                    "200": {
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/a.b.item"}}}
                    }
                }
            }
        }
    },
    "components": {
        "schemas": {
            "a.b.item": {
                "type": "object",
                "title": "Items",
                "properties": {"x": {"$ref": "#/components/schemas/AbItem"}},
            },
            "AbItem": {"type": "object", "properties": {"y": {"type": "object", "title": "Items"}}},
            "Keep": {"type": "object", "title": "Kept"},
        }
    },
}


def test_generator_view_names_dotted_components_and_drops_colliding_titles() -> None:
    view = generator_view(SPEC)
    assert view is not None and "a.b.item" in SPEC["components"]["schemas"]  # the input is untouched
    schemas = view["components"]["schemas"]
    # AbItem (ab_item.py) is taken by a component: the dotted one, ABItem, gets the next free name.
    assert list(schemas) == ["ABItem2", "AbItem", "Keep"]
    schema_ref = view["paths"]["/a"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    assert schema_ref == {"$ref": "#/components/schemas/ABItem2"}
    assert "title" not in schemas["ABItem2"] and "title" not in schemas["AbItem"]["properties"]["y"]
    assert schemas["Keep"]["title"] == "Kept"  # a title nobody else has stays
    assert generator_view({"components": {"schemas": {"Keep": {"type": "object"}}}}) is None


def _creds(scheme: dict[str, object]) -> dict[str, Any]:
    return credentials(
        {"security": [{"s": []}], "components": {"securitySchemes": {"s": scheme}}}, "spec.yaml"
    )


def test_credentials_for_every_supported_scheme() -> None:
    header = _creds({"type": "apiKey", "in": "header", "name": "X-Auth-Token"})
    assert [f["field"] for f in header["fields"]] == ["auth_token"]
    assert header["auth_headers"] == [{"header": "X-Auth-Token", "value": "self.auth_token"}]
    query = _creds({"type": "apiKey", "in": "query", "name": "api_key"})
    assert (
        query["auth_params"] == [{"name": "api_key", "value": "self.api_key"}] and not query["auth_headers"]
    )
    bearer = _creds({"type": "http", "scheme": "bearer", "x-python-name": "api_token"})
    assert bearer["auth_headers"] == [{"header": "Authorization", "value": 'f"Bearer {self.api_token}"'}]
    basic = _creds({"type": "http", "scheme": "basic"})
    assert [f["field"] for f in basic["fields"]] == ["username", "password"] and basic["needs_base64"]
    named = _creds({"type": "http", "scheme": "basic", "x-python-name": ["account_sid", "auth_token"]})
    assert [f["field"] for f in named["fields"]] == ["account_sid", "auth_token"]


def test_operation_level_security_is_used_when_the_document_has_none() -> None:
    spec = {
        "paths": {"/a": {"get": {"security": [{"s": []}], "responses": {}}}},
        "components": {"securitySchemes": {"s": {"type": "http", "scheme": "basic"}}},
    }
    assert [f["field"] for f in credentials(spec, "spec.yaml")["fields"]] == ["username", "password"]


@pytest.mark.parametrize(
    ("scheme", "words"),
    [
        ({"type": "oauth2", "flows": {}}, "unsupported security scheme"),
        ({"type": "http", "scheme": "basic", "x-python-name": "one"}, "2 snake_case name"),
        ({"type": "http", "scheme": "bearer", "x-python-name": "Token"}, "1 snake_case name"),
    ],
)
def test_unsupported_or_misnamed_schemes_are_errors_at_the_scheme(
    scheme: dict[str, object], words: str
) -> None:
    with pytest.raises(SpecError, match=words) as caught:
        _creds(scheme)
    assert caught.value.where.startswith("#/components/securitySchemes/s")
