"""Every committed cassette: no credential in it, and an honest provenance.

The scan looks for what a leaked credential looks like (bearer tokens, TryVox
and Bolna keys, real-looking Vobiz account ids, JWTs, credential headers with
real values) and for the value of any credential variable set in the
environment right now, so a nightly run with real secrets checks for exactly
those.
"""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
import yaml

from codegen.yamlload import load_cached
from conformance.scrub import Scrubber
from conformance.secret_scan import findings, scan_cassette

ROOT = Path(__file__).resolve().parent.parent
CASSETTES = sorted(ROOT.glob("conformance/*/cassettes/**/*.yaml"))
# Synthesized from the vendor's pages (an example, a stated rule, or our inference from them).
SYNTHESIZED = {"documented-example", "documented-semantics", "inferred"}


def test_there_are_cassettes_to_check() -> None:
    assert len(CASSETTES) >= 20


def test_no_committed_cassette_holds_a_credential() -> None:
    assert findings(CASSETTES) == {}


@pytest.mark.parametrize(
    "planted",
    [
        "Authorization: Bearer sk9f8e7d6c5b4a39281",
        # Assembled here, so that no line of the repository looks like a live key or a JWT.
        "key: " + "tvx_sk_" + "live_4f8a9c2e1b7d",
        "key: bn-0a1b2c3d4e5f60718293",
        "account_id: MA_BN2MZ1VV",
        "uri: https://api.twilio.com/2010-04-01/Accounts/" + "AC" + "3f9e" * 8 + "/IncomingPhoneNumbers.json",
        "token: " + ".".join(["eyJhbGciOiJIUzI1NiJ9", "eyJzdWIiOiIxMjM0NSJ9", "c2lnbmF0dXJl"]),
    ],
)
def test_a_planted_credential_is_found(planted: str) -> None:
    text = CASSETTES[0].read_text() + f"\n# {planted}\n"
    assert scan_cassette(text) != []


def test_a_twilio_account_sid_is_scrubbed_to_the_docs_placeholder() -> None:
    real = "AC" + "3f9e" * 8
    scrubbed = Scrubber().text(f"/2010-04-01/Accounts/{real}/IncomingPhoneNumbers/PN{'b' * 32}.json")
    assert scrubbed == f"/2010-04-01/Accounts/AC{'a' * 32}/IncomingPhoneNumbers/PN{'b' * 32}.json"
    assert scan_cassette(CASSETTES[0].read_text() + f"\n# {scrubbed}\n") == []


def test_a_credential_header_with_a_real_value_is_found() -> None:
    data = load_cached(CASSETTES[0])
    data["interactions"][0]["request"]["headers"]["X-Auth-Token"] = ["d41d8cd98f00b204"]
    assert any("X-Auth-Token" in hit for hit in scan_cassette(yaml.safe_dump(data)))


def test_the_value_of_a_credential_variable_is_found(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VOBIZ_AUTH_TOKEN", "plainly-not-a-pattern")
    assert scan_cassette("body: plainly-not-a-pattern\n") == ["value of $VOBIZ_AUTH_TOKEN"]


def test_a_credential_variable_holding_the_docs_placeholder_is_no_finding(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The local sandbox's Vobiz account id is the docs' own placeholder, which every cassette holds.
    monkeypatch.setenv("VOBIZ_AUTH_ID", "MA_XXXXXXXX")
    assert scan_cassette("uri: https://api.vobiz.ai/api/v1/Account/MA_XXXXXXXX/numbers\n") == []


@pytest.mark.parametrize("path", CASSETTES, ids=lambda p: str(p.relative_to(ROOT / "conformance")))
def test_provenance_says_where_the_cassette_came_from(path: Path) -> None:
    provenance = load_cached(path).get("provenance")
    assert isinstance(provenance, dict), "no provenance block"
    # a recording against the local sandbox describes the emulator, never the vendor: not committed
    assert not provenance.get("against_sandbox"), "recorded against the local sandbox (never promoted)"
    if provenance["source"] == "recorded":
        assert provenance["recorded_against"] and provenance["recorded_at"]
        datetime.datetime.strptime(provenance["recorded_at"], "%Y-%m-%dT%H:%M:%SZ")
    else:
        assert provenance["source"] in SYNTHESIZED
        assert provenance["pages"], "a synthesized cassette names the pages it came from"
        assert all(page.startswith("https://") for page in provenance["pages"])
        assert provenance.get("recorded") in (None, False)
