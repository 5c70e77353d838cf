"""The benchmark code runs (tiny sizes, a few seconds); the numbers are not checked."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from bench import __main__ as bench_main
from bench import bulk, overhead, profile_client, synth
from bench.calls import CASES, same_wire
from bench.common import PROVIDERS, Row, machine
from bench.server import floor_rtt, running_server
from codegen.yamlload import load_yaml_file


def test_synthetic_spec_has_the_operations_asked_for(tmp_path: Path) -> None:
    spec = synth.spec(7)
    ops = [op for item in spec["paths"].values() for op in item.values()]
    assert len(ops) == 7
    assert len({op["operationId"] for op in ops}) == 7
    root = synth.write_tree(tmp_path, 4)
    loaded = load_yaml_file(root / "specs" / "synth" / "source" / "openapi.yaml")
    assert loaded == synth.spec(4)
    assert "sha256:" in (root / "specs" / "synth" / "sources.yaml").read_text()


async def _awaited(call: Callable[[], Awaitable[Any]]) -> Any:
    return await call()


def test_every_case_makes_the_same_request_as_raw_httpx_and_the_loopback_server_answers() -> None:
    with running_server() as base_url:
        assert len(floor_rtt(base_url, 3)) == 3
        for provider in PROVIDERS:
            same, detail = same_wire(provider, base_url)
            assert same, detail
        case = CASES["vobiz"](base_url)
        try:
            assert case.sdk_sync is not None  # vobiz-python is in the dev environment
            case.sdk_sync()
            asyncio.run(_awaited(case.ours_async))
        finally:
            case.close()


def test_overhead_and_breakdown_run() -> None:
    result = overhead.measure(rounds=1, batch=2, warmup=1)
    rows = overhead.rows(result)
    assert any(r.status for r in rows)
    breakdown = profile_client.breakdown(rounds=1, batch=2, number=5)
    assert set(breakdown) == set(PROVIDERS)
    assert len(profile_client.format_breakdown(breakdown)) == 2 + len(PROVIDERS)


def test_bulk_runs_against_the_loopback_server() -> None:
    with running_server() as base_url:
        runs = asyncio.run(bulk._runs(base_url, n=6, concurrency=3, reps=1))
    assert set(runs) == set(bulk.VARIANTS) and all(len(seconds) == 1 for seconds in runs.values())
    rss = {6: bulk.peak_rss(6), 12: bulk.peak_rss(12)}
    rows = bulk.bulk_rows({"n": 6, "concurrency": 3, "targets": {"loopback": runs}, "notes": [], "rss": rss})
    assert len(rows) == 4


def test_report_renders(tmp_path: Path) -> None:
    result = {
        "rows": [Row("s", "m", "1 s", "d", "< 2 s", "PASS")],
        "whatif_rows": [Row("what-if", "w", "2 s -> 1 s", "d|x")],
        "notes": ["n"],
        "tables": {"t": ["| a |", "| --- |"]},
        "machine": machine(),
        "machine_end_load": "0 0 0",
        "seconds": {"s": 1.0},
    }
    text = bench_main.report(result, "make bench")
    assert "| CPUs (nproc) |" in text and "**PASS**" in text and "d\\|x" in text
    assert "1 of 1 goals met" in text


def test_an_addendum_keeps_the_main_run_and_replaces_an_earlier_addendum() -> None:
    from bench.addendum import HEADING, with_addendum

    def result(row: Row) -> dict[str, Any]:
        return {"rows": [row], "whatif_rows": [], "notes": [f"{row.section}: n"], "tables": {"t": ["| a |"]},
                "machine": machine(), "machine_end_load": "0 0 0", "seconds": {row.section: 1.0}}  # fmt: skip

    main = bench_main.report(result(Row("generate", "old", "1 s", "d", "< 2 s", "PASS")), "make bench")
    first = with_addendum(main, bench_main.report(result(Row("client", "new", "2 µs")), "c1"), "c1", "D1")
    again = with_addendum(first, bench_main.report(result(Row("client", "newer", "3 µs")), "c2"), "c2", "D2")
    assert again.count(HEADING) == 1 and f"{HEADING}`c2` on D2" in again and "| client | new |" not in again
    main_part, addendum = again.split(HEADING)
    assert (
        "| generate | old | 1 s |" in main_part and "(but the addendum at the end: another run)" in main_part
    )
    assert "| client | newer | 3 µs |" in addendum and "| generate |" not in addendum
    assert "\n### Machine\n" in addendum and "\n#### t\n" in addendum and "\n## " not in addendum
    try:
        with_addendum("", main, "c", "D")
    except ValueError:
        pass
    else:
        raise AssertionError("an addendum without a main run was written")


def test_corpus_generation_runs_beside_the_cli() -> None:
    from bench import corpus

    result = corpus.corpus_generation(1, ("twilio_incoming_numbers",))
    (row,) = corpus.corpus_rows(result)
    assert row.section == "corpus" and row.status in ("PASS", "MISS") and "dropped 0 operations" in row.detail
