"""Fixtures, reset and spec coverage: the parts that keep the sandbox honest as specs change."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml

from sandbox.app import PROVIDERS, Sandbox
from sandbox.state import load_fixture
from sandbox.testing import RunningSandbox


@pytest.mark.parametrize("provider", list(PROVIDERS))
def test_every_operation_of_the_spec_has_semantics(provider: str) -> None:
    """A spec that gains an operation fails here (the sandbox would answer it 501) until it is emulated."""
    sandbox = Sandbox(providers=[provider])
    assert provider in sandbox.providers, sandbox.skipped
    assert sandbox.providers[provider].unimplemented() == []


def test_the_index_names_base_urls_and_credentials(raw: httpx.Client, sandbox: RunningSandbox) -> None:
    index = raw.get("/_sandbox").json()
    assert set(index["providers"]) == set(PROVIDERS)
    assert index["providers"]["vobiz"] == {
        "base_url": sandbox.url + "/vobiz",
        "credentials": {"auth_id": "MA_XXXXXXXX", "auth_token": "sandbox-vobiz-token"},
        "extras": {},
        "unimplemented_operations": [],
    }
    assert index["skipped"] == {}


def test_reset_with_a_fixture_reseeds_one_provider(raw: httpx.Client, sandbox: RunningSandbox) -> None:
    fixture = load_fixture("vobiz")
    fixture["accounts"][0]["numbers"] = fixture["accounts"][0]["numbers"][:1]
    sandbox.reset("vobiz", fixture)
    assert len(sandbox.state("vobiz")["MA_XXXXXXXX"]["numbers"]) == 1
    sandbox.reset("vobiz")  # back to that fixture, not to the file
    assert len(sandbox.state("vobiz")["MA_XXXXXXXX"]["numbers"]) == 1
    sandbox.reset("vobiz", load_fixture("vobiz"))
    assert len(sandbox.state("vobiz")["MA_XXXXXXXX"]["numbers"]) == 3


def test_the_fixture_a_provider_started_with_outlives_a_reseed(
    raw: httpx.Client, sandbox: RunningSandbox
) -> None:
    """GET /_sandbox/fixtures/<provider>: the starting point for a variant, whatever was seeded since."""
    started = sandbox.fixture("vobiz")
    assert started == load_fixture("vobiz")
    variant = copy.deepcopy(started)
    variant["accounts"][0]["numbers"] = []
    sandbox.reset("vobiz", variant)
    assert sandbox.fixture("vobiz") == started
    sandbox.reset("vobiz", started)
    assert len(sandbox.state("vobiz")["MA_XXXXXXXX"]["numbers"]) == 3
    assert raw.get("/_sandbox/fixtures/nope").status_code == 404


@pytest.mark.parametrize(
    ("provider", "break_it", "problem"),
    [
        ("vobiz", lambda f: f["accounts"][0]["numbers"][0].update(e164="912271264217"), "is not E.164"),
        ("vobiz", lambda f: f["accounts"][0]["numbers"][0].update(trunk_group_id="nope"), "no trunk"),
        ("vobiz", lambda f: f["client"]["credentials"].update(auth_token="x"), "client.credentials"),
        (
            "tryvox",
            lambda f: f["accounts"][0]["numbers"][0].update(application_id="app_xyz789"),
            "trunk and an application",
        ),
        (
            "mihu",
            lambda f: f["numbers"][0]["trunks"].update(sms={"agent_uuid": "x"}),
            "unknown channel or agent",
        ),
        ("bolna", lambda f: f["accounts"][0]["numbers"][0].pop("byot_trunk_id"), "missing 'byot_trunk_id'"),
        ("twilio", lambda f: f["accounts"][0]["numbers"][0].update(sid="PN123"), "is not a PN... SID"),
        (
            "twilio",
            lambda f: f["accounts"][0]["numbers"][0].update(trunk_sid="TK" + "c" * 32),  # the other account's
            "is not a trunk of this account",
        ),
        (
            "twilio",
            lambda f: f["accounts"][0]["numbers"][1].update(phone_number="8089255327"),
            "is not E.164",
        ),
        ("twilio", lambda f: f["client"]["credentials"].update(auth_token="x"), "client.credentials"),
    ],
)
def test_a_bad_fixture_is_refused_with_its_place_and_changes_nothing(
    raw: httpx.Client,
    sandbox: RunningSandbox,
    provider: str,
    break_it: Callable[[dict[str, Any]], object],
    problem: str,
) -> None:
    before = sandbox.state(provider)
    fixture = copy.deepcopy(load_fixture(provider))
    break_it(fixture)
    response = raw.post("/_sandbox/reset", params={"provider": provider}, json=fixture)
    assert response.status_code == 400
    assert problem in response.json()["sandbox_error"]
    assert sandbox.state(provider) == before


def test_a_fixture_directory_replaces_the_defaults(tmp_path: Path) -> None:
    fixture = load_fixture("bolna")
    fixture["accounts"][0]["trunks"].append({"id": "MY_TRUNK", "name": "mine"})
    (tmp_path / "bolna.yaml").write_text(yaml.safe_dump(fixture), encoding="utf-8")
    sandbox = Sandbox(fixtures_dir=tmp_path, providers=["bolna"])
    assert "MY_TRUNK" in {t["id"] for t in sandbox.providers["bolna"].snapshot()["trunks"]}
    with pytest.raises(ValueError, match=r"vobiz\.yaml"):
        Sandbox(fixtures_dir=tmp_path, providers=["vobiz"])


def test_reset_refuses_nonsense(raw: httpx.Client) -> None:
    assert raw.post("/_sandbox/reset", params={"provider": "nope"}).status_code == 404
    assert raw.post("/_sandbox/reset", json={"accounts": []}).status_code == 400  # a fixture needs ?provider=
    assert raw.get("/_sandbox/state/nope").status_code == 404
