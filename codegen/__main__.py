"""Command line: ``python -m codegen generate [--provider NAME] [--force]``, ``check``, ``diff``,
or ``providers`` (the provider names from codegen/providers.yaml, one per line)."""

from __future__ import annotations

import argparse
import sys
import time
import traceback

from .errors import SpecError

__all__ = ["main"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m codegen", description=__doc__)
    parser.add_argument("command", choices=["generate", "check", "diff", "providers"])
    parser.add_argument("--provider", help="only this provider (default: all)")
    parser.add_argument("--force", action="store_true", help="regenerate even if no input changed")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    try:
        if args.command == "providers":  # one per line, for the Makefile's loops
            from .providers import provider_names

            print("\n".join(provider_names()))
            return 0
        if args.command == "generate":
            from .generate import generate

            done = generate(args.provider, force=args.force)
            what = ", ".join(done) if done else "nothing changed"
            print(f"codegen: generated {what} ({time.perf_counter() - started:.2f}s)")
            return 0
        if args.command == "diff":
            return _diff(args.provider)
        from .generate import check

        diff = check(args.provider)
        if diff:
            sys.stdout.writelines(diff)
            print("\ncodegen: generated/ or specs/*/openapi.yaml is stale (diff above).", file=sys.stderr)
            print(
                "To accept: make generate   (or: .venv/bin/python -m codegen generate --force)",
                file=sys.stderr,
            )
            return 1
        print(f"codegen: generated/ is up to date ({time.perf_counter() - started:.2f}s)")
        return 0
    except SpecError as err:
        # A spec, overlay or config problem: the places, no traceback (it is not codegen's bug).
        for line in str(err).splitlines():
            print(line if line.startswith("... ") else f"error: {line}", file=sys.stderr)
        print("generated/ was left as it was.", file=sys.stderr)
        return 2
    except Exception as err:  # codegen's own bug, or a tool's: the traceback is for whoever fixes it
        from .generate import PROGRESS

        traceback.print_exc()
        where = f"provider {PROGRESS['provider'] or '?'}, step {PROGRESS['step'] or '?'}"
        print(f"error: internal error ({where}): {type(err).__name__}: {err}", file=sys.stderr)
        print("generated/ was left as it was.", file=sys.stderr)
        return 3


def _diff(only: str | None) -> int:
    """What ``generate`` would record for each provider (release.preview); writes nothing."""
    from .normalize import normalize
    from .providers import load_providers
    from .release import preview

    for provider in load_providers(only):
        print("\n".join(preview(provider, normalize)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
