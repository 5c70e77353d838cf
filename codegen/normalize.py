"""specs/<provider>/ -> one normalized, validated OpenAPI document.

Steps: load each source (verbatim vendor files), merge, keep the operations in
scope, apply the overlay, drop what nothing references, then check what the
generator needs (resolvable refs, a snake_case operationId on every operation,
an x-pagination that fits its operation) and what OpenAPI requires (openapi-spec-validator). Output is deterministic:
document order is source order, and the YAML dump is stable.
"""

from __future__ import annotations

import re
from typing import Any

import yaml
from openapi_spec_validator import validate as validate_openapi

from .errors import SpecError
from .merge import Origins, merge_documents, operations, prune_unreferenced, restrict_to_scope
from .overlay import apply_overlay
from .pagination import EXTENSION, PaginationError, read_pagination
from .providers import Provider, _read, _rel
from .sources import load_source
from .yamlfile import pointer

__all__ = ["dump_spec", "normalize"]

_OPERATION_ID = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$")


def _where(origins: Origins, path: str, method: str, provider: Provider, tail: list[Any]) -> SpecError:
    """An error at the source line of an operation, or at its pointer in the normalized spec."""
    if (path, method) in origins:
        doc, parts = origins[(path, method)]
        return doc.error([*parts, *tail], "")
    return SpecError(_rel(provider.normalized_path), pointer(["paths", path, method, *tail]), "")


def _fail(
    origins: Origins, path: str, method: str, provider: Provider, tail: list[Any], message: str
) -> SpecError:
    located = _where(origins, path, method, provider, tail)
    return SpecError(located.file, located.where, message)


def _check_refs(
    doc: dict[str, Any], node: Any, parts: list[Any], provider: Provider, origins: Origins
) -> None:
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str):
            target: Any = doc
            for part in ref.removeprefix("#/").split("/") if ref.startswith("#/") else [None]:
                key = part.replace("~1", "/").replace("~0", "~") if part is not None else None
                target = target.get(key) if isinstance(target, dict) and key is not None else None
            if target is None:
                if len(parts) >= 3 and parts[0] == "paths":
                    raise _fail(
                        origins, parts[1], parts[2], provider, parts[3:], f"$ref {ref!r} does not resolve"
                    )
                raise SpecError(
                    _rel(provider.normalized_path), pointer(parts), f"$ref {ref!r} does not resolve"
                )
        for key, value in node.items():
            _check_refs(doc, value, [*parts, key], provider, origins)
    elif isinstance(node, list):
        for i, value in enumerate(node):
            _check_refs(doc, value, [*parts, i], provider, origins)


def _check_operation_ids(doc: dict[str, Any], provider: Provider, origins: Origins) -> None:
    seen: dict[str, str] = {}
    for path, method, op in operations(doc):
        op_id = op.get("operationId")
        label = f"{method.upper()} {path}"
        if not isinstance(op_id, str) or not _OPERATION_ID.match(op_id):
            raise _fail(
                origins,
                path,
                method,
                provider,
                ["operationId"],
                f"operation {label} has no usable name: operationId {op_id!r} is not snake_case; "
                f"set one in {_rel(provider.overlay_path)}",
            )
        if op_id in seen:
            raise _fail(
                origins,
                path,
                method,
                provider,
                ["operationId"],
                f"operationId {op_id!r} is also used by {seen[op_id]}",
            )
        seen[op_id] = label


def _check_pagination(doc: dict[str, Any], provider: Provider, origins: Origins) -> None:
    """Every x-pagination fits its operation (its parameters, its 200 body): see codegen/pagination.py."""
    for path, method, op in operations(doc):
        try:
            read_pagination(doc, op, doc["paths"][path])
        except PaginationError as err:
            tail = [EXTENSION, err.key] if err.key else [EXTENSION]
            message = f"{method.upper()} {path}: {EXTENSION}: {err}"
            source = origins.get((path, method))
            declared_in_source = source is not None and EXTENSION in _at(source[0].data, source[1])
            if declared_in_source or not provider.overlay_path.exists():
                raise _fail(origins, path, method, provider, tail, message) from None
            raise SpecError(
                _rel(provider.normalized_path),
                pointer(["paths", path, method, *tail]),
                f"{message} (declared in {_rel(provider.overlay_path)})",
            ) from None


def _at(data: Any, parts: list[Any]) -> Any:
    for part in parts:
        data = data.get(part) if isinstance(data, dict) else None
    return data if isinstance(data, dict) else {}


def normalize(provider: Provider) -> dict[str, Any]:
    """The normalized spec for ``provider``; raises SpecError naming file and place."""
    docs = [load_source(s) for s in provider.sources if s.format != "reference"]
    if not docs:
        raise SpecError(_rel(provider.sources_path), "", "no source of format openapi or openapi-in-markdown")
    doc, origins = merge_documents(docs)
    restrict_to_scope(doc, provider.scope, _rel(provider.sources_path))
    _check_refs(doc, doc, [], provider, origins)
    if provider.overlay_path.exists():
        doc = apply_overlay(doc, _read(provider.overlay_path))
    prune_unreferenced(doc)
    _check_refs(doc, doc, [], provider, origins)
    _check_operation_ids(doc, provider, origins)
    _check_pagination(doc, provider, origins)
    try:
        validate_openapi(doc)
    except Exception as err:  # the validator raises several unrelated types
        location = pointer(list(getattr(err, "absolute_path", []) or []))
        message = getattr(err, "message", None) or str(err).splitlines()[0]
        raise SpecError(_rel(provider.normalized_path), location, f"not valid OpenAPI: {message}") from None
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
