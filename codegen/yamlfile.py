"""YAML loading that remembers where every node came from.

Vendor specs and overlays are YAML written by hand; when one is wrong the error
must point at a line. ruamel.yaml's round-trip loader keeps line and column on
each mapping and sequence; we keep that tree next to a plain-data copy and look
positions up by key path.

That loader is slow, and positions are needed only for an error message, so the
data comes from libyaml when yaml12.fast_load can promise ruamel's result, and
the round-trip parse runs only when a position is asked for. A text the fast
loader declines is parsed by ruamel at once, as before (it may be an error).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .errors import SpecError
from .refs import pointer
from .yaml12 import Declined, fast_load, round_trip_constructor

__all__ = ["LocatedDocument", "load_yaml_text", "pointer"]


def _plain(node: Any) -> Any:
    if isinstance(node, dict):
        return {str(k): _plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_plain(v) for v in node]
    # ruamel's scalar subclasses (folded strings, ScalarFloat, ...) become plain values.
    for plain_type in (bool, int, float, str):
        if isinstance(node, plain_type):
            return plain_type(node)
    return node


class LocatedDocument:
    """Plain data loaded from YAML, plus the line and column of each node."""

    def __init__(self, file: Path, tree: Any, line_offset: int = 0) -> None:
        """From ruamel's round-trip ``tree``."""
        self.file = file
        self.data: Any = _plain(tree)
        self._tree = tree
        self._text: str | None = None
        self._line_offset = line_offset

    @classmethod
    def from_data(cls, file: Path, data: Any, text: str, line_offset: int = 0) -> LocatedDocument:
        """From plain ``data`` (yaml12.fast_load); ruamel parses ``text`` if a position is asked for."""
        doc = cls(file, None, line_offset)
        doc.data, doc._text = data, text
        return doc

    def _positions(self) -> Any:
        """ruamel's round-trip tree, parsed on first use: only error messages need it."""
        if self._tree is None and self._text is not None:
            self._tree = _ruamel_tree(self._text, self.file, self._line_offset)
        return self._tree

    def where(self, parts: Sequence[Any]) -> str:
        """``line:col`` of the deepest node on ``parts`` that exists (1-based)."""
        from ruamel.yaml.comments import CommentedMap, CommentedSeq

        node = self._positions()
        line, col = (0, 0)
        for part in parts:
            if isinstance(node, CommentedMap):
                key = part if part in node else next((k for k in node if str(k) == str(part)), None)
                if key is None:
                    break
                line, col = node.lc.key(key)
                node = node[key]
            elif isinstance(node, CommentedSeq) and isinstance(part, int) and 0 <= part < len(node):
                line, col = node.lc.item(part)
                node = node[part]
            else:
                break
        return f"{line + 1 + self._line_offset}:{col + 1}"

    def error(self, parts: Sequence[Any], message: str) -> SpecError:
        return SpecError(self.file, self.where(parts), message)


def _ruamel_tree(text: str, file: Path, line_offset: int) -> Any:
    """ruamel.yaml's round-trip parse; a syntax error becomes a SpecError at the offending line."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    loader = YAML(typ="rt")
    loader.Constructor = round_trip_constructor()
    try:
        return loader.load(text)
    except MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        where = f"{mark.line + 1 + line_offset}:{mark.column + 1}" if mark else ""
        raise SpecError(file, where, f"invalid YAML: {err.problem or err.context}") from None
    except YAMLError as err:
        raise SpecError(file, "", f"invalid YAML: {err}") from None


def load_yaml_text(text: str, file: Path, line_offset: int = 0) -> LocatedDocument:
    """Parse YAML; a syntax error becomes a SpecError at the offending line."""
    try:
        return LocatedDocument.from_data(file, fast_load(text), text, line_offset)
    except Declined:
        return LocatedDocument(file, _ruamel_tree(text, file, line_offset), line_offset)
