"""vobiz_client.bulk.run_bulk without a network: the bound on concurrency, one result per item, progress, resuming.

The sandbox test (sandbox/tests/test_bulk.py) moves real numbers with faults injected; this one pins
the helper's own rules with a plain coroutine per item.
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
from vobiz_client.bulk import BulkResult, run_bulk


async def test_at_most_concurrency_calls_at_once_and_one_result_per_item(tmp_path: Path) -> None:
    running, peak = 0, 0

    async def call(item: str) -> None:
        nonlocal running, peak
        running += 1
        peak = max(peak, running)
        await asyncio.sleep(0.001)
        running -= 1
        if item.endswith("7"):
            raise ValueError(f"phone_number={item!r} is not an E.164 phone number")

    items = [f"+9180{i:08d}" for i in range(100)]
    results = await run_bulk(items, call, concurrency=4, results=tmp_path / "r.jsonl", progress=False)
    assert peak == 4
    assert sorted(r.item for r in results) == items
    failed = {r.item: r.error for r in results if not r.ok}
    assert set(failed) == {i for i in items if i.endswith("7")} and all(
        isinstance(e, ValueError) for e in failed.values()
    )
    lines = [json.loads(line) for line in (tmp_path / "r.jsonl").read_text().splitlines()]
    assert len(lines) == 100 and sum(line["status"] == "failed" for line in lines) == 10
    assert next(line for line in lines if line["status"] == "failed")["error"] == "ValueError"


async def test_resuming_calls_only_what_is_not_done(tmp_path: Path) -> None:
    results = tmp_path / "r.jsonl"
    results.write_text(
        '{"item": "a", "status": "done"}\n{"item": "b", "status": "failed", "error": "ServerError"}\n'
    )
    called: list[str] = []

    async def call(item: str) -> None:
        called.append(item)

    out = await run_bulk(["a", "b", "c"], call, results=results, progress=False)
    assert sorted(called) == ["b", "c"]
    assert {r.item: r.resumed for r in out} == {"a": True, "b": False, "c": False}
    assert BulkResult("a", resumed=True).ok


async def test_progress_goes_to_stderr_only_when_asked_or_on_a_terminal(
    capsys: pytest.CaptureFixture[str],
) -> None:
    async def call(item: str) -> None:
        if item == "x":
            raise RuntimeError("boom")

    await run_bulk(["x", "y", "z"], call, progress=True)
    err = capsys.readouterr().err
    last = err.rsplit("\r", 1)[1]
    assert last.startswith("3/3: 2 done, 1 failed (") and last.endswith("/s)\n"), err
    await run_bulk(["x"], call)  # stderr is not a terminal under pytest
    assert capsys.readouterr().err == ""


async def test_a_concurrency_below_one_is_refused() -> None:
    async def call(item: str) -> None: ...

    with pytest.raises(ValueError, match="concurrency=0"):
        await run_bulk(["a"], call, concurrency=0)
