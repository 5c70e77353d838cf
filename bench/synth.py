"""Synthetic providers of N operations, laid out as a real provider tree (see codegen/tests/conftest.py).

Each operation is one of three shapes seen in the real specs, in turn: an assign (POST with an
E.164 path value, a JSON body and a JSON result), a list (GET with query parameters and a page of
items) and an unassign (DELETE answering 204). Every operation has its own request/response
models, so models grow with operations as they do in vendor specs.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import yaml

E164 = r"^\+[1-9]\d{1,14}$"
_ERRORS = {
    code: {"description": text, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
    for code, text in (("400", "Bad request"), ("401", "Unauthorized"), ("404", "Not found"))
}  # fmt: skip


def _json(ref: str) -> dict[str, Any]:
    return {"content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{ref}"}}}}


def spec(operations: int) -> dict[str, Any]:
    paths: dict[str, Any] = {}
    schemas: dict[str, Any] = {
        "Error": {
            "type": "object",
            "properties": {"message": {"type": "string"}, "code": {"type": "integer"}},
        }
    }
    account = {"name": "account_id", "in": "path", "required": True, "schema": {"type": "string"}}
    for i in range(operations):
        tag = f"group{i // 25:03d}"
        name = f"Op{i:04d}"
        kind = i % 3
        if kind == 0:
            paths[f"/v1/accounts/{{account_id}}/numbers/{{e164}}/route{i:04d}"] = {
                "post": {
                    "operationId": f"assign_{i:04d}",
                    "summary": f"Assign a number (synthetic operation {i})",
                    "tags": [tag],
                    "parameters": [
                        account,
                        {"name": "e164", "in": "path", "required": True, "schema": {"type": "string", "pattern": E164}},
                    ],
                    "requestBody": {"required": True, **_json(f"{name}Body")},
                    "responses": {"200": {"description": "Assigned", **_json(f"{name}Result")}, **_ERRORS},
                }
            }  # fmt: skip
            schemas[f"{name}Body"] = {
                "type": "object",
                "required": ["trunk_id"],
                "properties": {"trunk_id": {"type": "string", "format": "uuid"}, "note": {"type": "string"}},
            }
        elif kind == 1:
            paths[f"/v1/accounts/{{account_id}}/list{i:04d}"] = {
                "get": {
                    "operationId": f"list_{i:04d}",
                    "summary": f"List numbers (synthetic operation {i})",
                    "tags": [tag],
                    "parameters": [
                        account,
                        {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1}},
                        {"name": "search", "in": "query", "schema": {"type": "string"}},
                    ],
                    "responses": {"200": {"description": "A page", **_json(f"{name}Page")}, **_ERRORS},
                }
            }  # fmt: skip
            schemas[f"{name}Page"] = {
                "type": "object",
                "required": ["items"],
                "properties": {
                    "items": {"type": "array", "items": {"$ref": f"#/components/schemas/{name}Result"}},
                    "total": {"type": "integer"},
                },
            }
        else:
            paths[f"/v1/accounts/{{account_id}}/numbers/{{e164}}/route{i:04d}"] = {
                "delete": {
                    "operationId": f"unassign_{i:04d}",
                    "summary": f"Unassign a number (synthetic operation {i})",
                    "tags": [tag],
                    "parameters": [
                        account,
                        {"name": "e164", "in": "path", "required": True, "schema": {"type": "string", "pattern": E164}},
                    ],
                    "responses": {"204": {"description": "Unassigned"}, **_ERRORS},
                }
            }  # fmt: skip
            continue
        schemas[f"{name}Result"] = {
            "type": "object",
            "required": ["e164", "status"],
            "properties": {
                "e164": {"type": "string"},
                "trunk_id": {"type": "string", "nullable": True},
                "status": {"type": "string", "enum": ["active", "pending", "released"]},
                "updated_at": {"type": "string", "format": "date-time"},
            },
        }
    return {
        "openapi": "3.0.3",
        "info": {"title": f"Synthetic {operations}", "version": "1.0.0"},
        "servers": [{"url": "https://api.synthetic.example"}],
        "security": [{"apiKey": []}],
        "paths": paths,
        "components": {
            "schemas": schemas,
            "securitySchemes": {"apiKey": {"type": "apiKey", "in": "header", "name": "X-Api-Key"}},
        },
    }


def write_tree(root: Path, operations: int, name: str = "synth") -> Path:
    """A provider tree under ``root`` (codegen/providers.yaml, specs/<name>/), like a user adds."""
    spec_dir = root / "specs" / name
    source = spec_dir / "source" / "openapi.yaml"
    source.parent.mkdir(parents=True, exist_ok=True)
    (root / "codegen").mkdir(parents=True, exist_ok=True)
    source.write_text(yaml.safe_dump(spec(operations), sort_keys=False, width=100), encoding="utf-8")
    digest = hashlib.sha256(source.read_bytes()).hexdigest()
    (spec_dir / "sources.yaml").write_text(
        "sources:\n  - file: source/openapi.yaml\n    format: openapi\n"
        f"    url: https://synthetic.example/{operations}/openapi.yaml\n    sha256: {digest}\n",
        encoding="utf-8",
    )
    (root / "codegen" / "providers.yaml").write_text(
        f"providers:\n  {name}:\n    title: Synthetic\n    distribution: {name}-client\n"
        f"    package: {name}_client\n    version: 0.1.0\n",
        encoding="utf-8",
    )
    return root
