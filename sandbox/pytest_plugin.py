"""A pytest plugin for downstream tests: the ``carrier_sandbox`` fixture (installed with carrier-sandbox).

    def test_assign(carrier_sandbox):
        client = vobiz_client.AuthenticatedClient(
            base_url=carrier_sandbox.base_url("vobiz"), **carrier_sandbox.credentials("vobiz"))
        ...

The sandbox is started once per test session on a free 127.0.0.1 port (starting
it per test would cost each test the server's start-up), reset to its fixtures
before every test (so tests never see each other's assignments or faults), and
stopped when the session ends. The fixture is a ``sandbox.testing.RunningSandbox``:
``base_url``, ``credentials``, ``extras``, ``environ``, ``reset``, ``arm_fault``,
``state``, ``fixture``.

Installed, the wheel registers this module under pytest's ``pytest11`` entry
point, so nothing needs to be imported or listed in a conftest.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from .testing import RunningSandbox, running_sandbox

__all__ = ["carrier_sandbox", "carrier_sandbox_server"]


@pytest.fixture(scope="session")
def carrier_sandbox_server() -> Iterator[RunningSandbox]:
    """The session's sandbox, started on first use and stopped at the end (not reset: see carrier_sandbox)."""
    with running_sandbox() as running:
        yield running


@pytest.fixture
def carrier_sandbox(carrier_sandbox_server: RunningSandbox) -> RunningSandbox:
    """The running sandbox, back at its fixtures with no fault armed."""
    carrier_sandbox_server.reset()
    return carrier_sandbox_server
