"""Twilio against its sandbox: numbers associated with Elastic SIP trunks, through the generated client.

The resource clients (``Twilio``, ``AsyncTwilio``) with ``base_url=`` the sandbox mount, which
sends both servers' operations (trunking and api) there; every exchange judged by the oracle.
Then the vendor hosts themselves, the sandbox as the proxy (sandbox/vhosts.py).
"""

from __future__ import annotations

import base64
import datetime
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from twilio_client import AsyncTwilio, NotFoundError, Twilio, UnauthorizedError
from twilio_client.api.trunks import list_trunk
from twilio_client.models import ApiV2010AccountIncomingPhoneNumber, TrunkingV1Trunk, TwilioError
from twilio_client.types import Unset

from sandbox.testing import RunningSandbox

from .conftest import Exchanges, make_client

ACCOUNT = "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
OTHER_ACCOUNT = "ACbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
TRUNK = "TKaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"  # holds +14158675309 (PNaaaa...)
OTHER = "TKbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"  # empty
FOREIGN_TRUNK = "TKcccccccccccccccccccccccccccccccc"  # the other account's
UNKNOWN_TRUNK = "TK0123456789abcdef0123456789abcdef"
FREE = "+18089255327"  # PNbbbb..., on no trunk
FREE_SID = "PNbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
ON_APP_SID = "PNcccccccccccccccccccccccccccccccc"  # +14155550100, on a voice application
FOREIGN_NUMBER = "PNeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee"


def wiring(exchanges: Exchanges, asynchronous: bool = False) -> dict[str, Any]:
    hooks = exchanges.async_hooks() if asynchronous else exchanges.sync_hooks()
    return {"max_retries": 0, "timeout": 10.0, "httpx_args": {"event_hooks": hooks}}


def credentials(sandbox: RunningSandbox) -> tuple[str, str]:
    """The sandbox fixture's account sid and auth token."""
    found = sandbox.credentials("twilio")
    return found["account_sid"], found["auth_token"]


def client(sandbox: RunningSandbox, exchanges: Exchanges, **kwargs: Any) -> Twilio:
    settings = {"base_url": sandbox.base_url("twilio"), **sandbox.credentials("twilio"), **kwargs}
    return Twilio(**settings, **wiring(exchanges))


def sent(exchanges: Exchanges, method: str, path_end: str) -> list[dict[str, list[str]]]:
    """The query of every ``method`` request whose path ends with ``path_end``, in order."""
    return [
        parse_qs(urlsplit(str(request.url)).query)
        for _, request, _ in exchanges.seen
        if request.method == method and request.url.path.endswith(path_end)
    ]


