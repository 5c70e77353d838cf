"""Bolna fixtures: a client holding a placeholder API key (or the recording target), and the
requests it sends.

Bolna publishes no recordings of these endpoints and none were made: every
cassette under cassettes/ is synthesized from the documented examples and
schemas (each names its pages in ``provenance``, and says which parts are
inferred). A recording against a Bolna account with SIP-trunk (beta) access
replaces them and shows where the docs, or our readings of them, are wrong.

A recording (see conformance/targets.py) reads ``BOLNA_BASE_URL``, ``BOLNA_TOKEN`` and
the account's two trunks, ``BOLNA_TRUNK_ID`` and ``BOLNA_OTHER_TRUNK_ID`` (the client
cannot create trunks, so they must exist already); what it writes has them scrubbed
back to the placeholders below, and tests take them from the ``trunk_id`` and
``other_trunk_id`` fixtures. The numbers' ids stay replay constants: Bolna assigns
them when a number is added, so no environment value can stand for them.

Recorded against the local sandbox (python -m conformance.sandbox_run), a scenario starts from
sandbox/fixtures/bolna.yaml unless its ``@pytest.mark.sandbox(...)`` says otherwise
(conformance/harness.py); the helpers below write those start states. There the numbers' ids
can be planned: the sandbox hands out the fixture's ``next_number_ids`` first.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest
from bolna_client import AuthenticatedClient

from conformance.harness import client_fixtures, make_target
from conformance.targets import Target

# The generated client's default base URL: the host every cassette was written for.
BASE_URL = "https://api.bolna.ai"
# The only trunk id Bolna shows for this API (sip-trunking API-examples guide): not a UUID.
TRUNK_ID = "01HQXYZ123ABC456DEF"
# A second trunk and the numbers' ids are ours, in the same style (the docs show "<string>").
OTHER_TRUNK_ID = "01HQXYZ456DEF789GHI"
NUMBER_ID = "01HQXYZ222BBB222CCC"
PLUS_NUMBER_ID = "01HQXYZ333CCC333DDD"
# The documented example number (no "+"), and the same number written with one.
NUMBER = "919876543210"
PLUS_NUMBER = "+919876543210"
# Replay never sends it anywhere; a recording takes a real key from the environment.
TOKEN = "replay-token"
REPLAY = {"token": TOKEN}
EXTRAS = {"trunk_id": TRUNK_ID, "other_trunk_id": OTHER_TRUNK_ID}
# When the cassettes' numbers were added (add_number.md's example created_at).
ADDED_AT = "2023-11-07T05:31:56Z"


def adding(number_id: str) -> Callable[[dict[str, Any]], dict[str, Any]]:
    """Sandbox start state: NUMBER on no trunk; the next number added gets ``number_id``, at ADDED_AT."""

    def variant(fixture: dict[str, Any]) -> dict[str, Any]:
        for account in fixture["accounts"]:
            account["numbers"] = [
                n for n in account.get("numbers") or [] if n["phone_number"].lstrip("+") != NUMBER
            ]
        return fixture | {"next_number_ids": [number_id], "clock": {"start": ADDED_AT}}

    return variant


def both_spellings() -> Callable[[dict[str, Any]], dict[str, Any]]:
    """Sandbox start state: TRUNK_ID holds NUMBER (NUMBER_ID) and PLUS_NUMBER (PLUS_NUMBER_ID), as added.

    The sandbox itself refuses the second spelling of a number already on the trunk (its inferred
    rule; see sandbox/bolna.py), so this state is seeded, not reached through the API.
    """

    def variant(fixture: dict[str, Any]) -> dict[str, Any]:
        account = fixture["accounts"][0]
        account["numbers"] = [n for n in account["numbers"] if n["id"] != PLUS_NUMBER_ID] + [
            {
                "id": PLUS_NUMBER_ID,
                "phone_number": PLUS_NUMBER,
                "name": None,
                "byot_trunk_id": TRUNK_ID,
                "created_at": ADDED_AT,
                "updated_at": ADDED_AT,
            }
        ]
        return fixture

    return variant


@pytest.fixture
def target(recording: bool) -> Target:
    return make_target("bolna", "bolna_client", REPLAY, BASE_URL, recording, extras=EXTRAS)


@pytest.fixture
def trunk_id(target: Target) -> str:
    """The trunk the numbers go on: TRUNK_ID on replay, BOLNA_TRUNK_ID when recording."""
    return target.extras["trunk_id"]


@pytest.fixture
def other_trunk_id(target: Target) -> str:
    """A second trunk of the account: OTHER_TRUNK_ID on replay, BOLNA_OTHER_TRUNK_ID when recording."""
    return target.extras["other_trunk_id"]


# the requests sent, and the clients that send them (conformance/client_fixtures.py, through conformance/harness.py)
sent, client, async_client = client_fixtures(AuthenticatedClient)


def assert_bearer(request: httpx.Request, client: AuthenticatedClient) -> None:
    """The cassette matcher checks that Authorization is sent; this checks its form, exactly."""
    assert request.headers["Authorization"] == f"Bearer {client.token}"
