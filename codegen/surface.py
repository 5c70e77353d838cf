"""What the client surface needs to know about each operation, beyond openapi-python-client's parse.

openapi-python-client gives us typed properties; the spec gives what it drops: the constraints a
value must meet before it is sent (pattern, format, enum, lengths, bounds), the declared paging
(``x-pagination``), and which path values the credentials already name. This module turns both into
plain data and code snippets for the templates (resources, endpoint modules), so that the templates
stay free of spec walking and the rules are computed in one place.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from . import refs
from .errors import SpecError
from .pagination import STYLE_PARAMS

__all__ = [
    "E164_PATTERN",
    "UUID_PATTERN",
    "body_rules",
    "client_class_name",
    "flat_fields",
    "page_attrs",
    "pagination",
    "param_decl",
    "param_type",
    "resource_class_name",
    "resource_imports",
    "rule_code",
    "schema_rule",
]

E164_PATTERN = r"^\+[1-9]\d{1,14}$"
UUID_PATTERN = r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"
_CLASS_NAME = re.compile(r"^[A-Z][A-Za-z0-9]*$")


def client_class_name(provider: Any) -> str:
    """``client_class`` of the provider's entry in codegen/providers.yaml (``Vobiz``; async: ``AsyncVobiz``),
    by default the provider's name capitalized (``tiny`` -> ``Tiny``)."""
    name = provider.entry.get("client_class", provider.name.capitalize())
    if not isinstance(name, str) or not _CLASS_NAME.match(name):
        raise SpecError(
            "codegen/providers.yaml",
            f"providers.{provider.name}.client_class",
            f"client_class must be a CamelCase class name (e.g. Vobiz), got {name!r}",
        )
    return name


def resolve(spec: dict[str, Any], node: Any) -> Any:
    """``node`` with its ``$ref`` chain followed (codegen.refs); the normalized spec's refs all resolve."""
    return refs.resolve(spec, node)


def schema_rule(spec: dict[str, Any], schema: Any, extra: dict[str, Any] | None = None) -> dict[str, Any]:
    """The checks a value of ``schema`` must pass before it is sent (empty: nothing to check)."""
    schema = resolve(spec, schema) or {}
    for key in ("anyOf", "oneOf"):  # OpenAPI 3.1 nullable: [{...}, {type: null}]
        options = [resolve(spec, s) for s in schema.get(key, [])]
        concrete = [s for s in options if s.get("type") != "null"]
        if len(concrete) == 1:
            schema = concrete[0]
    rule: dict[str, Any] = {}
    pattern = schema.get("pattern")
    if (extra or {}).get("x-phone-number") == "e164" or schema.get("x-phone-number") == "e164":
        pattern = E164_PATTERN
    if pattern == E164_PATTERN:
        rule.update(pattern=pattern, kind="an E.164 phone number (+ then 2 to 15 digits)")
    elif schema.get("format") == "uuid":
        rule.update(pattern=UUID_PATTERN, kind="a UUID")
    elif pattern:
        rule.update(pattern=pattern, kind=f"a value matching {pattern}")
    if schema.get("enum") and all(isinstance(v, str) for v in schema["enum"]):
        rule["enum"] = tuple(schema["enum"])
    for key, name in (("minLength", "min_length"), ("maxLength", "max_length")):
        if isinstance(schema.get(key), int):
            rule[name] = schema[key]
    for key, name in (("minimum", "minimum"), ("maximum", "maximum")):
        if isinstance(schema.get(key), int | float) and not isinstance(schema.get(key), bool):
            rule[name] = schema[key]
    return rule


def rule_code(label: str, rule: dict[str, Any]) -> str:
    """``Rule(...)`` as Python source for the generated module."""
    args = [f"label={label!r}"]
    for key in ("pattern", "kind", "enum", "min_length", "max_length", "minimum", "maximum", "required"):
        if key in rule:
            args.append(f"{key}={rule[key]!r}")
    return f"Rule({', '.join(args)})"


def body_rules(spec: dict[str, Any], schema: Any) -> list[tuple[tuple[str, ...], dict[str, Any]]]:
    """(JSON path, rule) for every field of a request body that has something to check.

    Paths use the wire names; ``*`` stands for each item of an array. Required fields get
    ``required=True`` so that a plain-dict body missing one is refused before sending.
    """
    return list(_walk(spec, schema, (), set()))


def _walk(
    spec: dict[str, Any], schema: Any, path: tuple[str, ...], seen: set[int]
) -> Iterator[tuple[tuple[str, ...], dict[str, Any]]]:
    schema = resolve(spec, schema) or {}
    if id(schema) in seen:  # recursive schemas: each level once
        return
    seen = seen | {id(schema)}
    if schema.get("type") == "array" or "items" in schema:
        yield from _walk(spec, schema.get("items", {}), (*path, "*"), seen)
        return
    required = set(schema.get("required") or [])
    for name, sub in (schema.get("properties") or {}).items():
        sub_resolved = resolve(spec, sub) or {}
        if sub_resolved.get("readOnly"):
            continue
        rule = schema_rule(spec, sub_resolved)
        if name in required and not _nullable(spec, sub_resolved):
            rule["required"] = True
        if rule:
            yield (*path, name), rule
        if sub_resolved.get("properties") or sub_resolved.get("items"):
            yield from _walk(spec, sub_resolved, (*path, name), seen)


def _nullable(spec: dict[str, Any], schema: dict[str, Any]) -> bool:
    kinds = schema.get("type")
    if schema.get("nullable") is True or kinds == "null" or (isinstance(kinds, list) and "null" in kinds):
        return True
    options = [resolve(spec, s) or {} for s in schema.get("anyOf", []) + schema.get("oneOf", [])]
    return any(option.get("type") == "null" for option in options)


