"""The committed cassettes are exactly what conformance/twilio/synthesize.py writes from the spec's examples."""

from __future__ import annotations

import difflib
from pathlib import Path

from .synthesize import OUT, write


def test_the_cassettes_are_the_synthesizers_output(tmp_path: Path) -> None:
    written = {p.relative_to(tmp_path): p.read_text() for p in write(tmp_path)}
    committed = {p.relative_to(OUT): p.read_text() for p in OUT.rglob("*.yaml")}
    assert sorted(written) == sorted(committed), "run: .venv/bin/python -m conformance.twilio.synthesize"
    for name, text in written.items():
        diff = "".join(
            difflib.unified_diff(
                committed[name].splitlines(True), text.splitlines(True), str(name), "synthesized"
            )
        )
        assert not diff, f"{diff}\nrun: .venv/bin/python -m conformance.twilio.synthesize"
