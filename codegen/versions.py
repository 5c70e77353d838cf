"""The versions of the tools that shape the generated code, for fingerprints and provenance.

Its own module, apart from render.py, so that a no-op ``make generate`` (which
fingerprints every provider) does not import the renderer.
"""

from __future__ import annotations

from importlib.metadata import version as dist_version

__all__ = ["TOOL_VERSIONS"]

TOOL_VERSIONS = {name: dist_version(name) for name in ("openapi-python-client", "ruff")}
