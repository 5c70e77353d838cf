"""Bringing generated/ up to date, or checking that it is.

``generate`` normalizes each provider, and renders its package only when its
inputs changed: the fingerprint of everything that shapes the output (the
provider's spec folder and config entry, codegen's own code and templates, the
generator and formatter versions) is recorded in the package's PROVENANCE.json.
A rendering goes to a temp dir beside generated/ and replaces the old package
in one rename, so a failure at any step leaves generated/ exactly as it was.

When a provider's normalized spec differs from the committed one, release.py
classifies the change, bumps the package version and appends a changelog entry
before rendering (so the package carries them), and takes both back if
rendering fails. All stale providers are rendered before any is swapped in, so
that ruff runs once over all of them; a failure in any leaves generated/, the
versions and the changelogs as they were. Nothing heavy (YAML beyond libyaml,
normalization, the generator, the release machinery) is imported until a
provider is found stale, which keeps a no-op ``make generate`` fast.

``check`` renders everything into a temp dir and diffs it against the tree: the
staleness check of ``make test``.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .providers import ROOT, Provider, _rel, load_providers

if TYPE_CHECKING:
    from .contract import ContractJobs
    from .release import Recorded

__all__ = ["PROGRESS", "check", "fingerprint", "generate"]

# Which provider and step a run is at, for the message of an unexpected error (codegen/__main__.py).
PROGRESS: dict[str, str] = {"provider": "", "step": ""}


def _at(provider: Provider | None, step: str) -> None:
    PROGRESS["provider"] = provider.name if provider is not None else "(all)"
    PROGRESS["step"] = step


GENERATED = ROOT / "generated"
# codegen/providers.yaml is not here: each provider's own entry is hashed instead, so adding a
# provider does not regenerate the others.
_CODEGEN_INPUTS = ("codegen/*.py", "codegen/openapi-python-client.yaml", "codegen/templates/**/*")


def fingerprint(provider: Provider) -> str:
    """sha256 over every input that shapes ``provider``'s generated package."""
    from .versions import TOOL_VERSIONS

    digest = hashlib.sha256()
    digest.update(json.dumps([provider.entry, TOOL_VERSIONS], sort_keys=True).encode())
    files = [p for pattern in _CODEGEN_INPUTS for p in ROOT.glob(pattern)]
    files += [p for p in provider.spec_dir.rglob("*") if p != provider.normalized_path]
    for path in sorted(p for p in files if p.is_file() and "__pycache__" not in p.parts):
        digest.update(str(_rel(path)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _recorded_fingerprint(provider: Provider, generated: Path) -> str | None:
    provenance = provider.output_dir(generated) / provider.package / "PROVENANCE.json"
    try:
        return str(json.loads(provenance.read_text())["inputs_sha256"])
    except (OSError, ValueError, KeyError):
        return None


def _normalized(provider: Provider) -> tuple[dict[str, Any], str]:
    from .normalize import dump_spec, normalize

    _at(provider, "normalize")
    spec = normalize(provider)
    return spec, dump_spec(spec, provider)


def _render_to_temp(
    provider: Provider,
    parent: Path,
    contracts: ContractJobs,
    normalized: tuple[dict[str, Any], str] | None = None,
) -> tuple[Path, str]:
    """The package, unformatted, in a new temp dir under ``parent``; ``contracts.wait()`` and
    format_packages come next."""
    from .render import render_package

    spec, spec_text = normalized or _normalized(provider)
    temp = Path(tempfile.mkdtemp(prefix=f".{provider.name}-", dir=parent))
    _at(provider, "render")
    try:
        render_package(provider, spec, spec_text, temp / provider.name, fingerprint(provider), contracts)
    except BaseException:
        shutil.rmtree(temp, ignore_errors=True)
        raise
    return temp, spec_text


def _write_atomic(path: Path, text: str) -> None:
    temp = path.with_name(f".{path.name}.tmp")
    temp.write_text(text, encoding="utf-8")
    os.replace(temp, path)


def generate(
    only: str | None = None, force: bool = False, generated: Path = GENERATED, root: Path = ROOT
) -> list[str]:
    """Regenerate what changed; returns the names of the providers regenerated."""
    providers = load_providers(only, root)
    generated.mkdir(exist_ok=True)
    stale = [
        p
        for p in providers
        if force or not p.normalized_path.exists() or _recorded_fingerprint(p, generated) != fingerprint(p)
    ]
    if not stale:
        return []
    from .contract import ContractJobs
    from .release import record_spec_change
    from .render import format_packages

    recorded: list[Recorded] = []
    rendered: list[tuple[Provider, Path, str]] = []  # provider, temp dir, normalized spec text
    try:
        with ContractJobs() as contracts:
            for provider in stale:
                normalized = _normalized(provider)
                # Version bump and changelog entry (release.py) come first: both are inputs of the package.
                _at(provider, "record the release")
                record = record_spec_change(provider, *normalized, root=root)
                if record is not None:
                    recorded.append(record)
                    print("\n".join(record.report), flush=True)
                    provider = load_providers(provider.name, root)[0]
                temp, spec_text = _render_to_temp(provider, generated, contracts, normalized)
                rendered.append((provider, temp, spec_text))
            _at(None, "contract models (datamodel-code-generator)")
            contracts.wait()
        _at(None, "format (ruff)")
        format_packages([temp / provider.name for provider, temp, _ in rendered])
    except BaseException:
        for _, temp, _ in rendered:
            shutil.rmtree(temp, ignore_errors=True)
        for record in reversed(recorded):
            record.undo()
        raise
    for provider, temp, spec_text in rendered:
        target = provider.output_dir(generated)
        retired = generated / f".{provider.name}.old"
        shutil.rmtree(retired, ignore_errors=True)
        if target.exists():
            os.replace(target, retired)
        os.replace(temp / provider.name, target)
        shutil.rmtree(retired, ignore_errors=True)
        shutil.rmtree(temp, ignore_errors=True)
        _write_atomic(provider.normalized_path, spec_text)
    return [provider.name for provider, _, _ in rendered]


def _tree(root: Path) -> dict[str, bytes]:
    if not root.exists():
        return {}
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts and ".mypy_cache" not in p.parts
    }


def _diff(label: str, old: dict[str, bytes], new: dict[str, bytes]) -> list[str]:
    import difflib

    lines: list[str] = []
    for name in sorted(set(old) | set(new)):
        a, b = old.get(name), new.get(name)
        if a == b:
            continue
        a_lines = (a or b"").decode(errors="replace").splitlines(keepends=True)
        b_lines = (b or b"").decode(errors="replace").splitlines(keepends=True)
        lines += difflib.unified_diff(
            a_lines, b_lines, f"{label}/{name} (committed)", f"{label}/{name} (fresh)"
        )
    return lines


def check(only: str | None = None, generated: Path = GENERATED, root: Path = ROOT) -> list[str]:
    """A unified diff of committed vs freshly generated output; empty when up to date."""
    from .contract import ContractJobs
    from .render import format_packages

    diff: list[str] = []
    with tempfile.TemporaryDirectory(prefix="codegen-check-") as scratch, ContractJobs() as contracts:
        rendered = [(p, *_render_to_temp(p, Path(scratch), contracts)) for p in load_providers(only, root)]
        contracts.wait()
        format_packages([temp / provider.name for provider, temp, _ in rendered])
        for provider, temp, spec_text in rendered:
            committed_spec = (
                provider.normalized_path.read_bytes() if provider.normalized_path.exists() else b""
            )
            spec_label = str(_rel(provider.normalized_path))
            diff += _diff(spec_label, {"": committed_spec}, {"": spec_text.encode()})
            label = str(_rel(provider.output_dir(generated)))
            diff += _diff(label, _tree(provider.output_dir(generated)), _tree(temp / provider.name))
    return diff
