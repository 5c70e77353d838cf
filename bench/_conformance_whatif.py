"""A pytest plugin for the conformance what-if (``-p bench._conformance_whatif``); nothing is edited.

* P3 one TLS context per process: every generated client's first request builds an httpx pool,
  and httpx loads the CA bundle for each (``create_ssl_context``, ~20 ms); here the default
  context is built once and shared, as the proposed client.py.jinja change would do.
* C1 cassettes parsed with libyaml: ``yaml.safe_load`` is pure Python; the C loader gives the
  same data (same YAML 1.1 rules) several times faster, and the suite reads each cassette 4 times.

``BENCH_WHATIF=p3`` or ``=c1`` applies one of them; unset, both.
"""

from __future__ import annotations

import functools
import os
from typing import Any

import httpx._config
import httpx._transports.default
import yaml

_original = httpx._config.create_ssl_context


@functools.cache
def _shared(trust_env: bool) -> Any:
    return _original(verify=True, cert=None, trust_env=trust_env)


def create_ssl_context(verify: Any = True, cert: Any = None, trust_env: bool = True) -> Any:
    if verify is True and cert is None:
        return _shared(trust_env)
    return _original(verify=verify, cert=cert, trust_env=trust_env)


_WHICH = set(os.environ.get("BENCH_WHATIF", "p3,c1").split(","))
if "p3" in _WHICH:
    httpx._config.create_ssl_context = create_ssl_context
    httpx._transports.default.create_ssl_context = create_ssl_context  # type: ignore[attr-defined]


def _safe_load(stream: Any) -> Any:
    return yaml.load(stream, Loader=yaml.CSafeLoader)  # the C build of SafeLoader


if "c1" in _WHICH:
    yaml.safe_load = _safe_load
