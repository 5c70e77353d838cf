"""Which providers exist and what each one's inputs are.

One entry per provider in codegen/providers.yaml (names and version of its
package); everything else about a provider lives in specs/<provider>/:
sources.yaml (provenance and scope), source/ (the vendor's files, verbatim),
overlay.yaml (our fixes), openapi.yaml (the normalized spec, an output).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import SpecError
from .yamlfile import LocatedDocument, load_yaml_text

__all__ = ["ROOT", "Provider", "Source", "load_providers", "provider_names", "provider_packages"]

ROOT = Path(__file__).resolve().parent.parent
SOURCE_FORMATS = ("openapi", "openapi-in-markdown", "reference")
# Lower-case letters and digits only: the name is also the environment prefix (VOBIZ_AUTH_TOKEN),
# the folder under specs/ and generated/, and a pytest/conformance folder; `_` and `-` are refused.
_NAME = re.compile(r"^[a-z][a-z0-9]*$")
_PACKAGE = re.compile(r"^[a-z][a-z0-9_]*$")
_DISTRIBUTION = re.compile(r"^[a-z][a-z0-9-]*$")


@dataclass(frozen=True)
class Source:
    """One vendor file under specs/<provider>/source/, with where it came from."""

    path: Path
    format: str
    url: str
    sha256: str
    index: int


@dataclass(frozen=True)
class Provider:
    name: str
    distribution: str
    package: str
    version: str
    title: str
    spec_dir: Path
    sources: tuple[Source, ...]
    scope: tuple[str, ...] = ()
    entry: dict[str, Any] = field(default_factory=dict, compare=False)

    @property
    def overlay_path(self) -> Path:
        return self.spec_dir / "overlay.yaml"

    @property
    def normalized_path(self) -> Path:
        return self.spec_dir / "openapi.yaml"

    @property
    def sources_path(self) -> Path:
        return self.spec_dir / "sources.yaml"

    def output_dir(self, generated_root: Path) -> Path:
        return generated_root / self.name


def _rel(path: Path) -> Path:
    try:
        return path.relative_to(ROOT)
    except ValueError:
        return path


def _read(path: Path) -> LocatedDocument:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SpecError(_rel(path), "", "file not found") from None
    return load_yaml_text(text, _rel(path))


def _require(doc: LocatedDocument, parts: list[Any], value: Any, pattern: re.Pattern[str], what: str) -> str:
    if not isinstance(value, str) or not pattern.match(value):
        raise doc.error(parts, f"{what} must match {pattern.pattern}, got {value!r}")
    return value


def _load_sources(spec_dir: Path) -> tuple[tuple[Source, ...], tuple[str, ...]]:
    doc = _read(spec_dir / "sources.yaml")
    data = doc.data if isinstance(doc.data, dict) else {}
    entries = data.get("sources")
    if not isinstance(entries, list) or not entries:
        raise doc.error(["sources"], "sources.yaml needs a non-empty 'sources' list")
    sources = []
    for i, entry in enumerate(entries):
        if not isinstance(entry, dict):
            raise doc.error(["sources", i], "each source is a mapping")
        for key in ("file", "format", "url", "sha256"):
            if not isinstance(entry.get(key), str):
                raise doc.error(["sources", i], f"source #{i + 1} needs '{key}'")
        if entry["format"] not in SOURCE_FORMATS:
            raise doc.error(["sources", i, "format"], f"format must be one of {', '.join(SOURCE_FORMATS)}")
        path = spec_dir / entry["file"]
        if not path.is_file():
            raise doc.error(["sources", i, "file"], f"{entry['file']} does not exist")
        actual = hashlib.sha256(path.read_bytes()).hexdigest()
        if actual != entry["sha256"]:
            raise doc.error(
                ["sources", i, "sha256"],
                f"{entry['file']} has sha256 {actual}, provenance says {entry['sha256']}; "
                "if the vendor changed the page, update url, retrieved and sha256 together",
            )
        sources.append(Source(path, entry["format"], entry["url"], actual, i))
    scope = data.get("scope") or []
    if not isinstance(scope, list) or not all(isinstance(s, str) for s in scope):
        raise doc.error(["scope"], "scope is a list of 'METHOD /path' strings")
    return tuple(sources), tuple(scope)


def load_providers(only: str | None = None, root: Path = ROOT) -> list[Provider]:
    """All providers from <root>/codegen/providers.yaml (or just ``only``), sources verified."""
    providers_file = root / "codegen" / "providers.yaml"
    doc = _read(providers_file)
    entries = doc.data.get("providers") if isinstance(doc.data, dict) else None
    if not isinstance(entries, dict) or not entries:
        raise doc.error([], "providers.yaml needs a 'providers' mapping")
    if only is not None and only not in entries:
        raise SpecError(_rel(providers_file), "", f"unknown provider {only!r}; known: {', '.join(entries)}")
    providers = []
    for name, entry in entries.items():
        if only is not None and name != only:
            continue
        _require(
            doc, ["providers", name], name, _NAME, "provider name (lower-case letters and digits, no _ or -)"
        )
        if not isinstance(entry, dict):
            raise doc.error(["providers", name], "each provider is a mapping")
        where = ["providers", name]
        distribution = _require(
            doc, [*where, "distribution"], entry.get("distribution"), _DISTRIBUTION, "distribution"
        )
        package = _require(doc, [*where, "package"], entry.get("package"), _PACKAGE, "package")
        version = _require(
            doc, [*where, "version"], entry.get("version"), re.compile(r"^\d+\.\d+\.\d+$"), "version"
        )
        title = str(entry.get("title", name))
        spec_dir = root / "specs" / name
        sources, scope = _load_sources(spec_dir)
        providers.append(
            Provider(name, distribution, package, version, title, spec_dir, sources, scope, entry)
        )
    return providers


def _entries(root: Path) -> dict[str, Any]:
    doc = _read(root / "codegen" / "providers.yaml")
    entries = doc.data.get("providers") if isinstance(doc.data, dict) else None
    if not isinstance(entries, dict) or not entries:
        raise doc.error([], "providers.yaml needs a 'providers' mapping")
    return entries


def provider_names(root: Path = ROOT) -> list[str]:
    """The providers, in codegen/providers.yaml's order: the one list that tests, the sandbox
    runner, bench and the Makefile use (``python -m codegen providers`` prints it). Cheap: no
    source is read or verified."""
    return list(_entries(root))


def provider_packages(root: Path = ROOT) -> dict[str, str]:
    """provider name -> import package, from codegen/providers.yaml."""
    return {name: str(entry.get("package")) for name, entry in _entries(root).items()}
