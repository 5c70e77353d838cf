"""Twilio fixtures: a client holding the spec examples' placeholder account (or the recording
target), and the requests it sends.

Twilio publishes no recordings of these operations and none were made: every cassette under
cassettes/ is synthesized by ``python -m conformance.twilio.synthesize`` from the response
examples in Twilio's own OpenAPI documents (specs/twilio/source/), and, for errors, from Twilio's
documented error body; each cassette's ``provenance`` names its sources and what is ours.
A recording against a Twilio account (``TWILIO_BASE_URL=https://trunking.twilio.com``,
``TWILIO_API_BASE_URL=https://api.twilio.com``, ``TWILIO_ACCOUNT_SID``, ``TWILIO_AUTH_TOKEN``
and the account's ``TWILIO_TRUNK_SID``, ``TWILIO_NUMBER_SID``, ``TWILIO_NUMBER``; see
conformance/targets.py) replaces them, with every real SID scrubbed back to the placeholders.

Recorded against the local sandbox (python -m conformance.sandbox_run: both Twilio hosts over
plain HTTP, the sandbox as the proxy), a scenario starts from sandbox/fixtures/twilio.yaml unless
its ``@pytest.mark.sandbox(...)`` says otherwise (conformance/conftest.py).
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from twilio_client import AuthenticatedClient

from conformance.client_fixtures import client_fixtures
from conformance.harness import make_target
from conformance.targets import Target

# The documents' default servers: the hosts every cassette was written for.
TRUNKING = "https://trunking.twilio.com"
API = "https://api.twilio.com"
# The SIDs of the documents' examples (a fixed letter after the two-letter prefix).
ACCOUNT_SID = "AC" + "a" * 32
TRUNK_SID = "TK" + "a" * 32
NUMBER_SID = "PN" + "a" * 32
# The trunking examples' number for NUMBER_SID (the api_v2010 examples list +18089255327 under the
# same sid: the two documents disagree; synthesize.py says where it follows which).
NUMBER = "+14158675309"
# Ours, in the same style: a trunk no account has, and a second number (the api_v2010 examples'
# +18089255327, given a sid of its own) on a trunk's second page.
UNKNOWN_TRUNK_SID = "TK" + "0" * 32
SECOND_NUMBER_SID = "PN" + "b" * 32
SECOND_NUMBER = "+18089255327"
# Replay never sends a real token; the cassettes hold <AUTHORIZATION> in its place.
AUTH_TOKEN = "replay-auth-token"
REPLAY = {"account_sid": ACCOUNT_SID, "auth_token": AUTH_TOKEN}
EXTRAS = {"trunk_sid": TRUNK_SID, "number_sid": NUMBER_SID, "number": NUMBER}


def associated(*sids: str) -> Callable[[dict[str, Any]], dict[str, Any]]:
    """Sandbox start state: the numbers ``sids`` are on TRUNK_SID, every other number on no trunk.

    The sandbox fixture's SIDs are the replay placeholders (sandbox/fixtures/twilio.yaml), so the
    same constants name the same numbers in both.
    """

    def variant(fixture: dict[str, Any]) -> dict[str, Any]:
        for account in fixture["accounts"]:
            for number in account.get("numbers") or []:
                number["trunk_sid"] = TRUNK_SID if number["sid"] in sids else None
        return fixture

    return variant


@pytest.fixture
def target(recording: bool) -> Target:
    return make_target("twilio", "twilio_client", REPLAY, TRUNKING, recording, extras=EXTRAS)


@pytest.fixture
def trunk_sid(target: Target) -> str:
    return target.extras["trunk_sid"]


@pytest.fixture
def number_sid(target: Target) -> str:
    return target.extras["number_sid"]


@pytest.fixture
def number(target: Target) -> str:
    return target.extras["number"]


# the requests sent, and the clients that send them (conformance/client_fixtures.py)
sent, client, async_client = client_fixtures(AuthenticatedClient)


def assert_basic(request: httpx.Request, client: AuthenticatedClient) -> None:
    """The cassette matcher checks that Authorization is sent; this checks it is Basic account_sid:auth_token."""
    expected = base64.b64encode(f"{client.account_sid}:{client.auth_token}".encode()).decode()
    assert request.headers["Authorization"] == f"Basic {expected}"


def assert_form(request: httpx.Request, **fields: str) -> None:
    """The body is exactly these form fields, form-encoded, and says so."""
    assert request.headers["Content-Type"] == "application/x-www-form-urlencoded"
    assert httpx.QueryParams(request.content.decode()) == httpx.QueryParams(fields)
