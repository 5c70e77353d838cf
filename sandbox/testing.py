"""Run the sandbox inside a test process: a real uvicorn server on a free 127.0.0.1 port, stopped after.

    from sandbox.testing import running_sandbox

    with running_sandbox() as sandbox:
        client = vobiz_client.AuthenticatedClient(
            base_url=sandbox.base_url("vobiz"), **sandbox.credentials("vobiz"))
        ...
        sandbox.reset()                                   # back to the fixtures
        sandbox.arm_fault("503;count=2", provider="vobiz")

The server runs on its own thread and event loop, so sync and async clients in
the test talk to it over a real socket exactly as they would to the vendor.
The socket is bound before the server starts (port 0: the OS picks a free one),
so there is no race for the port, and nothing listens beyond loopback.
"""

from __future__ import annotations

import contextlib
import importlib
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import uvicorn

from .app import create_app
from .vhosts import vendor_host

__all__ = ["LOOPBACK", "RunningSandbox", "bind_loopback", "running_sandbox", "server_config"]

LOOPBACK = "127.0.0.1"
ROOT = Path(__file__).resolve().parent.parent


def bind_loopback(port: int = 0) -> socket.socket:
    """A TCP socket bound to 127.0.0.1:port (0: any free port), not yet listening."""
    # proto IPPROTO_TCP, not 0: asyncio sets TCP_NODELAY on accepted connections only for such a socket,
    # and without it every keep-alive request after the first waits ~40 ms (Nagle vs delayed ACK).
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    try:
        sock.bind((LOOPBACK, port))
    except OSError:
        sock.close()
        raise
    return sock


def server_config(app: Any, *, access_log: bool = False, log_level: str = "warning") -> uvicorn.Config:
    """uvicorn settings the sandbox relies on: h11 (fault ``drop`` reaches its transport), plain asyncio."""
    return uvicorn.Config(
        app,
        http="h11",
        loop="asyncio",
        lifespan="off",
        access_log=access_log,
        log_level=log_level,
        timeout_graceful_shutdown=2,
        timeout_keep_alive=5,
    )


