"""A pytest plugin that writes the conformance report: ``-p conformance.report``.

The report must not be able to say "no drift" about a run that checked
nothing. So besides each test's outcome it records everything that keeps a
run from being complete, and says so at the top of every output:

* a module (or a provider's conftest) that could not be collected: its path,
  provider and error. The plugin turns on ``--continue-on-collection-errors``,
  so one provider's broken module does not stop the others from being checked;
* an interrupted run (Ctrl-C, ``pytest.exit``, ``-x``/``--maxfail``), an
  internal error, collected tests that never reported;
* a provider whose folder was in the run but of which no scenario ran.

An incomplete run exits non-zero even if every test that ran passed.

``--conformance-report=PATH`` writes Markdown there and HTML beside it (the
same facts; the page opens with a per-provider summary and a provider x
operation matrix coloured by result). JUnit XML comes from pytest itself
(``--junitxml``); the completeness verdict is added to its testsuite
<properties>. Counts say what they count: *tests* are JUnit's testcases, each
classified exactly as its XML element is (failure, else error, else skipped,
else passed); *scenarios* are the tests in a provider's folder.
"""

from __future__ import annotations

import datetime
import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from codegen.yamlload import load_cached, load_yaml
from conformance.report_html import render_html

__all__ = ["CollectError", "RunReport", "TestResult", "render_markdown"]

ROOT = Path(__file__).resolve().parent.parent
CONFORMANCE = ROOT / "conformance"
# outcomes of a provider scenario, best to worst (the matrix colours a cell by the worst one)
SCENARIO_OUTCOMES = ("pass", "skip", "drift", "fail", "error")


@dataclass
class TestResult:
    __test__ = False  # not a pytest test class

    nodeid: str
    phases: dict[str, str] = field(default_factory=dict)  # when -> passed / failed / skipped
    props: dict[str, Any] = field(default_factory=dict)
    message: str = ""

    @property
    def junit(self) -> str:
        """The class JUnit gives this testcase: failure (call), else error (setup/teardown), else skipped."""
        if self.phases.get("call") == "failed":
            return "failed"
        if "failed" in self.phases.values():
            return "error"
        if "skipped" in self.phases.values():
            return "skipped"
        return "passed"

    @property
    def provider(self) -> str | None:
        return provider_of_nodeid(self.nodeid)

    @property
    def drifts(self) -> list[dict[str, Any]]:
        return list(json.loads(self.props.get("drift") or "[]"))

    @property
    def outcome(self) -> str:
        """A scenario's result: drift (the oracle found a difference), fail, error (did not run), skip, pass."""
        if self.drifts:
            return "drift"
        return {"failed": "fail", "error": "error", "skipped": "skip", "passed": "pass"}[self.junit]

    @property
    def operations(self) -> list[str]:
        return [op for op in (self.props.get("operations") or "").split(",") if op]


@dataclass
class CollectError:
    module: str
    provider: str | None
    error: str


@dataclass
class RunReport:
    """Everything one run found out, and everything that kept it from finding out more."""

    results: dict[str, TestResult] = field(default_factory=dict)
    collect_errors: list[CollectError] = field(default_factory=list)
    expected_providers: list[str] = field(default_factory=list)
    collected: int | None = None
    interrupted: str = ""
    internal_error: str = ""
    exitstatus: int = 0

    def scenarios(self, provider: str | None = None) -> list[TestResult]:
        return [
            r
            for nodeid, r in sorted(self.results.items())
            if r.provider is not None and (provider is None or r.provider == provider)
        ]

    def providers(self) -> list[str]:
        seen = {r.provider for r in self.scenarios()} | {e.provider for e in self.collect_errors}
        return sorted({p for p in seen if p} | set(self.expected_providers))

    def junit_counts(self) -> dict[str, int]:
        counts = dict.fromkeys(("passed", "failed", "error", "skipped"), 0)
        for result in self.results.values():
            counts[result.junit] += 1
        return counts

    def incomplete_reasons(self) -> list[str]:
        reasons = [
            f"{e.module} ({e.provider or 'no provider'}) could not be collected: {e.error}"
            for e in self.collect_errors
        ]
        if self.interrupted:
            reasons.append(f"the run was interrupted: {self.interrupted}")
        if self.internal_error:
            reasons.append(f"pytest crashed: {self.internal_error}")
        if self.collected is not None and len(self.results) < self.collected:
            missing = self.collected - len(self.results)
            reasons.append(f"{missing} of {self.collected} collected tests never ran")
        for provider in self.expected_providers:
            if not self.scenarios(provider):
                reasons.append(f"{provider}: no scenario ran, nothing of it was checked")
        return reasons

    @property
    def complete(self) -> bool:
        return not self.incomplete_reasons()


