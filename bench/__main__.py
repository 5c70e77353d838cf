"""``python -m bench`` (``make bench``): every benchmark once, a table on stdout, bench/RESULTS.md.

python -m bench                          # everything (a few minutes on 2 cores)
python -m bench --only client,scale      # some sections
python -m bench --only client --providers twilio --addendum  # one provider's client rows, after the main run
python -m bench --quick --out /tmp/r.md  # tiny sizes: checks that the code runs, numbers mean little
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

from .common import PROVIDERS, ROOT, Row, machine, median

SECTIONS = ("generate", "scale", "corpus", "client", "bulk", "conformance")
FULL = {
    "gen_reps": 3, "noop_reps": 5, "scale_reps": 2, "g4_reps": 3, "sizes": [10, 100, 500, 1000],
    "rounds": 150, "batch": 20, "warmup": 200, "mock_rounds": 60, "mock_batch": 50,
    "bulk_n": 5000, "concurrency": 50, "bulk_reps": 1, "conformance_reps": 1, "conformance_extras": True,
    "corpus_reps": 1, "corpus_keys": ("twilio_incoming_numbers", "twilio_api", "bolna"),
}  # fmt: skip
QUICK = {
    "gen_reps": 1, "noop_reps": 1, "scale_reps": 1, "g4_reps": 1, "sizes": [3, 6, 9],
    "rounds": 3, "batch": 5, "warmup": 5, "mock_rounds": 2, "mock_batch": 5,
    "bulk_n": 60, "concurrency": 5, "bulk_reps": 1, "conformance_reps": 1, "conformance_extras": False,
    "corpus_reps": 1, "corpus_keys": ("twilio_incoming_numbers",),
}  # fmt: skip


def _log(message: str) -> None:
    print(f"bench: {message}", file=sys.stderr, flush=True)


def run(sections: list[str], cfg: dict[str, Any]) -> dict[str, Any]:
    """Run the sections; returns rows, notes and the breakdown tables for the report."""
    from . import bulk, conformance_time, corpus, gen, overhead, profile_client, wire

    out: dict[str, Any] = {
        "rows": [],
        "whatif_rows": [],
        "notes": [],
        "tables": {},
        "machine": machine(),
        "seconds": {},
    }
    r: Any  # each section's own result
    for section in sections:
        _log(f"{section} ...")
        started = time.perf_counter()
        if section == "generate":
            r = gen.generation(cfg["gen_reps"], cfg["noop_reps"])
            out["rows"] += gen.generation_rows(r)
            out["notes"] += [f"generate: {n}" for n in r["notes"]]
            w = gen.g4_generation(cfg["g4_reps"])
            out["tables"]["Generation step by step: the real providers, a forced run in a copy (seconds)"] = (
                gen.steps_table({"now": w["now"]})
            )
            out["whatif_rows"] += gen.g4_rows(w, median(r["clean"]), median(r["naive"]))
        elif section == "scale":
            r = gen.scaling(cfg["sizes"], cfg["scale_reps"])
            out["rows"] += gen.scaling_rows(r)
            out["tables"]["Generation step by step: synthetic providers (seconds)"] = gen.steps_table(
                {f"{n} ops": v for n, v in r.items()}
            )
        elif section == "corpus":
            r = corpus.corpus_generation(cfg["corpus_reps"], cfg["corpus_keys"])
            out["rows"] += corpus.corpus_rows(r)
        elif section == "client":
            providers = cfg["providers"]
            r = overhead.measure(cfg["rounds"], cfg["batch"], cfg["warmup"], providers=providers)
            out["rows"] += overhead.rows(r)
            out["notes"] += [
                f"client: {p}: our request, the raw httpx request and the raw httpx + json request are "
                f"{'the same' if same else 'NOT the same'} on the wire (method, raw path, JSON or form body, "
                "credential and content-type headers)"
                for p, (same, _) in r["wire"].items()
            ]
            if "twilio" in providers:
                requests = wire.twilio_requests()
                out["tables"][
                    "Twilio create_phone_number on the wire: the official SDK's request and ours, as the loopback "
                    "server received them (header names as sent; HTTP/1.1 names are case-insensitive)"
                ] = wire.side_by_side(requests)
                out["notes"] += wire.notes(requests)
            b = profile_client.breakdown(cfg["mock_rounds"], cfg["mock_batch"], providers=providers)
            out["tables"]["Client overhead without a network (sync; httpx.MockTransport; medians)"] = (
                profile_client.format_breakdown(b)
            )
        elif section == "bulk":
            r = bulk.bulk(cfg["bulk_n"], cfg["concurrency"], cfg["bulk_reps"])
            out["rows"] += bulk.bulk_rows(r)
            out["notes"] += [f"bulk: {n}" for n in r["notes"]]
        elif section == "conformance":
            r = conformance_time.conformance(cfg["conformance_reps"], extras=cfg["conformance_extras"])
            out["rows"] += conformance_time.conformance_rows(r)
            out["whatif_rows"] += gen.bytecode_rows(
                r.get("bytecode_wall"), median([run["wall"] for run in r["runs"]])
            )
            out["tables"]["Conformance: the slowest test files (last run)"] = conformance_time.slowest_files(
                r
            )
        out["seconds"][section] = time.perf_counter() - started
    out["machine_end_load"] = machine()["load"]
    return out


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def table(rows: list[Row], detail: bool) -> list[str]:
    head = ["section", "measure", "value", "goal", "result"] + (["detail"] if detail else [])
    lines = ["| " + " | ".join(head) + " |", "|" + " --- |" * len(head)]
    for r in rows:
        cells = [r.section, r.what, r.value, r.goal, f"**{r.status}**" if r.status else ""]
        if detail:
            cells.append(r.detail)
        lines.append("| " + " | ".join(_cell(c) for c in cells) + " |")
    return lines


def plain_table(rows: list[Row]) -> str:
    cols = [[r.section for r in rows], [r.what for r in rows], [r.value for r in rows],
            [r.goal for r in rows], [r.status for r in rows]]  # fmt: skip
    heads = ["section", "measure", "value", "goal", "result"]
    widths = [max([len(h)] + [len(c) for c in col]) for h, col in zip(heads, cols, strict=True)]
    fmt = "  ".join(f"{{:<{w}}}" for w in widths)
    lines = [fmt.format(*heads), fmt.format(*("-" * w for w in widths))]
    lines += [fmt.format(r.section, r.what, r.value, r.goal, r.status) for r in rows]
    return "\n".join(lines)


def report(result: dict[str, Any], command: str) -> str:
    m = result["machine"]
    goals = [r for r in result["rows"] if r.status]
    passed = sum(r.status == "PASS" for r in goals)
    lines = [
        "# Benchmark results",
        "",
        f"Written by `{command}` on {m['date']}; do not edit by hand, run it again. Every ratio below comes",
        "from this one run. How each number is measured: bench/README.md.",
        "",
        "## Machine",
        "",
        "| | |",
        "| --- | --- |",
        f"| CPUs (nproc) | {m['nproc']} |",
        f"| CPU model | {m['cpu']} |",
        f"| Python | {m['python']} |",
        f"| OS | {m['os']} |",
        f"| load average (1, 5, 15 min) at start / end | {m['load']} / {result['machine_end_load']} |",
        f"| PYTHONDONTWRITEBYTECODE | {m['nobytecode']} |",
        f"| seconds per section | {', '.join(f'{k} {v:.0f}' for k, v in result['seconds'].items())} |",
        "",
        f"## Results ({passed} of {len(goals)} goals met)",
        "",
        *table(result["rows"], detail=True),
        "",
    ]
    if result["whatif_rows"]:
        lines += [
            "## What-if: a proposal and another condition, measured in this run",
            "",
            "G4 runs in temporary copies of the codegen tree (codegen/ and generated/ are not edited), its output",
            "checked byte for byte in this run; the bytecode row runs the replay suite as a machine without",
            "PYTHONDONTWRITEBYTECODE would. The what-ifs already implemented are listed in bench/README.md.",
            "",
            *table(result["whatif_rows"], detail=True),
            "",
        ]
    if result["tables"]:
        lines += ["## Where the time goes", ""]
        for title, body in result["tables"].items():
            lines += [f"### {title}", "", *body, ""]
    if result["notes"]:
        lines += ["## Notes", "", *[f"- {n}" for n in result["notes"]], ""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--only", help=f"comma-separated sections (default: all of {','.join(SECTIONS)})")
    parser.add_argument(
        "--quick", action="store_true", help="tiny sizes: proves the code runs; numbers mean little"
    )
    parser.add_argument(
        "--providers", help=f"comma-separated, for the client section (default: all of {','.join(PROVIDERS)})"
    )
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "RESULTS.md", help="the report to write")
    parser.add_argument(
        "--addendum",
        action="store_true",
        help="keep the run in --out and add this one after it (bench/addendum.py), replacing an earlier addendum",
    )
    args = parser.parse_args(argv)
    sections = args.only.split(",") if args.only else list(SECTIONS)
    unknown = [s for s in sections if s not in SECTIONS]
    if unknown:
        parser.error(f"unknown section(s) {unknown}; known: {', '.join(SECTIONS)}")
    providers = tuple(args.providers.split(",")) if args.providers else PROVIDERS
    if set(providers) - set(PROVIDERS):
        parser.error(
            f"unknown provider(s) {sorted(set(providers) - set(PROVIDERS))}; known: {', '.join(PROVIDERS)}"
        )
    result = run(sections, {**(QUICK if args.quick else FULL), "providers": providers})
    print(plain_table(result["rows"]))
    if result["whatif_rows"]:
        print("\nwhat-if (measured on copies / in another condition):\n" + plain_table(result["whatif_rows"]))
    command = (
        "make bench"
        if not (args.only or args.quick or args.providers)
        else "python -m bench " + " ".join(argv or sys.argv[1:])
    )
    text = report(result, command)
    if args.addendum:
        from .addendum import with_addendum

        main_run = args.out.read_text(encoding="utf-8") if args.out.exists() else ""
        text = with_addendum(main_run, text, command, result["machine"]["date"])
    args.out.write_text(text, encoding="utf-8")
    print(f"\nbench: wrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
