"""How the conformance code parses YAML: libyaml's safe loader, each cassette file once per process.

``yaml.safe_load`` is PyYAML's pure-Python parser; ``yaml.CSafeLoader`` is the same safe loader
(same YAML 1.1 rules, same data) in C, several times faster. vcrpy already loads cassettes with it
(vcr/serializers/yamlserializer.py); everything of ours that reads a cassette, a spec or a recording
goes through here. Without libyaml (a PyYAML built without it) the pure-Python loader is used.

A committed cassette is read by several checks in one run (the hygiene scan, the provenance
test, the drift test, the report), so ``load_cassette`` parses a file once per path, size and
modification time, and hands each caller its own copy (callers may edit what they get).
"""

from __future__ import annotations

import copy
import functools
from pathlib import Path
from typing import Any

import yaml

__all__ = ["LOADER", "load_cassette", "load_yaml"]

LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(text: str) -> Any:
    """``yaml.safe_load(text)``, through libyaml when it is there."""
    return yaml.load(text, Loader=LOADER)  # a safe loader: SafeLoader or its C build


@functools.lru_cache(maxsize=512)
def _parsed(path: Path, mtime_ns: int, size: int) -> Any:
    return load_yaml(path.read_text(encoding="utf-8"))


def load_cassette(path: Path | str) -> Any:
    """The parsed YAML file at ``path`` (a cassette, a recording), parsed once while the file is unchanged."""
    resolved = Path(path).resolve()
    stat = resolved.stat()
    return copy.deepcopy(_parsed(resolved, stat.st_mtime_ns, stat.st_size))
