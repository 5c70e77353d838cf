"""JSON pointers (RFC 6901) and local ``$ref``s: the one implementation codegen uses.

Specs name their parts by pointer (``#/paths/~1v1~1Trunks/get``: ``/`` in a key is ``~1``, ``~`` is
``~0``), both in their ``$ref``s and in our messages. Reading them in several places, each a little
differently, is how one of them came to forget ``~1``; so every reader goes through here.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

__all__ = ["lookup", "pointer", "resolve", "unescape"]


def pointer(parts: Sequence[Any]) -> str:
    """A JSON pointer for a key path (``["paths", "/v1/x", "get"]`` -> ``#/paths/~1v1~1x/get``)."""
    escaped = (str(p).replace("~", "~0").replace("/", "~1") for p in parts)
    return "#/" + "/".join(escaped)


def unescape(token: str) -> str:
    """One reference token of a pointer, as the key it names (``~1`` is ``/``, then ``~0`` is ``~``)."""
    return token.replace("~1", "/").replace("~0", "~")


def lookup(doc: Any, ref: str) -> Any:
    """The node a local ``$ref`` (``#/...``) names in ``doc``, or None (missing, or not local)."""
    if not ref.startswith("#"):
        return None
    node = doc
    for token in ref.removeprefix("#").removeprefix("/").split("/") if ref not in ("#", "#/") else []:
        key = unescape(token)
        if isinstance(node, dict):
            node = node.get(key)
        elif isinstance(node, list) and key.isdigit() and int(key) < len(node):
            node = node[int(key)]
        else:
            return None
    return node


def resolve(doc: Any, node: Any) -> Any:
    """``node`` with its ``$ref`` chain followed (None where a link is missing or the chain loops)."""
    seen: set[str] = set()
    while isinstance(node, dict) and isinstance(node.get("$ref"), str):
        ref = node["$ref"]
        if ref in seen:
            return None
        seen.add(ref)
        node = lookup(doc, ref)
    return node
