"""Per-call latency of each provider's assign call: ours vs raw httpx vs the vendor SDK.

Where the SDK has an async client (Twilio's, on aiohttp) it is measured too, and beside it ours on
its opt-in aiohttp transport (``DefaultAioHttpClient``), for information: the goal is against our
default (httpx), the aiohttp row says how much of a gap is the transport.

The goal compares like with like: ours with raw httpx + ``response.json()``, the same request with the
body decoded, which a user of raw httpx who needs the data does too (and which any client returning the
data pays); what is left is our own code (input checks, the body model, the send loop, the typed
response models). For information, ours is also compared with bare raw httpx (the body read, not
decoded): the floor of an httpx call that throws the answer away.

All variants run against one loopback server (its own process), interleaved: each round runs
a batch of every variant in a shuffled order, so drift in machine load hits all of them alike.
The ratios are paired: per round, the median of each variant's batch; the ratio of two variants is
the median over rounds of their per-round ratio, so a burst of load from elsewhere hits both sides of
each ratio. Latencies shown are medians of every single call.
"""

from __future__ import annotations

import asyncio
import functools
import gc
import random
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from .calls import CASES, Case, same_wire
from .common import PROVIDERS, Row, median, quantile, verdict
from .server import floor_rtt, running_server

GOAL_RATIO = 1.10


@dataclass
class Variant:
    name: str
    sync: Callable[[], Any] | None = None
    asynchronous: Callable[[], Awaitable[Any]] | None = None


def _sync_batch(fn: Callable[[], Any], calls: int, out: list[float]) -> None:
    clock = time.perf_counter
    for _ in range(calls):
        start = clock()
        fn()
        out.append(clock() - start)


async def _async_batch(fn: Callable[[], Awaitable[Any]], calls: int, out: list[float]) -> None:
    clock = time.perf_counter
    for _ in range(calls):
        start = clock()
        await fn()
        out.append(clock() - start)


def measure(
    rounds: int, batch: int, warmup: int, seed: int = 8, providers: tuple[str, ...] = PROVIDERS
) -> dict[str, Any]:
    """Median seconds per call of every variant, plus the raw-socket floor of the server."""
    samples: dict[str, list[float]] = {}
    per_round: dict[str, list[float]] = {}  # each round's batch median, for paired ratios
    with running_server() as base_url:
        wire = {p: same_wire(p, base_url) for p in providers}
        cases: list[Case] = [CASES[p](base_url) for p in providers]
        body = {case.provider: bool(case.raw_sync().content) for case in cases}
        variants: list[Variant] = []
        sdk_names = {}
        for case in cases:
            p = case.provider
            variants += [
                Variant(f"{p}/ours/sync", sync=case.ours_sync),
                Variant(f"{p}/raw/sync", sync=case.raw_sync),
                Variant(f"{p}/rawjson/sync", sync=case.raw_json_sync),
                Variant(f"{p}/ours/async", asynchronous=case.ours_async),
                Variant(f"{p}/raw/async", asynchronous=case.raw_async),
                Variant(f"{p}/rawjson/async", asynchronous=case.raw_json_async),
            ]
            if case.sdk_sync is not None:
                variants.append(Variant(f"{p}/sdk/sync", sync=case.sdk_sync))
                sdk_names[p] = case.sdk_name
            if case.sdk_async is not None:
                variants.append(Variant(f"{p}/sdk/async", asynchronous=case.sdk_async))
            for name, call in case.aiohttp_async.items():
                variants.append(Variant(f"{p}/{name}/async", asynchronous=call))
        loop = asyncio.new_event_loop()
        try:
            v: Variant | None  # a variant, or None: the raw-socket floor (below)
            for v in variants:  # warm up: imports, pools, connections
                scratch: list[float] = []
                if v.sync:
                    _sync_batch(v.sync, warmup, scratch)
                else:
                    assert v.asynchronous is not None
                    loop.run_until_complete(_async_batch(v.asynchronous, warmup, scratch))
                samples[v.name], per_round[v.name] = [], []
            samples["floor/socket/sync"], per_round["floor/socket/sync"] = [], []
            order: list[Variant | None] = [*variants, None]  # None: the raw-socket floor
            rng = random.Random(seed)
            for _ in range(rounds):
                rng.shuffle(order)
                gc.collect()  # once a round: a collection lands in no particular variant's batch
                for v in order:
                    got: list[float] = []
                    if v is None:
                        got = floor_rtt(base_url, batch)
                    elif v.sync:
                        _sync_batch(v.sync, batch, got)
                    else:
                        assert v.asynchronous is not None
                        loop.run_until_complete(_async_batch(v.asynchronous, batch, got))
                    name = "floor/socket/sync" if v is None else v.name
                    samples[name] += got
                    per_round[name].append(median(got))
            for case in cases:
                loop.run_until_complete(case.aclose())
                case.close()
        finally:
            loop.close()
    return {
        "per_round": per_round,
        "median": {k: median(v) for k, v in samples.items()},
        "p90": {k: quantile(v, 0.9) for k, v in samples.items()},
        "calls": {k: len(v) for k, v in samples.items()},
        "sdk": sdk_names,
        "wire": wire,
        "body": body,
        "operations": {c.provider: c.operation for c in cases},
    }


