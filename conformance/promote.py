"""From a staging dir of recordings to the committed cassettes, without losing documentation.

``python -m conformance.promote PROVIDER [--from DIR] [--replace-synthesized]``

A recording replaces a committed cassette that was itself recorded (or is
missing). A cassette synthesized from the vendor's documentation is never
replaced silently: the recording is compared with it and the differences are
listed (that list is the drift between the docs and the live API); only
``--replace-synthesized`` swaps it, and the new file says ``source: recorded``.
A recording made against the local sandbox (``provenance.against_sandbox``, see
``python -m conformance.sandbox_run``) is never promoted: it says what the emulator
does, not what the vendor does.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path
from typing import Any

from codegen.yamlload import load_cached

__all__ = ["SANDBOX_REFUSAL", "compare", "from_sandbox", "promote"]

ROOT = Path(__file__).resolve().parent.parent
SANDBOX_REFUSAL = "recorded against the local sandbox: never promoted"


def from_sandbox(recorded: Path) -> bool:
    """Whether a recording was made against the local sandbox (its provenance says so)."""
    data = load_cached(recorded) or {}
    return bool((data.get("provenance") or {}).get("against_sandbox"))


def _body(interaction: dict[str, Any]) -> Any:
    text = interaction["response"]["body"].get("string", "")
    try:
        return json.loads(text) if text else None
    except ValueError:
        return text


def _paths(value: Any, prefix: str = "") -> dict[str, Any]:
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for key, item in value.items():
            out |= _paths(item, f"{prefix}.{key}" if prefix else str(key))
        return out
    if isinstance(value, list):
        out = {}
        for i, item in enumerate(value):
            out |= _paths(item, f"{prefix}[{i}]")
        return out
    return {prefix: value}


def compare(recorded: Path, committed: Path) -> list[str]:
    """Where the recording and the committed cassette disagree, exchange by exchange."""
    new = load_cached(recorded)["interactions"]
    old = load_cached(committed)["interactions"]
    differences = []
    if len(new) != len(old):
        differences.append(f"{len(old)} exchanges documented, {len(new)} recorded")
    for i, (a, b) in enumerate(zip(old, new, strict=False)):
        label = f"#{i} {b['request']['method']} {b['request']['uri'].split('?')[0]}"
        if a["response"]["status"]["code"] != b["response"]["status"]["code"]:
            differences.append(
                f"{label}: status {a['response']['status']['code']} documented, {b['response']['status']['code']} recorded"
            )
        documented, live = _paths(_body(a)), _paths(_body(b))
        for key in sorted(set(documented) - set(live)):
            differences.append(f"{label}: `{key}` documented, absent in the recording")
        for key in sorted(set(live) - set(documented)):
            differences.append(f"{label}: `{key}` recorded, not in the documented example")
    return differences


def promote(
    provider: str, staging: Path, replace_synthesized: bool = False
) -> tuple[list[str], dict[str, list[str]]]:
    """Copy recordings into place where allowed; return (updated, {kept synthesized: differences})."""
    updated, kept = [], {}
    for recorded in sorted((staging / provider).rglob("*.yaml")):
        relative = recorded.relative_to(staging / provider)
        committed = ROOT / "conformance" / provider / "cassettes" / relative
        if from_sandbox(recorded):
            kept[str(relative)] = [SANDBOX_REFUSAL]
            continue
        if committed.exists():
            source = (load_cached(committed).get("provenance") or {}).get("source")
            if source != "recorded" and not replace_synthesized:
                kept[str(relative)] = compare(recorded, committed)
                continue
        committed.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(recorded, committed)
        updated.append(str(relative))
    return updated, kept


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m conformance.promote", description=__doc__)
    parser.add_argument("provider")
    parser.add_argument("--from", dest="staging", type=Path, default=ROOT / "reports" / "recordings")
    parser.add_argument("--replace-synthesized", action="store_true")
    args = parser.parse_args(argv)
    updated, kept = promote(args.provider, args.staging, args.replace_synthesized)
    for name in updated:
        print(f"updated  {name}")
    for name, differences in kept.items():
        if differences == [SANDBOX_REFUSAL]:
            print(f"refused  {name} ({SANDBOX_REFUSAL})")
            continue
        state = (
            "agrees with the docs" if not differences else f"{len(differences)} difference(s) from the docs"
        )
        print(f"kept     {name} (synthesized; recording {state})")
        for line in differences:
            print(f"           {line}")
    if any(differences != [SANDBOX_REFUSAL] for differences in kept.values()):
        print("Synthesized cassettes were kept; --replace-synthesized replaces them with the recordings.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
