"""Conformance: the generated clients replayed against cassettes.

Replay is the default (``--record-mode=none``, set by ``make test`` together
with ``--block-network``). Each test module has its own cassette folder
(``<provider>/cassettes/<module>/<test>.yaml``); every interaction in a
cassette must be played by its test, so a cassette cannot hold a request the
client no longer makes.

``pytest conformance`` is the replay suite: the provider scenarios and the
suite's own checks (drift, cassette hygiene). Two folders are left out of it unless named on
the command line, because they are not replays: each of their tests runs pytest again in a
subprocess (seconds apiece) to check the suite from outside.

- ``recording/``: record against loopback servers (a fake Vobiz, the local sandbox) and prove
  nothing secret reaches the disk and the recordings replay; ``make recording-test``.
- ``mutations/``: break one wire detail in a copy of generated/ and see the suite go red;
  ``make mutations``.

Recorded against the local sandbox (``python -m conformance.sandbox_run``, which sets
CONFORMANCE_SANDBOX_URL), each scenario first gets the start state it declares with
``@pytest.mark.sandbox(state=..., fault=..., credentials=...)`` (see ``_fresh_sandbox``);
on replay and against a vendor the marker does nothing.

This file only registers pytest's hooks and fixtures; what they do is conformance/harness.py,
which the provider conftests import too.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from conformance import harness
from conformance.matchers import MATCH_ON, register
from conformance.persister import ScrubbingPersister

# Before any scenario imports a generated package (see harness.use_generated_root).
harness.use_generated_root()

# Not replays (see the docstring): collected only when named, e.g. `pytest conformance/recording`.
collect_ignore = ["recording", "mutations"]


def pytest_recording_configure(config: pytest.Config, vcr: Any) -> None:
    register(vcr)
    vcr.register_persister(ScrubbingPersister)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "sandbox(state=None, fault=None, credentials=None): the scenario's start state when it is recorded "
        "against the local sandbox (CONFORMANCE_SANDBOX_URL); ignored on replay and against a vendor. "
        "state: fixture overrides (a mapping, merged) or a function from the provider's fixture to the "
        "variant to seed; fault: armed for the provider (sandbox/faults.py syntax); credentials: "
        '"invalid", or {field: value}, handed to the test instead of the sandbox\'s own.',
    )


@pytest.fixture(scope="module")
def vcr_cassette_dir(request: pytest.FixtureRequest, record_mode: str) -> str:
    """Where this module's cassettes are read from, or its recordings written to (harness.cassette_dir)."""
    return str(harness.cassette_dir(Path(request.node.fspath), record_mode))


@pytest.fixture(scope="session")
def recording(record_mode: str) -> bool:
    return record_mode != "none"


@pytest.fixture(scope="module")
def vcr_config() -> dict[str, Any]:
    return {
        "match_on": MATCH_ON,
        "allow_playback_repeats": False,
        "decode_compressed_response": True,
        "before_record_request": harness.not_a_sandbox_control,
    }


@pytest.fixture(scope="session")
def _sandbox_admin(recording: bool) -> Iterator[httpx.Client | None]:
    """The local sandbox's controls (/_sandbox), when this run records against it; else None."""
    url = os.environ.get("CONFORMANCE_SANDBOX_URL")
    if not (recording and url):
        yield None
        return
    # trust_env=False: straight to the sandbox, whatever proxy the clients under test are given
    with httpx.Client(base_url=url.rstrip("/"), timeout=10, trust_env=False) as admin:
        yield admin


@pytest.fixture(autouse=True)
def _fresh_sandbox(
    request: pytest.FixtureRequest, _sandbox_admin: httpx.Client | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Recording against the local sandbox: every scenario starts from the start state it declares.

    The marker is checked on every run; on replay, and against a vendor, nothing else happens:
    the cassette (or the vendor's account) is the start state.
    """
    declared = harness.declared_start(request.node.get_closest_marker("sandbox"))
    if _sandbox_admin is not None:
        provider = harness.provider_of(Path(request.node.fspath))
        harness.start_scenario(_sandbox_admin, provider, declared, monkeypatch)


@pytest.fixture(autouse=True)
def _cassette_checks(
    request: pytest.FixtureRequest, vcr: harness.Cassette | None, record_mode: str
) -> Iterator[None]:
    """After each test that has a cassette: every interaction was played, every response as documented."""
    yield
    if vcr is not None:
        provider = harness.provider_of(Path(request.node.fspath))
        harness.check_cassette(vcr, provider, record_mode, request.node.user_properties)
