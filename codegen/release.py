"""Package versions and changelogs that follow the normalized spec.

When ``make generate`` produces a normalized spec that differs from the
committed specs/<provider>/openapi.yaml, the change is classified (specdiff),
the provider's ``version:`` in codegen/providers.yaml is bumped, and an entry is
appended to specs/<provider>/CHANGELOG.yaml; generated/<provider>/CHANGELOG.md is
rendered from that file, so generated/ stays reproducible byte for byte (dates
are written once, when the entry is made, and never recomputed).

Versions (semver; below 1.0 the Cargo convention, where 0.y acts as the major):

    change       >= 1.0        0.y.z
    breaking     major+1       0.(y+1).0
    compatible   minor+1       0.y.(z+1)
    cosmetic     patch+1       0.y.(z+1)

Both edits happen before rendering (the version is part of the package and of
its inputs fingerprint) and are undone if rendering fails. The last entry's
spec sha256 is the idempotency key: a spec already recorded is never recorded
twice, so re-running after a failure, or twice in a row, bumps nothing.
"""

from __future__ import annotations

import datetime
import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import SpecError
from .providers import ROOT, Provider, _rel
from .specdiff import BREAKING, COMPATIBLE, Change, diff_specs, format_changes, worst
from .yamlload import load_yaml

__all__ = [
    "CHANGELOG_NAME",
    "Recorded",
    "load_releases",
    "next_version",
    "preview",
    "record_spec_change",
    "set_version",
]

CHANGELOG_NAME = "CHANGELOG.yaml"
INITIAL = "initial generated client"
_HEADER = """\
# Release history of the generated {distribution} package, oldest first.
# `make generate` appends an entry whenever the normalized spec (openapi.yaml) changes: the new
# version, the date, the spec's sha256 and every change, classified (see codegen/specdiff.py).
# generated/{name}/CHANGELOG.md is rendered from this file. Reword a text if you like; never
# change a date or a version that was released.
"""


def today() -> str:
    """The date of a new entry (a function, so tests can pin it)."""
    return datetime.date.today().isoformat()


def next_version(version: str, kind: str) -> tuple[str, str]:
    """The version after a change of ``kind``, and the name of the bump (see the module docstring)."""
    major, minor, patch = (int(p) for p in version.split("."))
    if kind == BREAKING:
        return (f"{major + 1}.0.0", "major") if major else (f"0.{minor + 1}.0", "minor")
    if kind == COMPATIBLE and major:
        return f"{major}.{minor + 1}.0", "minor"
    return f"{major}.{minor}.{patch + 1}", "patch"


def set_version(providers_file: Path, name: str, version: str) -> None:
    """Rewrite only ``name``'s ``version:`` line in providers.yaml, keeping comments and layout."""
    text = providers_file.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    entry_indent: int | None = None
    for i, line in enumerate(lines):
        stripped = line.strip()
        indent = len(line) - len(line.lstrip())
        if entry_indent is None:
            if indent > 0 and re.fullmatch(rf"{re.escape(name)}:\s*(#.*)?", stripped):
                entry_indent = indent
            continue
        if stripped and not stripped.startswith("#") and indent <= entry_indent:
            break
        match = re.match(r"^(\s+version:\s*)(['\"]?)[^'\"#\s]+\2(.*)$", line.rstrip("\r\n"))
        if match:
            ending = line[len(line.rstrip("\r\n")) :]
            lines[i] = f"{match.group(1)}{match.group(2)}{version}{match.group(2)}{match.group(3)}{ending}"
            break
    else:
        raise SpecError(
            _rel(providers_file), "", f"no version: line for provider {name!r}; set {version} by hand"
        )
    new_text = "".join(lines)
    before, after = load_yaml(text), load_yaml(new_text)
    before["providers"][name]["version"] = version
    if before != after:  # the edit must change that one value and nothing else
        raise SpecError(
            _rel(providers_file), "", f"could not rewrite {name}'s version; set {version} by hand"
        )
    providers_file.write_text(new_text, encoding="utf-8")


def changelog_path(provider: Provider) -> Path:
    return provider.spec_dir / CHANGELOG_NAME


def load_releases(provider: Provider) -> list[dict[str, Any]]:
    """The entries of specs/<provider>/CHANGELOG.yaml, oldest first ([] if there is none yet)."""
    path = changelog_path(provider)
    if not path.exists():
        return []
    data = load_yaml(path.read_text(encoding="utf-8")) or []
    if not isinstance(data, list) or not all(isinstance(e, dict) and "version" in e for e in data):
        raise SpecError(_rel(path), "", "a changelog is a list of entries, each with a version")
    return data


