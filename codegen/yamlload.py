"""Reading the repository's own YAML: one loader for codegen, conformance, bench and the sandbox.

Every YAML file this repository writes or keeps by hand (cassettes, changelogs, providers.yaml,
the sandbox's fixtures, the normalized ``specs/<provider>/openapi.yaml``, recordings) is read
here, as ``yaml.safe_load`` reads it (YAML 1.1's safe schema: plain data, no Python objects),
through libyaml's C parser when PyYAML has it: the same data, several times faster on a spec.
One loader means one set of rules: a file does not parse one way in codegen and another in the
sandbox.

A vendor's source document is different: it is YAML 1.2 written by someone else, and an error
in it must name a line, so codegen reads those with ``codegen.yamlfile.load_yaml_text``
(ruamel.yaml's rules, positions kept; codegen/yaml12.py is its fast path).

The sandbox ships alone as the carrier-sandbox wheel, without codegen, so this module imports
nothing of the repository's: sandbox/yamlload.py is a byte-for-byte copy, which the wheel
carries, and codegen/tests/test_yamlload.py keeps the two equal and checks that nothing else
calls ``yaml.safe_load`` or ``yaml.load``.
"""

from __future__ import annotations

import copy
import functools
from pathlib import Path
from typing import Any

import yaml

__all__ = ["LOADER", "load_cached", "load_yaml", "load_yaml_file"]

# The safe loader in C when PyYAML was built with libyaml (its wheels are), else the same rules in Python.
LOADER: type[yaml.SafeLoader] | type[yaml.CSafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(text: str) -> Any:
    """``yaml.safe_load(text)``, through libyaml when it is there."""
    return yaml.load(text, Loader=LOADER)  # a safe loader: SafeLoader or its C build


def load_yaml_file(path: Path | str) -> Any:
    """The YAML file at ``path`` (UTF-8), parsed as ``load_yaml`` parses text."""
    return load_yaml(Path(path).read_text(encoding="utf-8"))


@functools.lru_cache(maxsize=512)
def _parsed(path: Path, mtime_ns: int, size: int) -> Any:
    return load_yaml_file(path)


def load_cached(path: Path | str) -> Any:
    """``load_yaml_file(path)``, parsed once per process while the file is unchanged.

    A committed cassette is read by several checks in one run (the hygiene scan, the provenance
    test, the drift test, the report): the parse is kept per path, size and modification time,
    and each caller gets its own copy (callers may edit what they get).
    """
    resolved = Path(path).resolve()
    stat = resolved.stat()
    return copy.deepcopy(_parsed(resolved, stat.st_mtime_ns, stat.st_size))
