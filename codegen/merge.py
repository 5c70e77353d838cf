"""Merging per-endpoint fragments into one OpenAPI document, and trimming it to scope.

A vendor that publishes one fragment per docs page repeats the shared parts
(info, servers, security, components) in each. Identical repeats merge quietly;
two different definitions under one name are an error at the second one, since
silently picking either would hide a vendor inconsistency.
"""

from __future__ import annotations

import copy
from typing import Any

from .errors import SpecError
from .yamlfile import LocatedDocument

__all__ = [
    "HTTP_METHODS",
    "Origins",
    "merge_documents",
    "operations",
    "prune_unreferenced",
    "restrict_to_scope",
]

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")

# (path, method) -> the source document and key path it was read from, for error messages.
Origins = dict[tuple[str, str], tuple[LocatedDocument, list[Any]]]


def operations(doc: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    """Every (path, method, operation) in document order."""
    found = []
    for path, item in (doc.get("paths") or {}).items():
        if isinstance(item, dict):
            for method in HTTP_METHODS:
                if isinstance(item.get(method), dict):
                    found.append((path, method, item[method]))
    return found


def merge_documents(docs: list[LocatedDocument]) -> tuple[dict[str, Any], Origins]:
    """One document from many; the first supplies info, servers and security."""
    merged: dict[str, Any] = {}
    origins: Origins = {}
    for doc in docs:
        data = copy.deepcopy(doc.data)
        for key, value in data.items():
            if key == "paths":
                paths = merged.setdefault("paths", {})
                for path, item in (value or {}).items():
                    target = paths.setdefault(path, {})
                    for name, sub in item.items():
                        if name in target and target[name] != sub:
                            raise doc.error(
                                ["paths", path, name],
                                f"{name} {path} is defined differently in an earlier source",
                            )
                        target[name] = sub
                        if name in HTTP_METHODS:
                            origins[(path, name)] = (doc, ["paths", path, name])
            elif key == "components":
                comps = merged.setdefault("components", {})
                for section, entries in (value or {}).items():
                    target = comps.setdefault(section, {})
                    for name, definition in (entries or {}).items():
                        if name in target and target[name] != definition:
                            raise doc.error(
                                ["components", section, name],
                                f"components/{section}/{name} differs from its definition in an earlier source",
                            )
                        target[name] = definition
            elif key == "tags":
                tags = merged.setdefault("tags", [])
                known = {t.get("name") for t in tags}
                tags.extend(t for t in value or [] if t.get("name") not in known)
            else:
                merged.setdefault(key, value)
    return merged, origins


def restrict_to_scope(doc: dict[str, Any], scope: tuple[str, ...], scope_file: Any) -> None:
    """Keep only the operations named in scope ('METHOD /path'); all of them must exist."""
    if not scope:
        return
    wanted = set()
    for entry in scope:
        method, _, path = entry.partition(" ")
        wanted.add((path.strip(), method.lower()))
    present = {(p, m) for p, m, _ in operations(doc)}
    missing = sorted(wanted - present)
    if missing:
        names = ", ".join(f"{m.upper()} {p}" for p, m in missing)
        raise SpecError(scope_file, "", f"scope names operations the sources do not define: {names}")
    for path in list(doc.get("paths", {})):
        item = doc["paths"][path]
        for method in HTTP_METHODS:
            if method in item and (path, method) not in wanted:
                del item[method]
        if not any(m in item for m in HTTP_METHODS):
            del doc["paths"][path]


def _refs(node: Any, found: set[str]) -> None:
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str):
            found.add(ref)
        for value in node.values():
            _refs(value, found)
    elif isinstance(node, list):
        for value in node:
            _refs(value, found)


def prune_unreferenced(doc: dict[str, Any]) -> None:
    """Drop components and tags that no kept operation reaches (security schemes stay)."""
    components = doc.get("components") or {}
    reached: set[str] = set()
    frontier: set[str] = set()
    _refs(doc.get("paths"), frontier)
    while frontier:
        ref = frontier.pop()
        if ref in reached:
            continue
        reached.add(ref)
        parts = ref.removeprefix("#/").split("/")
        if len(parts) == 3 and parts[0] == "components":
            target = components.get(parts[1], {}).get(parts[2])
            found: set[str] = set()
            _refs(target, found)
            frontier |= found - reached
    for section in list(components):
        if section == "securitySchemes":
            continue
        for name in list(components[section]):
            if f"#/components/{section}/{name}" not in reached:
                del components[section][name]
        if not components[section]:
            del components[section]
    if "components" in doc and not doc["components"]:
        del doc["components"]
    used_tags = {t for _, _, op in operations(doc) for t in op.get("tags", [])}
    if "tags" in doc:
        doc["tags"] = [t for t in doc["tags"] if t.get("name") in used_tags]
        if not doc["tags"]:
            del doc["tags"]