def pagination(
    raw: dict[str, Any], query_names: dict[str, str], query_kinds: dict[str, str] | None = None
) -> dict[str, Any] | None:
    """The operation's ``x-pagination`` in the terms the templates use: dotted paths split, the
    position and size parameters by Python name.

    The declaration was checked against the operation when the spec was normalized
    (codegen/pagination.read_pagination), so it is read here as valid. ``query_names`` maps wire
    names to Python names, ``query_kinds`` wire names to the Python type a value read back from a
    next-page URL becomes (``int``, ``bool`` or ``str``). Paging is never guessed: an operation
    without the extension returns its body as it is.
    """
    declared = raw.get("x-pagination")
    if declared is None:
        return None
    out: dict[str, Any] = {"style": declared["style"], "items": declared["items"].split(".")}
    if declared["style"] == "next_url":
        out["next"] = declared["next"].split(".")
        kinds = query_kinds or {}
        out["query"] = {wire: (python, kinds.get(wire, "str")) for wire, python in query_names.items()}
        return out
    for key in STYLE_PARAMS[declared["style"]]:
        out[key.removesuffix("_param")] = query_names[declared[key]]
    if declared.get("total") is not None:
        out["total"] = str(declared["total"]).split(".")
    return out


def param_type(prop: Any) -> str:
    """The type a caller may pass for a parameter or flattened body field.

    Ids declared ``format: uuid`` are ``str`` in the models (a value read back compares equal to the
    one sent) and accept ``uuid.UUID`` too; enums accept their member or its string value.
    """
    kind = type(prop).__name__
    if kind == "UuidProperty":
        base = "str | UUID"
    elif kind == "EnumProperty":
        base = f"{prop.class_info.name} | str"
    elif kind == "ModelProperty":
        base = f"{prop.class_info.name} | Mapping[str, Any]"
    else:
        return str(prop.get_type_string().as_unembedded_code())
    return base if prop.required else f"{base} | Unset"


def param_decl(prop: Any, force_optional: bool = False) -> str:
    """``name: type = default`` for a function signature (``to_string`` with ``param_type``)."""
    type_code = param_type(prop)
    if force_optional and not type_code.endswith("| Unset"):
        type_code += " | Unset"
    if prop.default is not None and not force_optional:
        default = prop.default.python_code.as_unembedded_code()
    elif force_optional or not prop.required:
        default = "UNSET"
    else:
        return f"{prop.python_name}: {type_code}"
    return f"{prop.python_name}: {type_code} = {default}"


def flat_fields(endpoint: Any, taken: set[str]) -> list[Any]:
    """The body fields a resource method takes as keyword arguments (a JSON object body's
    properties), or none when one of them would collide with a parameter's name."""
    if len(endpoint.bodies) != 1 or type(endpoint.bodies[0].prop).__name__ != "ModelProperty":
        return []
    model = endpoint.bodies[0].prop
    fields = list(model.required_properties) + list(model.optional_properties)
    if any(f.python_name in taken for f in fields):
        return []
    return fields


def _field_path(prop: Any, wire_path: list[str]) -> tuple[Any, tuple[str, ...]] | None:
    names = []
    for name in wire_path:
        if type(prop).__name__ != "ModelProperty":
            return None
        fields = list(prop.required_properties) + list(prop.optional_properties)
        prop = next((f for f in fields if f.name == name), None)
        if prop is None:
            return None
        names.append(str(prop.python_name))
    return prop, tuple(names)


def page_attrs(endpoint: Any, paging: dict[str, Any] | None, where: str) -> dict[str, Any] | None:
    """The item type of a paged list and the attribute paths (Python names) of its items and total,
    found from the declared wire paths in the 2xx model."""
    if paging is None:
        return None
    body = next((r.prop for r in endpoint.responses.patterns if 200 <= r.status_code.range[0] <= 299), None)
    found = _field_path(body, paging["items"])
    if found is None or type(found[0]).__name__ != "ListProperty":
        raise SpecError(
            "", where, f"x-pagination items: {'.'.join(paging['items'])} is not a list in the response"
        )
    item_type = str(found[0].inner_property.get_type_string(no_optional=True).as_unembedded_code())

    def attribute_path(key: str) -> tuple[str, ...] | None:
        """The Python attribute path of the optional declared field ``key`` (total, next)."""
        if not paging.get(key):
            return None
        located = _field_path(body, paging[key])
        if located is None:
            raise SpecError("", where, f"x-pagination {key}: {'.'.join(paging[key])} is not in the response")
        return located[1]

    total, next_url = attribute_path("total"), attribute_path("next")
    return {**paging, "item_type": item_type, "items": found[1], "total": total, "next": next_url}


def resource_imports(collections: Any, flat: Any) -> list[str]:
    """The imports resources.py needs beyond the models: what the operation modules import for their
    signatures (``datetime``, ``File``...), and what the flattened body fields' types need.

    ``flat(endpoint)`` gives an endpoint's flattened fields. Models come from ``.models`` (the
    template imports every model and enum from there), so their per-module imports are dropped.
    """
    lines: set[str] = set()
    for collection in collections.values():
        for endpoint in collection.endpoints:
            found = set(endpoint.relative_imports)
            for prop in flat(endpoint):
                found |= set(prop.get_imports(prefix="..."))
            for line in found:
                if line.startswith("from ...models"):
                    continue
                lines.add(line.replace("from ...", "from .", 1))
    return sorted(lines)


def resource_class_name(tag: Any) -> str:
    """``phone_numbers`` -> ``PhoneNumbersResource`` (Async..., ...WithRawResponse): the suffix keeps
    resource classes apart from the models, which are named after the spec's schemas."""
    return str(tag).replace("_", " ").title().replace(" ", "") + "Resource"
