"""Fault injection: make the next N responses fail the way real APIs fail, so client retry code gets exercised.

A fault is written as ``<kind>[;key=value]...``:

    429;retry-after=1;count=2     two 429s, each with ``Retry-After: 1``, then the real answer
    503                           a 503 (500, 502, 504 likewise)
    422                           one 422 (400 likewise): an error the vendor documents API-wide
                                  without saying what causes it (TryVox VERIFICATION_FAILED), so
                                  no state of the sandbox produces it
    slow;delay=2                  answer normally, 2 s late (``delay=`` also works on any other kind)
    drop                          close the connection without a response, after reading the request

Keys: ``count`` (see below), ``retry-after`` (seconds, sent as the header),
``delay`` (seconds, at most 30; default 1 for ``slow``), ``window`` (seconds, see
below), ``id`` (any text: a separate series).
Error statuses carry the provider's documented error body.

Two ways to arm one:

* Per request, the ``X-Sandbox-Fault`` header: the fault applies to the request
  that carries it, every time it is sent (a test run twice fails twice).
  For retry tests, ``count=N`` is how many consecutive sends of the same request
  (method, path, query, body and this header) are faulted before one goes
  through: a client that retries, and so resends the header, sees exactly N
  failures and then the real answer; the next send starts over with N failures.
  Sends are consecutive while each comes within ``window`` seconds of the one
  before (default: 10 plus ``retry-after`` plus ``delay``, longer than any retry
  wait of the generated clients); after a longer pause the request is faulted
  afresh, and ``POST /_sandbox/reset`` starts every series over.
* For whoever comes next, ``POST /_sandbox/faults`` with
  ``{"fault": "503;count=2", "provider": "vobiz"}`` (provider optional: any):
  the next ``count`` (default 1) requests get it, whatever they carry; ``GET`` lists what is
  armed, ``DELETE`` disarms.
"""

from __future__ import annotations

import asyncio
import threading
import time
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
    count: int | None = None  # None: every send (header) / the next one (armed)
    retry_after: str | None = None
    delay: float = 0.0
    id: str = ""
    window: float | None = None

    @property
    def series_window(self) -> float:
        """Seconds within which a resend of the same request continues its series (``window=``)."""
        if self.window is not None:
            return self.window
        return 10.0 + float(self.retry_after or 0) + self.delay

    @property
    def status(self) -> int | None:
        return STATUSES.get(self.kind)

    def describe(self) -> dict[str, Any]:
        return {key: value for key, value in asdict(self).items() if value not in (None, "")}


@dataclass
class _Armed:
    """A fault armed for whoever comes next, and how many more requests it fails."""

    fault: Fault
    remaining: int


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
    unknown = set(values) - {"count", "retry-after", "delay", "id", "window"}
    if unknown:
        raise ValueError(f"unknown fault option(s): {', '.join(sorted(unknown))}")
    try:
        count = int(values["count"]) if "count" in values else None
        delay = float(values.get("delay", "1" if kind == "slow" else "0"))
        retry_after = values.get("retry-after")
        if retry_after is not None:
            float(retry_after)
        window = float(values["window"]) if "window" in values else None
    except ValueError as err:
        raise ValueError(f"bad fault option value in {text!r}: {err}") from err
    if count is not None and not 1 <= count <= MAX_COUNT:
        raise ValueError(f"count={count} must be 1..{MAX_COUNT}")
    if not 0 <= delay <= MAX_DELAY:
        raise ValueError(f"delay={delay} must be 0..{MAX_DELAY:g} seconds")
    if window is not None and not 0 <= window <= 3600:
        raise ValueError(f"window={window:g} must be 0..3600 seconds")
    return Fault(kind, count, retry_after, delay, values.get("id", ""), window)


class FaultBoard:
    """Armed faults per provider (``*`` for any), and how often each header value has fired."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._armed: dict[str, list[_Armed]] = {}  # provider -> in the order armed
        # (provider, header, request) -> [faulted sends so far in the series, time of the last send]
        self._series: dict[tuple[str, str, Any], list[float]] = {}

    def arm(self, fault: Fault, provider: str = ANY) -> None:
        with self._lock:
            self._armed.setdefault(provider, []).append(_Armed(fault, fault.count or 1))

    def clear(self, provider: str | None = None) -> None:
        """Disarm and forget header values: all of them, or one provider's."""
        with self._lock:
            if provider is None:
                self._armed.clear()
                self._series.clear()
                return
            self._armed.pop(provider, None)
            self._series = {key: n for key, n in self._series.items() if key[0] != provider}

    def armed(self) -> list[dict[str, Any]]:
        with self._lock:
            return [
                {"provider": provider, "remaining": entry.remaining, **entry.fault.describe()}
                for provider, queue in self._armed.items()
                for entry in queue
            ]

    def take(self, provider: str, header: str | None, request: Any = None) -> Fault | None:
        """The fault this request gets, if any (consuming one use of it). A bad header raises ValueError.

        ``request``: what makes two sends "the same request" (method, path, query, body).
        """
        with self._lock:
            if header:
                fault = parse_fault(header)
                if self._series_faults(fault, (provider, header.strip(), request)):
                    return fault
            for owner in (provider, ANY):
                queue = self._armed.get(owner)
                if queue:
                    entry = queue[0]
                    entry.remaining -= 1
                    if entry.remaining <= 0:
                        queue.pop(0)
                    return entry.fault
        return None

    def _series_faults(self, fault: Fault, key: tuple[str, str, Any]) -> bool:
        """Whether this send of a header-faulted request is faulted (``count`` of them, then one served)."""
        if fault.count is None:
            return True
        now = time.monotonic()
        series = self._series.get(key)
        if series is None or now - series[1] > fault.series_window:
            series = self._series[key] = [0, now]
        series[1] = now
        if series[0] < fault.count:
            series[0] += 1
            return True
        del self._series[key]  # this send is served; the next one starts a new series
        return False


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
