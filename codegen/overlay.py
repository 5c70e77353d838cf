"""OpenAPI Overlay 1.0 (https://spec.openapis.org/overlay/v1.0.0), applied strictly.

Targets are RFC 9535 JSONPath (python-jsonpath). Semantics, per the spec:
``update`` on an object merges recursively (objects merge, arrays are appended
to, other values replace); ``update`` on an array appends the value;
``remove: true`` deletes every selected node.

House rules on top of the spec: every action says why (``description``),
and an action whose target matches nothing is an error, not a no-op, because a
fix that silently stops applying after a vendor edit is exactly the drift we
exist to catch.
"""

from __future__ import annotations

import copy
from typing import Any

import jsonpath

from .yamlfile import LocatedDocument

__all__ = ["apply_overlay"]


def _merge(target: Any, update: Any) -> Any:
    if isinstance(target, dict) and isinstance(update, dict):
        for key, value in update.items():
            target[key] = _merge(target[key], value) if key in target else copy.deepcopy(value)
        return target
    if isinstance(target, list) and isinstance(update, list):
        target.extend(copy.deepcopy(update))
        return target
    return copy.deepcopy(update)


def _check_header(overlay: LocatedDocument) -> list[Any]:
    data = overlay.data
    if not isinstance(data, dict) or not str(data.get("overlay", "")).startswith("1.0"):
        raise overlay.error(["overlay"], "not an Overlay 1.0 document: 'overlay: 1.0.0' is required")
    info = data.get("info")
    if not isinstance(info, dict) or not info.get("title") or not info.get("version"):
        raise overlay.error(["info"], "info.title and info.version are required")
    actions = data.get("actions")
    if not isinstance(actions, list) or not actions:
        raise overlay.error(["actions"], "actions must be a non-empty list")
    return actions


def apply_overlay(doc: dict[str, Any], overlay: LocatedDocument) -> dict[str, Any]:
    """``doc`` with every action of ``overlay`` applied in order."""
    for i, action in enumerate(_check_header(overlay)):
        where = ["actions", i]
        if not isinstance(action, dict):
            raise overlay.error(where, f"action #{i + 1} is not a mapping")
        target = action.get("target")
        if not isinstance(target, str) or not target.startswith("$"):
            raise overlay.error(
                [*where, "target"], f"action #{i + 1}: target must be a JSONPath starting with '$'"
            )
        if not str(action.get("description", "")).strip():
            raise overlay.error(where, f"action #{i + 1} ({target}): say why in 'description'")
        has_update, remove = "update" in action, action.get("remove") is True
        if has_update == remove:
            raise overlay.error(
                where, f"action #{i + 1} ({target}): exactly one of 'update' or 'remove: true'"
            )
        try:
            matches = list(jsonpath.finditer(target, doc))
        except jsonpath.JSONPathError as err:
            raise overlay.error([*where, "target"], f"action #{i + 1}: invalid JSONPath: {err}") from None
        if not matches:
            raise overlay.error(
                [*where, "target"], f"action #{i + 1}: target {target} matches nothing in the spec"
            )
        if remove:
            # Deepest and last first, so earlier removals do not shift later list indices.
            for match in sorted(matches, key=lambda m: [str(p).zfill(8) for p in m.parts], reverse=True):
                if not match.parts:
                    raise overlay.error(
                        [*where, "target"], f"action #{i + 1}: cannot remove the whole document"
                    )
                parent: Any = doc
                for part in match.parts[:-1]:
                    parent = parent[part]
                del parent[match.parts[-1]]
            continue
        for match in matches:
            if isinstance(match.obj, dict) and isinstance(action["update"], dict):
                _merge(match.obj, action["update"])
            elif isinstance(match.obj, list):
                match.obj.append(copy.deepcopy(action["update"]))
            else:
                raise overlay.error(
                    [*where, "update"],
                    f"action #{i + 1}: {target} selects a {type(match.obj).__name__}; update needs an object or array",
                )
    return doc
