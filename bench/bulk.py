"""Bulk: reassigning N Vobiz numbers from one trunk to another with the async client at a fixed concurrency.

A Vobiz reassignment is two calls (the assign page: a number already on a trunk must be
unassigned first): DELETE .../numbers/{n}/assign, then POST .../numbers/{n}/assign with the new
trunk. The target is the repository's stateful sandbox (sandbox/, started with
``python -m sandbox`` in its own process, with a fixture of N numbers), so every call is
checked and changes state; the same run against the instant loopback server shows what the
client alone can do. Each run is done with our async client and with raw httpx, alternately,
moving the numbers back and forth between the two trunks.
"""

from __future__ import annotations

import asyncio
import contextlib
import shutil
import subprocess
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import yaml

from .common import PY, ROOT, Row, median, stop_process
from .server import running_server

TRUNK_A = "aabbccdd-1234-5678-90ab-cdef12345678"
TRUNK_B = "e3e55a78-1234-5678-90ab-cdef12345678"
AUTH_ID, TOKEN = "MA_XXXXXXXX", "sandbox-vobiz-token"


def numbers(n: int) -> list[str]:
    return [f"+9180{i:08d}" for i in range(n)]


def _fixture_dir(scratch: Path, n: int) -> Path:
    """sandbox/fixtures with the Vobiz account holding ``n`` numbers, all on trunk A."""
    fixtures = scratch / "fixtures"
    shutil.copytree(ROOT / "sandbox" / "fixtures", fixtures)
    data = yaml.safe_load((fixtures / "vobiz.yaml").read_text())
    account = next(a for a in data["accounts"] if a["auth_id"] == AUTH_ID)
    account["numbers"] = [
        {"id": str(uuid.UUID(int=i + 1)), "e164": e164, "trunk_group_id": TRUNK_A}
        for i, e164 in enumerate(numbers(n))
    ]
    (fixtures / "vobiz.yaml").write_text(yaml.safe_dump(data, sort_keys=False))
    return fixtures


