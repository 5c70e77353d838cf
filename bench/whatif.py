"""What-if measurements of proposed changes to the client templates (nothing in codegen/ or generated/
is edited): each change is applied by text substitution to a renamed temporary copy of the generated
packages (``vobiz_client`` -> ``vobiz_client_whatif``), which is then measured side by side with the
committed package and raw httpx, after checking that it puts the same request on the wire.

* P1 ``path_param`` fast path (codegen/templates/_base_client.py.jinja): a value made only of
  printable ASCII characters that need no check (no ``/``, ``\\``, ``%``, whitespace or control
  character) and matching its pattern is quoted at once; anything else takes the current, unchanged
  path, so every accepted value and every error message stays the same. Patterns compiled once.
* P2 no per-request ``headers=`` for JSON bodies (codegen/templates/endpoint_module.py.jinja):
  httpx already sends ``Content-Type: application/json`` for ``json=``; building and merging a
  headers dict per request is pure cost.
* P4 model imports bound once (codegen/templates/model.py.jinja): ``from_dict``/``to_dict`` of a model
  with nested models run ``from ..models.x import X`` on every call (openapi-python-client's guard
  against import cycles); importing them once at the end of the module keeps cycles safe.
* P3 one TLS context per process (codegen/templates/client.py.jinja): every ``httpx.Client`` built
  with ``verify=True`` loads the CA bundle again; measured as the cost of a new client's first pool.
"""

from __future__ import annotations

import re
import shutil
import ssl
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .calls import CASES
from .common import PROVIDERS, ROOT, Row, add_generated_to_path
from .overhead import paired_ratio
from .profile_client import _interleaved, paired_difference
from .server import running_server

SUFFIX = "_whatif"
FAST_PATH_PARAM = """

_SAFE_SEGMENT = re.compile(r"[A-Za-z0-9+\\-._~!$&'()*,;=:@]+")
_COMPILED: dict[str, re.Pattern[str]] = {}


def path_param(name: str, value: object, pattern: str | None = None, kind: str = "") -> str:
    text = str(value)
    if _SAFE_SEGMENT.fullmatch(text) and text not in (".", ".."):
        if pattern is None:
            return quote(text, safe="")
        compiled = _COMPILED.get(pattern)
        if compiled is None:
            compiled = _COMPILED.setdefault(pattern, re.compile(pattern))
        if compiled.fullmatch(text):
            return quote(text, safe="")
    return _path_param_checked(name, value, pattern, kind)
"""
_CONTENT_TYPE = re.compile(r'\n[ \t]*headers\["Content-Type"\] = "application/json"\n')
_SET_HEADERS = re.compile(r'\n[ \t]*_kwargs\["headers"\] = headers\n')


def build_copies(scratch: Path) -> dict[str, str]:
    """Patched copies of the generated packages under ``scratch``; provider -> package name."""
    names = {}
    for provider in PROVIDERS:
        source = next((ROOT / "generated" / provider).glob("*_client"))
        target = scratch / f"{source.name}{SUFFIX}"
        shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__"))
        base = target / "_base_client.py"
        text = base.read_text()
        if "def path_param(" not in text:
            raise RuntimeError(f"{base}: no path_param to patch")
        text = text.replace("def path_param(", "def _path_param_checked(", 1)
        base.write_text(text + FAST_PATH_PARAM)
        for module in (target / "api").rglob("*.py"):
            code = _CONTENT_TYPE.sub("\n", module.read_text())
            if 'headers["' not in code:
                code = _SET_HEADERS.sub("\n", code)
            module.write_text(code)
        for model in (target / "models").glob("*.py"):
            _hoist_lazy_imports(model)
        names[provider] = target.name
    return names


def _hoist_lazy_imports(path: Path) -> None:
    """P4: the model's function-level imports (run on every from_dict/to_dict) bound once, at module end."""
    lines = path.read_text().splitlines(keepends=True)
    lazy = [line for line in lines if line.rstrip().endswith("# noqa: PLC0415")]
    if not lazy:
        return
    kept = [line for line in lines if line not in lazy]
    imports = sorted({line.split("#")[0].strip() for line in lazy})
    path.write_text("".join(kept) + "\n\n" + "".join(f"{imp}  # noqa: E402\n" for imp in imports))


