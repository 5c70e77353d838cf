"""Reading the vendor's own files, verbatim, into OpenAPI documents.

Two shapes occur: a whole OpenAPI document (Bolna publishes one), and a docs
page whose last section, ``## OpenAPI``, holds a fenced YAML fragment for the
one endpoint it documents (Vobiz's Mintlify pages). The fragment keeps its line
numbers in the page, so errors point into the file a person would open.
"""

from __future__ import annotations

import re

from .errors import SpecError
from .providers import Source, _rel
from .yamlfile import LocatedDocument, load_yaml_text

__all__ = ["load_source"]

_FENCE_OPEN = re.compile(r"^(`{3,})\s*ya?ml\b")


def _fragment(text: str, source: Source) -> tuple[str, int]:
    lines = text.splitlines()
    try:
        start = next(i for i, line in enumerate(lines) if line.strip() == "## OpenAPI")
    except StopIteration:
        raise SpecError(_rel(source.path), "", "no '## OpenAPI' section in this page") from None
    for i in range(start + 1, len(lines)):
        match = _FENCE_OPEN.match(lines[i])
        if match:
            fence = match.group(1)
            for j in range(i + 1, len(lines)):
                if lines[j].strip() == fence:
                    return "\n".join(lines[i + 1 : j]) + "\n", i + 1
            raise SpecError(_rel(source.path), f"{i + 1}:1", "OpenAPI code block is never closed")
    raise SpecError(_rel(source.path), f"{start + 1}:1", "no ```yaml block after '## OpenAPI'")


def load_source(source: Source) -> LocatedDocument:
    """The OpenAPI document held by ``source`` (a whole file or a page's fragment)."""
    text = source.path.read_text(encoding="utf-8")
    if source.format == "openapi-in-markdown":
        text, offset = _fragment(text, source)
    else:
        offset = 0
    doc = load_yaml_text(text, _rel(source.path), offset)
    if not isinstance(doc.data, dict) or "openapi" not in doc.data:
        raise doc.error([], "not an OpenAPI document (no 'openapi' field)")
    return doc
