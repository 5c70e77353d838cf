"""Twilio's list paging: a page of a list sorted by SID, and the links to the pages around it.

Twilio pages by link (https://www.twilio.com/docs/usage/twilios-response, "List paging
information"): a page says where the next one is (``next_page_url`` in the trunking
``meta``, ``next_page_uri`` in the 2010-04-01 envelope), null on the last page, and the
client follows it. The link repeats the list's filters and ``PageSize``, counts ``Page``
on (``Page`` "is simply for client state"), and carries a ``PageToken`` from the server.

The token here is Twilio's style, ``PA`` + the last SID of this page (the next page is the
items after it) or ``PB`` + the first (the previous page is the items before it), over a list
sorted by SID: so a page stays right while numbers are associated and removed between two
requests, which an offset would not. Inferred, not documented: the SID order, the token's
meaning, and that a token of no known form is read as a SID to go on after (any string is
spec-valid, so none is refused).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode

__all__ = ["PAGE_SIZE", "Listing", "paginate"]

PAGE_SIZE = 50  # "How many resources to return in each list page. The default is 50"


@dataclass(frozen=True)
class Listing:
    """One page of a list, and the query strings of this page, the first, the next and the previous."""

    items: list[dict[str, Any]]
    page: int
    page_size: int
    start: int
    current: str
    first: str
    next: str | None
    previous: str | None

    @property
    def end(self) -> int:
        """The index of the page's last item (the 2010-04-01 ``end``; ``start`` on an empty page)."""
        return self.start + max(len(self.items) - 1, 0)


def _wire(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def paginate(items: Sequence[dict[str, Any]], query: Mapping[str, Any], filters: Sequence[str]) -> Listing:
    """The page ``query`` asks for of ``items`` (sorted by ``sid``); ``filters``: the list's filter names, in order."""
    size = int(query.get("PageSize", PAGE_SIZE))
    page = int(query.get("Page", 0))
    token = query.get("PageToken")
    if token is None:
        chunk = list(items[page * size : (page + 1) * size])
    elif str(token).startswith("PB"):
        chunk = [item for item in items if item["sid"] < str(token)[2:]][-size:]
    else:
        after = str(token)[2:] if str(token).startswith("PA") else str(token)
        chunk = [item for item in items if item["sid"] > after][:size]
    kept = [(name, _wire(query[name])) for name in filters if name in query]

    def link(number: int, page_token: str | None) -> str:
        pairs = [*kept, ("PageSize", str(size)), ("Page", str(number))]
        if page_token is not None:
            pairs.append(("PageToken", page_token))
        return urlencode(pairs, quote_via=quote)

    later = bool(chunk) and items[-1]["sid"] > chunk[-1]["sid"]
    earlier = page > 0 and bool(chunk) and items[0]["sid"] < chunk[0]["sid"]
    return Listing(
        items=chunk,
        page=page,
        page_size=size,
        start=page * size,
        current=link(page, None if token is None else str(token)),
        first=link(0, None),
        next=link(page + 1, "PA" + chunk[-1]["sid"]) if later else None,
        previous=link(page - 1, "PB" + chunk[0]["sid"]) if earlier else None,
    )
