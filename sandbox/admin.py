"""The sandbox's own endpoints, under /_sandbox: what is served where, reset, faults, state.

Tests drive the sandbox through these rather than through Python objects, so
the same controls work for a user's integration tests in another process or
language (``curl -X POST http://127.0.0.1:8765/_sandbox/reset``).

    GET    /_sandbox                    providers, their base URLs and fake credentials
    GET    /_sandbox/health             {"status": "ok"}
    POST   /_sandbox/reset[?provider=p] back to the fixtures (and disarm faults); with a JSON body
                                        and ?provider=p, that body becomes p's fixture
    GET    /_sandbox/faults             armed faults
    POST   /_sandbox/faults             {"fault": "429;retry-after=1;count=2", "provider": "vobiz"}
    DELETE /_sandbox/faults[?provider=p]
    GET    /_sandbox/state/<provider>   the provider's current state, as JSON
    GET    /_sandbox/fixtures/<provider> the fixture the provider was started with (its file), to derive
                                        a variant from for a reset with a body
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any, Protocol

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from .faults import ANY, FaultBoard, parse_fault
from .wire import json_response, read_body

__all__ = ["Controlled", "admin_routes"]


class _Served(Protocol):
    def snapshot(self) -> Any: ...


class Controlled(Protocol):
    """What the controls need of the sandbox they control (sandbox/app.py's Sandbox).

    Spelled out here rather than imported: app.py mounts these routes, so admin.py
    importing app.py (even for type checking only) would make the two a cycle.
    """

    @property
    def providers(self) -> Mapping[str, _Served]: ...

    @property
    def fixtures(self) -> Mapping[str, dict[str, Any]]: ...

    @property
    def faults(self) -> FaultBoard: ...

    def describe(self, base_url: str) -> dict[str, Any]: ...

    def reset(self, provider: str | None = None, seed: dict[str, Any] | None = None) -> list[str]: ...


def _error(status: int, message: str) -> Response:
    return json_response(status, {"sandbox_error": message})


async def _json(request: Request) -> Any:
    body = await read_body(request.scope, request.receive)
    if body.too_large:
        raise ValueError("body larger than 1 MiB")
    if not body.data.strip():
        return None
    return json.loads(body.data)


def admin_routes(sandbox: Controlled) -> list[Route]:
    def base(request: Request) -> str:
        return str(request.base_url).rstrip("/")

    async def index(request: Request) -> Response:
        return json_response(200, sandbox.describe(base(request)))

    async def health(request: Request) -> Response:
        return json_response(200, {"status": "ok"})

    async def reset(request: Request) -> Response:
        provider = request.query_params.get("provider")
        if provider is not None and provider not in sandbox.providers:
            return _error(404, f"no provider {provider!r}; one of: {', '.join(sandbox.providers)}")
        try:
            seed = await _json(request)
        except ValueError as err:
            return _error(400, f"reset body: {err}")
        if seed is not None and (provider is None or not isinstance(seed, dict)):
            return _error(400, "a reset body is one provider's fixture (a JSON object) and needs ?provider=")
        try:
            names = sandbox.reset(provider, seed)
        except ValueError as err:
            return _error(400, f"fixture refused, nothing changed: {err}")
        return json_response(200, {"reset": names})

    async def faults(request: Request) -> Response:
        if request.method == "GET":
            return json_response(200, {"armed": sandbox.faults.armed()})
        provider = request.query_params.get("provider")
        if request.method == "DELETE":
            sandbox.faults.clear(provider)
            return json_response(200, {"armed": sandbox.faults.armed()})
        try:
            data = await _json(request)
            if not isinstance(data, dict) or not isinstance(data.get("fault"), str):
                raise ValueError('expected {"fault": "<kind>;key=value...", "provider": "<name>"}')
            fault = parse_fault(data["fault"])
        except ValueError as err:
            return _error(400, str(err))
        target = data.get("provider") or ANY
        if target != ANY and target not in sandbox.providers:
            return _error(404, f"no provider {target!r}; one of: {', '.join(sandbox.providers)}")
        sandbox.faults.arm(fault, target)
        return json_response(201, {"armed": sandbox.faults.armed()})

    async def state(request: Request) -> Response:
        provider = sandbox.providers.get(request.path_params["provider"])
        if provider is None:
            return _error(404, f"no provider {request.path_params['provider']!r}")
        return json_response(200, provider.snapshot())

    async def fixture(request: Request) -> Response:
        name = request.path_params["provider"]
        if name not in sandbox.fixtures:
            return _error(404, f"no provider {name!r}")
        return json_response(200, sandbox.fixtures[name])

    return [
        Route("/_sandbox", index, methods=["GET"]),
        Route("/_sandbox/health", health, methods=["GET"]),
        Route("/_sandbox/reset", reset, methods=["POST"]),
        Route("/_sandbox/faults", faults, methods=["GET", "POST", "DELETE"]),
        Route("/_sandbox/state/{provider}", state, methods=["GET"]),
        Route("/_sandbox/fixtures/{provider}", fixture, methods=["GET"]),
    ]
