"""The report cannot lie: a scenario module that does not even import makes the run incomplete, and says so.

The issue this guards against: a breaking spec change made one of Bolna's modules
fail at import (``TypeError: ... missing 1 required positional argument: 'region'``),
pytest stopped at collection, none of the four providers was checked, and the
report said "no drift". Here a copy of conformance/ gets exactly such a module
planted in bolna/, and the suite is run on the copy for two providers, as
``make conformance`` runs it (``-p conformance.report``, JUnit XML). Then:

* the exit code is non-zero;
* the Markdown, the HTML and the JUnit XML all say the run is incomplete and
  name the module, its provider and the error;
* vobiz and bolna's other modules were still checked, and their results are in
  the report;
* every count in the report agrees with the JUnit file, testcase by testcase.

And a run stopped half-way (``pytest.exit`` in a planted test, as Ctrl-C) is
reported as interrupted, with the tests that never ran and the provider left
unchecked.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
PLANTED_ERROR = "SIPTrunkPhoneNumberRequest.__init__() missing 1 required positional argument: 'region'"
PLANTED = f'''"""Planted by test_planted_collection_error: fails at import, as a module does after a breaking change."""

raise TypeError("{PLANTED_ERROR}")
'''
HEADLINE = re.compile(
    r"Tests \(JUnit testcases in the XML report\): (\d+): (\d+) passed, (\d+) failed, (\d+) errors, "
    r"(\d+) skipped; modules that could not be collected: (\d+)\."
)
SCENARIOS = re.compile(
    r"Provider scenarios \(the tests under conformance/\S+ a subset of the tests\): (\d+):"
)


INTERRUPTING = '''"""Planted by test_planted_collection_error: stops the run half-way, as Ctrl-C or pytest.exit would."""

import pytest


def test_stops_the_run() -> None:
    pytest.exit("planted interruption", returncode=2)
'''


def _planted_tree(tmp_path_factory: pytest.TempPathFactory, plants: dict[str, str]) -> Path:
    """A copy of conformance/ (specs, generated, sandbox, codegen linked) with ``plants`` (path -> text) added.

    codegen/ for codegen.yamlload, the YAML loader conformance/ reads cassettes and specs with."""
    tree = tmp_path_factory.mktemp("planted")
    shutil.copytree(ROOT / "conformance", tree / "conformance", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("specs", "generated", "sandbox", "codegen"):
        (tree / name).symlink_to(ROOT / name)
    shutil.copy(ROOT / "pyproject.toml", tree / "pyproject.toml")
    for relative, text in plants.items():
        (tree / relative).write_text(text)
    return tree


def _run(tree: Path, *paths: str) -> dict[str, Any]:
    reports = tree / "reports"
    result = subprocess.run(
        [sys.executable, "-m", "pytest", *paths, "--record-mode=none",
         "--block-network", "-q", "-p", "conformance.report", f"--junitxml={reports / 'conformance.xml'}",
         f"--conformance-report={reports / 'conformance.md'}"],
        cwd=tree, env={k: v for k, v in os.environ.items() if k != "CONFORMANCE_GENERATED_ROOT"},
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    return {
        "result": result,
        "md": (reports / "conformance.md").read_text(),
        "html": (reports / "conformance.html").read_text(),
        "xml": ET.parse(reports / "conformance.xml").getroot(),
    }


@pytest.fixture(scope="module")
def planted_run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    tree = _planted_tree(tmp_path_factory, {"conformance/bolna/test_zz_planted.py": PLANTED})
    return _run(tree, "conformance/vobiz", "conformance/bolna")


def test_an_interrupted_run_is_reported_as_such(tmp_path_factory: pytest.TempPathFactory) -> None:
    """pytest.exit half-way (as Ctrl-C): the tests after it never ran, and the report says so."""
    tree = _planted_tree(tmp_path_factory, {"conformance/tryvox/test_aa_interrupt.py": INTERRUPTING})
    run = _run(tree, "conformance/tryvox", "conformance/vobiz")
    assert run["result"].returncode != 0
    for kind in ("md", "html"):
        assert "INCOMPLETE RUN" in run[kind]
        assert "planted interruption" in run[kind]
        assert "collected tests never ran" in run[kind]
        assert "vobiz: no scenario ran" in run[kind]
    props = {p.get("name"): p.get("value") for p in run["xml"].iter("property")}
    assert props.get("conformance_complete") == "false"


def test_a_planted_collection_error_makes_the_run_fail(planted_run: dict[str, Any]) -> None:
    result = planted_run["result"]
    assert result.returncode != 0, result.stdout[-2000:]
    assert "INCOMPLETE RUN" in result.stdout


@pytest.mark.parametrize("kind", ["md", "html"])
def test_the_report_says_the_run_is_incomplete_and_why(planted_run: dict[str, Any], kind: str) -> None:
    text = planted_run[kind]
    assert "INCOMPLETE RUN" in text
    assert "conformance/bolna/test_zz_planted.py" in text
    assert PLANTED_ERROR.replace("'", "&#x27;" if kind == "html" else "'") in text
    assert "None: every response agrees" not in text


def test_the_junit_file_says_so_too(planted_run: dict[str, Any]) -> None:
    root = planted_run["xml"]
    props = {p.get("name"): p.get("value") for p in root.iter("property")}
    assert props.get("conformance_complete") == "false"
    assert any("test_zz_planted.py" in (v or "") and "bolna" in (v or "") for v in props.values())
    errors = [case for case in root.iter("testcase") if case.find("error") is not None]
    assert any("test_zz_planted" in (case.get("classname", "") + case.get("name", "")) for case in errors)


def test_the_other_modules_and_providers_were_still_checked(planted_run: dict[str, Any]) -> None:
    md = planted_run["md"]
    providers_table = md.split("## Providers", 1)[1].split("##", 1)[0]
    rows = {
        line.split("|")[1].strip(): line for line in providers_table.splitlines() if line.startswith("| ")
    }
    vobiz = [cell.strip() for cell in rows["vobiz"].strip("|").split("|")]
    bolna = [cell.strip() for cell in rows["bolna"].strip("|").split("|")]
    assert vobiz[1] == "complete" and int(vobiz[2]) > 0 and vobiz[3] == vobiz[2]  # every scenario passed
    assert bolna[1] == "INCOMPLETE" and int(bolna[3]) > 0  # bolna's other modules ran and passed
    assert "test_zz_planted.py" in bolna[8]
    assert "| vobiz | list_numbers" in md


def _junit_classes(root: ET.Element) -> dict[str, list[ET.Element]]:
    classes: dict[str, list[ET.Element]] = {
        "passed": [],
        "failed": [],
        "error": [],
        "skipped": [],
        "collect": [],
    }
    for case in root.iter("testcase"):
        error = case.find("error")
        if error is not None and "collection failure" in (error.get("message") or ""):
            classes["collect"].append(case)
        elif case.find("failure") is not None:
            classes["failed"].append(case)
        elif error is not None:
            classes["error"].append(case)
        elif case.find("skipped") is not None:
            classes["skipped"].append(case)
        else:
            classes["passed"].append(case)
    return classes


@pytest.mark.parametrize("kind", ["md", "html"])
def test_every_count_agrees_with_the_junit_file(planted_run: dict[str, Any], kind: str) -> None:
    classes = _junit_classes(planted_run["xml"])
    text = planted_run[kind]
    match = HEADLINE.search(text)
    assert match, text[:2000]
    total, passed, failed, errors, skipped, not_collected = map(int, match.groups())
    assert (passed, failed, errors, skipped, not_collected) == tuple(
        len(classes[k]) for k in ("passed", "failed", "error", "skipped", "collect")
    )
    assert total == passed + failed + errors + skipped
    scenarios = SCENARIOS.search(text.replace("&lt;", "<").replace("&gt;", ">"))
    assert scenarios, text[:2000]
    in_provider_folders = [
        case
        for k in ("passed", "failed", "error", "skipped")
        for case in classes[k]
        if case.get("classname", "").startswith(("conformance.vobiz.", "conformance.bolna."))
    ]
    assert int(scenarios.group(1)) == len(in_provider_folders) > 0
