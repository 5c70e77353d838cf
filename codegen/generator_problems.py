"""openapi-python-client's problems, told as a maintainer can act on them.

The generator reports an operation it cannot parse as a warning (``WARNING
parsing GET /path within tag. Endpoint will not be generated.``) whose detail
may hold reprs of its internal objects (``<...UntrustedString object at
0x7f...>``, kilobytes of them). Here each becomes one SpecError at the
operation's place in the vendor's file (codegen/positions.py), with the reprs
cut out and, where there is one, the fix: a parameter name collision is
resolved with ``x-python-name`` in the overlay (codegen/params.py).
"""

from __future__ import annotations

import re
from typing import Any

from .errors import SpecError
from .positions import SourceMap

__all__ = ["clean", "generator_problems"]

_PARSING = re.compile(r"parsing (GET|PUT|POST|DELETE|OPTIONS|HEAD|PATCH|TRACE) (\S+) within", re.IGNORECASE)
_REPR = re.compile(r"<[\w.]+ object at 0x[0-9a-f]+>|\w+\(_value='([^']*)'\)")
_MAX_DETAIL = 300


def clean(text: str) -> str:
    """``text`` without the generator's object reprs, and at most a few hundred characters."""
    text = _REPR.sub(lambda m: repr(m.group(1)) if m.group(1) is not None else "...", text)
    return text if len(text) <= _MAX_DETAIL else text[:_MAX_DETAIL] + " ..."


def generator_problems(problems: list[Any], where: SourceMap, overlay: str) -> list[SpecError]:
    found = []
    for problem in problems:
        header, detail = clean(str(problem.header or "")), clean(str(problem.detail or ""))
        message = f"openapi-python-client could not generate: {header}: {detail}"
        if "same Python identifier" in detail:
            message += f"; name one of the parameters with x-python-name in {overlay}"
        parsing = _PARSING.search(header)
        parts = ["paths", parsing.group(2), parsing.group(1).lower()] if parsing else []
        found.append(where.error(parts, message))
    return found
