"""``python -m sandbox`` (``make sandbox``): serve every provider on 127.0.0.1 in the foreground.

Prints the port, each provider's base URL and the fixture's fake credentials, so
a user can point their own integration tests at it; then logs each request
until Ctrl-C. Only loopback is ever listened on: the sandbox accepts fake
credentials and has no business on a network.
"""

from __future__ import annotations

import argparse
import errno
import sys
from pathlib import Path

import uvicorn

from .app import create_app
from .testing import LOOPBACK, bind_loopback, server_config

DEFAULT_PORT = 8765


def main(argv: list[str] | None = None, prog: str = f"python -m {__package__ or 'sandbox'}") -> int:
    parser = argparse.ArgumentParser(prog=prog, description=(__doc__ or "").splitlines()[0])
    parser.add_argument(
        "--port",
        type=int,
        default=DEFAULT_PORT,
        help=f"port on 127.0.0.1 (default {DEFAULT_PORT}; 0: any free port)",
    )
    parser.add_argument(
        "--fixtures",
        type=Path,
        help=f"a directory of <provider>.yaml fixtures (default: {__package__ or 'sandbox'}/fixtures)",
    )
    parser.add_argument("--quiet", action="store_true", help="do not log each request")
    args = parser.parse_args(argv)

    try:
        app = create_app(args.fixtures)
    except (ValueError, OSError) as err:
        print(f"sandbox: {err}", file=sys.stderr)
        return 2
    try:
        sock = bind_loopback(args.port)
    except OSError as err:
        hint = (
            " (in use: --port 0, or make sandbox SANDBOX_PORT=0, picks a free one)"
            if err.errno == errno.EADDRINUSE
            else ""
        )
        print(f"sandbox: cannot listen on {LOOPBACK}:{args.port}: {err.strerror}{hint}", file=sys.stderr)
        return 2

    url = f"http://{LOOPBACK}:{sock.getsockname()[1]}"
    description = app.state.sandbox.describe(url)
    print(f"sandbox listening on {url} (port {sock.getsockname()[1]}); Ctrl-C stops it", flush=True)
    for name, provider in description["providers"].items():
        credentials = " ".join(
            f"{key}={value}" for key, value in {**provider["credentials"], **provider["extras"]}.items()
        )
        print(f"  {name:<7} base_url={provider['base_url']}  {credentials}", flush=True)
    for name, reason in description["skipped"].items():
        print(f"  {name:<7} not served: {reason}", flush=True)
    print(
        f"  controls: {url}/_sandbox (reset, faults, state; see {__package__ or 'sandbox'}/admin.py)",
        flush=True,
    )

    server = uvicorn.Server(server_config(app, access_log=not args.quiet, log_level="info"))
    try:
        server.run(sockets=[sock])
    except KeyboardInterrupt:  # uvicorn re-raises the Ctrl-C it handled once it has shut down
        pass
    finally:
        sock.close()
    print("sandbox stopped", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
