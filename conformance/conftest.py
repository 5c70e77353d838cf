"""Conformance: the generated clients replayed against cassettes.

Replay is the default (``--record-mode=none``, set by ``make test`` together
with ``--block-network``). Each test module has its own cassette folder
(``<provider>/cassettes/<module>/<test>.yaml``); every interaction in a
cassette must be played by its test, so a cassette cannot hold a request the
client no longer makes.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from conformance.matchers import MATCH_ON, register
from conformance.oracle import oracle_for
from conformance.persister import ScrubbingPersister
from conformance.scrub import Scrubber
from conformance.targets import MissingCredentials, Target, target_for

ROOT = Path(__file__).resolve().parent.parent

# The suite imports the generated packages straight from generated/<provider>/, so it
# tests exactly the committed tree (no stale installed copy can stand in for it).
# CONFORMANCE_GENERATED_ROOT points the suite at another tree (the wire-mutation tests use a broken copy).
GENERATED = Path(os.environ.get("CONFORMANCE_GENERATED_ROOT") or ROOT / "generated")
for package_root in sorted(GENERATED.glob("[!.]*")):
    if package_root.is_dir() and str(package_root) not in sys.path:
        sys.path.insert(0, str(package_root))


RECORD_DIR = Path(os.environ.get("CONFORMANCE_RECORD_DIR", ROOT / "reports" / "recordings"))


def pytest_recording_configure(config: pytest.Config, vcr: Any) -> None:
    register(vcr)
    vcr.register_persister(ScrubbingPersister)


def provider_of(path: Path) -> str:
    """conformance/<provider>/test_x.py -> provider."""
    return Path(path).resolve().relative_to(ROOT / "conformance").parts[0]


@pytest.fixture(scope="module")
def vcr_cassette_dir(request: pytest.FixtureRequest, record_mode: str) -> str:
    """Replay reads conformance/<provider>/cassettes/<module>/; a recording writes to a staging dir.

    Recordings never land on the committed cassettes directly: ``python -m conformance.promote``
    compares them first, so a synthesized cassette is never overwritten silently.
    """
    module = Path(request.node.fspath)
    if record_mode != "none":
        return str(RECORD_DIR / provider_of(module) / module.stem)
    if os.environ.get("CONFORMANCE_REPLAY_DIR"):  # replay a staging dir of recordings instead
        return str(Path(os.environ["CONFORMANCE_REPLAY_DIR"]) / provider_of(module) / module.stem)
    return str(module.parent / "cassettes" / module.stem)


@pytest.fixture(scope="session")
def recording(record_mode: str) -> bool:
    return record_mode != "none"


def make_target(
    provider: str,
    package: str,
    replay: dict[str, str],
    replay_base_url: str | None,
    recording: bool,
    extras: dict[str, str] | None = None,
) -> Target:
    """The provider's target for this run; a recording without credentials stops the run, clearly."""
    try:
        target = target_for(provider, package, replay, replay_base_url, recording, extras)
    except MissingCredentials as err:
        pytest.exit(str(err), returncode=2)
    if target.recording:
        ScrubbingPersister.configure(Scrubber(target.replacements), target.base_url or "")
    return target


@pytest.fixture(scope="module")
def vcr_config() -> dict[str, Any]:
    return {
        "match_on": MATCH_ON,
        "allow_playback_repeats": False,
        "decode_compressed_response": True,
    }


@pytest.fixture(autouse=True)
def _fresh_sandbox(recording: bool) -> None:
    """Recording against the local sandbox: every scenario starts from the sandbox's fixtures."""
    url = os.environ.get("CONFORMANCE_SANDBOX_URL")
    if recording and url:
        httpx.post(f"{url}/_sandbox/reset", timeout=10).raise_for_status()


@pytest.fixture(autouse=True)
def _cassette_checks(request: pytest.FixtureRequest, vcr: Any, record_mode: str) -> Iterator[None]:
    """After each test: every interaction was played, and every response agrees with the spec."""
    yield
    if vcr is None:
        return
    if record_mode == "none" and not vcr.all_played:
        unplayed = [f"{r.method} {r.uri}" for i, r in enumerate(vcr.requests) if not vcr.play_counts[i]]
        pytest.fail(f"cassette {vcr._path} has interactions the test never made: {unplayed}")
    provider = provider_of(Path(request.node.fspath))
    oracle = oracle_for(provider)
    cassette = (
        str(Path(vcr._path).relative_to(ROOT)) if Path(vcr._path).is_relative_to(ROOT) else str(vcr._path)
    )
    operations, drifts = [], []
    for req, resp in zip(vcr.requests, vcr.responses, strict=True):
        operation, found = oracle.check(req, resp, cassette)
        operations.append(operation)
        drifts += found
    request.node.user_properties.append(("provider", provider))
    request.node.user_properties.append(("operations", ",".join(dict.fromkeys(operations))))
    request.node.user_properties.append(("cassette", cassette))
    request.node.user_properties.append(("drift", json.dumps([d.__dict__ for d in drifts])))
    if drifts:
        pytest.fail("drift from the documented spec:\n  " + "\n  ".join(map(str, drifts)), pytrace=False)
