"""Every provider's scenarios recorded against the local sandbox: they pass, leak nothing, and replay.

The sandbox is the target CI can always reach (issue 6, "Record against it in CI"):
``conformance.sandbox_run.record_against_sandbox`` starts it, records all four providers
into a tmp dir (each scenario from the start state its ``@pytest.mark.sandbox`` declares),
and this test then scans what was written, replays it with the network blocked, and lists
where the recordings disagree with the committed synthesized cassettes. That list is how
the emulator and the vendors' documented examples keep each other honest; it is reported
(reports/sandbox-disagreements.md, and a ``sandbox_disagreements`` property in the JUnit XML
of ``make recording-test``), not failed on. The recordings stay in the tmp dir: they are never promoted.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from codegen.yamlload import load_cached
from conformance import promote as promote_module
from conformance.sandbox_run import PROVIDERS, disagreements, record_against_sandbox
from conformance.secret_scan import PLACEHOLDER_VALUE, findings
from sandbox.state import load_fixture

ROOT = Path(__file__).resolve().parents[2]
REPORT = ROOT / "reports" / "sandbox-disagreements.md"


def sandbox_secrets() -> dict[str, str]:
    """Every fake credential the sandbox fixtures hold, as <PROVIDER>_<FIELD>-style names for the scan."""
    secrets: dict[str, str] = {}
    for provider in PROVIDERS:
        fixture = load_fixture(provider)
        for name, value in (fixture["client"]["credentials"] or {}).items():
            secrets[f"{provider.upper()}_{name.upper()}"] = str(value)
        keys = [key for account in fixture.get("accounts") or [] for key in account.get("api_keys") or []]
        keys += [
            account["auth_token"] for account in fixture.get("accounts") or [] if "auth_token" in account
        ]
        keys += [token["token"] for token in fixture.get("tokens") or []]
        secrets |= {f"{provider.upper()}_KEY_{i}": key for i, key in enumerate(keys)}
    return secrets


def markdown(found: dict[str, dict[str, list[str]]], seconds: dict[str, float]) -> str:
    lines = [
        "# Sandbox recordings vs the committed synthesized cassettes",
        "",
        "Written by conformance/recording/test_record_against_sandbox.py (`make recording-test`): every",
        "provider's scenarios recorded against the local sandbox (never promoted), compared with the",
        "committed cassettes by conformance.promote.compare (statuses, exchange counts and JSON field sets).",
        "Each entry is a scenario where the emulator and the documented examples disagree: one of them is",
        "wrong, or the docs leave it open.",
        "",
        "Timings: " + ", ".join(f"{step} {value:.1f} s" for step, value in seconds.items()),
        "",
    ]
    for provider in PROVIDERS:
        lines.append(f"## {provider}: {len(found[provider])} scenario(s) disagree")
        lines.append("")
        for name, differences in found[provider].items():
            lines.append(f"- `{name}`")
            lines += [f"  - {difference}" for difference in differences]
        if not found[provider]:
            lines.append("(none: every recording has the statuses and fields of its committed cassette)")
        lines.append("")
    return "\n".join(lines)


def test_recorded_against_the_sandbox_passes_leaks_nothing_and_replays(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
) -> None:
    seconds: dict[str, float] = {}
    started = time.monotonic()
    runs = record_against_sandbox(PROVIDERS, tmp_path)
    seconds["recording"] = time.monotonic() - started
    for run in runs:
        assert run.returncode == 0, f"{run.provider} failed against the sandbox:\n{run.output[-4000:]}"

    written = sorted(tmp_path.rglob("*.yaml"))
    assert {path.relative_to(tmp_path).parts[0] for path in written} == set(PROVIDERS)
    for path in written:
        provenance = load_cached(path)["provenance"]
        assert provenance["source"] == "recorded"
        assert provenance["against_sandbox"] is True
        assert (
            "sandbox" in provenance["recorded_against"] and "not the vendor" in provenance["recorded_against"]
        )

    # The scan knows the fake credentials the recordings were made with (as `make record` would).
    secrets = sandbox_secrets()
    for name, value in secrets.items():
        monkeypatch.setenv(name, value)
    assert findings(written) == {}
    # Not every name above is one of the scan's CREDENTIAL_VARIABLES: look for every value directly.
    leaks = {}
    for path in written:
        text = path.read_text(encoding="utf-8")
        hits = [
            name for name, value in secrets.items() if value in text and not PLACEHOLDER_VALUE.match(value)
        ]
        if hits:
            leaks[str(path.relative_to(tmp_path))] = hits
    assert leaks == {}

    started = time.monotonic()
    replay = subprocess.run(
        [sys.executable, "-m", "pytest", *(f"conformance/{p}" for p in PROVIDERS),
         "--record-mode=none", "--block-network", "-q", "-p", "no:cacheprovider", "-p", "no:randomly"],
        cwd=ROOT, env={**os.environ, "CONFORMANCE_REPLAY_DIR": str(tmp_path)},
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    seconds["replay"] = time.monotonic() - started
    assert replay.returncode == 0, replay.stdout[-4000:] + replay.stderr[-2000:]

    # Never promoted, not even with --replace-synthesized (promote pointed at a scratch repo root,
    # so a broken refusal could not overwrite a committed cassette here).
    monkeypatch.setattr(promote_module, "ROOT", tmp_path / "scratch-repo")
    for provider in PROVIDERS:
        updated, kept = promote_module.promote(provider, tmp_path, replace_synthesized=True)
        assert updated == []
        assert set(kept) and all(reason == [promote_module.SANDBOX_REFUSAL] for reason in kept.values())
    assert not (tmp_path / "scratch-repo").exists()

    found = {provider: disagreements(provider, tmp_path) for provider in PROVIDERS}
    report = markdown(found, seconds)
    print(report)
    # user_properties, not record_property (junit xunit2 has no room for it): in reports/recording.xml
    request.node.user_properties.append(("sandbox_disagreements", json.dumps(found, sort_keys=True)))
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    REPORT.write_text(report, encoding="utf-8")


def _make_record(provider: str, out: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """``make record PROVIDER=...`` as a user runs it, with the provider's variables as given."""
    prefix = f"{provider.upper()}_"
    clean = {
        k: v for k, v in os.environ.items() if not k.startswith(prefix) and k not in ("MAKEFLAGS", "MFLAGS")
    }
    return subprocess.run(
        ["make", "--no-print-directory", "record", f"PROVIDER={provider}", f"SANDBOX_RECORDINGS={out}"],
        cwd=ROOT, env={**clean, **env}, capture_output=True, text=True, timeout=300,
    )  # fmt: skip


def test_make_record_without_a_base_url_records_against_the_sandbox(tmp_path: Path) -> None:
    committed = {p: p.read_bytes() for p in (ROOT / "conformance" / "bolna").rglob("*.yaml")}
    done = _make_record("bolna", tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "BOLNA_BASE_URL is not set: recording bolna against the local sandbox" in done.stdout
    recorded = sorted((tmp_path / "bolna").rglob("*.yaml"))
    assert recorded and all(load_cached(p)["provenance"]["against_sandbox"] is True for p in recorded)
    assert {p: p.read_bytes() for p in (ROOT / "conformance" / "bolna").rglob("*.yaml")} == committed


def test_make_record_with_a_base_url_but_no_credentials_records_nothing(tmp_path: Path) -> None:
    done = _make_record("bolna", tmp_path, BOLNA_BASE_URL="http://127.0.0.1:9")
    assert done.returncode != 0
    assert (
        "missing: BOLNA_TOKEN" in done.stdout + done.stderr
        and "Nothing was recorded" in done.stdout + done.stderr
    )
    assert not list(tmp_path.rglob("*.yaml"))  # not the sandbox either
    assert not list((ROOT / "reports" / "recordings" / "bolna").rglob("*.yaml"))
