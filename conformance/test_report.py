"""The report's rendering: a drift is listed with what the spec says and what came back, and colours the matrix.

(The run-level guarantees, an incomplete run and counts that agree with JUnit, are
checked from outside by conformance/mutations/test_planted_collection_error.py.)
"""

from __future__ import annotations

import json

from conformance.report import RunReport, TestResult, render_markdown
from conformance.report_html import COLOURS, render_html

DRIFT = {
    "provider": "vobiz",
    "operation": "list_numbers",
    "field": "items.0.porting_status",
    "message": "Extra inputs are not permitted (extra_forbidden)",
    "cassette": "conformance/vobiz/cassettes/test_routing/test_x.yaml",
    "got": '"pending"',
}


def _report() -> RunReport:
    report = RunReport(expected_providers=["vobiz"], collected=2)
    drifted = TestResult("conformance/vobiz/test_routing.py::test_x", {"setup": "passed", "call": "passed"})
    drifted.phases["teardown"] = "failed"
    drifted.props = {"provider": "vobiz", "operations": "list_numbers", "drift": json.dumps([DRIFT])}
    passed = TestResult(
        "conformance/vobiz/test_trunks.py::test_y",
        {"setup": "passed", "call": "passed", "teardown": "passed"},
    )
    passed.props = {"provider": "vobiz", "operations": "retrieve_trunk", "drift": "[]"}
    report.results = {r.nodeid: r for r in (drifted, passed)}
    return report


def test_a_drift_is_listed_with_spec_and_answer() -> None:
    markdown = render_markdown(_report())
    row = next(line for line in markdown.splitlines() if "items.0.porting_status" in line)
    for value in DRIFT.values():
        assert value in row
    assert "None: every response" not in markdown
    assert "1 drift" in markdown and "1 pass" in markdown


def test_the_matrix_colours_each_operation_by_its_worst_result() -> None:
    page = render_html(_report())
    assert f'background:{COLOURS["drift"]}"><code>list_<wbr>numbers' in page
    assert f'background:{COLOURS["pass"]}"><code>retrieve_<wbr>trunk' in page
    assert f'background:{COLOURS["none"]}"><code>assign_<wbr>number_<wbr>to_<wbr>trunk' in page


def test_counts_follow_junit_classes() -> None:
    report = _report()
    # the drifted test failed in teardown: JUnit calls it an error, the scenario table a drift
    assert report.junit_counts() == {"passed": 1, "failed": 0, "error": 1, "skipped": 0}
    assert report.complete
    report.collected = 3
    assert not report.complete
    assert "1 of 3 collected tests never ran" in render_markdown(report)
