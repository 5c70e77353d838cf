"""Every bench test: the official Twilio SDK's own deprecation warnings are not ours to show.

twilio 9.13.0's async client passes aiohttp's deprecated ``BasicAuth`` (``auth=``) on every call;
the warnings name the SDK's code and nothing here can act on them. Only those two messages are
ignored, and only in bench/tests: a deprecation in our own code still shows.
"""

from __future__ import annotations

from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
SDK_WARNINGS = (
    "ignore:BasicAuth is deprecated:DeprecationWarning",
    "ignore:The 'auth' parameter is deprecated:DeprecationWarning",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # The hook sees the whole session's items when pytest runs more than bench/tests.
    for item in items:
        if not item.path.resolve().is_relative_to(HERE):
            continue
        for spec in SDK_WARNINGS:
            item.add_marker(pytest.mark.filterwarnings(spec))