def _entry_text(entry: dict[str, Any]) -> str:
    return str(
        yaml.safe_dump([entry], sort_keys=False, allow_unicode=True, width=100, default_flow_style=False)
    )


def _append(provider: Provider, entries: list[dict[str, Any]]) -> None:
    """Append only: earlier entries stay byte for byte as they were."""
    path = changelog_path(provider)
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    if not text:
        text = _HEADER.format(distribution=provider.distribution, name=provider.name)
    elif not text.endswith("\n"):
        text += "\n"
    path.write_text(text + "".join(_entry_text(e) for e in entries), encoding="utf-8")


@dataclass
class Recorded:
    """What ``record_spec_change`` wrote, the lines to show, and how to take it back."""

    old_version: str
    new_version: str
    changes: list[Change]
    report: list[str]
    _saved: dict[Path, bytes | None] = field(default_factory=dict, repr=False)

    def undo(self) -> None:
        for path, content in self._saved.items():
            if content is None:
                path.unlink(missing_ok=True)
            else:
                path.write_bytes(content)


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _committed(provider: Provider) -> tuple[str | None, dict[str, Any] | None]:
    if not provider.normalized_path.exists():
        return None, None
    text = provider.normalized_path.read_text(encoding="utf-8")
    return text, load_yaml(text)


def report_lines(provider: Provider, changes: list[Change], old: str, new: str) -> list[str]:
    counts = ", ".join(
        f"{sum(c.kind == k for c in changes)} {k}" for k in ("breaking", "compatible", "cosmetic")
    )
    head = f"{provider.name}: the normalized spec changed ({counts}): {provider.distribution} {old} -> {new}"
    return [head, *format_changes(changes)]


def record_spec_change(
    provider: Provider, spec: dict[str, Any], spec_text: str, root: Path = ROOT
) -> Recorded | None:
    """Bump the version and append a changelog entry if ``spec`` differs from the committed one."""
    releases = load_releases(provider)
    old_text, old_spec = _committed(provider)
    new_sha = _sha(spec_text)
    entries: list[dict[str, Any]] = []
    if not releases:
        base_sha = _sha(old_text) if old_text is not None else new_sha
        entries.append(
            {"version": provider.version, "date": today(), "spec_sha256": base_sha, "summary": INITIAL}
        )
    last_sha = releases[-1].get("spec_sha256") if releases else entries[0]["spec_sha256"]
    changes = diff_specs(old_spec, spec) if old_spec is not None else []
    version = provider.version
    if changes and last_sha != new_sha:
        kind = worst(changes)
        assert kind is not None
        version, bump = next_version(provider.version, kind)
        entries.append(
            {
                "version": version,
                "date": today(),
                "spec_sha256": new_sha,
                "bump": bump,
                "summary": f"{kind} spec change",
                "changes": [{"kind": c.kind, "where": c.where, "text": c.text} for c in changes],
            }
        )
    if not entries:
        return None
    providers_file = root / "codegen" / "providers.yaml"
    recorded = Recorded(provider.version, version, changes if version != provider.version else [], [])
    for path in (providers_file, changelog_path(provider)):
        recorded._saved[path] = path.read_bytes() if path.exists() else None
    try:
        if version != provider.version:
            set_version(providers_file, provider.name, version)
            recorded.report = report_lines(provider, changes, provider.version, version)
        else:
            recorded.report = [f"{provider.name}: changelog started at {version} ({INITIAL})"]
        _append(provider, entries)
    except BaseException:
        recorded.undo()
        raise
    return recorded


def preview(provider: Provider, normalize: Callable[[Provider], dict[str, Any]]) -> list[str]:
    """What ``make generate`` would record for ``provider``, computed in memory (``make diff``)."""
    _, old_spec = _committed(provider)
    if old_spec is None:
        return [f"{provider.name}: no committed {_rel(provider.normalized_path)} yet; first generation"]
    changes = diff_specs(old_spec, normalize(provider))
    if not changes:
        return [
            f"{provider.name}: the normalized spec is unchanged ({provider.distribution} {provider.version})"
        ]
    version, _ = next_version(provider.version, worst(changes) or "cosmetic")
    return report_lines(provider, changes, provider.version, version)