@contextlib.contextmanager
def running_sandbox_process(n: int) -> Iterator[str]:
    """The Vobiz base URL of ``python -m sandbox`` on a free loopback port, in its own process."""
    with tempfile.TemporaryDirectory(prefix="bench-sandbox-") as scratch:
        fixtures = _fixture_dir(Path(scratch), n)
        proc = subprocess.Popen(
            [PY, "-m", "sandbox", "--port", "0", "--quiet", "--fixtures", str(fixtures)],
            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        try:
            line = proc.stdout.readline() if proc.stdout else ""
            if "listening on " not in line:
                err = proc.stderr.read() if proc.stderr and proc.poll() is not None else ""
                raise RuntimeError(f"the sandbox did not start: {line!r} {err[-500:]}")
            url = line.split("listening on ", 1)[1].split()[0]
            yield f"{url}/vobiz"
        finally:
            stop_process(proc, timeout=10)


async def _drive(worker: Callable[[int, str], Awaitable[None]], items: list[str], concurrency: int) -> float:
    """Seconds to run ``worker(lane, item)`` over ``items`` with ``concurrency`` lanes pulling from one iterator."""
    it = iter(items)

    async def lane(index: int) -> None:
        for item in it:
            await worker(index, item)

    start = time.perf_counter()
    await asyncio.gather(*(lane(i) for i in range(concurrency)))
    return time.perf_counter() - start


async def _runs(base_url: str, n: int, concurrency: int, reps: int, per_lane: bool) -> dict[str, list[float]]:
    """Seconds per full reassignment of ``n`` numbers, per variant (ours/raw; shared or per-lane pools)."""
    from vobiz_client import AuthenticatedClient
    from vobiz_client.api.phone_numbers import assign_number_to_trunk, unassign_number_from_trunk
    from vobiz_client.models import AssignNumberToTrunkBody

    items = numbers(n)
    headers = {"X-Auth-ID": AUTH_ID, "X-Auth-Token": TOKEN}
    lanes = concurrency if per_lane else 1
    ours_clients = [
        AuthenticatedClient(base_url=base_url, auth_id=AUTH_ID, auth_token=TOKEN) for _ in range(lanes)
    ]
    raw_clients = [httpx.AsyncClient(base_url=base_url, headers=headers) for _ in range(lanes)]
    state = {"to": TRUNK_B}

    def ours(clients: list[Any]) -> Callable[[int, str], Awaitable[None]]:
        async def call(lane: int, e164: str) -> None:
            client = clients[lane % len(clients)]
            await unassign_number_from_trunk.asyncio(e164, client=client)
            body = AssignNumberToTrunkBody(trunk_group_id=state["to"])
            await assign_number_to_trunk.asyncio(e164, client=client, body=body)

        return call

    def raw(clients: list[httpx.AsyncClient]) -> Callable[[int, str], Awaitable[None]]:
        async def call(lane: int, e164: str) -> None:
            client = clients[lane % len(clients)]
            path = f"/api/v1/Account/{AUTH_ID}/numbers/%2B{e164[1:]}/assign"
            for response in (
                await client.delete(path),
                await client.post(path, json={"trunk_group_id": state["to"]}),
            ):
                if response.status_code >= 400:
                    raise RuntimeError(f"{response.status_code} {response.text}")

        return call

    workers = {"ours": ours(ours_clients[:1]), "raw": raw(raw_clients[:1])}
    if per_lane:
        workers |= {"ours, a client per lane": ours(ours_clients), "raw, a client per lane": raw(raw_clients)}
    out: dict[str, list[float]] = {name: [] for name in workers}
    try:
        for worker in workers.values():  # warm up: connections, imports
            await _drive(worker, items[: min(2 * concurrency, n)], concurrency)
            state["to"] = TRUNK_A if state["to"] == TRUNK_B else TRUNK_B
        for _ in range(reps):
            for name, worker in workers.items():
                out[name].append(await _drive(worker, items, concurrency))
                state["to"] = TRUNK_A if state["to"] == TRUNK_B else TRUNK_B
    finally:
        for client in ours_clients:
            await client.get_async_httpx_client().aclose()
        for raw_client in raw_clients:
            await raw_client.aclose()
    return out


def bulk(n: int, concurrency: int, reps: int, per_lane: bool = True) -> dict[str, Any]:
    result: dict[str, Any] = {"n": n, "concurrency": concurrency, "targets": {}, "notes": []}
    try:
        with running_sandbox_process(n) as base_url:
            # One pool per lane does not help against the sandbox (it is the limit there): not run.
            result["targets"]["sandbox"] = asyncio.run(_runs(base_url, n, concurrency, reps, False))
    except Exception as err:  # the sandbox is another helper's work in progress: say so, go on
        result["notes"].append(
            f"the sandbox could not be used ({type(err).__name__}: {err}); loopback server only"
        )
    with running_server() as base_url:
        result["targets"]["loopback"] = asyncio.run(_runs(base_url, n, concurrency, reps, per_lane))
    return result


def bulk_rows(r: dict[str, Any]) -> list[Row]:
    rows = []
    labels = {"sandbox": "stateful sandbox", "loopback": "instant loopback server"}
    n, concurrency = r["n"], r["concurrency"]
    for target, runs in r["targets"].items():
        ours, raw = median(runs["ours"]), median(runs["raw"])
        rows.append(
            Row(
                "bulk",
                f"reassign {n} Vobiz numbers (2 calls each), async, concurrency {concurrency}, {labels[target]}",
                f"{n / ours:.0f} numbers/s",
                f"ours {ours:.2f} s ({2 * n / ours:.0f} requests/s); raw httpx {raw:.2f} s ({n / raw:.0f} numbers/s); "
                f"ours/raw throughput {raw / ours:.2f}x; one client (one httpx pool) shared by the {concurrency} lanes",
            )
        )
        if "ours, a client per lane" in runs:
            ours_lane, raw_lane = (
                median(runs["ours, a client per lane"]),
                median(runs["raw, a client per lane"]),
            )
            rows.append(
                Row(
                    "bulk",
                    f"the same with one client per lane ({concurrency} pools), {labels[target]}",
                    f"{n / ours_lane:.0f} numbers/s",
                    f"ours {ours_lane:.2f} s, raw httpx {raw_lane:.2f} s ({n / raw_lane:.0f} numbers/s); "
                    f"{ours / ours_lane:.2f}x the shared-pool throughput"
                    + (
                        ": httpx's connection pool, not our client, is what limits one shared client at this concurrency"
                        if ours / ours_lane > 1.3
                        else ""
                    ),
                )
            )
    return rows