def provider_of_nodeid(nodeid: str) -> str | None:
    """conformance/<provider>/... -> provider, if that folder is a provider's (it has cassettes/)."""
    parts = Path(nodeid.split("::")[0]).parts
    if len(parts) >= 2 and parts[0] == "conformance" and (CONFORMANCE / parts[1] / "cassettes").is_dir():
        return parts[1]
    return None


def provider_dirs() -> list[str]:
    return sorted(p.name for p in CONFORMANCE.iterdir() if (p / "cassettes").is_dir())


def spec_operations(provider: str) -> list[str]:
    """The operationIds of the provider's normalized spec, in document order (the matrix's columns)."""
    path = ROOT / "specs" / provider / "openapi.yaml"
    if not path.is_file():
        return []
    spec = load_yaml(path.read_text(encoding="utf-8"))
    return [
        str(op["operationId"])
        for item in (spec.get("paths") or {}).values()
        for op in item.values()
        if isinstance(op, dict) and "operationId" in op
    ]


def cassette_age(provenance: dict[str, Any]) -> str:
    if provenance.get("source") != "recorded":
        return f"synthesized ({provenance.get('source', '?')})"
    when = datetime.datetime.strptime(provenance["recorded_at"], "%Y-%m-%dT%H:%M:%SZ").replace(
        tzinfo=datetime.UTC
    )
    days = (datetime.datetime.now(datetime.UTC) - when).days
    return f"recorded {provenance['recorded_at'][:10]} ({days} d old) against {provenance.get('recorded_against')}"


def cassettes(report: RunReport) -> dict[str, str]:
    """cassette path -> its provenance and age, for every cassette a scenario used."""
    found: dict[str, str] = {}
    for result in report.scenarios():
        name = result.props.get("cassette")
        if name and (ROOT / name).exists():
            found[name] = cassette_age(load_cached(ROOT / name).get("provenance") or {})
    return found


def provider_summary(report: RunReport) -> list[dict[str, Any]]:
    """One row per provider: scenario counts by result, modules not collected, cassette ages."""
    ages = cassettes(report)
    rows = []
    for provider in report.providers():
        scenarios = report.scenarios(provider)
        counts = {outcome: 0 for outcome in SCENARIO_OUTCOMES}
        for result in scenarios:
            counts[result.outcome] += 1
        broken = [e.module for e in report.collect_errors if e.provider == provider]
        mine = sorted({ages[c] for r in scenarios if (c := r.props.get("cassette")) in ages})
        checked = bool(scenarios)
        rows.append(
            {
                "provider": provider,
                "scenarios": len(scenarios),
                **counts,
                "not_collected": broken,
                "status": "complete" if checked and not broken else "INCOMPLETE",
                "cassettes": "; ".join(mine) or "-",
            }
        )
    return rows


def matrix(report: RunReport) -> dict[str, dict[str, dict[str, int]]]:
    """provider -> operation -> {outcome: scenarios}; an operation no scenario touched maps to {}."""
    table: dict[str, dict[str, dict[str, int]]] = {}
    for provider in report.providers():
        cells: dict[str, dict[str, int]] = {op: {} for op in spec_operations(provider)}
        for result in report.scenarios(provider):
            for op in result.operations:
                cell = cells.setdefault(op, {})
                cell[result.outcome] = cell.get(result.outcome, 0) + 1
        table[provider] = cells
    return table


def worst(cell: dict[str, int]) -> str:
    return max(cell, key=SCENARIO_OUTCOMES.index) if cell else "none"


