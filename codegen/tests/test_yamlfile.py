"""The fast YAML path (libyaml) gives ruamel's data, or declines; errors still name file, line and column."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest

from codegen.errors import SpecError
from codegen.providers import ROOT
from codegen.yaml12 import Declined, fast_load
from codegen.yamlfile import _plain, _ruamel_tree, load_yaml_text


def ruamel_data(text: str) -> Any:
    """What load_yaml_text gave before the fast path: ruamel's round-trip tree as plain data."""
    return _plain(_ruamel_tree(text, Path("x.yaml"), 0))


def same(a: Any, b: Any) -> bool:
    """Equal, and of the same types all the way down (1 is not True, 1.0 is not 1; nan is nan)."""
    if isinstance(a, dict) and isinstance(b, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a):
        return math.isnan(b)
    # ruamel's TimeStamp keeps the written form (offset, "T") beside the value
    return type(a) is type(b) and a == b and getattr(a, "_yaml", None) == getattr(b, "_yaml", None)


# Plain scalars whose meaning differs between YAML 1.1 (PyYAML's default) and 1.2 (ruamel), or that
# look like numbers; each is read by the fast loader exactly as ruamel reads it.
EXACT = [
    "no", "yes", "on", "off", "y", "N", "true", "True", "FALSE",
    "012", "0", "-0", "+12", "00", "123456789012345678901234567890",
    "1e3", "1E3", "1.5e+3", "-2.5E-3", "1.", "3.25", "+1.0", ".inf", "-.inf", "+.inf", ".nan", ".NaN",
    "~", "null", "Null", "", "1:20", "0x", "12abc", "'012'", '"no"', "'~'",
    "2024-01-01", "2024-01-01T10:20:30Z", "2024-1-2 3:04:05", "2024-06-05T04:10:00+05:30",
    "2024-06-05 04:10:00.1234567 -3", "a # comment", "|\n  literal\n  text", ">\n  folded\n  text", "https://x.example/a?b=1", "+", "_1",
]  # fmt: skip
# Where the fast loader cannot promise ruamel's result: ruamel parses these, as before.
DECLINED = [
    "0x1F", "0o17", "0b101", "1_000", ".5", "!!binary aGk=", "!!timestamp 2024-01-01", "!custom x", "=", "!!str 12", "!!int '12'",
]  # fmt: skip


@pytest.mark.parametrize("scalar", EXACT)
def test_fast_loader_reads_scalars_as_ruamel_does(scalar: str) -> None:
    for text in (f"value: {scalar}\n", f"- {scalar}\n"):
        assert same(fast_load(text), ruamel_data(text)), text


@pytest.mark.parametrize("scalar", DECLINED)
def test_fast_loader_declines_what_ruamel_reads_its_own_way(scalar: str) -> None:
    text = f"value: {scalar}\n"
    with pytest.raises(Declined):
        fast_load(text)
    # ruamel's own objects (a TaggedScalar) have no ==; their repr shows the value and tag
    assert repr(load_yaml_text(text, Path("x.yaml")).data) == repr(ruamel_data(text))


@pytest.mark.parametrize(
    "text",
    [
        "responses:\n  200: {description: ok}\n  true: x\n",  # int and bool keys become strings
        "012: a\n-1: b\n0: c\nyes: d\n'7': e\n",
        "a: [1, {b: [c, 2.0]}]\nd: {}\ne: []\n",
    ],
)
def test_keys_and_nesting_match_ruamel(text: str) -> None:
    assert same(fast_load(text), ruamel_data(text))


@pytest.mark.parametrize(
    "text",
    [
        "%YAML 1.1\n---\nvalue: no\n",  # a version directive changes ruamel's rules
        "a: &x {b: 1}\nc: *x\n",  # an alias: ruamel's plain copy is not shared
        "base: &b {x: 1}\nother:\n  <<: *b\n  y: 2\n",  # merge key
        "~: null key\n",
        "? [a, b]\n: complex key\n",
        "1.5: float key\n",
        "!!map {a: 1}\n",
        "a: !!seq [1]\n",
    ],
)
def test_fast_loader_declines_structures_it_does_not_mirror(text: str) -> None:
    with pytest.raises(Declined):
        fast_load(text)


def test_every_yaml_file_in_the_repository_loads_to_the_same_data() -> None:
    files = [*sorted((ROOT / "specs").rglob("*.yaml")), ROOT / "codegen" / "providers.yaml"]
    assert len(files) > 10
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert same(load_yaml_text(text, path).data, ruamel_data(text)), path


def test_a_position_is_found_lazily_with_the_line_offset() -> None:
    text = "openapi: 3.0.3\npaths:\n  /a:\n    get:\n      operationId: Bad-Name\n"
    doc = load_yaml_text(text, Path("page.md"), line_offset=10)
    assert doc._tree is None  # no round-trip parse until a position is needed
    err = doc.error(["paths", "/a", "get", "operationId"], "not snake_case")
    assert isinstance(err, SpecError)
    assert str(err).startswith("page.md:15:7:") and "not snake_case" in str(err)


def test_a_duplicate_key_is_an_error_at_its_line() -> None:
    text = "openapi: 3.0.3\ninfo: {title: t}\npaths: {}\ninfo: {title: again}\n"
    with pytest.raises(SpecError) as caught:
        load_yaml_text(text, Path("dup.yaml"))
    assert str(caught.value).startswith("dup.yaml:4:1:") and "duplicate key" in str(caught.value)


def test_a_syntax_error_names_line_and_column() -> None:
    text = "openapi: 3.0.3\npaths:\n  /a: [get\n"
    with pytest.raises(SpecError) as caught:
        load_yaml_text(text, Path("bad.yaml"), line_offset=2)
    assert str(caught.value).startswith("bad.yaml:6:1:") and "invalid YAML" in str(caught.value)


@pytest.mark.parametrize("scalar", ["2024-06-05T04:10:00+05:30", "2024-01-01", "2024-1-2 3:04:05"])
def test_timestamps_are_yaml_1_2_strings_on_both_paths(scalar: str) -> None:
    # YAML 1.2 has no timestamp type: a vendor's unquoted example stays the text it wrote, and the
    # normalized spec (PyYAML's dump) can write it back.
    fast, ruamel = f"example: {scalar}\n", f"example: {scalar}\nanchor: &a x\nalias: *a\n"
    for text in (fast, ruamel):
        data = load_yaml_text(text, Path("x.yaml")).data
        assert data["example"] == scalar and type(data["example"]) is str
