"""The error types the pipeline raises for bad input.

Every message names a file and a place in it, because the person reading it is
about to open that file in an editor: ``specs/vobiz/overlay.yaml:41:5: ...``.
A check that can find several problems in one run (the validator, the names)
reports all of them at once, up to ``MAX_PROBLEMS``, as one ``SpecProblems``:
fixing a vendor document one problem per run is how a maintainer gives up.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

__all__ = ["MAX_PROBLEMS", "SpecError", "SpecProblems", "raise_problems"]

MAX_PROBLEMS = 50


class SpecError(Exception):
    """A spec, overlay or configuration file that the pipeline cannot use."""

    def __init__(self, file: Path | str, where: str, message: str) -> None:
        self.file = str(file)
        self.where = where
        self.message = message
        super().__init__(f"{self.file}:{where}: {message}" if where else f"{self.file}: {message}")

    @property
    def problems(self) -> list[SpecError]:
        """Each problem, for the CLI to print one per line."""
        return [self]


class SpecProblems(SpecError):
    """Several problems found by one check; ``str()`` has one per line, ``problems`` each one."""

    def __init__(self, problems: Sequence[SpecError], total: int | None = None) -> None:
        shown = list(problems)[:MAX_PROBLEMS]
        total = max(total or 0, len(problems))
        first = shown[0]
        super().__init__(first.file, first.where, first.message)
        self._problems = shown
        lines = [str(p) for p in shown]
        if total > len(shown):
            lines.append(
                f"... and {total - len(shown)} more problems (only the first {len(shown)} are shown)"
            )
        self.args = ("\n".join(lines),)
        self.total = total

    @property
    def problems(self) -> list[SpecError]:
        return list(self._problems)


def raise_problems(problems: Sequence[SpecError]) -> None:
    """Nothing if ``problems`` is empty; the one problem, or all of them, otherwise."""
    if len(problems) == 1:
        raise problems[0]
    if problems:
        raise SpecProblems(problems)
