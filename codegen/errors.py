"""The one error type the pipeline raises for bad input.

Every message names a file and a place in it, because the person reading it is
about to open that file in an editor: ``specs/vobiz/overlay.yaml:41:5: ...``.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["SpecError"]


class SpecError(Exception):
    """A spec, overlay or configuration file that the pipeline cannot use."""

    def __init__(self, file: Path | str, where: str, message: str) -> None:
        self.file = str(file)
        self.where = where
        self.message = message
        super().__init__(f"{self.file}:{where}: {message}" if where else f"{self.file}: {message}")
