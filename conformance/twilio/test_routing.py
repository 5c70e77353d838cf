"""The routing job on Twilio: find a number's PN sid from its E.164, associate it with an Elastic
SIP trunk, list and fetch the association, remove it; and what fails (an unknown trunk, a removed
association), with Twilio's error body typed on the error.

Every cassette is synthesized from the examples in Twilio's own documents (conformance/twilio/
synthesize.py; each cassette's provenance says which, and what is ours).
"""

from __future__ import annotations

import httpx
import pytest
from twilio_client import AuthenticatedClient, NotFoundError
from twilio_client.api.incoming_phone_numbers import list_incoming_phone_number
from twilio_client.api.trunk_phone_numbers import (
    create_phone_number,
    delete_phone_number,
    fetch_phone_number,
    list_phone_number,
)
from twilio_client.models import CreatePhoneNumberRequest, TrunkingV1TrunkPhoneNumber, TwilioError
from twilio_client.resources import TrunkPhoneNumbersResource
from twilio_client.types import Unset

from .conftest import (
    ACCOUNT_SID,
    NUMBER_SID,
    SECOND_NUMBER_SID,
    UNKNOWN_TRUNK_SID,
    assert_basic,
    assert_form,
    associated,
)

pytestmark = pytest.mark.vcr


@pytest.mark.sandbox(state=associated())
def test_find_a_numbers_sid_by_its_e164(
    client: AuthenticatedClient, number: str, number_sid: str, sent: list[httpx.Request]
) -> None:
    listed = list_incoming_phone_number.sync(client=client, phone_number=number)

    (request,) = sent
    assert request.url.host == "api.twilio.com"  # the api_v2010 document's server, not trunking's
    # the account sid in the path is the credential's; the + of the E.164 is sent as %2B
    assert (
        request.url.raw_path
        == (
            f"/2010-04-01/Accounts/{client.account_sid}/IncomingPhoneNumbers.json?PhoneNumber={number.replace('+', '%2B')}"
        ).encode()
    )
    assert_basic(request, client)

    assert isinstance(listed.incoming_phone_numbers, list)
    [found] = listed.incoming_phone_numbers
    assert (found.sid, found.phone_number, found.trunk_sid) == (number_sid, number, None)
    assert listed.next_page_uri is None


def test_an_unknown_number_lists_nothing(client: AuthenticatedClient) -> None:
    listed = list_incoming_phone_number.sync(client=client, phone_number="+15005550000")
    assert listed.incoming_phone_numbers == []


@pytest.mark.sandbox(state=associated())
def test_associate_a_number_with_a_trunk(
    client: AuthenticatedClient, trunk_sid: str, number_sid: str, sent: list[httpx.Request]
) -> None:
    association = create_phone_number.sync(
        trunk_sid, client=client, body=CreatePhoneNumberRequest(number_sid)
    )

    (request,) = sent
    assert (request.method, request.url.host) == ("POST", "trunking.twilio.com")
    assert request.url.raw_path == f"/v1/Trunks/{trunk_sid}/PhoneNumbers".encode()
    assert_basic(request, client)
    assert_form(request, PhoneNumberSid=number_sid)

    assert isinstance(association, TrunkingV1TrunkPhoneNumber)
    assert (association.sid, association.trunk_sid) == (number_sid, trunk_sid)


@pytest.mark.sandbox(state=associated())
async def test_associate_a_number_with_a_trunk_async(
    async_client: AuthenticatedClient, trunk_sid: str, number_sid: str, sent: list[httpx.Request]
) -> None:
    association = await create_phone_number.asyncio(
        trunk_sid, client=async_client, body={"PhoneNumberSid": number_sid}
    )
    assert (association.sid, association.trunk_sid) == (number_sid, trunk_sid)
    assert_form(sent[0], PhoneNumberSid=number_sid)


def test_associating_with_an_unknown_trunk_is_not_found(client: AuthenticatedClient, number_sid: str) -> None:
    with pytest.raises(NotFoundError) as caught:
        create_phone_number.sync(UNKNOWN_TRUNK_SID, client=client, body=CreatePhoneNumberRequest(number_sid))
    error = caught.value
    assert isinstance(error.body, TwilioError)
    assert (error.body.code, error.body.status) == (20404, 404)
    assert error.body.more_info == "https://www.twilio.com/docs/errors/20404"
    assert error.details["code"] == 20404  # and in the message: "... (code: 20404; more_info: ...)"
    assert "code: 20404" in str(error) and str(error).startswith("create_phone_number POST /v1/Trunks/")


