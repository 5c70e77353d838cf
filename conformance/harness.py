"""The conformance harness: what conformance/conftest.py's fixtures and the provider conftests do.

A conftest is pytest's to load and to read for hooks and fixtures, not a library: a helper a
provider's conftest imports from another conftest depends on how pytest happens to name and load
that file, and a reader of a conftest cannot tell a helper from a hook. So the logic lives here,
in a plain module; conformance/conftest.py only registers the hooks and fixtures that call it,
and each ``conformance/<provider>/conftest.py`` imports ``make_target`` and ``client_fixtures``
from here.

- where a test's cassettes are (:func:`cassette_dir`), and what a recording may write
  (:func:`not_a_sandbox_control`);
- the run's target for a provider (:func:`make_target`);
- a scenario's declared start state in the local sandbox (:func:`start_scenario`);
- the after-test checks: every interaction played, every response as documented (:func:`check_cassette`).
"""

from __future__ import annotations

import copy
import json
import os
import sys
from collections.abc import Mapping
from dataclasses import asdict
from pathlib import Path
from typing import Any, NoReturn, Protocol

import httpx
import pytest
from vcr.request import Request as VcrRequest

from conformance.client_fixtures import client_fixtures
from conformance.oracle import Drift, oracle_for
from conformance.persister import ScrubbingPersister
from conformance.scrub import Scrubber
from conformance.targets import MissingCredentials, Target, credential_fields, target_for

__all__ = [
    "RECORD_DIR",
    "ROOT",
    "SANDBOX_MARKER_KEYS",
    "Cassette",
    "cassette_dir",
    "check_cassette",
    "client_fixtures",
    "declared_start",
    "make_target",
    "merged",
    "not_a_sandbox_control",
    "provider_of",
    "start_scenario",
    "use_generated_root",
]

ROOT = Path(__file__).resolve().parent.parent
RECORD_DIR = Path(os.environ.get("CONFORMANCE_RECORD_DIR", ROOT / "reports" / "recordings"))
SANDBOX_MARKER_KEYS = ("state", "fault", "credentials")


class Cassette(Protocol):
    """What the checks read of pytest-recording's ``vcr`` fixture (a vcrpy Cassette)."""

    _path: str
    requests: list[VcrRequest]
    responses: list[dict[str, Any]]
    play_counts: Mapping[int, int]

    @property
    def all_played(self) -> bool: ...


def use_generated_root() -> None:
    """Import the generated packages from CONFORMANCE_GENERATED_ROOT when it is set.

    They are installed editable in .venv (uv workspace members), so the suite imports exactly the
    tree in generated/; the wire-mutation tests point it at a broken copy instead, put here
    ahead of the installed one before any scenario is imported.
    """
    root = os.environ.get("CONFORMANCE_GENERATED_ROOT")
    if not root:
        return
    for package_root in sorted(Path(root).glob("[!.]*")):
        if package_root.is_dir() and str(package_root) not in sys.path:
            sys.path.insert(0, str(package_root))


def provider_of(path: Path) -> str:
    """conformance/<provider>/test_x.py -> provider."""
    return Path(path).resolve().relative_to(ROOT / "conformance").parts[0]


def cassette_dir(module: Path, record_mode: str) -> Path:
    """Replay reads conformance/<provider>/cassettes/<module>/; a recording writes to a staging dir.

    Recordings never land on the committed cassettes directly: ``python -m conformance.promote``
    compares them first, so a synthesized cassette is never overwritten silently.
    """
    if record_mode != "none":
        return RECORD_DIR / provider_of(module) / module.stem
    if os.environ.get("CONFORMANCE_REPLAY_DIR"):  # replay a staging dir of recordings instead
        return Path(os.environ["CONFORMANCE_REPLAY_DIR"]) / provider_of(module) / module.stem
    return module.parent / "cassettes" / module.stem


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


def not_a_sandbox_control(request: VcrRequest) -> VcrRequest | None:
    """The sandbox's own controls (/_sandbox/...) are never part of a recording (vcrpy's before_record_request)."""
    url = os.environ.get("CONFORMANCE_SANDBOX_URL")
    if url and request.uri.startswith(f"{url.rstrip('/')}/_sandbox"):
        return None
    return request


def merged(base: Any, overrides: Any) -> Any:
    """``overrides`` over ``base``: mappings merge key by key, anything else replaces."""
    if isinstance(base, dict) and isinstance(overrides, dict):
        return {**base, **{key: merged(base.get(key), value) for key, value in overrides.items()}}
    return copy.deepcopy(overrides)


