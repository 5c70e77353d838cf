"""A base URL without http(s):// is refused when the client is built, not retried as a connection error."""

from __future__ import annotations

import re

import pytest
from twilio_client import Twilio
from vobiz_client import Vobiz


@pytest.mark.parametrize("url", ["127.0.0.1:8765/vobiz", "api.vobiz.ai", "ftp://api.vobiz.ai", ""])
def test_a_base_url_without_its_scheme_is_refused(url: str) -> None:
    with pytest.raises(ValueError, match="base_url"):
        Vobiz(auth_id="MA_X", auth_token="t", base_url=url or " ")


def test_each_server_of_a_multi_server_client_is_checked() -> None:
    account = "AC" + "a" * 32
    with pytest.raises(ValueError, match=re.escape("api_base_url='api.twilio.com' must be an http")):
        Twilio(account_sid=account, auth_token="t", api_base_url="api.twilio.com")
    assert Twilio(account_sid=account, auth_token="t", base_url="http://127.0.0.1:1/twilio")
