"""Mistakes ``mypy --strict`` must flag: a response id (``str``) used where a ``uuid.UUID`` is held.

Not run, only type-checked: codegen/tests/test_typed_usage.py expects exactly the errors marked
``# flagged:`` below, and no other. The issue's own example, ``binding.agent_uuid == SALES_AGENT``
with a ``uuid.UUID`` constant, is NOT flagged by mypy --strict and cannot be: ``uuid.UUID``
defines ``__eq__`` (typeshed stdlib/uuid.pyi), and mypy skips its strict-equality check whenever
either operand has a custom ``__eq__`` (mypy/checkexpr.py, dangerous_comparison). That line is here
too, unmarked, so that the test notices if a future mypy starts flagging it. What mypy does catch
is the same mix-up wherever the types meet a declared type: an index, an argument, an assignment,
an identity check.
"""

from __future__ import annotations

import uuid

from mihu_client import Mihu

SALES_AGENT = uuid.UUID("0b8f6f3e-2c1d-4a5b-9e7f-1a2b3c4d5e6f")
AGENT_NAMES: dict[uuid.UUID, str] = {SALES_AGENT: "Sales"}


def agent_is_sales(agent: uuid.UUID) -> bool:
    return agent == SALES_AGENT


def check(client: Mihu, number: str) -> None:
    snapshot = client.phone_numbers.get_number_channels(number=number)
    phone_number_uuid = snapshot.data.phone_number_uuid  # str
    print(phone_number_uuid == SALES_AGENT)  # silently False at run time; mypy cannot see it (see above)
    print(phone_number_uuid is SALES_AGENT)  # flagged: comparison-overlap
    print(AGENT_NAMES[phone_number_uuid])  # flagged: index
    print(agent_is_sales(phone_number_uuid))  # flagged: arg-type
    held: uuid.UUID = phone_number_uuid  # flagged: assignment
    print(held)
