"""The account's Elastic SIP trunks (trunking.twilio.com): list and fetch."""

from __future__ import annotations

import httpx
import pytest
from twilio_client import AuthenticatedClient
from twilio_client.api.trunks import fetch_trunk, list_trunk
from twilio_client.types import Unset

from .conftest import ACCOUNT_SID, assert_basic

pytestmark = pytest.mark.vcr


def test_list_trunks(client: AuthenticatedClient, trunk_sid: str, sent: list[httpx.Request]) -> None:
    listed = list_trunk.sync(client=client)
    assert sent[0].url.host == "trunking.twilio.com" and sent[0].url.raw_path == b"/v1/Trunks"
    assert_basic(sent[0], client)
    assert isinstance(listed.trunks, list) and not isinstance(listed.meta, Unset)
    assert trunk_sid in [t.sid for t in listed.trunks]
    assert listed.meta.key == "trunks"


def test_fetch_a_trunk(client: AuthenticatedClient, trunk_sid: str) -> None:
    trunk = fetch_trunk.sync(trunk_sid, client=client)
    assert (trunk.sid, trunk.account_sid) == (trunk_sid, ACCOUNT_SID)
