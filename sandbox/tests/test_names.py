"""``Provider``, the old name of ``VendorEmulator``: still importable (carrier-sandbox 0.1.0 exported it), deprecated.

It named two different things, this emulator and ``codegen.providers.Provider`` (a
provider's entry in codegen/providers.yaml); the sandbox's own modules use the new name.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from sandbox import provider
from sandbox.provider import VendorEmulator

SANDBOX = Path(__file__).resolve().parents[1]


def test_the_old_name_is_the_same_class_with_a_deprecation_warning() -> None:
    with pytest.warns(DeprecationWarning, match="VendorEmulator"):
        from sandbox.provider import Provider

    assert Provider is VendorEmulator
    assert "Provider" not in provider.__all__  # a star import does not warn


def test_other_missing_names_are_still_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'Emulator'"):
        _ = provider.Emulator  # type: ignore[attr-defined]  # the point: it does not exist


def test_the_sandbox_modules_use_the_new_name() -> None:
    old = [
        f"{path.name}:{node.lineno}"
        for path in sorted(SANDBOX.glob("*.py"))
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.ImportFrom)
        and (node.module or "").endswith("provider")
        and any(alias.name == "Provider" for alias in node.names)
    ]
    assert old == [], "import VendorEmulator from sandbox/provider.py instead of Provider"