def test_the_routing_job(sandbox: RunningSandbox, exchanges: Exchanges) -> None:
    with client(sandbox, exchanges) as twilio:
        # find the number's PN sid from its E.164 (the api server), then associate it (the trunking one)
        [number] = twilio.incoming_phone_numbers.list_incoming_phone_number(phone_number=FREE)
        assert (number.sid, number.trunk_sid) == (FREE_SID, None)
        assert isinstance(number.sid, str)  # required and never null (specs/twilio/overlay.yaml)
        associated = twilio.trunk_phone_numbers.create_phone_number(OTHER, phone_number_sid=number.sid)
        assert (associated.sid, associated.trunk_sid, associated.phone_number) == (FREE_SID, OTHER, FREE)
        assert associated.url == f"{sandbox.base_url('twilio')}/v1/Trunks/{OTHER}/PhoneNumbers/{FREE_SID}"
        twilio.trunk_phone_numbers.create_phone_number(OTHER, phone_number_sid=ON_APP_SID)

        # the trunk's numbers, one per page: the second page is fetched by the first one's next link
        pages = twilio.trunk_phone_numbers.list_phone_number(OTHER, page_size=1)
        assert pages.response.meta.key == "phone_numbers" and pages.has_next_page()
        assert [n.sid for n in pages] == [FREE_SID, ON_APP_SID]
        queries = sent(exchanges, "GET", f"/v1/Trunks/{OTHER}/PhoneNumbers")
        assert queries == [
            {"PageSize": ["1"]},
            {"PageSize": ["1"], "Page": ["1"], "PageToken": ["PA" + FREE_SID]},
        ]  # and no third request: the second page's next_page_url is null

        fetched = twilio.trunk_phone_numbers.fetch_phone_number(OTHER, FREE_SID)
        assert (fetched.trunk_sid, fetched.friendly_name) == (OTHER, "(808) 925-5327")

        twilio.trunk_phone_numbers.delete_phone_number(OTHER, FREE_SID)  # 204: None (mypy checks the type)
        with pytest.raises(NotFoundError) as caught:
            twilio.trunk_phone_numbers.fetch_phone_number(OTHER, FREE_SID)
        error = caught.value.body
        assert (error.code, error.status, error.more_info) == (
            20404,
            404,
            "https://www.twilio.com/docs/errors/20404",
        )
        assert (
            error.message
            == f"The requested resource /v1/Trunks/{OTHER}/PhoneNumbers/{FREE_SID} was not found"
        )
        # one state: the number itself is on no trunk any more, and the trunk lists only the other one
        assert twilio.incoming_phone_numbers.fetch_incoming_phone_number(FREE_SID).trunk_sid is None
        assert [n.sid for n in twilio.trunk_phone_numbers.list_phone_number(OTHER)] == [ON_APP_SID]

        with pytest.raises(NotFoundError) as caught:
            twilio.trunk_phone_numbers.create_phone_number(UNKNOWN_TRUNK, phone_number_sid=FREE_SID)
        assert caught.value.body.code == 20404
        assert caught.value.body.message == f"The requested resource /v1/Trunks/{UNKNOWN_TRUNK} was not found"
    assert sandbox.state("twilio")[ACCOUNT]["numbers"][1]["trunk_sid"] is None


async def test_the_routing_job_async(sandbox: RunningSandbox, exchanges: Exchanges) -> None:
    account_sid, auth_token = credentials(sandbox)
    async with AsyncTwilio(
        base_url=sandbox.base_url("twilio"),
        account_sid=account_sid,
        auth_token=auth_token,
        **wiring(exchanges, asynchronous=True),
    ) as twilio:
        found = [
            n.sid async for n in twilio.incoming_phone_numbers.list_incoming_phone_number(phone_number=FREE)
        ]
        assert found == [FREE_SID]
        await twilio.trunk_phone_numbers.create_phone_number(TRUNK, phone_number_sid=FREE_SID)
        on_trunk = [
            n.phone_number async for n in twilio.trunk_phone_numbers.list_phone_number(TRUNK, page_size=1)
        ]
        assert on_trunk == ["+14158675309", FREE]
        await twilio.trunk_phone_numbers.delete_phone_number(TRUNK, FREE_SID)
        with pytest.raises(NotFoundError) as caught:
            await twilio.trunk_phone_numbers.fetch_phone_number(TRUNK, FREE_SID)
        assert caught.value.body.code == 20404


def test_wrong_credentials_are_twilio_20003(sandbox: RunningSandbox, exchanges: Exchanges) -> None:
    for credentials in ({"auth_token": "not-the-token"}, {"account_sid": OTHER_ACCOUNT}):
        with client(sandbox, exchanges, **credentials) as twilio, pytest.raises(UnauthorizedError) as caught:
            twilio.trunks.fetch_trunk(TRUNK)
        body = caught.value.body
        assert (body.code, body.message, body.status) == (20003, "Authenticate", 401)
        assert body.more_info == "https://www.twilio.com/docs/errors/20003"


def test_another_accounts_resources_are_not_found(sandbox: RunningSandbox, exchanges: Exchanges) -> None:
    with client(sandbox, exchanges) as twilio:
        for call in (
            lambda: twilio.trunks.fetch_trunk(FOREIGN_TRUNK),
            lambda: twilio.trunk_phone_numbers.create_phone_number(TRUNK, phone_number_sid=FOREIGN_NUMBER),
            lambda: twilio.incoming_phone_numbers.fetch_incoming_phone_number(
                FREE_SID, account_sid=OTHER_ACCOUNT
            ),
        ):
            with pytest.raises(NotFoundError) as caught:
                call()
            assert caught.value.body.code == 20404
    assert sandbox.state("twilio")[OTHER_ACCOUNT]["numbers"][0]["trunk_sid"] == FOREIGN_TRUNK