def _sandbox_credentials(provider: str, wanted: object) -> dict[str, str]:
    """The marker's credentials as ``<PROVIDER>_<FIELD>`` variables (conformance/targets.py's names)."""
    fields = credential_fields(f"{provider}_client")
    if wanted == "invalid":  # a value no sandbox account has, one per field
        wanted = {name: f"invalid-{name.replace('_', '-')}-for-the-sandbox" for name in fields}
    if not isinstance(wanted, dict) or not set(wanted) <= set(fields):
        raise pytest.UsageError(
            f"sandbox(credentials=...): 'invalid' or a mapping over {fields}, got {wanted!r}"
        )
    return {f"{provider.upper()}_{name.upper()}": str(value) for name, value in wanted.items()}


def declared_start(marker: pytest.Mark | None) -> dict[str, Any]:
    """The ``@pytest.mark.sandbox(...)`` keywords, checked on every run (replay too)."""
    declared = dict(marker.kwargs) if marker else {}
    if marker and (marker.args or set(declared) - set(SANDBOX_MARKER_KEYS)):
        raise pytest.UsageError(f"sandbox marker takes only {', '.join(SANDBOX_MARKER_KEYS)} (keywords)")
    return declared


def _refused(what: str, response: httpx.Response) -> NoReturn:
    pytest.fail(f"the sandbox refused this scenario's {what}: {response.text}", pytrace=False)


def start_scenario(
    admin: httpx.Client, provider: str, declared: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Give the local sandbox the start state a scenario declares, before it records.

    Reseed the scenario's provider (which disarms its faults) with the fixture the sandbox was
    started with, changed by the declared ``state`` if any; arm its ``fault``; hand the test its
    ``credentials``. Only that provider is touched, so the providers can record against one
    sandbox at once.
    """
    fetched = admin.get(f"/_sandbox/fixtures/{provider}")
    if fetched.status_code == 404:  # not a provider's scenario (the suite's own tests)
        return
    fetched.raise_for_status()
    fixture = fetched.json()
    state = declared.get("state")
    if callable(state):
        fixture = state(copy.deepcopy(fixture))
    elif state is not None:
        fixture = merged(fixture, state)
    reseeded = admin.post("/_sandbox/reset", params={"provider": provider}, json=fixture)
    if reseeded.status_code != 200:
        _refused("start state", reseeded)
    if declared.get("fault"):
        armed = admin.post("/_sandbox/faults", json={"fault": declared["fault"], "provider": provider})
        if armed.status_code != 201:
            _refused("fault", armed)
    if declared.get("credentials") is not None:
        for name, value in _sandbox_credentials(provider, declared["credentials"]).items():
            monkeypatch.setenv(name, value)


def _as_written(request: VcrRequest, response: dict[str, Any]) -> tuple[VcrRequest, dict[str, Any]]:
    """A recorded exchange as the cassette will hold it (scrubbed, the target's URL made the replay one)."""
    scrubber = ScrubbingPersister.scrubber
    written = scrubber.request({**request._to_dict(), "body": request.body})
    return VcrRequest._from_dict(written), scrubber.response(response)


def check_cassette(
    cassette: Cassette, provider: str, record_mode: str, properties: list[tuple[str, object]]
) -> None:
    """After a test: every interaction was played, and every response agrees with the spec.

    Fails the test otherwise. What the report reads (conformance/report.py) goes into
    ``properties`` (the test's junit user properties) first, drift included.
    """
    if record_mode == "none" and not cassette.all_played:
        unplayed = [
            f"{r.method} {r.uri}" for i, r in enumerate(cassette.requests) if not cassette.play_counts[i]
        ]
        pytest.fail(f"cassette {cassette._path} has interactions the test never made: {unplayed}")
    oracle = oracle_for(provider)
    path = Path(cassette._path)
    shown = str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)
    operations: list[str] = []
    drifts: list[Drift] = []
    for req, resp in zip(cassette.requests, cassette.responses, strict=True):
        if record_mode != "none":  # judge what is written: a sandbox's /<provider> mount is not the path
            req, resp = _as_written(req, resp)
        operation, found = oracle.check(req, resp, shown)
        operations.append(operation)
        drifts += found
    properties += [
        ("provider", provider),
        ("operations", ",".join(dict.fromkeys(operations))),
        ("cassette", shown),
        ("drift", json.dumps([asdict(d) for d in drifts])),
    ]
    if drifts:
        pytest.fail("drift from the documented spec:\n  " + "\n  ".join(map(str, drifts)), pytrace=False)
