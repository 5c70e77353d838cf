"""The conformance suite has teeth: break one wire detail in a copy of a generated client and it fails.

Each case copies generated/, changes one thing by text substitution (as a careless hand edit
would), and runs that provider's conformance suite against the copy in a subprocess. The suite
must go red. This is the "break a wire detail by hand" check, kept running.

The cases are independent (each has its own copy; the children only read the cassettes), so
the selected ones start together, one subprocess per CPU at a time, and each test waits for its own.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

MUTATIONS = {
    "vobiz body field trunk_group_id": ("vobiz", "models/assign_number_to_trunk_body.py", '"trunk_group_id": trunk_group_id', '"trunk_id": trunk_group_id'),
    "vobiz path case /Account/": ("vobiz", "api/phone_numbers/assign_number_to_trunk.py", "/api/v1/Account/", "/api/v1/account/"),
    "vobiz %2B encoding": ("vobiz", "_base_client.py", "return text.translate(_ENCODE_SUB_DELIMS)", "return text"),
    "vobiz auth header name": ("vobiz", "client.py", '"X-Auth-Token": self.auth_token', '"X-Auth-Key": self.auth_token'),
    "tryvox body field trunk_id": ("tryvox", "models/assign_trunk_request.py", '"trunk_id": trunk_id', '"trunkId": trunk_id'),
    "mihu body field agent_uuid": ("mihu", "models/assign_trunk_request.py", '"agent_uuid": agent_uuid', '"agentUuid": agent_uuid'),
    "bolna auth header": ("bolna", "client.py", '"Authorization": f"Bearer {self.token}"', '"X-Api-Key": f"Bearer {self.token}"'),
    "twilio form field PhoneNumberSid": ("twilio", "models/create_phone_number_request.py", '"PhoneNumberSid": phone_number_sid', '"PhoneNumberSID": phone_number_sid'),
    "twilio Basic user and password swapped": ("twilio", "client.py", 'f"{self.account_sid}:{self.auth_token}"', 'f"{self.auth_token}:{self.account_sid}"'),
    "twilio api server": ("twilio", "api/incoming_phone_numbers/list_incoming_phone_number.py", 'client.server_url("api", kwargs["url"])', 'kwargs["url"]'),
    "twilio next page link ignored": ("twilio", "pagination.py", "return paging.params_from_link(self._params, str(_dig(self.response, paging.next)))", "return dict(self._params)"),
    "twilio form body sent as JSON": ("twilio", "api/trunk_phone_numbers/create_phone_number.py", '_kwargs["data"] = body.to_dict()', '_kwargs["json"] = body.to_dict()'),
}  # fmt: skip


def run_mutated_suite(name: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    """Copy generated/ into ``tmp_path``, apply mutation ``name``, run its provider's suite on the copy."""
    provider, relative, old, new = MUTATIONS[name]
    copy = tmp_path / "generated"
    shutil.copytree(ROOT / "generated", copy, ignore=shutil.ignore_patterns("__pycache__", ".*"))
    package = next((copy / provider).glob("*_client"))
    target = package / relative
    text = target.read_text()
    assert old in text, f"mutation no longer applies: {old!r} not in {relative}"
    target.write_text(text.replace(old, new))

    return subprocess.run(
        [sys.executable, "-m", "pytest", f"conformance/{provider}", "--record-mode=none", "--block-network", "-q",
         "-x", "-p", "no:cacheprovider"],
        cwd=ROOT, env={**os.environ, "CONFORMANCE_GENERATED_ROOT": str(copy)}, capture_output=True, text=True,
        timeout=300,
    )  # fmt: skip


@pytest.fixture(scope="module")
def mutated_runs(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[str, Future[subprocess.CompletedProcess[str]]]]:
    """The selected mutations' suite runs, started at once on a pool of one worker per CPU."""
    selected = [
        str(item.callspec.params["name"])
        for item in request.session.items
        if isinstance(item, pytest.Function) and item.module is request.module and hasattr(item, "callspec")
    ]
    pool = ThreadPoolExecutor(max_workers=os.cpu_count() or 1)
    try:
        yield {
            name: pool.submit(run_mutated_suite, name, tmp_path_factory.mktemp("mutation"))
            for name in selected
        }
    finally:  # a run stopped early (-x, Ctrl-C) does not start the rest
        pool.shutdown(cancel_futures=True)


@pytest.mark.parametrize("name", MUTATIONS)
def test_breaking_a_wire_detail_turns_the_suite_red(
    name: str, mutated_runs: dict[str, Future[subprocess.CompletedProcess[str]]]
) -> None:
    result = mutated_runs[name].result()
    assert result.returncode == 1, f"the suite stayed green with {name}:\n{result.stdout[-2000:]}"
    assert "failed" in result.stdout