def drift_rows(report: RunReport) -> list[dict[str, Any]]:
    return [drift for result in report.scenarios() for drift in result.drifts]


def headline(report: RunReport) -> list[str]:
    """The sentences every output opens with: complete or not, and what each count counts."""
    junit = report.junit_counts()
    scenarios = report.scenarios()
    by_outcome: dict[str, int] = defaultdict(int)
    for result in scenarios:
        by_outcome[result.outcome] += 1
    lines = []
    reasons = report.incomplete_reasons()
    if reasons:
        lines.append(
            "**INCOMPLETE RUN: the results below cover only what ran; absence of drift proves nothing.**"
        )
        lines += [f"- {reason}" for reason in reasons]
        lines.append("")
    else:
        lines.append("Complete run: every collected test ran.")
    lines.append(
        f"Tests (JUnit testcases in the XML report): {len(report.results)}: "
        f"{junit['passed']} passed, {junit['failed']} failed, {junit['error']} errors, {junit['skipped']} skipped; "
        f"modules that could not be collected: {len(report.collect_errors)}."
    )
    lines.append(
        f"Provider scenarios (the tests under conformance/<provider>/, a subset of the tests): {len(scenarios)}: "
        + ", ".join(f"{by_outcome[o]} {o}" for o in SCENARIO_OUTCOMES)
        + "."
    )
    return lines


def _md_table(header: list[str], rows: list[list[Any]]) -> list[str]:
    def cell(value: Any) -> str:
        return str(value).replace("|", "\\|").replace("\n", " ")

    return [
        "| " + " | ".join(header) + " |",
        "| " + " | ".join("---" for _ in header) + " |",
        *("| " + " | ".join(cell(v) for v in row) + " |" for row in rows),
    ]


def render_markdown(report: RunReport) -> str:
    summary = provider_summary(report)
    grid = matrix(report)
    drifts = drift_rows(report)
    lines = [
        "# Conformance report",
        "",
        f"Generated {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC.",
        "",
        *headline(report),
        "",
        "## Providers",
        "",
        *_md_table(
            ["provider", "status", "scenarios", *SCENARIO_OUTCOMES, "not collected", "cassettes"],
            [
                [
                    row["provider"],
                    row["status"],
                    row["scenarios"],
                    *(row[o] for o in SCENARIO_OUTCOMES),
                    ", ".join(row["not_collected"]) or "-",
                    row["cassettes"],
                ]
                for row in summary
            ],
        ),
        "",
        "## Operations (worst result of the scenarios that call each)",
        "",
    ]
    for provider, cells in grid.items():
        lines.append(f"- **{provider}**: " + ", ".join(f"{op} {worst(cell)}" for op, cell in cells.items()))
    lines += ["", "## Drift", ""]
    if drifts:
        lines += _md_table(
            ["provider", "operation", "field", "cassette", "spec says", "came back"],
            [
                [
                    d["provider"],
                    d["operation"],
                    d["field"] or "-",
                    d["cassette"],
                    d["message"],
                    d.get("got", ""),
                ]
                for d in drifts
            ],
        )
    elif report.complete:
        lines.append("None: every response agrees with the normalized spec.")
    else:
        lines.append("None found in what ran; the run is incomplete (see the top).")
    if report.collect_errors:
        lines += ["", "## Not collected", ""]
        lines += _md_table(
            ["module", "provider", "error"],
            [[e.module, e.provider or "-", e.error] for e in report.collect_errors],
        )
    lines += ["", "## Scenarios", ""]
    lines += _md_table(
        ["provider", "operation(s)", "scenario", "result"],
        [
            [r.provider, ",".join(r.operations) or "-", r.nodeid.split("::", 1)[-1], r.outcome]
            for r in report.scenarios()
        ],
    )
    failures = [r for r in report.results.values() if r.junit in ("failed", "error")]
    if failures:
        lines += ["", "## Failures", ""]
        lines += [
            f"- `{r.nodeid}` ({r.junit}): {r.message}" for r in sorted(failures, key=lambda r: r.nodeid)
        ]
    lines += ["", "## Cassettes", ""]
    lines += _md_table(["cassette", "provenance"], sorted(map(list, cassettes(report).items())))
    lines.append("")
    return "\n".join(lines)


