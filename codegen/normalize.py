"""specs/<provider>/ -> one normalized, validated OpenAPI document.

Steps: load each source (verbatim vendor files), merge, keep the operations in
scope, apply the overlay, drop what nothing references, make each operationId
snake_case (codegen/names.py), then check what the generator needs (resolvable
refs, a unique snake_case operationId on every operation, an x-pagination that
fits its operation) and what OpenAPI requires (openapi-spec-validator). Each check
reports every problem it finds, at the vendor's file and line (codegen/positions.py).
Output is deterministic:
document order is source order, and the YAML dump is stable.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from .errors import SpecError, raise_problems
from .merge import merge_documents, operations, prune_unreferenced, restrict_to_scope
from .names import snake_case
from .overlay import apply_overlay
from .pagination import EXTENSION, PaginationError, read_pagination
from .positions import SourceMap
from .providers import Provider, _read, _rel
from .refs import lookup
from .sources import load_source

__all__ = ["dump_spec", "normalize"]

_OPERATION_ID = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$")


def _check_refs(
    doc: dict[str, Any], node: Any, parts: list[Any], where: SourceMap, found: list[SpecError]
) -> None:
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and (not ref.startswith("#/") or lookup(doc, ref) is None):
            found.append(where.error([*parts, "$ref"], f"$ref {ref!r} does not resolve"))
        for key, value in node.items():
            _check_refs(doc, value, [*parts, key], where, found)
    elif isinstance(node, list):
        for i, value in enumerate(node):
            _check_refs(doc, value, [*parts, i], where, found)


def _name_operations(doc: dict[str, Any], provider: Provider, where: SourceMap) -> list[SpecError]:
    """Each operationId made snake_case by names.snake_case, and one made of the method and the
    path where the vendor gave none (``GET /v2/agent/{agent_id}`` -> ``get_v2_agent_agent_id``);
    an overlay's own name is applied before, so it wins. What is still unusable, or used twice,
    is a problem."""
    found: list[SpecError] = []
    seen: dict[str, str] = {}
    for path, method, op in operations(doc):
        op_id = op.get("operationId")
        label = f"{method.upper()} {path}"
        if op_id is None:  # the vendor named none: the method and the path, as words
            op_id = op["operationId"] = snake_case(f"{method} {path}")
        if isinstance(op_id, str) and not _OPERATION_ID.match(op_id):
            candidate = snake_case(op_id)
            if _OPERATION_ID.match(candidate):
                op["operationId"] = op_id = candidate
        if not isinstance(op_id, str) or not _OPERATION_ID.match(op_id):
            found.append(
                where.error(
                    ["paths", path, method, "operationId"],
                    f"operation {label} has no usable name: operationId {op_id!r} does not make a "
                    f"snake_case name (a letter first); set one in {_rel(provider.overlay_path)}",
                )
            )
            continue
        if op_id in seen:
            found.append(
                where.error(
                    ["paths", path, method, "operationId"],
                    f"operationId {op_id!r} (as snake_case) is also used by {seen[op_id]}; "
                    f"set another in {_rel(provider.overlay_path)}",
                )
            )
        seen[op_id] = label
    return found


def _validate(doc: dict[str, Any], where: SourceMap) -> list[SpecError]:
    """Every problem openapi-spec-validator finds, not only the first."""
    from jsonschema_path import SchemaPath
    from openapi_spec_validator.shortcuts import get_validator_cls

    try:
        validator = get_validator_cls(doc)(SchemaPath.from_dict(doc))
        errors = list(validator.iter_errors())
    except Exception as failure:  # the validator raises several unrelated types
        message = getattr(failure, "message", None) or str(failure).splitlines()[0]
        return [where.error([], f"not valid OpenAPI: {message}")]
    found, pathless_defaults = [], False
    for err in errors:
        parts = list(getattr(err, "absolute_path", []) or [])
        message = getattr(err, "message", None) or str(err).splitlines()[0]
        if not parts and (_NOT_OF_TYPE.match(message) or message.endswith("for not nullable")):
            pathless_defaults = True  # a default that does not fit: located below, by us
            continue
        unresolved = _UNRESOLVED.search(message) if not parts else None
        if unresolved:
            parts = ["paths", unresolved.group(2), unresolved.group(1), "parameters"]
        found.append(where.error(parts, f"not valid OpenAPI: {message}"))
    if pathless_defaults:
        nullable_keyword = str(doc.get("openapi", "")).startswith("3.0")
        found += [
            where.error(parts, f"not valid OpenAPI: {message}")
            for parts, message in _bad_defaults(doc, [], nullable_keyword)
        ]
    return found


_NOT_OF_TYPE = re.compile(r"^(.*) is not of type '(\w+)'$")
_UNRESOLVED = re.compile(r"for '(\w+)' operation in '([^']+)'")
_JSON_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,), "integer": (int,), "number": (int, float), "boolean": (bool,),
    "array": (list,), "object": (dict,), "null": (type(None),),
}  # fmt: skip


def _fits(value: Any, schema: dict[str, Any], nullable_keyword: bool) -> bool:
    types = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
    if value is None and nullable_keyword and schema.get("nullable") is True:
        return True
    for name in types:
        kinds = _JSON_TYPES.get(str(name), (object,))
        if isinstance(value, kinds) and not (isinstance(value, bool) and bool not in kinds):
            return True
    return False


def _bad_defaults(node: Any, parts: list[Any], nullable_keyword: bool) -> list[tuple[list[Any], str]]:
    """(key path, message) of every schema ``default`` that its ``type`` does not allow, in
    document order: openapi-spec-validator finds these but says neither where nor which.
    ``nullable`` counts in OpenAPI 3.0 only (3.1 spells it ``type: [..., 'null']``)."""
    found: list[tuple[list[Any], str]] = []
    if isinstance(node, dict):
        if "default" in node and "type" in node and not _fits(node["default"], node, nullable_keyword):
            message = f"default {node['default']!r} is not of type {node['type']!r}"
            if node.get("nullable") is True:
                message += " (`nullable` is not OpenAPI 3.1: write type: [<type>, 'null'])"
            found.append(([*parts, "default"], message))
        for key, value in node.items():
            if key not in ("default", "example", "examples", "enum", "const"):
                found += _bad_defaults(value, [*parts, key], nullable_keyword)
    elif isinstance(node, list):
        for i, value in enumerate(node):
            found += _bad_defaults(value, [*parts, i], nullable_keyword)
    return found


def _check_pagination(doc: dict[str, Any], provider: Provider, where: SourceMap) -> list[SpecError]:
    """Every x-pagination fits its operation (its parameters, its 200 body): see codegen/pagination.py."""
    found: list[SpecError] = []
    for path, method, op in operations(doc):
        try:
            read_pagination(doc, op, doc["paths"][path])
        except PaginationError as err:
            tail = [EXTENSION, err.key] if err.key else [EXTENSION]
            message = f"{method.upper()} {path}: {EXTENSION}: {err}"
            if provider.overlay_path.exists() and EXTENSION in provider.overlay_path.read_text(
                encoding="utf-8"
            ):
                # The vendor's file has the operation, not the declaration: say where else to look.
                message += f" (if declared in {_rel(provider.overlay_path)})"
            found.append(where.error(["paths", path, method, *tail], message))
    return found


def normalize(provider: Provider) -> dict[str, Any]:
    """The normalized spec for ``provider``; raises SpecError (SpecProblems: several) naming file
    and place, in the vendor's source file where the problem comes from."""
    docs = [load_source(s) for s in provider.sources if s.format != "reference"]
    if not docs:
        raise SpecError(_rel(provider.sources_path), "", "no source of format openapi or openapi-in-markdown")
    doc, origins = merge_documents(docs)
    where = SourceMap(docs, _rel(provider.normalized_path), origins)
    restrict_to_scope(doc, provider.scope, _rel(provider.sources_path))
    problems: list[SpecError] = []
    _check_refs(doc, doc, [], where, problems)
    raise_problems(problems)
    if provider.overlay_path.exists():
        doc = apply_overlay(doc, _read(provider.overlay_path))
    prune_unreferenced(doc)
    _check_refs(doc, doc, [], where, problems)
    raise_problems(problems)  # the validator cannot follow a broken $ref
    problems += _name_operations(doc, provider, where)
    problems += _check_pagination(doc, provider, where)
    raise_problems(problems + _validate(doc, where))
    return doc


def dump_spec(doc: dict[str, Any], provider: Provider) -> str:
    inputs = [_rel(provider.sources_path)] + (
        [_rel(provider.overlay_path)] if provider.overlay_path.exists() else []
    )
    header = (
        f"# Generated by codegen from {' and '.join(map(str, inputs))}; do not edit: run `make generate`.\n"
    )
    body = yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=100, default_flow_style=False)
    return header + body
