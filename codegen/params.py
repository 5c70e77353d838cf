"""``x-python-name`` on a parameter: the Python name of a parameter whose own would collide.

openapi-python-client names a parameter after its wire name, snake_case; two
wire names can make one Python name (Twilio's ``StartTime<`` and ``StartTime>``
both make ``start_time``), and then it drops the whole operation. An overlay
says which is which:

    - target: $.paths['/v1/Calls'].get.parameters[?@.name == 'StartTime<']
      description: StartTime< and StartTime> are both start_time in Python
      update: {x-python-name: start_time_before}

The generator has no such extension, so ``python_names`` wraps its conflict
check for the duration of one parse: the names given here are set first, and
its own rules (location suffixes, then the raw names) run on what is left.
The wire name (``StartTime<``) is what is sent either way.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

from .errors import SpecError
from .names import snake_case
from .refs import pointer, resolve

__all__ = ["given_names", "python_names"]


def given_names(spec: dict[str, Any], file: str) -> dict[tuple[str, str, str], str]:
    """(operationId, location, wire name) -> the x-python-name the spec gives it."""
    found: dict[tuple[str, str, str], str] = {}
    for path, item in (spec.get("paths") or {}).items():
        if not isinstance(item, dict):
            continue
        for method, op in item.items():
            if not isinstance(op, dict) or "operationId" not in op:
                continue
            for i, param in enumerate([*item.get("parameters", []), *op.get("parameters", [])]):
                param = resolve(spec, param) or {}
                name = param.get("x-python-name") if isinstance(param, dict) else None
                if name is None:
                    continue
                if not isinstance(name, str) or not name.isidentifier() or snake_case(name) != name:
                    raise SpecError(
                        file,
                        pointer(["paths", path, method, "parameters", i, "x-python-name"]),
                        f"x-python-name must be a snake_case Python name, got {name!r}",
                    )
                found[(str(op["operationId"]), str(param.get("in")), str(param.get("name")))] = name
    return found


@contextlib.contextmanager
def python_names(names: dict[tuple[str, str, str], str]) -> Iterator[None]:
    """While parsing, parameters named in ``names`` get their x-python-name before the generator
    resolves conflicts."""
    if not names:
        yield
        return
    from openapi_python_client.parser.openapi import Endpoint
    from openapi_python_client.schema import UntrustedString
    from openapi_python_client.strings import PythonIdentifier

    original = Endpoint._check_parameters_for_conflicts
    by_operation: dict[str, dict[tuple[str, str], str]] = {}
    for (op_id, location, wire), python in names.items():
        # Keyed as the generator names the endpoint (``list`` is ``list_``), so it finds its own.
        key = str(PythonIdentifier(op_id, prefix="field_"))
        by_operation.setdefault(key, {})[(location, wire)] = python

    def check(self: Any, *, config: Any, previously_modified_params: Any = None) -> Any:
        wanted = by_operation.get(str(self.name), {})
        for location, prop in self.iter_all_parameters():
            python = wanted.get((str(location), prop.name.get_untrusted_value()))
            if python is not None:
                prop.set_python_name(new_name=UntrustedString(python), config=config)
        return original(self, config=config, previously_modified_params=previously_modified_params)

    Endpoint._check_parameters_for_conflicts = check  # type: ignore[method-assign]
    try:
        yield
    finally:
        Endpoint._check_parameters_for_conflicts = original  # type: ignore[method-assign]
