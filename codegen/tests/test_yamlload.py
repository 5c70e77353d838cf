"""One YAML loader: codegen/yamlload.py, its copy in the sandbox, and nobody else calling PyYAML's loaders."""

from __future__ import annotations

import re
from pathlib import Path

from codegen import yamlload
from codegen.yamlload import load_cached, load_yaml
from sandbox.distribution.__main__ import stage

ROOT = Path(__file__).resolve().parents[2]
ORIGINAL = ROOT / "codegen" / "yamlload.py"
COPY = ROOT / "sandbox" / "yamlload.py"
# The loader and its copy, and codegen/yaml12.py: the YAML 1.2 fast path of codegen.yamlfile, a
# libyaml loader with ruamel's scalar rules for vendor documents (its own Loader class).
ALLOWED = {ORIGINAL, COPY, ROOT / "codegen" / "yaml12.py"}
HAND_WRITTEN = ("codegen", "conformance", "sandbox", "bench")
# yaml.safe_load(, yaml.load(, yaml.full_load(, yaml.unsafe_load(, yaml.load_all( and friends
LOADER_CALL = re.compile(r"\byaml\.(?:safe_|full_|unsafe_)?load(?:_all)?\(")


def _python_files() -> list[Path]:
    return sorted(
        p for top in HAND_WRITTEN for p in (ROOT / top).rglob("*.py") if "__pycache__" not in p.parts
    )


def test_the_sandbox_copy_is_the_original() -> None:
    """The sandbox ships alone (carrier-sandbox, without codegen): its copy must not drift."""
    assert COPY.read_bytes() == ORIGINAL.read_bytes(), "run: cp codegen/yamlload.py sandbox/yamlload.py"


def test_the_sandbox_wheel_carries_the_copy(tmp_path: Path) -> None:
    package = stage(tmp_path)
    assert (package / "yamlload.py").read_bytes() == ORIGINAL.read_bytes()
    assert "from .yamlload import" in (package / "state.py").read_text(encoding="utf-8")


def test_no_other_yaml_loading_in_hand_written_code() -> None:
    callers = {p for p in _python_files() if p != Path(__file__) and LOADER_CALL.search(p.read_text("utf-8"))}
    assert ORIGINAL in callers and COPY in callers  # the pattern finds what it looks for
    assert callers <= ALLOWED, (
        f"use codegen.yamlload (sandbox: .yamlload) instead in: {sorted(callers - ALLOWED)}"
    )


def test_it_reads_as_safe_load_does() -> None:
    assert load_yaml("a: no\nb: 012\nc: [1, 2.5, null]\n") == {"a": False, "b": 10, "c": [1, 2.5, None]}
    assert yamlload.LOADER.__name__ in ("CSafeLoader", "SafeLoader")


def test_load_cached_parses_again_when_the_file_changes_and_hands_out_copies(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text("items: [1]\n", encoding="utf-8")
    first = load_cached(path)
    first["items"].append(2)
    assert load_cached(path) == {"items": [1]}
    path.write_text("items: [1, 2, 3]\n", encoding="utf-8")
    assert load_cached(path) == {"items": [1, 2, 3]}
