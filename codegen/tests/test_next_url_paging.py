"""x-pagination style next_url at run time (twilio_client): the link's query becomes the next call's arguments.

Twilio's lists hand back the next page's link (meta.next_page_url, absolute; next_page_uri,
relative). The page follows it through the same typed, checked call, so the link's values are
converted to the parameters' types, and a link naming a parameter the operation does not declare
is refused rather than half-followed.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from twilio_client import Twilio

ACCOUNT = "AC" + "a" * 32
TRUNK = "TK" + "a" * 32


def _client(pages: dict[str, dict[str, Any]], seen: list[dict[str, str]]) -> Twilio:
    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(dict(request.url.params))
        return httpx.Response(200, json=pages[request.url.params.get("Page", "0")])

    return Twilio(
        account_sid=ACCOUNT, auth_token="t", http_client=httpx.Client(transport=httpx.MockTransport(answer))
    )


def _number(n: int) -> dict[str, Any]:
    return {"sid": f"PN{n:032x}", "trunk_sid": TRUNK}


def test_every_page_by_the_absolute_next_link() -> None:
    link = f"https://trunking.twilio.com/v1/Trunks/{TRUNK}/PhoneNumbers?PageSize=2&Page=1&PageToken=PT2"
    pages: dict[str, dict[str, Any]] = {
        "0": {"phone_numbers": [_number(1), _number(2)], "meta": {"next_page_url": link}},
        "1": {"phone_numbers": [_number(3)], "meta": {"next_page_url": None}},
    }
    seen: list[dict[str, str]] = []
    listed = [n.sid for n in _client(pages, seen).trunk_phone_numbers.list_phone_number(TRUNK, page_size=2)]
    assert listed == [f"PN{n:032x}" for n in (1, 2, 3)]
    assert seen == [{"PageSize": "2"}, {"PageSize": "2", "Page": "1", "PageToken": "PT2"}]


def test_a_relative_next_link_and_the_filter_kept() -> None:
    link = f"/2010-04-01/Accounts/{ACCOUNT}/IncomingPhoneNumbers.json?PhoneNumber=%2B1415*&PageSize=1&Page=1&PageToken=PT9"
    pages: dict[str, dict[str, Any]] = {
        "0": {"incoming_phone_numbers": [_number(1)], "next_page_uri": link},
        "1": {"incoming_phone_numbers": [_number(2)], "next_page_uri": None},
    }
    seen: list[dict[str, str]] = []
    page = _client(pages, seen).incoming_phone_numbers.list_incoming_phone_number(
        phone_number="+1415*", page_size=1
    )
    assert page.has_next_page()
    second = page.get_next_page()
    assert [n.sid for n in second.items] == [f"PN{2:032x}"] and not second.has_next_page()
    assert seen[1] == {"PhoneNumber": "+1415*", "PageSize": "1", "Page": "1", "PageToken": "PT9"}


def test_no_link_is_the_last_page() -> None:
    pages = {"0": {"phone_numbers": [_number(1)], "meta": {"next_page_url": None}}}
    page = _client(pages, []).trunk_phone_numbers.list_phone_number(TRUNK)
    assert not page.has_next_page()
    with pytest.raises(RuntimeError, match="no next page"):
        page.get_next_page()


@pytest.mark.parametrize(
    ("query", "words"),
    [
        ("Cursor=abc", "query parameter 'Cursor' is not one the operation declares"),
        ("Page=two", "'two' is not an integer"),
    ],
)
def test_a_link_the_operation_cannot_follow_is_refused(query: str, words: str) -> None:
    link = f"https://trunking.twilio.com/v1/Trunks/{TRUNK}/PhoneNumbers?{query}"
    pages: dict[str, dict[str, Any]] = {"0": {"phone_numbers": [_number(1)], "meta": {"next_page_url": link}}}
    seen: list[dict[str, str]] = []
    page = _client(pages, seen).trunk_phone_numbers.list_phone_number(TRUNK)
    with pytest.raises(ValueError, match=words):
        page.get_next_page()
    assert len(seen) == 1  # nothing more was sent
