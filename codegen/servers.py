"""Which server each operation goes to, when a spec has more than one.

OpenAPI lets a path item or an operation declare its own ``servers``, overriding the document's.
Twilio does: its trunking operations go to trunking.twilio.com, its numbers to api.twilio.com, and a
client that sent everything to one host would be wrong on half its calls. The first server of the
document (of the first source) is the client's ``base_url``; every other server is named after the
first label of its host (``api.twilio.com`` -> ``api``), and the operations that declare it are sent
there (the generated endpoint makes its URL absolute from the client's ``server_urls``).

A spec whose operations all use the document's server gets no names at all, so its client is what
it always was: one ``base_url``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from .errors import SpecError
from .merge import HTTP_METHODS
from .yamlfile import pointer

__all__ = ["Servers", "read_servers"]

_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(frozen=True)
class Servers:
    """The default server, the other servers by name, and each operation's server name (by operationId)."""

    default: str | None
    default_name: str | None = None
    named: dict[str, str] = field(default_factory=dict)
    by_operation: dict[str, str] = field(default_factory=dict)

    @property
    def multiple(self) -> bool:
        return bool(self.named)


def _first_url(servers: Any) -> str | None:
    if isinstance(servers, list) and servers and isinstance(servers[0], dict):
        url = servers[0].get("url")
        return url if isinstance(url, str) else None
    return None


def _name(url: str, where: str, file: str) -> str:
    host = urlsplit(url).hostname or ""
    name = host.split(".")[0].replace("-", "_")
    if "{" in url or not _NAME.match(name):
        raise SpecError(
            file, where, f"server {url!r}: cannot name it from its host (need a fixed https://<name>.... URL)"
        )
    return name


def read_servers(spec: dict[str, Any], file: str) -> Servers:
    """The servers of ``spec`` (a normalized document); SpecError for one that cannot be named."""
    default = _first_url(spec.get("servers"))
    by_url: dict[str, str] = {}
    by_operation: dict[str, str] = {}
    for path, item in (spec.get("paths") or {}).items():
        if not isinstance(item, dict):
            continue
        for method in HTTP_METHODS:
            op = item.get(method)
            if not isinstance(op, dict):
                continue
            url = _first_url(op.get("servers")) or _first_url(item.get("servers")) or default
            if url is None or url == default:
                continue
            where = pointer(
                ["paths", path, method, "servers"] if op.get("servers") else ["paths", path, "servers"]
            )
            name = by_url.setdefault(url, _name(url, where, file))
            by_operation[str(op.get("operationId"))] = name
    if not by_url:
        return Servers(default)
    names = list(by_url.values())
    default_name = _name(default, pointer(["servers"]), file) if default else None
    taken = [n for n in names if names.count(n) > 1 or n == default_name]
    if taken:
        raise SpecError(file, pointer(["servers"]), f"two servers would both be named {taken[0]!r}")
    return Servers(default, default_name, {name: url for url, name in by_url.items()}, by_operation)
