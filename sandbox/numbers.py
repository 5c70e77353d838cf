"""Phone numbers in E.164 (``+`` then 2 to 15 digits), as every vendor's pages and fixtures write them.

One pattern for all the emulators (a fixture's numbers, Bolna's ``e164_check_enabled``).
It is codegen.surface.E164_PATTERN, repeated because an installed carrier-sandbox ships
without codegen (sandbox/tests/test_server.py checks the two agree).
"""

from __future__ import annotations

import re

__all__ = ["E164", "fixture_e164"]

E164 = re.compile(r"^\+[1-9]\d{1,14}$")


def fixture_e164(value: str, where: str) -> str:
    """``value``, a fixture's number at ``where``; ValueError (naming the place) if it is not E.164."""
    if not E164.match(value):
        raise ValueError(f"fixture {where}: {value!r} is not E.164")
    return value
