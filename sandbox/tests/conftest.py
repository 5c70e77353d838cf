"""Sandbox tests: one sandbox per session on a free 127.0.0.1 port, reset before every test.

The scenario clients are the generated packages, imported from generated/<provider>/
as conformance/conftest.py does, so the sandbox is tested with exactly the code
users run against the vendors. Every exchange those clients make is judged, after
the test, by the conformance suite's own oracle (openapi-core plus the strict
contract models) against specs/<provider>/openapi.yaml: the sandbox must not
answer anything the normalized spec would call drift.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from sandbox.testing import RunningSandbox, running_sandbox

ROOT = Path(__file__).resolve().parents[2]

JUDGE_HOST = "https://sandbox.invalid"


@pytest.fixture(scope="session")
def sandbox() -> Iterator[RunningSandbox]:
    with running_sandbox() as running:
        yield running


@pytest.fixture(autouse=True)
def _fresh(sandbox: RunningSandbox) -> None:
    """Every test starts from the fixtures, with no fault armed."""
    sandbox.reset()


class Exchanges:
    """What the scenario clients sent and got, kept for the oracle."""

    def __init__(self, sandbox: RunningSandbox) -> None:
        self.sandbox = sandbox
        self.seen: list[tuple[str, httpx.Request, httpx.Response]] = []

    def _provider(self, request: httpx.Request) -> str:
        return request.url.path.split("/")[1]

    def sync_hooks(self) -> dict[str, list[Any]]:
        def keep(response: httpx.Response) -> None:
            response.read()
            self.seen.append((self._provider(response.request), response.request, response))

        return {"response": [keep]}

    def async_hooks(self) -> dict[str, list[Any]]:
        async def keep(response: httpx.Response) -> None:
            await response.aread()
            self.seen.append((self._provider(response.request), response.request, response))

        return {"response": [keep]}

    def drift(self) -> list[str]:
        from conformance.oracle import oracle_for

        found = []
        for provider, request, response in self.seen:
            below_mount = request.url.raw_path.decode()[len(provider) + 1 :]
            judged = _JudgedRequest(request.method, JUDGE_HOST + below_mount, request.headers)
            recorded = {
                "status": {"code": response.status_code},
                "headers": {name: [value] for name, value in response.headers.items()},
                "body": {"string": response.content},
            }
            _, drifts = oracle_for(provider).check(
                judged, recorded, f"sandbox {request.method} {below_mount}"
            )
            found += [str(d) for d in drifts]
        return found


class _JudgedRequest:
    """The request, as the oracle reads a cassette's: uri, method, headers."""

    def __init__(self, method: str, uri: str, headers: httpx.Headers) -> None:
        self.method = method
        self.uri = uri
        self.headers = {name: [value] for name, value in headers.items()}


@pytest.fixture
def exchanges(sandbox: RunningSandbox) -> Iterator[Exchanges]:
    seen = Exchanges(sandbox)
    yield seen
    drift = seen.drift()
    if drift:
        pytest.fail("the sandbox answered what the normalized spec calls drift:\n  " + "\n  ".join(drift))


def make_client(sandbox: RunningSandbox, exchanges: Exchanges, provider: str, **kwargs: Any) -> Any:
    """The generated client for ``provider``, pointed at the sandbox, every exchange judged."""
    hooks = exchanges.async_hooks() if kwargs.pop("asynchronous", False) else exchanges.sync_hooks()
    kwargs.setdefault("max_retries", 0)
    kwargs.setdefault("timeout", 10.0)
    return sandbox.client(provider, httpx_args={"event_hooks": hooks}, **kwargs)


@pytest.fixture
def vobiz(sandbox: RunningSandbox, exchanges: Exchanges) -> Any:
    return make_client(sandbox, exchanges, "vobiz")


@pytest.fixture
def tryvox(sandbox: RunningSandbox, exchanges: Exchanges) -> Any:
    return make_client(sandbox, exchanges, "tryvox")


@pytest.fixture
def mihu(sandbox: RunningSandbox, exchanges: Exchanges) -> Any:
    return make_client(sandbox, exchanges, "mihu")


@pytest.fixture
def bolna(sandbox: RunningSandbox, exchanges: Exchanges) -> Any:
    return make_client(sandbox, exchanges, "bolna")


@pytest.fixture
def twilio(sandbox: RunningSandbox, exchanges: Exchanges) -> Any:
    return make_client(sandbox, exchanges, "twilio")


@pytest.fixture
def raw(sandbox: RunningSandbox) -> Iterator[httpx.Client]:
    """A plain httpx client on the sandbox's root, for what the generated clients never send."""
    with httpx.Client(base_url=sandbox.url, timeout=10.0) as client:
        yield client
