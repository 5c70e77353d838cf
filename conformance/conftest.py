"""Conformance: the generated clients replayed against cassettes.

Replay is the default (``--record-mode=none``, set by ``make test`` together
with ``--block-network``). Each test module has its own cassette folder
(``<provider>/cassettes/<module>/<test>.yaml``); every interaction in a
cassette must be played by its test, so a cassette cannot hold a request the
client no longer makes.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conformance.matchers import MATCH_ON, register

ROOT = Path(__file__).resolve().parent.parent

# The suite imports the generated packages straight from generated/<provider>/, so it
# tests exactly the committed tree (no stale installed copy can stand in for it).
for package_root in sorted((ROOT / "generated").glob("[!.]*")):
    if package_root.is_dir() and str(package_root) not in sys.path:
        sys.path.insert(0, str(package_root))


def pytest_recording_configure(config: pytest.Config, vcr: Any) -> None:
    register(vcr)


@pytest.fixture(scope="module")
def vcr_config() -> dict[str, Any]:
    return {
        "match_on": MATCH_ON,
        "allow_playback_repeats": False,
        "decode_compressed_response": True,
    }


@pytest.fixture(autouse=True)
def _every_interaction_played(vcr: Any, record_mode: str) -> Iterator[None]:
    yield
    if vcr is not None and record_mode == "none" and not vcr.all_played:
        unplayed = [f"{r.method} {r.uri}" for i, r in enumerate(vcr.requests) if not vcr.play_counts[i]]
        pytest.fail(f"cassette {vcr._path} has interactions the test never made: {unplayed}")