def test_trunks_are_listed_by_next_link(sandbox: RunningSandbox, exchanges: Exchanges) -> None:
    with client(sandbox, exchanges) as twilio:
        first = twilio.trunks.list_trunk(page_size=1)
        meta = first.response.meta
        assert (meta.key, meta.page, meta.page_size, meta.previous_page_url) == ("trunks", 0, 1, None)
        assert meta.next_page_url == (
            f"{sandbox.base_url('twilio')}/v1/Trunks?PageSize=1&Page=1&PageToken=PA{TRUNK}"
        )
        second = first.get_next_page()
        assert [t.sid for t in second.items] == [OTHER] and not second.has_next_page()
        assert second.response.meta.previous_page_url is not None
        assert {t.friendly_name for t in twilio.trunks.list_trunk()} == {
            "Production SIP Trunk",
            "Backup SIP Trunk",
        }
        links = twilio.trunks.fetch_trunk(TRUNK).links
        assert links is not None and not isinstance(links, Unset)
        assert links.additional_properties["phone_numbers"].endswith(f"/v1/Trunks/{TRUNK}/PhoneNumbers")


def test_incoming_numbers_filter_and_page_by_relative_uri(
    sandbox: RunningSandbox, exchanges: Exchanges
) -> None:
    with client(sandbox, exchanges) as twilio:
        numbers = twilio.incoming_phone_numbers
        assert [n.phone_number for n in numbers.list_incoming_phone_number(phone_number="+1415555****")] == [
            "+14155550100",
            "+14155550101",
        ]
        assert [n.sid for n in numbers.list_incoming_phone_number(phone_number="8675309")] == [
            "PN" + "a" * 32
        ]
        assert [
            n.phone_number for n in numbers.list_incoming_phone_number(phone_number="+1415555", beta=False)
        ] == ["+14155550100"]
        first = numbers.list_incoming_phone_number(page_size=3)
        body = first.response
        assert (body.start, body.end, body.page, body.page_size) == (0, 2, 0, 3)
        assert body.next_page_uri == (
            f"/2010-04-01/Accounts/{ACCOUNT}/IncomingPhoneNumbers.json?PageSize=3&Page=1&PageToken=PA{ON_APP_SID}"
        )
        assert len([n.sid for n in first]) == 4  # the account's four, not the other account's
        wildcard = numbers.list_incoming_phone_number(phone_number="+1415555010*", page_size=1)
        assert wildcard.response.next_page_uri.startswith(
            f"/2010-04-01/Accounts/{ACCOUNT}/IncomingPhoneNumbers.json?PhoneNumber=%2B1415555010%2A&PageSize=1"
        )
        assert [n.phone_number for n in wildcard] == ["+14155550100", "+14155550101"]


def test_the_number_has_one_trunk_and_update_moves_it(sandbox: RunningSandbox, exchanges: Exchanges) -> None:
    with client(sandbox, exchanges) as twilio:
        # associating clears the voice application ("Setting a trunk_sid will automatically delete ...")
        assert twilio.incoming_phone_numbers.fetch_incoming_phone_number(ON_APP_SID).voice_application_sid
        twilio.trunk_phone_numbers.create_phone_number(TRUNK, phone_number_sid=ON_APP_SID)
        number = twilio.incoming_phone_numbers.fetch_incoming_phone_number(ON_APP_SID)
        assert (number.trunk_sid, number.voice_application_sid) == (TRUNK, None)

        # the 2010-04-01 update moves it: the trunking lists follow
        moved = twilio.incoming_phone_numbers.update_incoming_phone_number(ON_APP_SID, trunk_sid=OTHER)
        assert moved.trunk_sid == OTHER
        assert [n.sid for n in twilio.trunk_phone_numbers.list_phone_number(OTHER)] == [ON_APP_SID]
        assert ON_APP_SID not in [n.sid for n in twilio.trunk_phone_numbers.list_phone_number(TRUNK)]

        with pytest.raises(NotFoundError):
            twilio.incoming_phone_numbers.update_incoming_phone_number(ON_APP_SID, trunk_sid=FOREIGN_TRUNK)
        # TrunkSid= (empty) unsets it on the wire; the typed client refuses "" before sending (the pattern)
        with pytest.raises(ValueError, match="TrunkSid"):
            twilio.incoming_phone_numbers.update_incoming_phone_number(ON_APP_SID, trunk_sid="")


