"""``carrier-sandbox``: the command an installed carrier-sandbox gives (``carrier-sandbox serve --port 0``).

One subcommand today, ``serve``: the sandbox in the foreground on 127.0.0.1, printing
each provider's base URL and fake credentials (what ``make sandbox`` runs in the
repository, ``python -m sandbox``). Subcommands leave room for more without
changing what ``serve`` means.
"""

from __future__ import annotations

import sys

from .__main__ import main as serve

__all__ = ["main"]


USAGE = "usage: carrier-sandbox serve [--port PORT] [--fixtures DIR] [--quiet]   (carrier-sandbox serve -h)"


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if not args or args[0] in ("-h", "--help"):
        print(USAGE)
        return 0 if args else 2
    if args[0] != "serve":
        print(f"carrier-sandbox: unknown command {args[0]!r}\n{USAGE}", file=sys.stderr)
        return 2
    return serve(args[1:], prog="carrier-sandbox serve")


if __name__ == "__main__":
    sys.exit(main())
