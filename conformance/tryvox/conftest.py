"""TryVox fixtures: a client with the documentation's placeholder account and number, or the
recording target.

TryVox publishes no OpenAPI and no recordings exist: every cassette under
cassettes/ is synthesized from the documented examples (each names its pages
in ``provenance``). A recording against a TryVox sandbox key (tvx_sk_test_...;
``TRYVOX_BASE_URL``, ``TRYVOX_TOKEN`` and ``TRYVOX_ACCOUNT_ID``, see
conformance/targets.py) replaces them and shows where the docs, or our readings
of them, are wrong. The account id is scrubbed back to ``acc_123abc`` in what
a recording writes; tests take it from the ``account_id`` fixture, never the constant.

Recorded against the local sandbox (python -m conformance.sandbox_run), a scenario starts from
sandbox/fixtures/tryvox.yaml unless its ``@pytest.mark.sandbox(...)`` says otherwise
(conformance/harness.py); the helpers below write those start states.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from tryvox_client import AuthenticatedClient

from conformance.harness import client_fixtures, make_target
from conformance.targets import Target

# The generated client's default base URL: the host every cassette was written for.
BASE_URL = "https://api.tryvox.io"
# The configure page's own placeholders (curl examples and response bodies).
ACCOUNT_ID = "acc_123abc"
NUMBER = "+14155551234"
TRUNK_ID = "trunk_abc123"
APPLICATION_ID = "app_xyz789"
# Replay never sends it anywhere; a recording takes a real sandbox key from the environment.
TOKEN = "tvx_sk_test_PLACEHOLDER"
REPLAY = {"token": TOKEN}


def clock_at(timestamp: str) -> dict[str, Any]:
    """Sandbox start state: the fixture, its next ``updated_at`` being ``timestamp`` (a page's example)."""
    return {"clock": {"start": timestamp, "step": 60}}


def routed(
    e164: str = NUMBER,
    trunk_id: str | None = None,
    application_id: str | None = None,
    clock: str | None = None,
) -> Callable[[dict[str, Any]], dict[str, Any]]:
    """Sandbox start state: ``e164`` (of the first account) routed to exactly the trunk / application given."""

    def variant(fixture: dict[str, Any]) -> dict[str, Any]:
        [number] = [n for n in fixture["accounts"][0]["numbers"] if n["e164"] == e164]
        number.update(trunk_id=trunk_id, application_id=application_id)
        return fixture | (clock_at(clock) if clock else {})

    return variant


def only_numbers(*e164s: str) -> Callable[[dict[str, Any]], dict[str, Any]]:
    """Sandbox start state: the first account holds only these of its numbers."""

    def variant(fixture: dict[str, Any]) -> dict[str, Any]:
        account = fixture["accounts"][0]
        account["numbers"] = [n for n in account["numbers"] if n["e164"] in e164s]
        return fixture

    return variant


@pytest.fixture
def target(recording: bool) -> Target:
    return make_target(
        "tryvox", "tryvox_client", REPLAY, BASE_URL, recording, extras={"account_id": ACCOUNT_ID}
    )


@pytest.fixture
def account_id(target: Target) -> str:
    """The account in every path: acc_123abc on replay, TRYVOX_ACCOUNT_ID when recording."""
    return target.extras["account_id"]


@pytest.fixture
def base_url(target: Target) -> str:
    assert target.base_url is not None
    return target.base_url


# the requests sent, and the clients that send them (conformance/client_fixtures.py, through conformance/harness.py)
sent, client, async_client = client_fixtures(AuthenticatedClient)
