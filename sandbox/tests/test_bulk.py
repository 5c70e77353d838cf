"""The bulk helper (vobiz_client.bulk, rendered from codegen/templates/bulk.py.jinja) moving numbers in the sandbox.

The docs/client.md recipe (unassign, then assign to the new trunk) runs over 40 numbers with faults
injected per request (X-Sandbox-Fault, count=: sandbox/faults.py): 429s the client's retries get
through, 429s they do not, 503s on the DELETE (retried: idempotent) and on the POST (not retried: it
may have been processed). Every number must then be where its result says: done on the new trunk,
a failed unassign still on the old one, a failed assign on none. A second run with the same results
file calls only the failed ones and finishes the job. Both transports: httpx's and aiohttp's.
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import json
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from sandbox.testing import RunningSandbox

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "generated" / "vobiz"))

from vobiz_client import AsyncVobiz, DefaultAioHttpClient, NotFoundError
from vobiz_client.bulk import load_results, run_bulk

TRUNK_A = "aabbccdd-1234-5678-90ab-cdef12345678"
TRUNK_B = "e3e55a78-1234-5678-90ab-cdef12345678"
NUMBERS = [f"+9180{i:08d}" for i in range(40)]


def _fault(method: str, index: int) -> str | None:
    """The fault injected into ``method`` requests for NUMBERS[index], if any."""
    if method == "POST" and index % 5 == 0:
        return "429;retry-after=0.3;count=1"  # the client's retry gets it through
    if method == "POST" and index % 7 == 1:
        return "503;count=1"  # a POST is not resent after a 5xx: the item fails at the assign
    if method == "DELETE" and index % 11 == 2:
        return "503;count=2"  # a DELETE is resent: done
    if method == "DELETE" and index == 3:
        return "429;retry-after=0.1;count=5"  # more than max_retries=2: fails at the unassign
    return None


def _on_trunk(sandbox: RunningSandbox) -> dict[str, str | None]:
    numbers = sandbox.state("vobiz")["MA_XXXXXXXX"]["numbers"]
    return {n["e164"]: n.get("trunk_group_id") for n in numbers}


@pytest.fixture
def forty(sandbox: RunningSandbox) -> Iterator[RunningSandbox]:
    """The Vobiz account with NUMBERS, all on trunk A; the started fixture again afterwards (a reseed sticks)."""
    started = sandbox.fixture("vobiz")
    fixture = copy.deepcopy(started)
    account = next(a for a in fixture["accounts"] if a["auth_id"] == "MA_XXXXXXXX")
    account["numbers"] = [
        {"id": str(uuid.UUID(int=i + 1)), "e164": e164, "trunk_group_id": TRUNK_A}
        for i, e164 in enumerate(NUMBERS)
    ]
    sandbox.reset("vobiz", fixture)
    yield sandbox
    sandbox.reset("vobiz", started)


@pytest.mark.parametrize("transport", ["httpx", "aiohttp"])
def test_bulk_move_ends_where_the_results_say(forty: RunningSandbox, tmp_path: Path, transport: str) -> None:
    results = tmp_path / "results.jsonl"
    sent: list[tuple[float, str, str]] = []  # (time, method, number) of every request sent
    answered_429: list[float] = []

    async def inject(request: httpx.Request) -> None:
        number = "+" + request.url.raw_path.decode().split("%2B", 1)[1].split("/", 1)[0]
        sent.append((time.monotonic(), request.method, number))
        fault = _fault(request.method, NUMBERS.index(number))
        if fault:
            request.headers["X-Sandbox-Fault"] = fault

    async def seen(response: httpx.Response) -> None:
        if response.status_code == 429:
            answered_429.append(time.monotonic())

    async def job(faults: bool) -> tuple[list[Any], list[str]]:
        http = DefaultAioHttpClient() if transport == "aiohttp" else None
        called: list[str] = []
        credentials = forty.credentials("vobiz")
        async with AsyncVobiz(
            base_url=forty.base_url("vobiz"),
            auth_id=credentials["auth_id"],
            auth_token=credentials["auth_token"],
            http_client=http,
        ) as client:
            hooks = client.low_level.get_async_httpx_client().event_hooks
            if faults:
                hooks["request"].append(inject)
                hooks["response"].append(seen)

            async def move(number: str) -> None:  # the docs/client.md recipe
                called.append(number)
                with contextlib.suppress(NotFoundError):  # on no trunk: a resumed job whose assign had failed
                    await client.phone_numbers.unassign_number_from_trunk(number)
                await client.phone_numbers.assign_number_to_trunk(number, trunk_group_id=TRUNK_B)

            out = await run_bulk(NUMBERS, move, concurrency=8, client=client, results=results, progress=False)
        return out, called

    first, called = asyncio.run(job(faults=True))
    assert sorted(r.item for r in first) == sorted(NUMBERS) and sorted(called) == sorted(NUMBERS)
    where = _on_trunk(forty)
    failed = {r.item: r for r in first if not r.ok}
    assert set(failed) == {n for i, n in enumerate(NUMBERS) if i == 3 or (i % 7 == 1 and i % 5 != 0)}
    for result in first:
        if result.ok:
            assert where[result.item] == TRUNK_B, result.item
        elif result.error.operation == "unassign_number_from_trunk":
            assert type(result.error).__name__ == "RateLimitedError"
            assert where[result.item] == TRUNK_A, result.item
        else:
            assert type(result.error).__name__ == "ServerError"
            assert where[result.item] is None, result.item
    # The results file says the same, one line per number.
    lines = [json.loads(line) for line in results.read_text().splitlines()]
    assert len(lines) == len(NUMBERS)
    assert {line["item"]: line["status"] for line in lines} == {
        r.item: "done" if r.ok else "failed" for r in first
    }
    assert all(line["status_code"] in (429, 503) for line in lines if line["status"] == "failed")

    # A 429 paused the whole job: after each one, no request was sent until its Retry-After (>= 0.1 s) had passed.
    assert answered_429
    for at in answered_429:
        assert not [s for s in sent if at + 0.02 < s[0] < at + 0.08], "a request went out during the pause"

    # Resumed from the results file: only the failed numbers are called again, and the job is done.
    second, called_again = asyncio.run(job(faults=False))
    assert sorted(called_again) == sorted(failed)
    assert sum(r.resumed for r in second) == len(NUMBERS) - len(failed) and all(r.ok for r in second)
    where = _on_trunk(forty)
    assert all(where[n] == TRUNK_B for n in NUMBERS)
    assert all(line["status"] == "done" for line in load_results(results).values())


def test_a_cut_off_last_line_is_tried_again_and_a_bad_line_stops_the_job(tmp_path: Path) -> None:
    results = tmp_path / "results.jsonl"
    results.write_text('{"item": "+1", "status": "done"}\n{"item": "+2", "sta')
    assert load_results(results) == {"+1": {"item": "+1", "status": "done"}}
    results.write_text('not json\n{"item": "+1", "status": "done"}\n')
    with pytest.raises(ValueError, match=r"results.jsonl:1 is not a results line"):
        load_results(results)
