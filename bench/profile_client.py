"""Where our client's per-call overhead goes, measured without a network.

Both clients run on an in-process httpx.MockTransport giving the loopback server's answers,
so the difference between them is only the generated code's own work. That difference is
then split into the steps of a call, each timed alone with the arguments it received in a
real call (recorded by wrapping the operation module's functions once). Timed alone, a step runs
with warm caches; in a call it runs after httpx's own work. So the response parsing is also measured
in the flow: ours against ours with the operation's ``_parse_response`` swapped for a stub returning
the already parsed model (the swap is two module attribute writes per call).
"""

from __future__ import annotations

import functools
import random
import sys
import time
import timeit
from collections.abc import Callable
from typing import Any

from .calls import CASES
from .common import PROVIDERS, median


def _interleaved(
    variants: dict[str, Callable[[], Any]], rounds: int, batch: int
) -> tuple[dict[str, float], dict[str, list[float]]]:
    """Medians of all calls per variant, and each round's batch median (for paired differences)."""
    samples: dict[str, list[float]] = {k: [] for k in variants}
    per_round: dict[str, list[float]] = {k: [] for k in variants}
    for fn in variants.values():
        for _ in range(min(200, rounds * batch)):
            fn()
    names = list(variants)
    rng = random.Random(8)
    clock = time.perf_counter
    for _ in range(rounds):
        rng.shuffle(names)
        for name in names:
            fn, got = variants[name], []
            for _ in range(batch):
                start = clock()
                fn()
                got.append(clock() - start)
            samples[name] += got
            per_round[name].append(median(got))
    return {k: median(v) for k, v in samples.items()}, per_round


def paired_difference(per_round: dict[str, list[float]], a: str, b: str) -> float:
    """Median over rounds of a - b (each round's batch medians)."""
    return median([x - y for x, y in zip(per_round[a], per_round[b], strict=True)])


def _time(fn: Callable[[], Any], number: int = 2000) -> float:
    """Seconds per call of ``fn``: the best of 7 repeats (timeit's advice: the others measured interference)."""
    return min(timeit.repeat(fn, number=number, repeat=7)) / number


def _record(case: Any) -> dict[str, tuple[Callable[..., Any], tuple[Any, ...], dict[str, Any]]]:
    """One real call with the steps wrapped: each step's function and the arguments it got."""
    module = case.module
    base = sys.modules[module.__name__.split(".api.")[0] + "._base_client"]
    seen: dict[str, tuple[Callable[..., Any], tuple[Any, ...], dict[str, Any]]] = {}
    targets = [(module, "_get_kwargs"), (module, "_parse_response"), (module, "_build_response"),
               (module, "_unwrap"), (module, "send_sync"), (base, "_log")]  # fmt: skip
    originals = {(m, n): getattr(m, n) for m, n in targets if hasattr(m, n)}

    def wrap(name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            seen.setdefault(name, (fn, args, kwargs))
            return fn(*args, **kwargs)

        return wrapper

    for (m, n), fn in originals.items():
        setattr(m, n, wrap(n, fn))
    try:
        case.ours_sync()
    finally:
        for (m, n), fn in originals.items():
            setattr(m, n, fn)
    return seen


STEPS = {
    "_get_kwargs": "_get_kwargs: path checks + body.to_dict()",
    "_parse_response": "_parse_response: response model from_dict()",
    "_build_response": "_build_response: Response(...) incl. parsing",
    "_unwrap": "_unwrap: status check",
    "_log": "_log: logger.debug (disabled)",
}


def _steps(
    seen: dict[str, tuple[Callable[..., Any], tuple[Any, ...], dict[str, Any]]], number: int = 2000
) -> dict[str, float]:
    """Seconds per call of each recorded step, timed alone with the arguments it got."""
    steps: dict[str, float] = {}
    for name, label in STEPS.items():
        if name in seen:
            fn, args, kwargs = seen[name]
            steps[label] = _time(functools.partial(fn, *args, **kwargs), number)
    return steps


def _without_parsing(case: Any) -> Callable[[], Any]:
    """Our call with the operation's ``_parse_response`` (response.json() + from_dict) swapped for a
    stub that returns the model parsed once beforehand."""
    module = case.module
    real = module._parse_response
    parsed: list[Any] = []

    def stub(*, client: Any, response: Any) -> Any:
        if not parsed:
            parsed.append(real(client=client, response=response))
        return parsed[0]

    def call() -> Any:
        module._parse_response = stub
        try:
            return case.ours_sync()
        finally:
            module._parse_response = real

    return call


def breakdown(
    rounds: int = 60, batch: int = 50, number: int = 2000, providers: tuple[str, ...] = PROVIDERS
) -> dict[str, Any]:
    """Per provider: ours and raw on the mock transport, and the cost of each step (seconds)."""
    cases = {p: CASES[p]("http://bench.invalid", mock=True) for p in providers}
    variants = {}
    for p, case in cases.items():
        variants[f"{p}/ours"] = case.ours_sync
        variants[f"{p}/raw"] = case.raw_sync
        variants[f"{p}/rawjson"] = case.raw_json_sync
        variants[f"{p}/noparse"] = _without_parsing(case)
    medians, per_round = _interleaved(variants, rounds, batch)
    out: dict[str, Any] = {}
    for p, case in cases.items():
        steps = _steps(_record(case), number)
        case.close()
        out[p] = {
            "ours": medians[f"{p}/ours"],
            "raw": medians[f"{p}/raw"],
            "overhead": paired_difference(per_round, f"{p}/ours", f"{p}/raw"),
            "json": paired_difference(per_round, f"{p}/rawjson", f"{p}/raw"),
            "parse_in_flow": paired_difference(per_round, f"{p}/ours", f"{p}/noparse"),
            "steps": steps,
        }
    return out


def format_breakdown(result: dict[str, Any]) -> list[str]:
    us = 1e6
    lines = [
        "| provider | ours on mock transport | raw httpx on mock | overhead | raw httpx + .json(): decoding alone | "
        "_get_kwargs (path checks, body.to_dict) | _build_response | of which from_dict | _log + _unwrap | "
        "rest: call layers, send loop, and steps costing more in the flow than timed alone | "
        "response parsing in the flow (ours minus ours with it stubbed) | overhead without response parsing |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for p, r in result.items():
        s = r["steps"]
        get = s.get(STEPS["_get_kwargs"], 0.0)
        build = s.get(STEPS["_build_response"], 0.0)
        parse = s.get(STEPS["_parse_response"], 0.0)
        log = s.get(STEPS["_log"], 0.0) + s.get(STEPS["_unwrap"], 0.0)
        rest = r["overhead"] - get - build - log
        lines.append(
            f"| {p} | {r['ours'] * us:.1f} µs | {r['raw'] * us:.1f} µs | {r['overhead'] * us:+.1f} µs "
            f"({(r['raw'] + r['overhead']) / r['raw']:.2f}x) | {r['json'] * us:+.1f} µs | {get * us:.1f} µs | "
            f"{build * us:.1f} µs | {parse * us:.1f} µs | {log * us:.1f} µs | {rest * us:.1f} µs | "
            f"{r['parse_in_flow'] * us:.1f} µs | {(r['overhead'] - r['parse_in_flow']) * us:+.1f} µs |"
        )
    return lines
