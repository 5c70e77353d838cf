"""A scripted in-process transport for the runtime tests: the answers it gives, the requests it got.

Its own module, not the conftest's, so that the tests can name its type (``wire: Wire``) without
importing a conftest.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import httpx

__all__ = ["Wire"]


@dataclass
class Wire:
    """Scripted answers (the last one repeats), and every request the client actually sent."""

    answers: list[httpx.Response | Exception] = field(default_factory=list)
    sent: list[httpx.Request] = field(default_factory=list)

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.sent.append(request)
        answer = self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]
        if isinstance(answer, Exception):
            raise answer
        return answer
