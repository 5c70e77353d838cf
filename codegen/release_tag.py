"""Cutting a release from a git tag: check the tag against the package, build its wheel and sdist.

A tag ``<distribution>-v<version>`` (``vobiz-client-v0.2.0``) releases one generated package. The
release workflow (.github/workflows/release.yml) runs

    python -m codegen.release_tag vobiz-client-v0.2.0 --build dist/

which refuses, with the reason, unless the tag names a distribution in codegen/providers.yaml at
exactly the version recorded there, generated/<provider>/pyproject.toml says the same version
(generated/ is current), and generated/<provider>/CHANGELOG.md has that version as its newest entry.
Then it builds the wheel and sdist with the pinned uv and checks that their names carry the
version, so what PyPI receives is what the tag says. docs/releasing.md explains the whole procedure.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tomllib
from collections.abc import Sequence
from pathlib import Path

from .errors import SpecError
from .providers import ROOT, Provider, load_providers

__all__ = ["ReleaseError", "build", "check_tag", "main", "parse_tag"]

_TAG = re.compile(r"^(?P<distribution>[a-z][a-z0-9-]*)-v(?P<version>\d+\.\d+\.\d+)$")
_CHANGELOG_ENTRY = re.compile(r"^## (?P<version>\S+) \(", re.MULTILINE)
UV = ROOT / ".tools" / "bin" / "uv"


class ReleaseError(Exception):
    """The tag cannot be released as it stands; the message says why and what to do."""


def parse_tag(tag: str) -> tuple[str, str]:
    """``vobiz-client-v0.2.0`` -> ``("vobiz-client", "0.2.0")``."""
    tag = tag.removeprefix("refs/tags/")
    match = _TAG.match(tag)
    if match is None:
        raise ReleaseError(
            f"tag {tag!r} is not <distribution>-v<major>.<minor>.<patch> (e.g. vobiz-client-v0.2.0)"
        )
    return match["distribution"], match["version"]


def check_tag(tag: str, providers: Sequence[Provider], generated: Path) -> Provider:
    """The provider whose package ``tag`` releases, once every check passes."""
    distribution, version = parse_tag(tag)
    by_distribution = {p.distribution: p for p in providers}
    provider = by_distribution.get(distribution)
    if provider is None:
        known = ", ".join(f"{d}-v{p.version}" for d, p in sorted(by_distribution.items()))
        raise ReleaseError(
            f"tag {tag!r}: no provider in codegen/providers.yaml has distribution {distribution!r}; "
            f"the current tags would be: {known}"
        )
    if provider.version != version:
        raise ReleaseError(
            f"tag {tag!r}: codegen/providers.yaml has {distribution} at {provider.version}, not {version}; "
            f"tag the version there ({distribution}-v{provider.version}), or commit the version change first"
        )
    package_dir = provider.output_dir(generated)
    pyproject = package_dir / "pyproject.toml"
    try:
        built_version = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]["version"]
    except (OSError, KeyError, tomllib.TOMLDecodeError) as exc:
        raise ReleaseError(f"tag {tag!r}: cannot read the version in {pyproject}: {exc}") from None
    if built_version != version:
        raise ReleaseError(
            f"tag {tag!r}: {pyproject} says {built_version}, codegen/providers.yaml says {version}: "
            "generated/ is stale; run `make generate` and commit"
        )
    changelog = package_dir / "CHANGELOG.md"
    try:
        entries = _CHANGELOG_ENTRY.findall(changelog.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ReleaseError(f"tag {tag!r}: no changelog: {exc}") from None
    if not entries or entries[0] != version:
        newest = entries[0] if entries else "none"
        raise ReleaseError(
            f"tag {tag!r}: the newest entry of {changelog} is {newest}, not {version}; the changelog comes "
            f"from specs/{provider.name}/CHANGELOG.yaml: add the entry there and run `make generate`"
        )
    return provider


def _artifacts(out: Path) -> list[str]:
    # uv build also writes a .gitignore; twine (the publish action) uploads dist/* (no dotfiles).
    return sorted(p.name for p in out.iterdir() if not p.name.startswith("."))


def build(provider: Provider, generated: Path, out: Path, uv: Path = UV) -> list[Path]:
    """Build ``provider``'s wheel and sdist into ``out`` with the pinned uv; returns the two files."""
    out.mkdir(parents=True, exist_ok=True)
    stale = _artifacts(out)
    if stale:
        raise ReleaseError(
            f"{out} is not empty ({', '.join(stale)}): it would publish more than this release"
        )
    subprocess.run(
        [str(uv), "build", "--quiet", str(provider.output_dir(generated)), "--out-dir", str(out)], check=True
    )
    stem = f"{provider.package}-{provider.version}"
    expected = [out / f"{stem}-py3-none-any.whl", out / f"{stem}.tar.gz"]
    found = [out / name for name in _artifacts(out)]
    if sorted(expected) != found:
        raise ReleaseError(f"uv build wrote {[p.name for p in found]}, expected {[p.name for p in expected]}")
    return expected


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m codegen.release_tag", description=__doc__.split("\n")[0])
    parser.add_argument(
        "tag",
        nargs="?",
        default=os.environ.get("GITHUB_REF_NAME"),
        help="e.g. vobiz-client-v0.2.0 (default: $GITHUB_REF_NAME)",
    )
    parser.add_argument("--build", type=Path, metavar="DIR", help="also build the wheel and sdist into DIR")
    parser.add_argument("--uv", type=Path, default=UV, help=f"the uv to build with (default: {UV})")
    args = parser.parse_args(argv)
    if not args.tag:
        parser.error("no tag given and $GITHUB_REF_NAME is not set")
    generated = ROOT / "generated"
    try:
        provider = check_tag(args.tag, load_providers(), generated)
        print(
            f"release: {args.tag} is {provider.distribution} {provider.version} (generated/{provider.name})"
        )
        if args.build is not None:
            for path in build(provider, generated, args.build, args.uv):
                print(f"release: built {path}")
    except (ReleaseError, SpecError, subprocess.CalledProcessError) as exc:
        print(f"release: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
