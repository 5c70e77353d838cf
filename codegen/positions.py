"""Where a node of the normalized spec came from in the vendor's files.

The normalized spec (specs/<provider>/openapi.yaml) is an output: it is not
written when a run fails, and the line a maintainer must edit is in the
vendor's file (to learn what is wrong) or the overlay (to fix it). So a problem
found in the normalized document is reported at the source file and line of
the deepest node on its key path that some source document has, and the
pointer into the normalized spec is kept in the message for what the overlay
added or moved.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .errors import SpecError
from .merge import Origins
from .providers import Provider, _rel
from .yamlfile import LocatedDocument, pointer

__all__ = ["SourceMap", "source_map"]


def _depth(data: Any, parts: Sequence[Any]) -> int:
    """How many leading ``parts`` exist in ``data``."""
    depth = 0
    for part in parts:
        if isinstance(data, dict) and str(part) in data:
            data = data[str(part)]
        elif isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data):
            data = data[part]
        else:
            break
        depth += 1
    return depth


class SourceMap:
    """Key paths of the normalized spec -> ``file:line:col`` in the source documents."""

    def __init__(
        self, docs: Sequence[LocatedDocument], normalized_file: Path, origins: Origins | None = None
    ) -> None:
        self._docs = list(docs)
        self._normalized_file = normalized_file
        self._origins = origins or {}

    def error(self, parts: Sequence[Any], message: str) -> SpecError:
        """A SpecError at the source of ``parts``; the normalized pointer is added when the source
        has only part of the path (the rest came from the overlay, or was moved by the merge)."""
        parts = list(parts)
        if len(parts) >= 3 and parts[0] == "paths" and (parts[1], parts[2]) in self._origins:
            # An operation is found where merge read it, even if the overlay renamed its path.
            doc, origin = self._origins[(parts[1], parts[2])]
            return doc.error([*origin, *parts[3:]], message)
        best, best_depth = None, 0
        for doc in self._docs:
            depth = _depth(doc.data, parts)
            if depth > best_depth:
                best, best_depth = doc, depth
        if best is None or best_depth < min(2, len(parts)):
            # Nothing in the sources has this node (the overlay made it, or it is the whole
            # document): the vendor's first file, and the node's pointer in the normalized spec.
            if not self._docs:
                return SpecError(self._normalized_file, pointer(parts), message)
            return SpecError(
                self._docs[0].file, "", f"{message} (at {pointer(parts)} of the normalized spec)"
            )
        if best_depth < len(parts):
            message = f"{message} (at {pointer(parts)} of the normalized spec)"
        return best.error(parts, message)


def source_map(provider: Provider) -> SourceMap:
    """The provider's sources read again (from libyaml: cheap; ruamel parses one only if a
    position is asked for): for problems found after normalization, by the generators."""
    from .merge import merge_documents
    from .sources import load_source

    docs = [load_source(s) for s in provider.sources if s.format != "reference"]
    _, origins = merge_documents(docs)
    return SourceMap(docs, _rel(provider.normalized_path), origins)
