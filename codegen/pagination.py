"""The ``x-pagination`` operation extension: how a list operation pages, declared, never guessed.

A spec (the overlay, or a derived spec) declares it on the operation::

    x-pagination:
      items: data               # dotted path to the item array in the 200 body
      style: page               # page | offset | next_url
      page_param: page          # style page: the page-number query parameter
      size_param: per_page      # style page: the page-size query parameter
      offset_param: offset      # style offset
      limit_param: limit        # style offset
      total: pagination.total   # optional: dotted path to the total item count
      next: meta.next_page_url  # style next_url: dotted path to the next page's URL (null: last page)

Style next_url (Twilio) follows the link the server hands back, absolute or relative to the
operation's server; the link's query parameters must be the operation's own, so the next page is
fetched through the same typed, checked call.

The generated list method pages by it, so a declaration that names a parameter the
operation does not have, or a body path its success schema does not have, would give
callers a paginator that silently stops after one page. ``read_pagination`` refuses it
when the spec is normalized, naming the key and what is wrong.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .refs import resolve

__all__ = ["EXTENSION", "STYLE_PARAMS", "Pagination", "PaginationError", "read_pagination"]

EXTENSION = "x-pagination"
STYLE_PARAMS: dict[str, tuple[str, ...]] = {
    "page": ("page_param", "size_param"),
    "offset": ("offset_param", "limit_param"),
    "next_url": (),
}
_KEYS = {"items", "style", "total", "next", *(key for keys in STYLE_PARAMS.values() for key in keys)}


class PaginationError(ValueError):
    """A declaration that does not fit its operation; ``key`` is the x-pagination key at fault."""

    def __init__(self, key: str, message: str) -> None:
        super().__init__(message)
        self.key = key


@dataclass(frozen=True)
class Pagination:
    """A checked declaration. ``items`` and ``total`` are dotted paths into the 200 body."""

    items: str
    style: str
    page_param: str | None = None
    size_param: str | None = None
    offset_param: str | None = None
    limit_param: str | None = None
    total: str | None = None
    next: str | None = None


def _property(doc: dict[str, Any], schema: Any, name: str) -> Any:
    """The schema of property ``name`` of ``schema`` (through $ref and allOf), or None."""
    schema = resolve(doc, schema)
    if not isinstance(schema, dict):
        return None
    found = (schema.get("properties") or {}).get(name)
    if found is not None:
        return resolve(doc, found)
    for member in schema.get("allOf") or []:
        found = _property(doc, member, name)
        if found is not None:
            return found
    return None


def _types(schema: dict[str, Any]) -> set[str]:
    raw = schema.get("type")
    return set(raw) if isinstance(raw, list) else {raw} if raw else set()


def _success_schema(doc: dict[str, Any], op: dict[str, Any]) -> Any:
    response = resolve(doc, (op.get("responses") or {}).get("200"))
    content = (response or {}).get("content") or {}
    return (content.get("application/json") or {}).get("schema")


def _at_path(doc: dict[str, Any], schema: Any, dotted: str, key: str, want: str) -> None:
    node = schema
    for i, name in enumerate(dotted.split(".")):
        node = _property(doc, node, name)
        if node is None:
            where = ".".join(dotted.split(".")[: i + 1])
            raise PaginationError(key, f"{key} {dotted!r}: the 200 body has no field {where!r}")
    if want not in _types(node):
        article = "an" if want[0] in "aeiou" else "a"
        raise PaginationError(key, f"{key} {dotted!r}: the 200 body's {dotted} is not {article} {want}")


def read_pagination(doc: dict[str, Any], op: dict[str, Any], item: dict[str, Any]) -> Pagination | None:
    """The operation's checked x-pagination (None when it declares none); PaginationError if it does not fit.

    ``item`` is the path item (its parameters apply to the operation too).
    """
    raw = op.get(EXTENSION)
    if raw is None:
        return None
    if not isinstance(raw, dict):
        raise PaginationError("", f"{EXTENSION} must be a mapping, not {type(raw).__name__}")
    unknown = sorted(set(raw) - _KEYS)
    if unknown:
        raise PaginationError(unknown[0], f"unknown key {unknown[0]!r} (known: {', '.join(sorted(_KEYS))})")
    style = raw.get("style")
    if style not in STYLE_PARAMS:
        raise PaginationError(
            "style", f"style must be one of {', '.join(sorted(STYLE_PARAMS))}, not {style!r}"
        )
    for key, value in raw.items():
        if key != "style" and (not isinstance(value, str) or not value):
            raise PaginationError(key, f"{key} must be a non-empty string, not {value!r}")
    if "items" not in raw:
        raise PaginationError("items", "items (the dotted path to the item array) is required")
    query = {
        param.get("name")
        for param in (
            resolve(doc, p) for p in [*(item.get("parameters") or []), *(op.get("parameters") or [])]
        )
        if isinstance(param, dict) and param.get("in") == "query"
    }
    for other, keys in STYLE_PARAMS.items():
        for key in keys:
            if other != style and key in raw:
                raise PaginationError(key, f"{key} belongs to style {other}, not {style}")
            if other == style and key not in raw:
                raise PaginationError(key, f"style {style} needs {key}")
            if other == style and raw[key] not in query:
                known = ", ".join(sorted(str(q) for q in query)) or "none"
                raise PaginationError(key, f"{key} {raw[key]!r} is not a query parameter (they are: {known})")
    schema = _success_schema(doc, op)
    if schema is None:
        raise PaginationError("items", "the operation has no application/json 200 body to page through")
    _at_path(doc, schema, raw["items"], "items", "array")
    if style == "next_url" and "next" not in raw:
        raise PaginationError("next", "style next_url needs next (the dotted path to the next page's URL)")
    if style != "next_url" and "next" in raw:
        raise PaginationError("next", f"next belongs to style next_url, not {style}")
    if "next" in raw:
        _at_path(doc, schema, raw["next"], "next", "string")
    if "total" in raw:
        _at_path(doc, schema, raw["total"], "total", "integer")
    return Pagination(**{key: raw[key] for key in raw})
