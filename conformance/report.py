"""A pytest plugin that writes the conformance report: ``-p conformance.report``.

``--conformance-report=PATH`` writes Markdown (and PATH with .html, a plain
rendering of the same tables): a matrix of provider x operation x scenario with
pass / fail / drift, every drift with its field-level difference, and the
provenance and age of each cassette. JUnit XML comes from pytest itself
(``--junitxml``); the same facts are in its <properties>.
"""

from __future__ import annotations

import datetime
import html
import json
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest

from conformance.yamlload import load_cassette

__all__ = ["render_markdown"]

ROOT = Path(__file__).resolve().parent.parent
_results: dict[str, dict[str, Any]] = {}


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--conformance-report", default=None, help="write the conformance report (Markdown) here"
    )


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    entry = _results.setdefault(report.nodeid, {"outcome": "pass", "props": {}})
    entry["props"].update(dict(report.user_properties))
    if report.failed:
        entry["outcome"] = "fail"
    if report.skipped and report.when == "call":
        entry["outcome"] = "skip"


def _age(provenance: dict[str, Any]) -> str:
    if provenance.get("source") != "recorded":
        return f"synthesized ({provenance.get('source', '?')})"
    when = datetime.datetime.strptime(provenance["recorded_at"], "%Y-%m-%dT%H:%M:%SZ").replace(
        tzinfo=datetime.UTC
    )
    days = (datetime.datetime.now(datetime.UTC) - when).days
    return f"recorded {provenance['recorded_at'][:10]} ({days} d old) against {provenance.get('recorded_against')}"


def render_markdown(results: dict[str, dict[str, Any]]) -> str:
    rows, drifts, cassettes = [], [], {}
    counts: dict[str, int] = defaultdict(int)
    for nodeid, entry in sorted(results.items()):
        props = entry["props"]
        if "provider" not in props:
            continue
        found = json.loads(props.get("drift") or "[]")
        outcome = "drift" if found else entry["outcome"]
        counts[outcome] += 1
        scenario = nodeid.split("::")[-1]
        rows.append(f"| {props['provider']} | {props.get('operations') or '-'} | {scenario} | {outcome} |")
        drifts += [
            f"- **{d['provider']} / {d['operation']}** `{d['field'] or '-'}`: {d['message']} ({d['cassette']})"
            for d in found
        ]
        path = ROOT / props["cassette"]
        if path.exists():
            cassettes[props["cassette"]] = _age(load_cassette(path).get("provenance") or {})
    summary = ", ".join(f"{n} {k}" for k, n in sorted(counts.items()))
    lines = [
        "# Conformance report",
        "",
        f"Generated {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC. {summary}.",
        "",
        "| provider | operation(s) | scenario | result |",
        "| --- | --- | --- | --- |",
        *rows,
        "",
        "## Drift",
        "",
        *(drifts or ["None: every response agrees with the normalized spec."]),
        "",
        "## Cassettes",
        "",
        "| cassette | provenance |",
        "| --- | --- |",
        *(f"| {name} | {age} |" for name, age in sorted(cassettes.items())),
        "",
    ]
    return "\n".join(lines)


def _html(markdown: str) -> str:
    body = []
    for line in markdown.splitlines():
        if line.startswith("|") and "---" not in line:
            cells = "".join(f"<td>{html.escape(c.strip())}</td>" for c in line.strip("|").split("|"))
            body.append(f"<tr>{cells}</tr>")
        elif line.startswith("#"):
            level = len(line) - len(line.lstrip("#"))
            body.append(f"<h{level}>{html.escape(line.lstrip('# '))}</h{level}>")
        elif line and "---" not in line:
            body.append(f"<p>{html.escape(line)}</p>")
    return (
        "<!doctype html><meta charset=utf-8><title>Conformance</title><table>" + "\n".join(body) + "</table>"
    )


def pytest_sessionfinish(session: pytest.Session) -> None:
    target = session.config.getoption("--conformance-report")
    if not target:
        return
    markdown = render_markdown(_results)
    path = Path(target)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(markdown, encoding="utf-8")
    path.with_suffix(".html").write_text(_html(markdown), encoding="utf-8")