def paired_ratio(per_round: dict[str, list[float]], a: str, b: str) -> float:
    """Median over rounds of a/b, each round's batch medians: slow drifts in machine load cancel out."""
    return median([x / y for x, y in zip(per_round[a], per_round[b], strict=True)])


def rows(result: dict[str, Any]) -> list[Row]:
    med, p90, ops = result["median"], result["p90"], result["operations"]
    us = 1e6
    floor = med["floor/socket/sync"]
    out = [
        Row("client", "loopback server floor (raw socket, no client)", f"{floor * us:.0f} µs",
            f"p90 {p90['floor/socket/sync'] * us:.0f} µs; the server is not the bottleneck when this is far "
            "below the raw httpx call"),
    ]  # fmt: skip
    for p in ops:
        same, _ = result["wire"][p]
        for mode in ("sync", "async"):
            ours, raw, rawjson = (med[f"{p}/{v}/{mode}"] for v in ("ours", "raw", "rawjson"))
            ratio = paired_ratio(result["per_round"], f"{p}/ours/{mode}", f"{p}/rawjson/{mode}")
            out.append(
                Row(
                    "client",
                    f"{p} {ops[p]} {mode}: ours / raw httpx + response.json()",
                    f"{ratio:.2f}x",
                    f"median of the {len(result['per_round'][f'{p}/ours/{mode}'])} rounds' ratios; the same wire request, "
                    f"then the body decoded{'' if result['body'][p] else ' (there is none: nothing to decode)'}, as a "
                    f"user of raw httpx who needs the data does; ours {ours * us:.0f} µs, raw httpx + json "
                    f"{rawjson * us:.0f} µs over all calls (overhead {(ours - rawjson) * us:+.0f} µs: our code and the "
                    f"typed response models; p90 {p90[f'{p}/ours/{mode}'] * us:.0f} / "
                    f"{p90[f'{p}/rawjson/{mode}'] * us:.0f} µs; {result['calls'][f'{p}/ours/{mode}']} calls each; "
                    f"same wire request: {'yes' if same else 'NO'})",
                    f"≤ {GOAL_RATIO:.2f}x",
                    verdict(ratio <= GOAL_RATIO),
                )
            )
            bare_ratio = paired_ratio(result["per_round"], f"{p}/ours/{mode}", f"{p}/raw/{mode}")
            out.append(
                Row(
                    "client",
                    f"{p} {ops[p]} {mode}: ours / bare raw httpx, body not decoded (information)",
                    f"{bare_ratio:.2f}x",
                    f"raw httpx {raw * us:.0f} µs over all calls, reading the body but not decoding it "
                    f"({(rawjson - raw) * us:+.0f} µs for the decode; ours {(ours - raw) * us:+.0f} µs on it; "
                    f"p90 {p90[f'{p}/raw/{mode}'] * us:.0f} µs)",
                )
            )
        out += _sdk_rows(result, p)
    return out


def _sdk_rows(result: dict[str, Any], p: str) -> list[Row]:
    """Ours against the vendor SDK, sync and (where it has one) async; ours on aiohttp for information."""
    med, us, op, sdk_name = result["median"], 1e6, result["operations"][p], result["sdk"].get(p, "")
    out = []
    for mode in ("sync", "async"):
        if f"{p}/sdk/{mode}" not in med:
            continue
        ours, sdk = med[f"{p}/ours/{mode}"], med[f"{p}/sdk/{mode}"]
        ratio = paired_ratio(result["per_round"], f"{p}/ours/{mode}", f"{p}/sdk/{mode}")
        out.append(
            Row(
                "client",
                f"{p} {op} {mode}: ours / vendor SDK",
                f"{ratio:.2f}x",
                f"ours (httpx) {ours * us:.0f} µs, {sdk_name} {sdk * us:.0f} µs over all calls "
                f"(SDK / raw httpx {sdk / med[f'{p}/raw/{mode}']:.2f}x)",
                "< 1.00x (faster than the SDK)",
                verdict(ratio < 1.0),
            )
        )
    names = [f"{p}/{n}/async" for n in ("ours-aiohttp", "raw-httpx-aiohttp", "raw-aiohttp", "sdk")]
    if all(n in med for n in names):
        paired = functools.partial(paired_ratio, result["per_round"])
        ours_aio, raw_httpx_aio, raw_aio, sdk = names
        out += [
            Row("client", f"{p} {op} async: ours on DefaultAioHttpClient / vendor SDK, both on aiohttp (information)",
                f"{paired(ours_aio, sdk):.2f}x",
                f"ours {med[ours_aio] * us:.0f} µs, {sdk_name} {med[sdk] * us:.0f} µs over all calls; ours on aiohttp / "
                f"ours on httpx {paired(ours_aio, f'{p}/ours/async'):.2f}x"),
            Row("client", f"{p} {op} async on aiohttp: ours / raw httpx on httpx-aiohttp (information)",
                f"{paired(ours_aio, raw_httpx_aio):.2f}x",
                f"raw httpx on httpx-aiohttp's client, the floor of any httpx client there, {med[raw_httpx_aio] * us:.0f} µs; "
                f"bare aiohttp (no client code) {med[raw_aio] * us:.0f} µs: httpx's AsyncClient on it "
                f"{paired(raw_httpx_aio, raw_aio):.2f}x, {sdk_name} on it {paired(sdk, raw_aio):.2f}x"),
        ]  # fmt: skip
    return out
