"""A number's own record on api.twilio.com: fetch it, and route it by its TrunkSid field (the other
documented way to put a number on a trunk: POST IncomingPhoneNumbers/{Sid}.json, TrunkSid=TK...).
"""

from __future__ import annotations

import httpx
import pytest
from twilio_client import AuthenticatedClient
from twilio_client.api.incoming_phone_numbers import fetch_incoming_phone_number, update_incoming_phone_number
from twilio_client.models import UpdateIncomingPhoneNumberRequest

from .conftest import ACCOUNT_SID, assert_basic, assert_form, associated

pytestmark = pytest.mark.vcr


def test_fetch_a_number(
    client: AuthenticatedClient, number_sid: str, number: str, sent: list[httpx.Request]
) -> None:
    found = fetch_incoming_phone_number.sync(number_sid, client=client)
    (request,) = sent
    assert request.url.host == "api.twilio.com"
    assert (
        request.url.raw_path
        == f"/2010-04-01/Accounts/{client.account_sid}/IncomingPhoneNumbers/{number_sid}.json".encode()
    )
    assert_basic(request, client)
    assert (found.sid, found.account_sid) == (number_sid, ACCOUNT_SID)


@pytest.mark.sandbox(state=associated())
def test_route_a_number_by_its_trunk_sid(
    client: AuthenticatedClient, number_sid: str, trunk_sid: str, sent: list[httpx.Request]
) -> None:
    routed = update_incoming_phone_number.sync(
        number_sid, client=client, body=UpdateIncomingPhoneNumberRequest(trunk_sid=trunk_sid)
    )
    (request,) = sent
    assert request.method == "POST"
    assert_form(request, TrunkSid=trunk_sid)
    assert routed.trunk_sid == trunk_sid


def test_an_account_sid_that_is_not_one_is_refused_before_sending(
    client: AuthenticatedClient, number_sid: str, sent: list[httpx.Request]
) -> None:
    with pytest.raises(ValueError, match="account_sid="):
        fetch_incoming_phone_number.sync(number_sid, client=client, account_sid="AC123")
    assert sent == []
