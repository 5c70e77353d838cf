"""x-pagination: the declarations in the committed specs read back, and a declaration that does not fit is refused."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest

from codegen.errors import SpecError
from codegen.generate import generate
from codegen.pagination import Pagination, PaginationError, read_pagination
from codegen.providers import ROOT
from codegen.yamlload import load_yaml_file

from .conftest import TinyTree

Spec = dict[str, Any]
TRUNKS = "/api/v1/Account/{auth_id}/trunks"


def spec(provider: str) -> Spec:
    loaded: Spec = load_yaml_file(ROOT / "specs" / provider / "openapi.yaml")
    return loaded


def declared(doc: Spec, path: str) -> Pagination | None:
    return read_pagination(doc, doc["paths"][path]["get"], doc["paths"][path])


def test_the_committed_declarations_read_back() -> None:
    vobiz, tryvox = spec("vobiz"), spec("tryvox")
    assert declared(vobiz, "/api/v1/Account/{auth_id}/numbers") == Pagination(
        items="items", style="page", page_param="page", size_param="per_page", total="total"
    )
    assert declared(vobiz, TRUNKS) == Pagination(
        items="objects", style="offset", offset_param="offset", limit_param="limit", total="meta.total"
    )
    assert declared(tryvox, "/v1/account/{account_id}/numbers") == Pagination(
        items="data", style="page", page_param="page", size_param="per_page", total="pagination.total"
    )
    twilio = spec("twilio")
    assert declared(twilio, "/v1/Trunks") == Pagination(
        items="trunks", style="next_url", next="meta.next_page_url"
    )
    assert declared(twilio, "/2010-04-01/Accounts/{AccountSid}/IncomingPhoneNumbers.json") == Pagination(
        items="incoming_phone_numbers", style="next_url", next="next_page_uri"
    )
    # an operation that declares none has none (no guessing from parameter names)
    assert declared(vobiz, "/api/v1/Account/{auth_id}/trunks/{trunk_id}") is None


def _set(**changes: Any) -> Callable[[dict[str, Any]], None]:
    def change(declaration: dict[str, Any]) -> None:
        for key, value in changes.items():
            if value is None:
                declaration.pop(key)
            else:
                declaration[key] = value

    return change


# name -> (change to list_trunks' x-pagination, key at fault, words in the message)
BROKEN: dict[str, tuple[Callable[[dict[str, Any]], None], str, str]] = {
    "unknown style": (_set(style="cursor"), "style", "style must be one of next_url, offset, page"),
    "misspelt parameter": (_set(limit_param="limt"), "limit_param", "'limt' is not a query parameter"),
    "other style's key": (_set(page_param="page"), "page_param", "belongs to style page"),
    "missing parameter": (_set(offset_param=None), "offset_param", "style offset needs offset_param"),
    "no items": (_set(items=None), "items", "items (the dotted path to the item array) is required"),
    "items not in the body": (_set(items="trunks"), "items", "the 200 body has no field 'trunks'"),
    "items not an array": (_set(items="meta"), "items", "the 200 body's meta is not an array"),
    "total not in the body": (_set(total="meta.count"), "total", "no field 'meta.count'"),
    "total not an integer": (_set(total="objects"), "total", "the 200 body's objects is not an integer"),
    "unknown key": (_set(cursor_param="next"), "cursor_param", "unknown key 'cursor_param'"),
    "not a string": (_set(items=["objects"]), "items", "items must be a non-empty string"),
}


TWILIO_TRUNKS = "/v1/Trunks"
# Style next_url, on Twilio's list_trunk.
BROKEN_NEXT_URL: dict[str, tuple[Callable[[dict[str, Any]], None], str, str]] = {
    "no next": (_set(next=None), "next", "style next_url needs next"),
    "next not in the body": (_set(next="meta.next"), "next", "the 200 body has no field 'meta.next'"),
    "next not a string": (_set(next="meta.page"), "next", "the 200 body's meta.page is not a string"),
    "a position parameter": (_set(page_param="Page"), "page_param", "belongs to style page"),
}


@pytest.mark.parametrize("name", BROKEN_NEXT_URL)
def test_a_next_url_declaration_that_does_not_fit_is_refused(name: str) -> None:
    change, key, words = BROKEN_NEXT_URL[name]
    doc = copy.deepcopy(spec("twilio"))
    change(doc["paths"][TWILIO_TRUNKS]["get"]["x-pagination"])
    with pytest.raises(PaginationError) as caught:
        declared(doc, TWILIO_TRUNKS)
    assert caught.value.key == key
    assert words in str(caught.value)


def test_next_belongs_to_next_url_only() -> None:
    doc = copy.deepcopy(spec("vobiz"))
    doc["paths"][TRUNKS]["get"]["x-pagination"]["next"] = "meta.total"
    with pytest.raises(PaginationError) as caught:
        declared(doc, TRUNKS)
    assert caught.value.key == "next" and "belongs to style next_url" in str(caught.value)


@pytest.mark.parametrize("name", BROKEN)
def test_a_declaration_that_does_not_fit_is_refused(name: str) -> None:
    change, key, words = BROKEN[name]
    doc = copy.deepcopy(spec("vobiz"))
    change(doc["paths"][TRUNKS]["get"]["x-pagination"])
    with pytest.raises(PaginationError) as caught:
        declared(doc, TRUNKS)
    assert caught.value.key == key
    assert words in str(caught.value)


def test_generate_refuses_it_naming_the_place_and_keeps_generated(tiny: TinyTree) -> None:
    generated = tiny.generated / "tiny"
    generated.mkdir(parents=True)
    (generated / "sentinel.py").write_text("previous output\n")
    tiny.overlay.write_text(
        tiny.overlay.read_text()
        + "  - target: $.paths['/v1/numbers/{e164}/route'].put\n"
        + "    description: a declaration naming a parameter the operation lacks\n"
        + "    update: {x-pagination: {items: e164, style: page, page_param: page, size_param: size}}\n"
    )
    with pytest.raises(SpecError) as caught:
        generate(generated=tiny.generated, root=tiny.root)
    text = str(caught.value)
    # At the operation in the vendor's file (the declaration itself is the overlay's, which it names).
    assert "specs/tiny/source/openapi.yaml:" in text and "PUT /v1/numbers/{e164}/route" in text
    assert "page_param 'page' is not a query parameter" in text
    assert text.endswith("specs/tiny/overlay.yaml)")
    assert [p.name for p in generated.iterdir()] == ["sentinel.py"]


def test_in_a_source_spec_the_error_points_at_its_line(tiny: TinyTree) -> None:
    """A derived spec (TryVox, Mihu) declares x-pagination itself: the error names that file and line."""
    text = tiny.source.read_text()
    tiny.source.write_text(
        text.replace(
            "      operationId: Route-Number\n",
            "      operationId: Route-Number\n"
            "      x-pagination: {items: e164, style: offset, offset_param: offset, limit_param: limit}\n",
        )
    )
    tiny.seal()
    with pytest.raises(SpecError) as caught:
        generate(generated=tiny.generated, root=tiny.root)
    assert "source/openapi.yaml:9:" in str(caught.value)
    assert "offset_param 'offset' is not a query parameter" in str(caught.value)
