"""A provider's in-memory state: seeded from a fixture file, replaced whole on reset, changed under a lock.

The routing semantics are state (a number is on a trunk or it is not), so the
sandbox keeps some; but only the state of one process, only in memory, and
always rebuildable from the fixture, so every test run starts from the same
inventory and ``POST /_sandbox/reset`` gets back to it.

Every change happens inside ``Store.lock`` with no ``await`` in between, so two
requests racing for the same number are serialized: exactly one of them wins,
whether the server runs them on one event loop (uvicorn) or on threads.
"""

from __future__ import annotations

import copy
import datetime
import threading
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, Generic, TypeVar

import yaml

__all__ = ["FIXTURES", "Clock", "Store", "entries", "load_fixture", "need"]

FIXTURES = Path(__file__).resolve().parent / "fixtures"

S = TypeVar("S")


def load_fixture(provider: str, directory: Path | None = None) -> dict[str, Any]:
    """``<directory>/<provider>.yaml`` (default: sandbox/fixtures/), parsed; an error names the file."""
    path = (directory or FIXTURES) / f"{provider}.yaml"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as err:
        raise ValueError(f"{path}: {err}") from err
    if not isinstance(data, dict):
        raise ValueError(f"{path}: a fixture is a mapping, got {type(data).__name__}")
    return data


class Clock:
    """ISO 8601 UTC timestamps (microseconds, ``Z``) that strictly increase.

    Two changes in the same microsecond still get ordered ``updated_at`` values,
    so a scenario can assert "assigned before unassigned" by comparing them.
    """

    def __init__(self) -> None:
        self._last = datetime.datetime.min.replace(tzinfo=datetime.UTC)
        self._lock = threading.Lock()

    def now(self) -> str:
        with self._lock:
            now = datetime.datetime.now(datetime.UTC)
            if now <= self._last:
                now = self._last + datetime.timedelta(microseconds=1)
            self._last = now
            return now.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


class Store(Generic[S]):
    """One provider's state, built by ``build`` from a fixture mapping.

    ``seed`` is kept unchanged; ``state`` is built from a deep copy of it, so a
    reset is exact. Callers hold ``lock`` while they read and change ``state``.
    """

    def __init__(self, seed: Mapping[str, Any], build: Callable[[dict[str, Any]], S]) -> None:
        self.lock = threading.RLock()
        self._build = build
        self.seed: dict[str, Any] = copy.deepcopy(dict(seed))
        self.state: S = build(copy.deepcopy(self.seed))

    def reset(self, seed: Mapping[str, Any] | None = None) -> None:
        """Back to the seed; with ``seed``, that one becomes the seed (it is checked before anything changes)."""
        new_seed = copy.deepcopy(dict(seed)) if seed is not None else self.seed
        state = self._build(copy.deepcopy(new_seed))  # raises on a bad seed, leaving everything as it was
        with self.lock:
            self.seed, self.state = new_seed, state


def need(entry: Mapping[str, Any], key: str, where: str, kind: type | tuple[type, ...] = str) -> Any:
    """``entry[key]``, checked; a bad fixture fails at load time with the place, not at the first request."""
    if not isinstance(entry, Mapping) or key not in entry:
        raise ValueError(f"fixture {where}: missing {key!r}")
    value = entry[key]
    if not isinstance(value, kind):
        raise ValueError(f"fixture {where}.{key}: expected {kind}, got {type(value).__name__}")
    return value


def entries(fixture: Mapping[str, Any], key: str, where: str) -> list[dict[str, Any]]:
    """``fixture[key]`` as a list of mappings (absent: empty)."""
    value = fixture.get(key) or []
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        raise ValueError(f"fixture {where}.{key}: expected a list of mappings")
    return value
