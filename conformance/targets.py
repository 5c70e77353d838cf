"""Where a conformance run points its clients: the documented placeholders, or a live target.

Replay (the default) builds every client with the placeholder credentials the
cassettes were written with. Recording (``--record-mode`` other than ``none``,
i.e. ``make record PROVIDER=...``) reads the target from the environment:
``<PROVIDER>_BASE_URL`` and one ``<PROVIDER>_<FIELD>`` per credential argument of
the provider's AuthenticatedClient (Vobiz: VOBIZ_AUTH_ID, VOBIZ_AUTH_TOKEN;
bearer providers: <PROVIDER>_TOKEN). A client whose spec sends some operations to other
servers (Twilio: ``SERVER_URLS`` in its client module) reads one ``<PROVIDER>_<SERVER>_BASE_URL``
per other server, defaulting to ``<PROVIDER>_BASE_URL`` (the local sandbox serves them all), and
each is scrubbed back to the server's documented URL. Nothing is read from files.
"""

from __future__ import annotations

import importlib
import os
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import attrs

__all__ = ["MissingCredentials", "Target", "credential_fields", "target_for"]


class MissingCredentials(Exception):
    """Recording was asked for without the environment naming a target."""


def server_urls(package: str) -> dict[str, str]:
    """The client's other servers by name, at their documented URLs (empty for a one-server spec)."""
    client = importlib.import_module(f"{package}.client")
    return dict(getattr(client, "SERVER_URLS", {}))


def credential_fields(package: str) -> list[str]:
    """The AuthenticatedClient arguments that are credentials, from the generated client itself."""
    client = importlib.import_module(f"{package}.client")
    base = {f.name for f in attrs.fields(client.Client)}
    return [f.name for f in attrs.fields(client.AuthenticatedClient) if f.name not in base]


@dataclass(frozen=True)
class Target:
    provider: str
    base_url: str | None
    credentials: dict[str, str]
    recording: bool
    # real value -> replay value, applied to everything a recording writes
    replacements: dict[str, str] = field(default_factory=dict)
    # other per-target values the scenarios need (an account id in paths, a trunk id)
    extras: dict[str, str] = field(default_factory=dict)
    # where the client's other servers are, by name, when they are not where the spec says
    servers: dict[str, str] = field(default_factory=dict)

    def client_kwargs(self) -> dict[str, Any]:
        kwargs: dict[str, Any] = dict(self.credentials)
        if self.base_url is not None:
            kwargs["base_url"] = self.base_url
        if self.servers:
            kwargs["server_urls"] = dict(self.servers)
        return kwargs


def target_for(
    provider: str,
    package: str,
    replay: dict[str, str],
    replay_base_url: str | None,
    recording: bool,
    extras: dict[str, str] | None = None,
) -> Target:
    """The target of this run for ``provider``.

    ``replay`` holds the placeholder credentials, ``extras`` the placeholder values of anything
    else that differs per account (read from ``<PROVIDER>_<NAME>`` when recording, and scrubbed
    back to the placeholder in what is written).
    """
    extras = dict(extras or {})
    if not recording:
        return Target(provider, replay_base_url, dict(replay), recording=False, extras=extras)
    prefix = provider.upper()
    wanted = [f"{prefix}_BASE_URL"] + [f"{prefix}_{name.upper()}" for name in credential_fields(package)]
    wanted += [f"{prefix}_{name.upper()}" for name in extras]
    missing = [name for name in wanted if not os.environ.get(name)]
    if missing:
        raise MissingCredentials(
            f"recording {provider} needs {', '.join(wanted)} in the environment; missing: {', '.join(missing)}. "
            "Nothing was recorded."
        )
    base_url = os.environ[f"{prefix}_BASE_URL"].rstrip("/")
    creds = {name: os.environ[f"{prefix}_{name.upper()}"] for name in credential_fields(package)}
    live_extras = {name: os.environ[f"{prefix}_{name.upper()}"] for name in extras}
    replacements = {value: replay[name] for name, value in creds.items() if name in replay}
    replacements |= {value: extras[name] for name, value in live_extras.items()}
    if replay_base_url:
        replacements[base_url] = replay_base_url.rstrip("/")
        # the Host header carries the target's host on its own
        replacements[urlsplit(base_url).netloc] = urlsplit(replay_base_url).netloc
    servers = {}
    for name, documented in server_urls(package).items():
        url = (os.environ.get(f"{prefix}_{name.upper()}_BASE_URL") or base_url).rstrip("/")
        servers[name] = url
        if url != base_url:
            replacements[url] = documented.rstrip("/")
            replacements[urlsplit(url).netloc] = urlsplit(documented).netloc
    return Target(provider, base_url, creds, True, replacements, live_extras, servers)