@pytest.mark.sandbox(state=associated(NUMBER_SID))
def test_list_a_trunks_numbers(client: AuthenticatedClient, trunk_sid: str, number_sid: str) -> None:
    listed = list_phone_number.sync(trunk_sid, client=client)
    assert isinstance(listed.phone_numbers, list) and not isinstance(listed.meta, Unset)
    assert [n.sid for n in listed.phone_numbers] == [number_sid]
    assert all(n.trunk_sid == trunk_sid for n in listed.phone_numbers)
    assert listed.meta.key == "phone_numbers" and listed.meta.next_page_url is None


@pytest.mark.sandbox(state=associated(NUMBER_SID, SECOND_NUMBER_SID))
def test_a_trunks_numbers_across_pages(
    client: AuthenticatedClient, trunk_sid: str, sent: list[httpx.Request]
) -> None:
    """Twilio pages by the next_page_url it hands back: the client follows its query (PageToken too)."""
    page = TrunkPhoneNumbersResource(client).list_phone_number(trunk_sid, page_size=1)
    assert page.has_next_page() and not isinstance(page.response.meta, Unset)
    link = page.response.meta.next_page_url
    assert isinstance(link, str)
    assert [n.sid for n in page] == [NUMBER_SID, SECOND_NUMBER_SID]
    first, second = sent[0].url.params, sent[1].url.params
    assert dict(first) == {"PageSize": "1"}
    # the second request is the link's query, whatever token the server chose
    assert dict(second) == dict(httpx.URL(link).params) and second["Page"] == "1" and "PageToken" in second


@pytest.mark.sandbox(state=associated(NUMBER_SID))
def test_fetch_the_association(client: AuthenticatedClient, trunk_sid: str, number_sid: str) -> None:
    association = fetch_phone_number.sync(trunk_sid, number_sid, client=client)
    assert (association.sid, association.trunk_sid, association.account_sid) == (
        number_sid,
        trunk_sid,
        ACCOUNT_SID,
    )


@pytest.mark.sandbox(state=associated(NUMBER_SID))
def test_remove_the_association_then_it_is_not_found(
    client: AuthenticatedClient, trunk_sid: str, number_sid: str, sent: list[httpx.Request]
) -> None:
    delete_phone_number.sync(trunk_sid, number_sid, client=client)  # 204: returns None (mypy checks the type)
    assert sent[0].method == "DELETE" and sent[0].content == b""

    with pytest.raises(NotFoundError) as caught:
        fetch_phone_number.sync(trunk_sid, number_sid, client=client)
    assert isinstance(caught.value.body, TwilioError) and caught.value.body.code == 20404
    assert list_phone_number.sync(trunk_sid, client=client).phone_numbers == []


@pytest.mark.parametrize(
    ("trunk", "number", "field"),
    [
        ("TK123", NUMBER_SID, "trunk_sid="),  # too short
        ("PN" + "a" * 32, NUMBER_SID, "trunk_sid="),  # another resource's sid
        (UNKNOWN_TRUNK_SID, "pn" + "a" * 32, "PhoneNumberSid"),  # the prefix is case-sensitive
        (UNKNOWN_TRUNK_SID, "PN" + "g" * 32, "PhoneNumberSid"),  # not hexadecimal
    ],
)
def test_malformed_sids_are_refused_before_sending(
    client: AuthenticatedClient, sent: list[httpx.Request], trunk: str, number: str, field: str
) -> None:
    with pytest.raises(ValueError, match=field):
        create_phone_number.sync(trunk, client=client, body={"PhoneNumberSid": number})
    assert sent == []


@pytest.mark.parametrize(
    "bad", ["415 867 5309", "+1-415-867-5309", "%2B14158675309", "+0123", "tel:+14158675309"]
)
def test_a_malformed_phone_number_filter_is_refused_before_sending(
    client: AuthenticatedClient, sent: list[httpx.Request], bad: str
) -> None:
    with pytest.raises(ValueError, match="phone_number"):
        list_incoming_phone_number.sync(client=client, phone_number=bad)
    assert sent == []
