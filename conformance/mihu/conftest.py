"""Mihu fixtures: a client for the pages' placeholder tenant (or the recording target), and
the requests it sent.

Mihu publishes no recordings and none were made: every cassette under cassettes/
is synthesized from the documented examples (each names its pages in
``provenance`` and says what is inferred). A recording (``MIHU_BASE_URL``,
``MIHU_TOKEN``; see conformance/targets.py) replaces them and shows where the
docs, or our readings of them, are wrong. Record against a ``https://<tenant>.mihu.ai``
base URL: that is the host reading the spec chose, and test_wire.py's
test_host_family_is_mihu_ai checks it.

Recorded against the local sandbox (python -m conformance.sandbox_run: base URL
http://demo.mihu.ai, the sandbox as the proxy), a scenario starts from
sandbox/fixtures/mihu.yaml unless its ``@pytest.mark.sandbox(...)`` says otherwise
(conformance/harness.py); the helpers below write those start states.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import pytest
from mihu_client import AuthenticatedClient

from conformance.harness import client_fixtures, make_target
from conformance.targets import Target

# The tenant is the servers' default subdomain (demo).
TENANT = "demo"
BASE_URL = f"https://{TENANT}.mihu.ai"
# Replay never sends a real token; the cassettes hold <AUTHORIZATION> in its place.
TOKEN = "replay-token"
REPLAY = {"token": TOKEN}
# The assign page's example number and agent; agent B and the number's uuid are ours.
NUMBER = "+12345678901"
AGENT_A = uuid.UUID("3c90c3cc-0d44-4b50-8888-8dd25736052a")
AGENT_B = uuid.UUID("6f1c2e4a-8b7d-4c3e-9a2f-1d5e7b9c0a34")
NUMBER_UUID = "9bcb8f00-c0c5-4ee1-9b75-ad1e87a2bd8b"
# The sandbox fixture's token that may only read (changes answer 403).
READ_ONLY_TOKEN = "sandbox-mihu-readonly"


def unregistered() -> Callable[[dict[str, Any]], dict[str, Any]]:
    """Sandbox start state: NUMBER not in the workspace; registered, it gets NUMBER_UUID."""

    def variant(fixture: dict[str, Any]) -> dict[str, Any]:
        fixture["numbers"] = [n for n in fixture["numbers"] if n["number"] != NUMBER]
        fixture["planned_uuids"] = {NUMBER: NUMBER_UUID}
        return fixture

    return variant


def bound(**agents: uuid.UUID) -> Callable[[dict[str, Any]], dict[str, Any]]:
    """Sandbox start state: NUMBER's trunk rows are exactly ``channel=agent`` (call keeps its SIP row)."""

    def variant(fixture: dict[str, Any]) -> dict[str, Any]:
        [number] = [n for n in fixture["numbers"] if n["number"] == NUMBER]
        rows = number["trunks"]
        number["trunks"] = {
            channel: {
                **(rows.get(channel) or {"name": f"{channel}_trunk_{NUMBER.lstrip('+')}"}),
                "agent_uuid": str(agent),
            }
            for channel, agent in agents.items()
        }
        return fixture

    return variant


@pytest.fixture
def target(recording: bool) -> Target:
    return make_target("mihu", "mihu_client", REPLAY, BASE_URL, recording)


@pytest.fixture
def base_url(target: Target) -> str:
    assert target.base_url is not None
    return target.base_url


# the requests sent, and the clients that send them (conformance/client_fixtures.py, through conformance/harness.py)
sent, client, async_client = client_fixtures(AuthenticatedClient)
