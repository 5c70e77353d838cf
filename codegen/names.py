"""The naming rules: vendor names of any shape -> Python names, deterministically.

Vendors name things as they please (``FetchCredentialList``, ``{TrunkSid}``,
``trunking.v1.trunk.phone_number``, twelve schemas titled ``Items``); the
generated code needs identifiers that are stable across runs and documented,
because they are public names. One implementation of each rule lives here.

- **Words** of a name: every run of characters other than ASCII letters and
  digits separates words, and so does a case change: ``aB`` (a lower-case
  letter or digit, then an upper-case one) and ``ABc`` (an acronym, then a
  capitalised word). ``FetchCredentialList`` -> Fetch, Credential, List;
  ``HTTPServer2Go`` -> HTTP, Server2, Go; ``StartTime<`` -> Start, Time;
  ``trunking.v1.trunk.phone_number`` -> trunking, v1, trunk, phone, number.
- **snake_case** (operationIds, modules, functions): the words, lower-cased,
  joined by ``_``. A name that is already snake_case is unchanged.
- **PascalCase** (component names that are not Python identifiers): each word
  with its first letter upper-cased, joined: ``TrunkingV1TrunkPhoneNumber``. A
  component name that is already an identifier is left to the generator.
- **Model names where titles collide**: openapi-python-client names a model
  after its schema's ``title``. When two schemas share a title (Bolna titles
  twelve of them ``Items``), those titles are dropped from the generator's
  input, so each component is named after its key and each inline schema after
  its parent and property, as if the vendor had written no title.

``generator_view`` applies the last two rules to a copy of the normalized spec,
and that one copy is what both generators read (openapi-python-client for the
client, datamodel-code-generator for the contract models), so the two agree on
every name. The normalized spec itself keeps the vendor's names: the sandbox,
the oracle and specdiff speak the vendor's language.
"""

from __future__ import annotations

import copy
import re
from typing import Any

from .refs import unescape

__all__ = ["generator_view", "pascal_case", "snake_case", "words"]

_SEPARATORS = re.compile(r"[^A-Za-z0-9]+")
_LOWER_UPPER = re.compile(r"([a-z0-9])([A-Z])")
_ACRONYM_WORD = re.compile(r"([A-Z]+)([A-Z][a-z])")
_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_SCHEMA_REF = "#/components/schemas/"


def words(name: str) -> list[str]:
    """The words of ``name`` (see the module docstring), in their original case."""
    spaced = _ACRONYM_WORD.sub(r"\1 \2", _LOWER_UPPER.sub(r"\1 \2", _SEPARATORS.sub(" ", name)))
    return spaced.split()


def snake_case(name: str) -> str:
    """``FetchCredentialList`` -> ``fetch_credential_list``; may start with a digit or be empty."""
    return "_".join(w.lower() for w in words(name))


def pascal_case(name: str) -> str:
    """``trunking.v1.trunk.phone_number`` -> ``TrunkingV1TrunkPhoneNumber``; ``Model`` first if it
    would start with a digit (or be empty)."""
    joined = "".join(w[0].upper() + w[1:] for w in words(name))
    return joined if joined[:1].isalpha() else f"Model{joined}"


def _rewrite_refs(node: Any, renamed: dict[str, str]) -> None:
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith(_SCHEMA_REF):
            old = unescape(ref[len(_SCHEMA_REF) :])
            if old in renamed:
                node["$ref"] = _SCHEMA_REF + renamed[old]
        for value in node.values():
            _rewrite_refs(value, renamed)
    elif isinstance(node, list):
        for value in node:
            _rewrite_refs(value, renamed)


def _titled(node: Any, found: list[dict[str, Any]]) -> None:
    """Every schema-like mapping with a string ``title``, in document order."""
    if isinstance(node, dict):
        if isinstance(node.get("title"), str) and ("type" in node or "properties" in node or "enum" in node):
            found.append(node)
        for key, value in node.items():
            if key not in ("example", "examples", "default", "enum", "const"):
                _titled(value, found)
    elif isinstance(node, list):
        for value in node:
            _titled(value, found)


def _component_names(schemas: dict[str, Any]) -> dict[str, str]:
    """Old key -> new key for every component schema whose key is not a Python identifier."""
    # Compared without case and underscores: the model's module is named after its snake_case,
    # and AbItem and ABItem would both be ab_item.py.
    taken = {key.lower().replace("_", "") for key in schemas if _IDENTIFIER.match(key)}
    renamed: dict[str, str] = {}
    for key in schemas:
        if _IDENTIFIER.match(key):
            continue
        new, n = pascal_case(key), 2
        while new.lower() in taken:  # deterministic: document order decides who gets the plain name
            new, n = f"{pascal_case(key)}{n}", n + 1
        taken.add(new.lower())
        renamed[key] = new
    return renamed


def generator_view(spec: dict[str, Any]) -> dict[str, Any] | None:
    """The spec as both generators should read it, or None when that is ``spec`` itself."""
    schemas = (spec.get("components") or {}).get("schemas") or {}
    renamed = _component_names(schemas)
    titled: list[dict[str, Any]] = []
    _titled(spec, titled)
    by_class: dict[str, int] = {}
    for key, schema in schemas.items():  # an untitled component is named after its key
        if not (isinstance(schema, dict) and isinstance(schema.get("title"), str)):
            by_class[pascal_case(renamed.get(key, key)).lower()] = 1
    for node in titled:
        key = pascal_case(node["title"]).lower()
        by_class[key] = by_class.get(key, 0) + 1
    colliding = {k for k, n in by_class.items() if n > 1}
    if not renamed and not colliding:
        return None
    view = copy.deepcopy(spec)
    if colliding:
        titled = []
        _titled(view, titled)
        for node in titled:
            if pascal_case(node["title"]).lower() in colliding:
                del node["title"]
    if renamed:
        old_schemas = view["components"]["schemas"]
        view["components"]["schemas"] = {renamed.get(k, k): v for k, v in old_schemas.items()}
        _rewrite_refs(view, renamed)
    return view