def test_an_empty_trunk_sid_clears_the_trunk(sandbox: RunningSandbox, raw: httpx.Client) -> None:
    credentials = sandbox.credentials("twilio")
    auth = (credentials["account_sid"], credentials["auth_token"])
    url = f"{sandbox.base_url('twilio')}/2010-04-01/Accounts/{ACCOUNT}/IncomingPhoneNumbers/PN{'a' * 32}.json"
    response = raw.post(url, data={"TrunkSid": "", "FriendlyName": "Front desk"}, auth=auth)
    assert response.status_code == 200
    assert (response.json()["trunk_sid"], response.json()["friendly_name"]) == (None, "Front desk")
    listed = raw.get(f"{sandbox.base_url('twilio')}/v1/Trunks/{TRUNK}/PhoneNumbers", auth=auth)
    assert listed.json()["phone_numbers"] == []
    missing = raw.post(f"{sandbox.base_url('twilio')}/v1/Trunks/{TRUNK}/PhoneNumbers", auth=auth)
    assert (missing.status_code, missing.json()["code"]) == (400, 20001)
    assert missing.json()["message"] == "Missing required parameter PhoneNumberSid in the post body"


# ---- both Twilio hosts, the sandbox as the proxy ---------------------------------------------


def basic(sandbox: RunningSandbox) -> dict[str, str]:
    credentials = sandbox.credentials("twilio")
    token = base64.b64encode(f"{credentials['account_sid']}:{credentials['auth_token']}".encode()).decode()
    return {"Authorization": f"Basic {token}"}


def test_each_twilio_host_serves_its_own_paths(sandbox: RunningSandbox) -> None:
    assert sandbox.vendor_server_urls("twilio") == {
        "trunking": "http://trunking.twilio.com",
        "api": "http://api.twilio.com",
    }
    with httpx.Client(proxy=sandbox.url, headers=basic(sandbox), timeout=10.0) as proxied:
        trunks = proxied.get("http://trunking.twilio.com/v1/Trunks", params={"PageSize": 1})
        assert trunks.status_code == 200
        assert trunks.json()["meta"]["next_page_url"].startswith(
            "http://trunking.twilio.com/v1/Trunks?PageSize=1"
        )
        numbers = proxied.get(
            f"http://api.twilio.com/2010-04-01/Accounts/{ACCOUNT}/IncomingPhoneNumbers.json"
        )
        assert numbers.status_code == 200 and len(numbers.json()["incoming_phone_numbers"]) == 4
        # each host serves its own API only
        wrong = proxied.get("http://api.twilio.com/v1/Trunks")
        assert (wrong.status_code, wrong.json()["code"]) == (404, 20404)
        wrong = proxied.get(
            f"http://trunking.twilio.com/2010-04-01/Accounts/{ACCOUNT}/IncomingPhoneNumbers.json"
        )
        assert wrong.status_code == 404
    # the Host header alone routes too, and a trunk number's link points at the api host
    with httpx.Client(base_url=sandbox.url, headers=basic(sandbox), timeout=10.0) as direct:
        listed = direct.get(f"/v1/Trunks/{TRUNK}/PhoneNumbers", headers={"Host": "trunking.twilio.com"})
        [number] = listed.json()["phone_numbers"]
        assert number["links"]["phone_number"] == (
            f"http://api.twilio.com/2010-04-01/Accounts/{ACCOUNT}/IncomingPhoneNumbers/PN{'a' * 32}"
        )


