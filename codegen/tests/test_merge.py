from __future__ import annotations

from pathlib import Path

import pytest

from codegen.errors import SpecError
from codegen.merge import merge_documents, prune_unreferenced, restrict_to_scope
from codegen.yamlfile import LocatedDocument, load_yaml_text

A = """openapi: 3.0.3
info: {title: A, version: '1'}
paths:
  /a: {get: {operationId: a, tags: [T], responses: {'200': {description: ok}}}}
components:
  schemas:
    Shared: {type: string}
"""
B = """openapi: 3.0.3
info: {title: B, version: '2'}
paths:
  /b: {get: {operationId: b, responses: {'200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Shared'}}}}}}}
components:
  schemas:
    Shared: {type: string}
"""


def doc(text: str, name: str) -> LocatedDocument:
    return load_yaml_text(text, Path(name))


def test_identical_repeats_merge_and_the_first_info_wins() -> None:
    merged, origins = merge_documents([doc(A, "a.md"), doc(B, "b.md")])
    assert merged["info"]["title"] == "A"
    assert set(merged["paths"]) == {"/a", "/b"}
    assert origins[("/b", "get")][0].file == Path("b.md")


def test_conflicting_definitions_fail_at_the_second_source() -> None:
    with pytest.raises(SpecError) as caught:
        merge_documents(
            [doc(A, "a.md"), doc(B.replace("Shared: {type: string}", "Shared: {type: integer}"), "b.md")]
        )
    assert str(caught.value).startswith("b.md:")


def test_scope_keeps_named_operations_and_prunes_what_they_do_not_reach() -> None:
    merged, _ = merge_documents([doc(A, "a.md"), doc(B, "b.md")])
    merged["tags"] = [{"name": "T"}]
    restrict_to_scope(merged, ("GET /a",), "sources.yaml")
    prune_unreferenced(merged)
    assert list(merged["paths"]) == ["/a"]
    assert "components" not in merged
    assert merged["tags"] == [{"name": "T"}]


def test_scope_naming_a_missing_operation_is_an_error() -> None:
    merged, _ = merge_documents([doc(A, "a.md")])
    with pytest.raises(SpecError, match="GET /nope"):
        restrict_to_scope(merged, ("GET /nope",), "sources.yaml")
