"""Paths no vendor serves: control characters, encoded slashes, dot segments. Judged before the spec.

openapi-core routes with regular expressions, and ``$`` matches before a final
newline: ``.../numbers/01HQ...CCC%0A`` was served as the number without the
``%0A`` (and removed it). A path segment that decodes to something with a
control character, a ``/`` (sent as ``%2F``) or that is ``.`` / ``..`` (sent
plainly or encoded) names no resource of any vendor, so it is never served:

* at a path parameter of an operation (matched segment by segment on the raw
  path), it is that parameter's invalid value: ``Problem("invalid_parameter")``,
  which each provider answers as it answers any bad value there (after the
  credentials check, as for every other bad parameter: Vobiz's ``auth_id`` then
  gets its 403, a Bolna id its 404);
* anywhere else, the path is unknown: ``Problem("unknown_path")``, the
  provider's 404.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import unquote

from .spec import Checked, Problem

__all__ = ["bad_segment", "judge_path"]

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def bad_segment(raw: str) -> str | None:
    """Why a raw path segment names nothing (None if it is an ordinary one)."""
    decoded = unquote(raw)
    if _CONTROL.search(decoded):
        return "contains a control character"
    if "/" in decoded:
        return "contains an encoded slash"
    if decoded in (".", ".."):
        return "is a dot segment"
    return None


def judge_path(
    raw_path: str, templates: list[tuple[str, str, dict[str, Any]]], method: str
) -> Checked | None:
    """None for a clean path; else the Checked that refuses it (see the module docstring).

    ``templates``: (path template, method, operation) for every operation of the spec.
    """
    segments = raw_path.split("/")[1:]
    problems = [(i, why) for i, segment in enumerate(segments) if (why := bad_segment(segment))]
    if not problems:
        return None
    for template, op_method, operation in templates:
        parts = template.split("/")[1:]
        if op_method != method.lower() or len(parts) != len(segments):
            continue
        params: dict[str, str] = {}
        matches = True
        for part, segment in zip(parts, segments, strict=True):
            if part.startswith("{") and part.endswith("}"):
                params[part[1:-1]] = unquote(segment)
            elif part != unquote(segment):
                matches = False
                break
        if not matches:
            continue
        index, why = problems[0]
        name = parts[index][1:-1] if parts[index].startswith("{") else ""
        if not name:
            break
        checked = Checked(str(operation.get("operationId")), path_params=params)
        checked.problems = [Problem("invalid_parameter", name, "path", why)]
        return checked
    return Checked(None, problems=[Problem("unknown_path", reason=f"a path segment {problems[0][1]}")])