def test_the_client_sends_each_operation_to_its_host(sandbox: RunningSandbox) -> None:
    hosts: list[tuple[str, str]] = []
    account_sid, auth_token = credentials(sandbox)
    servers = sandbox.vendor_server_urls("twilio")
    record = {"request": [lambda request: hosts.append((request.url.host, request.url.path))]}
    with Twilio(
        account_sid=account_sid,
        auth_token=auth_token,
        trunking_base_url=servers["trunking"],
        api_base_url=servers["api"],
        max_retries=0,
        httpx_args={"proxy": sandbox.url, "event_hooks": record},
    ) as twilio:
        [number] = twilio.incoming_phone_numbers.list_incoming_phone_number(phone_number=FREE)
        assert isinstance(number.sid, str)
        twilio.trunk_phone_numbers.create_phone_number(OTHER, phone_number_sid=number.sid)
        assert [n.sid for n in twilio.trunk_phone_numbers.list_phone_number(OTHER)] == [FREE_SID]
    assert hosts == [
        ("api.twilio.com", f"/2010-04-01/Accounts/{ACCOUNT}/IncomingPhoneNumbers.json"),
        ("trunking.twilio.com", f"/v1/Trunks/{OTHER}/PhoneNumbers"),
        ("trunking.twilio.com", f"/v1/Trunks/{OTHER}/PhoneNumbers"),
    ]


def test_the_module_functions_reach_the_sandbox(sandbox: RunningSandbox, exchanges: Exchanges) -> None:
    low_level = make_client(sandbox, exchanges, "twilio")
    trunks = list_trunk.sync(client=low_level).trunks
    assert isinstance(trunks, list) and [t.sid for t in trunks] == [TRUNK, OTHER]


def test_a_fixture_clock_gives_both_apis_their_date_formats(
    sandbox: RunningSandbox, exchanges: Exchanges
) -> None:
    fixture = {**sandbox.fixture("twilio"), "clock": {"start": "2015-10-09T11:36:32Z", "step": 60}}
    sandbox.reset("twilio", fixture)
    try:
        with client(sandbox, exchanges) as twilio:
            associated = twilio.trunk_phone_numbers.create_phone_number(OTHER, phone_number_sid=FREE_SID)
            assert isinstance(associated.date_updated, datetime.datetime)
            assert associated.date_updated.isoformat() == "2015-10-09T11:36:32+00:00"
            raw = twilio.incoming_phone_numbers.with_raw_response.fetch_incoming_phone_number(FREE_SID)
            assert isinstance(raw.parsed, ApiV2010AccountIncomingPhoneNumber)
            assert raw.parsed.date_updated == "Fri, 09 Oct 2015 11:36:32 +0000"  # RFC 2822, as a str
    finally:
        sandbox.reset("twilio", sandbox.fixture("twilio"))


def test_an_injected_429_is_twilios_and_the_client_retries_it(
    sandbox: RunningSandbox, exchanges: Exchanges
) -> None:
    with client(sandbox, exchanges, headers={"X-Sandbox-Fault": "429;retry-after=0;count=1"}) as twilio:
        raw = twilio.trunks.with_raw_response.fetch_trunk(TRUNK)
        assert (raw.status_code, raw.retries) == (429, 0)  # max_retries=0 here: the fault shows
        assert isinstance(raw.parsed, TwilioError)
        assert raw.parsed.code == 20429 and raw.parsed.more_info == "https://www.twilio.com/docs/errors/20429"
    account_sid, auth_token = credentials(sandbox)
    retrying = Twilio(
        base_url=sandbox.base_url("twilio"),
        account_sid=account_sid,
        auth_token=auth_token,
        headers={"X-Sandbox-Fault": "503;retry-after=0;count=2"},
        timeout=10.0,
    )
    with retrying:
        done = retrying.trunks.with_raw_response.fetch_trunk(TRUNK)
    assert isinstance(done.parsed, TrunkingV1Trunk)
    assert (done.status_code, done.retries, done.parsed.sid) == (200, 2, TRUNK)


def test_the_vendor_host_environment_sends_each_server_to_its_host(
    sandbox: RunningSandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    env = sandbox.environ(vendor_hosts=True)
    assert (env["TWILIO_TRUNKING_BASE_URL"], env["TWILIO_API_BASE_URL"]) == (
        "http://trunking.twilio.com",
        "http://api.twilio.com",
    )
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    hosts: list[str] = []
    record = {"request": [lambda request: hosts.append(request.url.host)]}
    with Twilio(max_retries=0, httpx_args={"event_hooks": record}) as twilio:  # all from the environment
        [number] = twilio.incoming_phone_numbers.list_incoming_phone_number(phone_number=FREE)
        assert twilio.trunks.fetch_trunk(TRUNK).sid == TRUNK
    assert (number.sid, hosts) == (FREE_SID, ["api.twilio.com", "trunking.twilio.com"])
