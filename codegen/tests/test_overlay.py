from __future__ import annotations

from pathlib import Path

import pytest

from codegen.errors import SpecError
from codegen.overlay import apply_overlay
from codegen.yamlfile import LocatedDocument, load_yaml_text

HEADER = "overlay: 1.0.0\ninfo: {title: t, version: '1'}\nactions:\n"


def overlay(actions: str) -> LocatedDocument:
    return load_yaml_text(HEADER + actions, Path("overlay.yaml"))


def test_update_merges_objects_appends_arrays_replaces_scalars() -> None:
    doc = {"a": {"keep": 1, "swap": "old", "list": [1], "deep": {"x": 1}}}
    apply_overlay(
        doc,
        overlay(
            "  - target: $.a\n    description: why\n"
            "    update: {swap: new, list: [2], deep: {y: 2}, added: true}\n"
        ),
    )
    assert doc == {"a": {"keep": 1, "swap": "new", "list": [1, 2], "deep": {"x": 1, "y": 2}, "added": True}}


def test_update_on_array_appends_and_remove_deletes_every_match() -> None:
    doc = {"tags": [{"name": "a"}], "paths": {"/x": {"get": {}}, "/y": {"get": {}}}}
    apply_overlay(
        doc,
        overlay(
            "  - target: $.tags\n    description: why\n    update: {name: b}\n"
            "  - target: $.paths.*.get\n    description: why\n    remove: true\n"
        ),
    )
    assert doc == {"tags": [{"name": "a"}, {"name": "b"}], "paths": {"/x": {}, "/y": {}}}


def test_target_matching_nothing_fails_at_its_line() -> None:
    with pytest.raises(SpecError) as caught:
        apply_overlay({"a": 1}, overlay("  - target: $.missing\n    description: why\n    remove: true\n"))
    assert str(caught.value).startswith("overlay.yaml:4:")
    assert "matches nothing" in str(caught.value)


@pytest.mark.parametrize(
    ("action", "message"),
    [
        ("  - target: $.a\n    update: {b: 1}\n", "say why"),
        ("  - target: $.a\n    description: why\n", "exactly one of"),
        ("  - target: a\n    description: why\n    remove: true\n", r"starting with '\$'"),
        ("  - target: $[?\n    description: why\n    remove: true\n", "invalid JSONPath"),
    ],
)
def test_malformed_actions_are_refused(action: str, message: str) -> None:
    with pytest.raises(SpecError, match=message):
        apply_overlay({"a": {}}, overlay(action))
