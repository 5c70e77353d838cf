"""Each provider at its vendor's own host and paths: the sandbox as the client's plain-HTTP proxy.

Mounted at ``/<provider>``, a sandbox changes the paths a client sends (``/vobiz/api/v1/...``).
A client (or a conformance recording) that must put exactly the vendor's host and
paths on the wire uses the vendor's base URL over ``http://`` with the sandbox as
its proxy instead::

    HTTP_PROXY=http://127.0.0.1:8765 NO_PROXY= ... base_url="http://api.vobiz.ai"

The client then connects to the sandbox only (a proxied request names its host in
the request line; nothing is resolved, nothing leaves loopback) and sends
``GET http://api.vobiz.ai/api/v1/... HTTP/1.1``. This middleware:

* turns such an absolute-form request target into the origin form, the target's
  authority becoming the ``Host`` (RFC 9112 §3.2.2: a server accepts absolute-form and
  ignores Host then);
* serves a request whose Host is a provider's documented server (the spec's
  ``servers``, the document's and its paths': Twilio's trunking.twilio.com and
  api.twilio.com; ``{variable}`` parts match any one label, e.g. ``demo.mihu.ai``) by
  that provider, as if it had come in under its mount.

Any other host (127.0.0.1, localhost) is routed as before, mounts and ``/_sandbox``.
HTTPS is not proxied (a ``CONNECT`` gets a 404): the vendor hosts are served over plain HTTP.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any
from urllib.parse import unquote, urlsplit

from starlette.types import ASGIApp, Receive, Scope, Send

__all__ = ["VendorHosts", "host_pattern", "vendor_host"]

_VARIABLE = re.compile(r"\{([^}]+)\}")


def _server(servers: list[dict[str, Any]]) -> tuple[str, dict[str, Any]]:
    if not servers or not isinstance(servers[0].get("url"), str):
        return "", {}
    return str(servers[0]["url"]), dict(servers[0].get("variables") or {})


def host_pattern(servers: list[dict[str, Any]]) -> re.Pattern[str] | None:
    """The hosts of the spec's servers (``{subdomain}.mihu.ai``: any one label for the variable)."""
    regexes = []
    for server in servers:
        url = server.get("url")
        host = urlsplit(url).hostname if isinstance(url, str) else None
        if host:
            parts = _VARIABLE.split(host)  # literal, variable, literal, ...
            regexes.append(
                "".join(re.escape(part) if i % 2 == 0 else r"[A-Za-z0-9-]+" for i, part in enumerate(parts))
            )
    if not regexes:
        return None
    return re.compile(f"^(?:{'|'.join(regexes)})$", re.IGNORECASE)


def vendor_host(servers: list[dict[str, Any]]) -> str | None:
    """The spec's first server host, each ``{variable}`` at its default (``demo.mihu.ai``)."""
    url, variables = _server(servers)
    if not url:
        return None
    host = urlsplit(url).hostname or ""
    return _VARIABLE.sub(lambda m: str((variables.get(m.group(1)) or {}).get("default", m.group(1))), host)


def _host(headers: Iterable[tuple[bytes, bytes]]) -> str:
    for name, value in headers:
        if name.lower() == b"host":
            host = value.decode("latin-1").strip()
            return host.rsplit(":", 1)[0] if not host.endswith("]") else host
    return ""


class VendorHosts:
    """ASGI middleware: absolute-form targets to origin form; a vendor's Host to its provider's mount."""

    def __init__(self, app: ASGIApp, hosts: dict[str, re.Pattern[str]]) -> None:
        self.app = app
        self.hosts = hosts  # provider -> pattern of its vendor hosts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            scope = self._rewrite(scope)
        await self.app(scope, receive, send)

    def _rewrite(self, scope: Scope) -> Scope:
        raw: bytes = scope.get("raw_path") or str(scope["path"]).encode("latin-1")
        headers = list(scope.get("headers") or [])
        if raw[:7].lower() == b"http://" or raw[:8].lower() == b"https://":
            target = urlsplit(raw.decode("latin-1"))
            raw = (target.path or "/").encode("latin-1")
            headers = [(k, v) for k, v in headers if k.lower() != b"host"]
            headers.append((b"host", target.netloc.encode("latin-1")))
            scope = {**scope, "raw_path": raw, "path": unquote(raw.decode("latin-1")), "headers": headers}
        host = _host(headers)
        for provider, pattern in self.hosts.items():
            if host and pattern.match(host):
                prefix = f"/{provider}"
                return {
                    **scope,
                    "raw_path": prefix.encode() + raw,
                    "path": prefix + str(scope["path"]),
                }
        return scope
