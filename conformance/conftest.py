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
"""

from __future__ import annotations

import copy
import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from vcr.request import Request as VcrRequest

from conformance.matchers import MATCH_ON, register
from conformance.oracle import oracle_for
from conformance.persister import ScrubbingPersister
from conformance.scrub import Scrubber
from conformance.targets import MissingCredentials, Target, credential_fields, target_for

ROOT = Path(__file__).resolve().parent.parent

# The generated packages are installed editable in .venv (uv workspace members), so the suite
# imports exactly the tree in generated/. CONFORMANCE_GENERATED_ROOT points it at another tree
# instead (the wire-mutation tests use a broken copy), ahead of the installed one.
GENERATED = Path(os.environ.get("CONFORMANCE_GENERATED_ROOT") or ROOT / "generated")
if "CONFORMANCE_GENERATED_ROOT" in os.environ:
    for package_root in sorted(GENERATED.glob("[!.]*")):
        if package_root.is_dir() and str(package_root) not in sys.path:
            sys.path.insert(0, str(package_root))


RECORD_DIR = Path(os.environ.get("CONFORMANCE_RECORD_DIR", ROOT / "reports" / "recordings"))

# Not replays (see the docstring): collected only when named, e.g. `pytest conformance/recording`.
collect_ignore = ["recording", "mutations"]


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


def _not_a_sandbox_control(request: Any) -> Any:
    """The sandbox's own controls (/_sandbox/...) are never part of a recording."""
    url = os.environ.get("CONFORMANCE_SANDBOX_URL")
    if url and request.uri.startswith(f"{url.rstrip('/')}/_sandbox"):
        return None
    return request


@pytest.fixture(scope="module")
def vcr_config() -> dict[str, Any]:
    return {
        "match_on": MATCH_ON,
        "allow_playback_repeats": False,
        "decode_compressed_response": True,
        "before_record_request": _not_a_sandbox_control,
    }


SANDBOX_MARKER_KEYS = ("state", "fault", "credentials")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "sandbox(state=None, fault=None, credentials=None): the scenario's start state when it is recorded "
        "against the local sandbox (CONFORMANCE_SANDBOX_URL); ignored on replay and against a vendor. "
        "state: fixture overrides (a mapping, merged) or a function from the provider's fixture to the "
        "variant to seed; fault: armed for the provider (sandbox/faults.py syntax); credentials: "
        '"invalid", or {field: value}, handed to the test instead of the sandbox\'s own.',
    )


def merged(base: Any, overrides: Any) -> Any:
    """``overrides`` over ``base``: mappings merge key by key, anything else replaces."""
    if isinstance(base, dict) and isinstance(overrides, dict):
        return {**base, **{key: merged(base.get(key), value) for key, value in overrides.items()}}
    return copy.deepcopy(overrides)


def _sandbox_credentials(provider: str, wanted: Any) -> dict[str, str]:
    """The marker's credentials as ``<PROVIDER>_<FIELD>`` variables (conformance/targets.py's names)."""
    fields = credential_fields(f"{provider}_client")
    if wanted == "invalid":  # a value no sandbox account has, one per field
        wanted = {name: f"invalid-{name.replace('_', '-')}-for-the-sandbox" for name in fields}
    if not isinstance(wanted, dict) or not set(wanted) <= set(fields):
        raise pytest.UsageError(
            f"sandbox(credentials=...): 'invalid' or a mapping over {fields}, got {wanted!r}"
        )
    return {f"{provider.upper()}_{name.upper()}": str(value) for name, value in wanted.items()}


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

    Reseed the scenario's provider (which disarms its faults) with the fixture the sandbox was
    started with, changed by the scenario's ``@pytest.mark.sandbox(state=...)`` if any; arm its
    ``fault``; hand it its ``credentials``. Only that provider is touched, so the four providers
    can record against one sandbox at once. On replay, and against a vendor, nothing happens:
    the cassette (or the vendor's account) is the start state.
    """
    marker = request.node.get_closest_marker("sandbox")
    declared = dict(marker.kwargs) if marker else {}
    if marker and (marker.args or set(declared) - set(SANDBOX_MARKER_KEYS)):  # checked on replay too
        raise pytest.UsageError(f"sandbox marker takes only {', '.join(SANDBOX_MARKER_KEYS)} (keywords)")
    admin = _sandbox_admin
    if admin is None:
        return
    provider = provider_of(Path(request.node.fspath))
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
        pytest.fail(f"the sandbox refused this scenario's start state: {reseeded.text}", pytrace=False)
    if declared.get("fault"):
        armed = admin.post("/_sandbox/faults", json={"fault": declared["fault"], "provider": provider})
        if armed.status_code != 201:
            pytest.fail(f"the sandbox refused this scenario's fault: {armed.text}", pytrace=False)
    if declared.get("credentials") is not None:
        for name, value in _sandbox_credentials(provider, declared["credentials"]).items():
            monkeypatch.setenv(name, value)


def _as_written(request: Any, response: dict[str, Any]) -> tuple[Any, dict[str, Any]]:
    """A recorded exchange as the cassette will hold it (scrubbed, the target's URL made the replay one)."""
    scrubber = ScrubbingPersister.scrubber
    written = scrubber.request({**request._to_dict(), "body": request.body})
    return VcrRequest._from_dict(written), scrubber.response(response)


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
        if record_mode != "none":  # judge what is written: a sandbox's /<provider> mount is not the path
            req, resp = _as_written(req, resp)
        operation, found = oracle.check(req, resp, cassette)
        operations.append(operation)
        drifts += found
    request.node.user_properties.append(("provider", provider))
    request.node.user_properties.append(("operations", ",".join(dict.fromkeys(operations))))
    request.node.user_properties.append(("cassette", cassette))
    request.node.user_properties.append(("drift", json.dumps([d.__dict__ for d in drifts])))
    if drifts:
        pytest.fail("drift from the documented spec:\n  " + "\n  ".join(map(str, drifts)), pytrace=False)