class RunningSandbox:
    """A started sandbox: where each provider is, the fake credentials it accepts, and its controls."""

    def __init__(self, url: str, description: dict[str, Any], servers: dict[str, Any] | None = None) -> None:
        self.url = url
        self._providers: dict[str, Any] = description["providers"]
        self._servers: dict[str, Any] = servers or {}
        self._admin = httpx.Client(base_url=url, timeout=10.0)

    @property
    def providers(self) -> list[str]:
        return list(self._providers)

    def base_url(self, provider: str) -> str:
        """The ``base_url`` to give the provider's client, e.g. http://127.0.0.1:54321/vobiz."""
        return str(self._providers[provider]["base_url"])

    def unimplemented(self, provider: str) -> list[str]:
        """Operations of the provider's spec the sandbox has no semantics for yet (answered with 501)."""
        return list(self._providers[provider].get("unimplemented_operations") or [])

    def credentials(self, provider: str) -> dict[str, Any]:
        """The fixture's fake credentials, as client keyword arguments (``Vobiz(**credentials)``).

        ``dict[str, Any]``, though every value is a str: a ``dict[str, str]`` spread into a client's
        constructor would not type-check against its other (non-str) keyword arguments.
        """
        return dict(self._providers[provider]["credentials"])

    def extras(self, provider: str) -> dict[str, str]:
        """Other per-account values the calls need (TryVox: the account_id in its paths)."""
        return dict(self._providers[provider]["extras"])

    def vendor_base_url(self, provider: str) -> str:
        """The vendor's own host over plain HTTP (http://api.vobiz.ai), served here through the proxy."""
        host = vendor_host(self._servers[provider])
        if not host:
            raise ValueError(f"specs/{provider}/openapi.yaml names no server host")
        return f"http://{host}"

    def vendor_server_urls(self, provider: str) -> dict[str, str]:
        """Each of the spec's servers by the client's name for it (its host's first label), over plain HTTP.

        Empty for a spec with one server; Twilio: ``{"trunking": "http://trunking.twilio.com",
        "api": "http://api.twilio.com"}`` (the clients' ``<name>_base_url`` arguments and
        ``<PROVIDER>_<NAME>_BASE_URL`` variables, codegen/servers.py).
        """
        servers = self._servers.get(provider) or []
        hosts = [vendor_host([server]) or "" for server in servers]
        if len(hosts) < 2:
            return {}
        return {host.split(".")[0].replace("-", "_"): f"http://{host}" for host in hosts if host}

    def proxy_environ(self) -> dict[str, str]:
        """Proxy variables that send every request of an httpx client here, and nowhere else.

        ALL_PROXY only (one proxy transport per client, not three); HTTP(S)_PROXY and NO_PROXY are
        set empty, which removes any the caller's environment had, so none can win over it.
        """
        env = {"ALL_PROXY": self.url, "HTTP_PROXY": "", "HTTPS_PROXY": "", "NO_PROXY": ""}
        return env | {name.lower(): value for name, value in env.items()}

    def environ(self, vendor_hosts: bool = False) -> dict[str, str]:
        """The sandbox as <PROVIDER>_BASE_URL / <PROVIDER>_<CREDENTIAL> variables (conformance/targets.py's names).

        ``vendor_hosts``: base URLs are the vendors' own hosts (http://api.vobiz.ai), reached through
        the sandbox as the HTTP proxy (the proxy variables are included), so the clients send
        exactly the vendors' hosts and paths (see sandbox/vhosts.py).
        """
        env: dict[str, str] = self.proxy_environ() if vendor_hosts else {}
        for provider in self._providers:
            prefix = provider.upper()
            env[f"{prefix}_BASE_URL"] = (
                self.vendor_base_url(provider) if vendor_hosts else self.base_url(provider)
            )
            if vendor_hosts:  # a spec with several servers: each one's own variable (Twilio)
                for name, url in self.vendor_server_urls(provider).items():
                    env[f"{prefix}_{name.upper()}_BASE_URL"] = url
            for name, value in {**self.credentials(provider), **self.extras(provider)}.items():
                env[f"{prefix}_{name.upper()}"] = str(value)
        return env

    def client(self, provider: str, **kwargs: Any) -> Any:
        """The generated package's AuthenticatedClient (the editable install of generated/<provider>/), pointed here.

        Every server's operations come here (the mount serves them all: Twilio's trunking and api).
        """
        module = importlib.import_module(f"{provider}_client")
        base_url = self.base_url(provider)
        servers = getattr(module.client, "SERVER_URLS", None) or {}
        settings: dict[str, Any] = {"base_url": base_url, **self.credentials(provider)}
        if servers:
            settings["server_urls"] = dict.fromkeys(servers, base_url)
        return module.AuthenticatedClient(**{**settings, **kwargs})

    def reset(self, provider: str | None = None, fixture: dict[str, Any] | None = None) -> None:
        """Back to the fixtures (all providers, or one; ``fixture`` replaces that one's)."""
        params = {"provider": provider} if provider else None
        response = self._admin.post("/_sandbox/reset", params=params, json=fixture)
        response.raise_for_status()

    def arm_fault(self, fault: str, provider: str | None = None) -> None:
        """Make the next requests (to ``provider``, or to any) fail: see sandbox/faults.py for the syntax."""
        response = self._admin.post("/_sandbox/faults", json={"fault": fault, "provider": provider})
        response.raise_for_status()

    def fixture(self, provider: str) -> dict[str, Any]:
        """The fixture ``provider`` was started with (a starting point for ``reset(provider, fixture)``)."""
        response = self._admin.get(f"/_sandbox/fixtures/{provider}")
        response.raise_for_status()
        return dict(response.json())

    def state(self, provider: str) -> Any:
        response = self._admin.get(f"/_sandbox/state/{provider}")
        response.raise_for_status()
        return response.json()

    def close(self) -> None:
        self._admin.close()


@contextlib.contextmanager
def running_sandbox(
    fixtures_dir: Path | None = None,
    providers: list[str] | None = None,
    *,
    port: int = 0,
    startup_timeout: float = 10.0,
) -> Iterator[RunningSandbox]:
    """Start the sandbox on 127.0.0.1 (a free port unless ``port``), yield it, stop it (bounded waits)."""
    app = create_app(fixtures_dir, providers)
    sock = bind_loopback(port)
    server = uvicorn.Server(server_config(app))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, name="sandbox", daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + startup_timeout
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError(f"the sandbox did not start within {startup_timeout:g} s")
            time.sleep(0.01)
        url = f"http://{LOOPBACK}:{sock.getsockname()[1]}"
        sandbox = app.state.sandbox
        servers = {name: provider.spec.servers for name, provider in sandbox.providers.items()}
        running = RunningSandbox(url, sandbox.describe(url), servers)
        try:
            yield running
        finally:
            running.close()
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        if thread.is_alive():
            server.force_exit = True
            thread.join(timeout=5)
        sock.close()