# ---- the plugin ------------------------------------------------------------------------------

_run = RunReport()


def _short(longrepr: Any) -> str:
    """The error's last meaningful line (``TypeError: ... missing 1 required positional argument``)."""
    crash = getattr(longrepr, "reprcrash", None)
    if crash is not None:
        return str(crash.message).strip().splitlines()[0] if str(crash.message).strip() else ""
    text = str(longrepr or "").strip()
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    for line in reversed(lines):
        if line.startswith("E "):
            return line[2:].strip()
    return lines[-1] if lines else ""


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--conformance-report", default=None, help="write the conformance report (Markdown, and .html) here"
    )


def pytest_configure(config: pytest.Config) -> None:
    # one provider's broken module must not keep the others from being checked
    config.option.continue_on_collection_errors = True
    global _run
    _run = RunReport()
    _run.expected_providers = _expected_providers(config)


def _expected_providers(config: pytest.Config) -> list[str]:
    """The providers whose folder (or a part of it) the run was asked to check."""
    wanted: set[str] = set()
    for arg in config.args or ["."]:
        path = (Path(config.invocation_params.dir) / arg.split("::")[0]).resolve()
        for provider in provider_dirs():
            folder = CONFORMANCE / provider
            if folder == path or folder.is_relative_to(path) or path.is_relative_to(folder):
                wanted.add(provider)
    return sorted(wanted)


def pytest_collectreport(report: pytest.CollectReport) -> None:
    if report.failed:
        _run.collect_errors.append(
            CollectError(
                report.nodeid or "(root)", provider_of_nodeid(report.nodeid), _short(report.longrepr)
            )
        )


def pytest_collection_finish(session: pytest.Session) -> None:
    _run.collected = len(session.items)


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    result = _run.results.setdefault(report.nodeid, TestResult(report.nodeid))
    result.props.update(dict(report.user_properties))
    result.phases[report.when] = report.outcome
    if report.failed and not result.message:
        result.message = _short(report.longrepr)


def pytest_keyboard_interrupt(excinfo: pytest.ExceptionInfo[BaseException]) -> None:
    _run.interrupted = _short(excinfo.getrepr()) or "KeyboardInterrupt"


def pytest_internalerror(excrepr: Any, excinfo: Any) -> None:
    _run.internal_error = _short(excrepr) or "internal error"


@pytest.hookimpl(tryfirst=True)  # before junitxml writes its file, so the verdict is in it
def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    _run.exitstatus = int(exitstatus)
    if session.shouldstop and not _run.interrupted:
        _run.interrupted = str(session.shouldstop)
    if session.shouldfail and not _run.interrupted:
        _run.interrupted = str(session.shouldfail)
    if exitstatus == pytest.ExitCode.INTERRUPTED and not _run.interrupted:
        _run.interrupted = "pytest exited early"
    reasons = _run.incomplete_reasons()
    xml = _junit(session.config)
    if xml is not None:
        xml.add_global_property("conformance_complete", "false" if reasons else "true")
        for i, reason in enumerate(reasons):
            xml.add_global_property(f"conformance_incomplete_{i + 1}", reason)
    if reasons and session.exitstatus == pytest.ExitCode.OK:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
    target = session.config.getoption("--conformance-report")
    if not target:
        return
    path = Path(target)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_markdown(_run), encoding="utf-8")
    path.with_suffix(".html").write_text(render_html(_run), encoding="utf-8")


def pytest_terminal_summary(terminalreporter: Any) -> None:
    reasons = _run.incomplete_reasons()
    if reasons:
        terminalreporter.section("conformance: INCOMPLETE RUN", red=True)
        for reason in reasons:
            terminalreporter.line(f"  {reason}")


def _junit(config: pytest.Config) -> Any:
    try:
        from _pytest.junitxml import xml_key
    except ImportError:  # pragma: no cover - pytest moved it
        return None
    return config.stash.get(xml_key, None)
