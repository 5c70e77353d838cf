"""Every Python example of README.md, docs/*.md and each generated/<provider>/README.md runs, as written, on the sandbox.

An example that drifts from the client (a renamed method, a field that moved, an error that is no
longer raised) fails here, naming the README and the line of the block.

The convention, for whoever writes a README:

* Every fenced block that opens with exactly ```` ```python ```` is run. Blocks of one README run in
  order, in one fresh Python process and one namespace, like a reader pasting them into one session:
  a later block may use the ``client`` an earlier one built. The sandbox is reset to its fixtures
  (sandbox/fixtures/) before each README, so the examples may rely on the fixtures' numbers, trunks
  and agents (``+912271264217``, ``aabbccdd-...``, ``acc_123abc``, ...).
* The environment is the sandbox's, as a user would set it for the vendor: ``<PROVIDER>_BASE_URL``
  and the credential variables (``VOBIZ_AUTH_ID``, ``VOBIZ_AUTH_TOKEN``, ``TRYVOX_TOKEN``,
  ``TRYVOX_ACCOUNT_ID``, ``MIHU_TOKEN``, ``BOLNA_TOKEN``, ``BOLNA_TRUNK_ID``, ...: what
  ``sandbox.environ()`` sets), so an example is written like user code: ``client = Vobiz()``.
* A block that is not meant to run (a sketch with ``...``, an example naming a vendor host, a
  recording command) is preceded, on the line just above its fence (blank lines allowed between), by
  ``<!-- not run: the reason -->``. The reason is required and shown in the test's output.
  Blocks in other languages (```` ```sh ````, plain ```` ``` ````) are never run.
* Nothing leaves loopback: the process gets the sandbox as its HTTP proxy for every host but
  127.0.0.1, the sandbox's proxy serves the vendors' documented hosts over plain HTTP only (a
  ``CONNECT`` for https is refused), and connecting or resolving anything but loopback raises
  inside the example.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from sandbox.testing import RunningSandbox

ROOT = Path(__file__).resolve().parents[2]
READMES = [
    ROOT / "README.md",
    *sorted((ROOT / "docs").glob("*.md")),
    *sorted((ROOT / "generated").glob("*/README.md")),
]
_FENCE = re.compile(r"^(`{3,})(.*)$")
_NOT_RUN = re.compile(r"^<!--\s*not run:\s*(\S.*?)\s*-->$")

# Runs in the child: the loopback guard, then each block, compiled under its README name and line.
_RUNNER = r"""
import ipaddress, json, socket, sys, traceback

def _loopback(host):
    if host in ("localhost", None, b"localhost"):
        return True
    try:
        return ipaddress.ip_address(host.decode() if isinstance(host, bytes) else host).is_loopback
    except ValueError:
        return False

_getaddrinfo, _connect = socket.getaddrinfo, socket.socket.connect
def getaddrinfo(host, *args, **kwargs):
    if not _loopback(host):
        raise OSError(f"README example tried to resolve {host!r}: only loopback is allowed in this test")
    return _getaddrinfo(host, *args, **kwargs)
def connect(self, address):
    if self.family in (socket.AF_INET, socket.AF_INET6) and not _loopback(address[0]):
        raise OSError(f"README example tried to connect to {address!r}: only loopback is allowed")
    return _connect(self, address)
socket.getaddrinfo, socket.socket.connect = getaddrinfo, connect

namespace = {"__name__": "__main__"}
for name, line, code in json.load(sys.stdin):
    try:
        exec(compile("\n" * line + code, name, "exec"), namespace)
    except BaseException:
        print(f"the block at {name}:{line} failed:", file=sys.stderr)
        traceback.print_exc(chain=False)
        sys.exit(1)
    print(f"ran {name}:{line}")
"""


@dataclass(frozen=True)
class Block:
    line: int  # the line of the opening fence, 1-based
    code: str
    not_run: str | None  # the reason, when marked


def python_blocks(text: str) -> list[Block]:
    """The ```python blocks of a Markdown text, each with its not-run reason if it has one."""
    blocks, lines, i = [], text.splitlines(), 0
    while i < len(lines):
        opened = _FENCE.match(lines[i].strip())
        if not opened:
            i += 1
            continue
        fence, info, start = opened[1], opened[2].strip(), i
        i += 1
        body = []
        while i < len(lines) and lines[i].strip() != fence:
            body.append(lines[i])
            i += 1
        i += 1
        if info != "python":
            continue
        above = start - 1
        while above >= 0 and not lines[above].strip():
            above -= 1
        marked = _NOT_RUN.match(lines[above].strip()) if above >= 0 else None
        blocks.append(Block(start + 1, "\n".join(body) + "\n", marked[1] if marked else None))
    return blocks


def test_the_convention_is_parsed_as_documented() -> None:
    text = (
        "intro\n```python\nx = 1\n```\n\n<!-- not run: a sketch -->\n\n```python\n...\n```\n"
        "```sh\nmake test\n```\n````python\ny = 2\n```\n````\n<!-- not run: -->\n```python\nz = 3\n```\n"
    )
    assert python_blocks(text) == [
        Block(2, "x = 1\n", None),
        Block(8, "...\n", "a sketch"),
        Block(14, "y = 2\n```\n", None),
        Block(19, "z = 3\n", None),  # an empty reason is no mark
    ]


def test_every_generated_package_has_a_readme_with_examples() -> None:
    packages = sorted(p.parent.name for p in (ROOT / "generated").glob("*/pyproject.toml"))
    generated = [r for r in READMES if r.parent.parent.name == "generated"]
    assert [r.parent.name for r in generated] == packages
    for readme in generated:
        assert [b for b in python_blocks(readme.read_text(encoding="utf-8")) if b.not_run is None], (
            f"{readme.relative_to(ROOT)} has no Python example that runs"
        )


@pytest.mark.parametrize("readme", READMES, ids=lambda p: str(p.relative_to(ROOT)))
def test_the_readme_examples_run_as_written(readme: Path, sandbox: RunningSandbox) -> None:
    name = str(readme.relative_to(ROOT))
    blocks = python_blocks(readme.read_text(encoding="utf-8"))
    skipped = [f"{name}:{b.line} ({b.not_run})" for b in blocks if b.not_run]
    runnable = [(name, b.line, b.code) for b in blocks if b.not_run is None]
    sandbox.reset()
    env = {k: v for k, v in os.environ.items() if not re.match(r"^(VOBIZ|TRYVOX|MIHU|BOLNA)_", k)}
    env |= sandbox.environ()
    env |= sandbox.proxy_environ() | {"NO_PROXY": "127.0.0.1", "no_proxy": "127.0.0.1"}
    env["PYTHONPATH"] = os.pathsep.join(
        str(p.parent) for p in sorted((ROOT / "generated").glob("*/pyproject.toml"))
    )
    done = subprocess.run(
        [sys.executable, "-c", _RUNNER],
        input=json.dumps(runnable),
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    if done.returncode != 0:
        pytest.fail(f"{done.stderr}\n(not run: {', '.join(skipped) or 'none'})", pytrace=False)
    # An example may print what it shows; the runner's own lines say which blocks ran.
    ran = [line for line in done.stdout.splitlines() if line.startswith("ran ")]
    assert ran == [f"ran {n}:{line}" for n, line, _ in runnable]
