"""One ASGI app for every provider: each mounted at /<provider>, the controls at /_sandbox.

One app on one port (rather than one per provider) so a test starts one server
and a user runs one command; the mount prefix is the only thing the client's
``base_url`` gains (``http://127.0.0.1:8765/vobiz``), because every vendor path
is absolute below its host. A client that must send the vendor's own host and
paths uses the sandbox as its HTTP proxy instead (sandbox/vhosts.py). The
providers share one fault board and one clock (unless a fixture sets its own
``clock``) and nothing else.
"""

from __future__ import annotations

import copy
import importlib
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Receive, Scope, Send

from .admin import admin_routes
from .faults import FaultBoard
from .guard import Guard
from .provider import VendorEmulator
from .spec import SPECS
from .state import Clock, load_fixture
from .vhosts import VendorHosts, host_pattern
from .wire import json_response

__all__ = ["PROVIDERS", "Sandbox", "create_app"]

# provider -> the class that emulates it (modules of this package: it is `sandbox` in the repository,
# `carrier_sandbox` once installed from the wheel)
PROVIDERS = {
    "vobiz": "vobiz:Vobiz",
    "tryvox": "tryvox:TryVox",
    "mihu": "mihu:Mihu",
    "bolna": "bolna:Bolna",
    "twilio": "twilio:Twilio",
}


def _provider_class(provider: str) -> type[VendorEmulator[Any]]:
    module, _, name = PROVIDERS[provider].partition(":")
    cls: type[VendorEmulator[Any]] = getattr(importlib.import_module(f"{__package__}.{module}"), name)
    return cls


class Sandbox:
    """The providers being served, their shared fault board and clock, and where their fixtures come from."""

    def __init__(self, fixtures_dir: Path | None = None, providers: list[str] | None = None) -> None:
        self.fixtures_dir = fixtures_dir
        self.faults = FaultBoard()
        self.clock = Clock()
        self.providers: dict[str, VendorEmulator[Any]] = {}
        # provider -> the fixture it was started with (a reset with a body replaces the seed, not this)
        self.fixtures: dict[str, dict[str, Any]] = {}
        self.skipped: dict[str, str] = {}
        for name in providers or list(PROVIDERS):
            if not (SPECS / name / "openapi.yaml").is_file():
                self.skipped[name] = f"no normalized spec at specs/{name}/openapi.yaml"
                continue
            fixture = load_fixture(name, fixtures_dir)
            self.providers[name] = _provider_class(name)(fixture, self.faults, self.clock)
            self.fixtures[name] = copy.deepcopy(fixture)

    def reset(self, provider: str | None = None, seed: dict[str, Any] | None = None) -> list[str]:
        """Reseed one provider (optionally with a new fixture) or all; disarm their faults."""
        names = [provider] if provider else list(self.providers)
        for name in names:
            self.providers[name].store.reset(seed)
            self.faults.clear(name)
        if provider is None:
            self.faults.clear()
        return names

    def describe(self, base_url: str) -> dict[str, Any]:
        return {
            "providers": {
                name: {
                    "base_url": f"{base_url}/{name}",
                    **provider.client_settings(),
                    "unimplemented_operations": provider.unimplemented(),
                }
                for name, provider in self.providers.items()
            },
            "skipped": self.skipped,
            "admin": f"{base_url}/_sandbox",
        }


class Mounts:
    """ASGI middleware: a request under ``/<provider>`` goes to that provider, whatever the rest of its path.

    Not Starlette's Mount: its ``^/vobiz/(?P<path>.*)$`` does not match a path with a decoded
    newline in it, which then fell through to the sandbox's own 404 instead of the vendor's.
    Here the first raw segment alone decides, and the provider judges the rest (sandbox/hygiene.py).
    """

    def __init__(self, app: ASGIApp, providers: dict[str, VendorEmulator[Any]]) -> None:
        self.app = app
        self.providers = providers

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            raw = scope.get("raw_path") or str(scope["path"]).encode("latin-1")
            first = raw.split(b"?", 1)[0].split(b"/")[1].decode("latin-1") if raw.startswith(b"/") else ""
            provider = self.providers.get(first)
            if provider is not None:
                root = f"{scope.get('root_path', '')}/{first}"
                await provider({**scope, "root_path": root}, receive, send)
                return
        await self.app(scope, receive, send)


async def _not_found(request: Request, exc: Exception) -> Response:
    status = exc.status_code if isinstance(exc, HTTPException) else 500
    # only paths under no provider get here: the sandbox's own shape (a provider answers in its vendor's)
    message = {404: f"no sandbox endpoint at {request.url.path}; providers are mounted at /<provider>"}
    body = {"sandbox_error": message.get(status, "method not allowed" if status == 405 else "error")}
    return json_response(status, body)


def create_app(fixtures_dir: Path | None = None, providers: list[str] | None = None) -> Starlette:
    """The sandbox app; ``fixtures_dir`` holds <provider>.yaml files (default: sandbox/fixtures/)."""
    sandbox = Sandbox(fixtures_dir, providers)
    routes: list[Any] = admin_routes(sandbox)
    hosts = {
        name: pattern
        for name, provider in sandbox.providers.items()
        if (pattern := host_pattern(provider.spec.servers)) is not None
    }
    app = Starlette(
        routes=routes,
        middleware=[
            Middleware(Guard),
            Middleware(VendorHosts, hosts=hosts),
            Middleware(Mounts, providers=sandbox.providers),
        ],
        exception_handlers={404: _not_found, 405: _not_found},
    )
    app.state.sandbox = sandbox
    return app
