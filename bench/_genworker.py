"""Runs codegen once in a fresh interpreter and prints what each step cost, as JSON.

``python -m bench._genworker <root> [--force] [--warm <tiny root>]``: imports codegen (and with
``--warm`` generates a tiny provider first, so that lazy imports are paid before the timing),
wraps codegen's steps with timers, runs ``generate(root=<root>, generated=<root>/generated)``,
and prints ``{"imports": s, "total": s, "steps": {...}, "done": [...]}``. Used for the scaling runs and
for the per-step breakdown of the real providers; the steps are looked up by name, and one
that codegen no longer has is simply not reported.
"""

from __future__ import annotations

import collections
import contextlib
import functools
import io
import json
import sys
import time
from pathlib import Path
from typing import Any

STEPS = (
    # (module, attribute, label); the innermost first, for reading the output
    ("codegen.normalize", "load_source", "normalize: load vendor sources (YAML)"),
    ("codegen.normalize", "_read", "normalize: load overlay (YAML)"),
    ("codegen.normalize", "apply_overlay", "normalize: apply overlay"),
    ("codegen.normalize", "validate_openapi", "normalize: openapi-spec-validator"),
    # Each of these twice: where codegen binds it at import, and where it imports it lazily.
    ("codegen.generate", "normalize", "normalize (total)"),
    ("codegen.normalize", "normalize", "normalize (total)"),
    ("codegen.generate", "dump_spec", "dump normalized spec (PyYAML)"),
    ("codegen.normalize", "dump_spec", "dump normalized spec (PyYAML)"),
    ("codegen.generate", "record_spec_change", "release: classify spec change, version, changelog"),
    ("codegen.release", "record_spec_change", "release: classify spec change, version, changelog"),
    ("codegen.generate", "fingerprint", "fingerprint inputs"),
    ("codegen.generate", "load_providers", "load providers + verify sha256"),
    ("openapi_python_client.parser:GeneratorData", "from_dict", "render: openapi-python-client parse"),
    ("openapi_python_client:Project", "build", "render: openapi-python-client build (Jinja templates)"),
    (
        "codegen.contract:ContractJobs",
        "wait",
        "render: waiting for the contract models (datamodel-code-generator, forked worker)",
    ),
    ("codegen.render", "_add_headers", "render: header lines"),
    ("codegen.render", "_ruff", "render: ruff check --fix + format (2 subprocesses)"),
    ("codegen.render", "format_packages", "ruff check --fix + format (2 runs over all packages)"),
    ("codegen.generate", "render_package", "render (total)"),
    ("codegen.render", "render_package", "render (total)"),
)


def _wrap(owner: Any, name: str, label: str, totals: dict[str, float]) -> None:
    original = getattr(owner, name, None)
    if original is None:
        return

    @functools.wraps(original)
    def timed(*args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            totals[label] += time.perf_counter() - start

    setattr(owner, name, timed)


def main(argv: list[str]) -> int:
    root = Path(argv[0])
    force = "--force" in argv
    warm = Path(argv[argv.index("--warm") + 1]) if "--warm" in argv else None
    started = time.perf_counter()
    import importlib

    import codegen.generate as generate_module
    import codegen.render  # noqa: F401  (imported by generate lazily; imported here to time it apart)

    if warm is not None:  # a tiny provider first: every lazy import and cache, outside the timing
        with contextlib.redirect_stdout(io.StringIO()):
            generate_module.generate(force=True, generated=warm / "generated", root=warm)
    imports = time.perf_counter() - started
    totals: dict[str, float] = collections.defaultdict(float)
    for module_name, name, label in STEPS:
        module_name, _, attr = module_name.partition(":")
        try:
            owner: Any = importlib.import_module(module_name)
            if attr:
                owner = getattr(owner, attr)
        except (ImportError, AttributeError):
            continue
        _wrap(owner, name, label, totals)
    started = time.perf_counter()
    with contextlib.redirect_stdout(io.StringIO()):  # codegen's own report (changelog lines)
        done = generate_module.generate(force=force, generated=root / "generated", root=root)
    total = time.perf_counter() - started
    print(json.dumps({"imports": imports, "total": total, "steps": dict(totals), "done": done}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