def _equivalent_path_param(package: str) -> tuple[bool, str]:
    """The fast path_param against the current one on tricky inputs: same result or same error."""
    patched = sys.modules[f"{package}._base_client"]
    current, fast = patched._path_param_checked, patched.path_param
    e164, uuid_rx = (
        r"^\+[1-9]\d{1,14}$",
        r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$",
    )
    values = ["+912271264217", "912271264217", "+0123", "+1", "+1234567890123456", "", ".", "..", "a/b", "a\\b",
              "%2B91", "+91%2", " +91", "+91\n", "+91\u00a0", "+91\u2028", "+\uff19\uff11", "acc_123abc", "MA_XXXXXXXX",
              "e3e55a78-1234-5678-90ab-cdef12345678", "E3E55A78-1234-5678-90AB-CDEF12345678", "x" * 300, "a:b@c",
              "日本", "\x7f", "a\x00", "...", "-", "~", "trunk id"]  # fmt: skip
    for value in values:
        for pattern, kind in ((None, ""), (e164, "an E.164 number"), (uuid_rx, "a UUID")):
            results = []
            for fn in (current, fast):
                try:
                    results.append(("ok", fn("p", value, pattern, kind)))
                except ValueError as err:
                    results.append(("error", str(err)))
            if results[0] != results[1]:
                return False, f"{value!r} {pattern}: {results}"
    return True, f"{len(values) * 3} cases"


def _client_construction() -> dict[str, float]:
    """Seconds to build a client and its first httpx pool: default TLS setup vs a shared context."""
    add_generated_to_path()
    from vobiz_client import AuthenticatedClient

    shared = ssl.create_default_context()

    def default() -> None:
        AuthenticatedClient(auth_id="MA_X", auth_token="t").get_httpx_client().close()

    def with_shared() -> None:
        AuthenticatedClient(auth_id="MA_X", auth_token="t", verify_ssl=shared).get_httpx_client().close()

    return _interleaved({"default": default, "shared": with_shared}, rounds=10, batch=5)[0]


def measure(mock_rounds: int, mock_batch: int, rounds: int, batch: int) -> dict[str, Any]:
    out: dict[str, Any] = {"mock": {}, "loopback": {}, "wire": {}, "equivalent": {}}
    with tempfile.TemporaryDirectory(prefix="bench-whatif-") as scratch:
        names = build_copies(Path(scratch))
        sys.path.insert(0, scratch)
        try:
            mock: dict[str, Callable[[], Any]] = {}
            for p in PROVIDERS:
                ours, patched = (
                    CASES[p]("http://bench.invalid", mock=True),
                    CASES[p]("http://bench.invalid", mock=True, package=names[p]),
                )
                mock |= {
                    f"{p}/ours": ours.ours_sync,
                    f"{p}/patched": patched.ours_sync,
                    f"{p}/raw": ours.raw_sync,
                }
                out["equivalent"][p] = _equivalent_path_param(names[p])
            out["mock"] = _interleaved(mock, mock_rounds, mock_batch)[1]
            with running_server() as base_url:
                loop: dict[str, Callable[[], Any]] = {}
                for p in PROVIDERS:
                    capture: list[dict[str, Any]] = []
                    check = CASES[p](base_url, capture, package=names[p])
                    check.ours_sync()
                    check.raw_sync()
                    out["wire"][p] = capture[0] == capture[1]
                    check.close()
                    ours, patched = CASES[p](base_url), CASES[p](base_url, package=names[p])
                    loop |= {
                        f"{p}/ours": ours.ours_sync,
                        f"{p}/patched": patched.ours_sync,
                        f"{p}/raw": ours.raw_sync,
                    }
                out["loopback"] = _interleaved(loop, rounds, batch)[1]
        finally:
            sys.path.remove(scratch)
    out["construction"] = _client_construction()
    return out


def rows(r: dict[str, Any]) -> list[Row]:
    """Ratios and differences are paired per round (see overhead.paired_ratio)."""
    us = 1e6
    out = []
    for p in PROVIDERS:
        m, lo = r["mock"], r["loopback"]
        now = paired_ratio(lo, f"{p}/ours", f"{p}/raw")
        patched = paired_ratio(lo, f"{p}/patched", f"{p}/raw")
        before, after = (
            paired_difference(m, f"{p}/ours", f"{p}/raw"),
            paired_difference(m, f"{p}/patched", f"{p}/raw"),
        )
        out.append(
            Row(
                "what-if",
                f"{p} sync with P1+P2+P4: ours / raw httpx (loopback)",
                f"{now:.2f}x -> {patched:.2f}x",
                f"interleaved with the committed package in this section; overhead without a network "
                f"{before * us:.1f} µs -> {after * us:.1f} µs; same wire: {'yes' if r['wire'][p] else 'NO'}; "
                f"path_param results identical: {'yes' if r['equivalent'][p][0] else 'NO ' + r['equivalent'][p][1]}",
            )
        )
    c = r["construction"]
    out.append(
        Row(
            "what-if",
            "P3: a new client's first pool, default TLS setup vs one shared ssl.SSLContext",
            f"{c['default'] * 1000:.1f} ms -> {c['shared'] * 1000:.2f} ms",
            "paid by every AuthenticatedClient (and with_options(timeout=...)) on its first request: "
            "short-lived clients, one client per lane in bulk jobs, every conformance test",
        )
    )
    return out
