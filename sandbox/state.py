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

from .yamlload import load_yaml_file

__all__ = ["FIXTURES", "Clock", "ScriptedClock", "Store", "entries", "load_fixture", "need"]

FIXTURES = Path(__file__).resolve().parent / "fixtures"

S = TypeVar("S")


def load_fixture(provider: str, directory: Path | None = None) -> dict[str, Any]:
    """``<directory>/<provider>.yaml`` (default: sandbox/fixtures/), parsed; an error names the file."""
    path = (directory or FIXTURES) / f"{provider}.yaml"
    try:
        data = load_yaml_file(path)
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


class ScriptedClock(Clock):
    """A fixture's own clock: ``start``, then ``step`` seconds later each time, in ``start``'s format.

    ``clock: {start: '2026-04-09T11:15:00Z', step: 300}`` in a fixture makes the provider's
    timestamps reproducible (a documented example's ``updated_at``), still strictly increasing.
    Written without fractional seconds, ``start`` gives timestamps without them (``step`` must
    then be whole seconds); with them, microseconds.
    """

    def __init__(self, start: str, step: float = 1.0) -> None:
        super().__init__()
        self._next = datetime.datetime.fromisoformat(start.replace("Z", "+00:00")).astimezone(datetime.UTC)
        self._step = datetime.timedelta(seconds=step)
        self._format = "%Y-%m-%dT%H:%M:%S.%fZ" if "." in start else "%Y-%m-%dT%H:%M:%SZ"

    @classmethod
    def from_fixture(cls, value: Any) -> ScriptedClock | None:
        """The fixture's ``clock`` block (absent: None); ValueError says what is wrong."""
        if value is None:
            return None
        if not isinstance(value, Mapping) or not isinstance(value.get("start"), str):
            raise ValueError("fixture clock: expected {start: '<ISO 8601 UTC>', step: <seconds>}")
        step = value.get("step", 1)
        if isinstance(step, bool) or not isinstance(step, int | float) or step <= 0:
            raise ValueError(f"fixture clock.step: a positive number of seconds, got {step!r}")
        if "." not in value["start"] and step != int(step):
            raise ValueError("fixture clock.step: whole seconds, as start has no fractional seconds")
        try:
            return cls(value["start"], float(step))
        except ValueError as err:
            raise ValueError(f"fixture clock.start: {err}") from err

    def now(self) -> str:
        with self._lock:
            now, self._next = self._next, self._next + self._step
            return now.strftime(self._format)


class Store(Generic[S]):
    """One provider's state, built by ``build`` from a fixture mapping.

    ``seed`` is kept unchanged; ``state`` is built from a deep copy of it, so a
    reset is exact. Callers hold ``lock`` while they read and change ``state``.
    ``clock`` is the seed's own ``clock`` (see ScriptedClock), restarted by every reset; None
    when the seed has none (the provider then uses the sandbox's clock).
    """

    def __init__(self, seed: Mapping[str, Any], build: Callable[[dict[str, Any]], S]) -> None:
        self.lock = threading.RLock()
        self._build = build
        self.seed: dict[str, Any] = copy.deepcopy(dict(seed))
        self.clock: ScriptedClock | None = ScriptedClock.from_fixture(self.seed.get("clock"))
        self.state: S = build(copy.deepcopy(self.seed))

    def reset(self, seed: Mapping[str, Any] | None = None) -> None:
        """Back to the seed; with ``seed``, that one becomes the seed (it is checked before anything changes)."""
        new_seed = copy.deepcopy(dict(seed)) if seed is not None else self.seed
        clock = ScriptedClock.from_fixture(new_seed.get("clock"))  # both raise on a bad seed,
        state = self._build(copy.deepcopy(new_seed))  # leaving everything as it was
        with self.lock:
            self.seed, self.state, self.clock = new_seed, state, clock


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
