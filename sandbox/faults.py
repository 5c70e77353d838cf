"""Fault injection: make the next N responses fail the way real APIs fail, so client retry code gets exercised.

A fault is written as ``<kind>[;key=value]...``:

    429;retry-after=1;count=2     two 429s, each with ``Retry-After: 1``
    503;count=1                   one 503 (500, 502, 504 likewise)
    422                           one 422 (400 likewise): an error the vendor documents API-wide
                                  without saying what causes it (TryVox VERIFICATION_FAILED), so
                                  no state of the sandbox produces it
    slow;delay=2                  answer normally, 2 s late (``delay=`` also works on any other kind)
    drop                          close the connection without a response, after reading the request

Keys: ``count`` (default 1), ``retry-after`` (seconds, sent as the header),
``delay`` (seconds, at most 30; default 1 for ``slow``), ``id`` (any text, see below).
Error statuses carry the provider's documented error body.

Two ways to arm one:

* Per request, the ``X-Sandbox-Fault`` header. The first ``count`` requests that
  carry a given header value get the fault, later ones go through, so a client
  configured with the header (and its retries, which resend it) sees exactly
  ``count`` failures and then the real answer. Vary ``id=`` to arm the same
  fault afresh; ``POST /_sandbox/reset`` forgets every value seen.
* For whoever comes next, ``POST /_sandbox/faults`` with
  ``{"fault": "503;count=2", "provider": "vobiz"}`` (provider optional: any);
  ``GET`` lists what is armed, ``DELETE`` disarms.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

__all__ = ["FAULT_HEADER", "Fault", "FaultBoard", "drop_connection", "parse_fault"]

FAULT_HEADER = "X-Sandbox-Fault"
STATUSES = {"400": 400, "422": 422, "429": 429, "500": 500, "502": 502, "503": 503, "504": 504}
KINDS = (*STATUSES, "slow", "drop")
MAX_DELAY = 30.0
MAX_COUNT = 10_000
ANY = "*"


@dataclass(frozen=True)
class Fault:
    kind: str
    count: int = 1
    retry_after: str | None = None
    delay: float = 0.0
    id: str = ""

    @property
    def status(self) -> int | None:
        return STATUSES.get(self.kind)

    def describe(self) -> dict[str, Any]:
        return {key: value for key, value in asdict(self).items() if value not in (None, "")}


def parse_fault(text: str) -> Fault:
    """A Fault from ``429;retry-after=1;count=2``; ValueError says what is wrong."""
    kind, *options = [part.strip() for part in text.strip().split(";")]
    if kind not in KINDS:
        raise ValueError(f"unknown fault kind {kind!r}; one of: {', '.join(KINDS)}")
    values: dict[str, str] = {}
    for option in options:
        if not option:
            continue
        key, sep, value = option.partition("=")
        if not sep:
            raise ValueError(f"fault option {option!r} is not key=value")
        values[key.strip().lower()] = value.strip()
    unknown = set(values) - {"count", "retry-after", "delay", "id"}
    if unknown:
        raise ValueError(f"unknown fault option(s): {', '.join(sorted(unknown))}")
    try:
        count = int(values.get("count", "1"))
        delay = float(values.get("delay", "1" if kind == "slow" else "0"))
        retry_after = values.get("retry-after")
        if retry_after is not None:
            float(retry_after)
    except ValueError as err:
        raise ValueError(f"bad fault option value in {text!r}: {err}") from err
    if not 1 <= count <= MAX_COUNT:
        raise ValueError(f"count={count} must be 1..{MAX_COUNT}")
    if not 0 <= delay <= MAX_DELAY:
        raise ValueError(f"delay={delay} must be 0..{MAX_DELAY:g} seconds")
    return Fault(kind, count, retry_after, delay, values.get("id", ""))


class FaultBoard:
    """Armed faults per provider (``*`` for any), and how often each header value has fired."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._armed: dict[str, list[list[Any]]] = {}  # provider -> [[fault, remaining], ...]
        self._seen: dict[tuple[str, str], int] = {}

    def arm(self, fault: Fault, provider: str = ANY) -> None:
        with self._lock:
            self._armed.setdefault(provider, []).append([fault, fault.count])

    def clear(self, provider: str | None = None) -> None:
        """Disarm and forget header values: all of them, or one provider's."""
        with self._lock:
            if provider is None:
                self._armed.clear()
                self._seen.clear()
                return
            self._armed.pop(provider, None)
            self._seen = {key: n for key, n in self._seen.items() if key[0] != provider}

    def armed(self) -> list[dict[str, Any]]:
        with self._lock:
            return [
                {"provider": provider, "remaining": remaining, **fault.describe()}
                for provider, queue in self._armed.items()
                for fault, remaining in queue
            ]

    def take(self, provider: str, header: str | None) -> Fault | None:
        """The fault this request gets, if any (consuming one use of it). A bad header raises ValueError."""
        with self._lock:
            if header:
                fault = parse_fault(header)
                key = (provider, header.strip())
                used = self._seen.get(key, 0)
                if used < fault.count:
                    self._seen[key] = used + 1
                    return fault
            for owner in (provider, ANY):
                queue = self._armed.get(owner)
                if queue:
                    entry = queue[0]
                    entry[1] -= 1
                    if entry[1] <= 0:
                        queue.pop(0)
                    return entry[0]  # type: ignore[no-any-return]
        return None


async def drop_connection(receive: Callable[..., Any]) -> bool:
    """Close the client's connection without a byte of response; False if the server gives no way to.

    ASGI has no "drop" message. uvicorn's receive() is a bound method of the
    request cycle, which holds the transport: aborting it is what a crashed
    upstream looks like to the client (no status line at all). We then wait,
    briefly and boundedly, for uvicorn to notice, so it does not try to send a 500.
    """
    cycle = getattr(receive, "__self__", None)
    transport = getattr(cycle, "transport", None)
    if transport is None or not hasattr(transport, "abort"):
        return False
    transport.abort()
    for _ in range(200):
        if getattr(cycle, "disconnected", True):
            break
        await asyncio.sleep(0.005)
    return True
