from __future__ import annotations

from pathlib import Path

import pytest

from codegen.errors import SpecError
from codegen.providers import Source, load_providers
from codegen.sources import load_source
from codegen.tests.conftest import TinyTree

PAGE = """# A page

Some prose.

## OpenAPI

````yaml POST /x
openapi: 3.0.3
info: {title: t, version: '1'}
paths: {}
````
"""


def source(path: Path) -> Source:
    return Source(path, "openapi-in-markdown", "https://example.test", "", 0)


def test_fragment_is_read_from_the_openapi_section(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text(PAGE)
    assert load_source(source(page)).data["openapi"] == "3.0.3"


def test_fragment_errors_carry_the_line_in_the_page(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text(PAGE.replace("paths: {}", "paths: {: ]"))
    with pytest.raises(SpecError) as caught:
        load_source(source(page))
    assert ":10:" in str(caught.value)  # line 10 of the page, not of the fragment


def test_page_without_openapi_section_is_refused(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text("# nothing here\n")
    with pytest.raises(SpecError, match="no '## OpenAPI' section"):
        load_source(source(page))


def test_a_changed_source_fails_its_provenance_check(tiny: TinyTree) -> None:
    tiny.source.write_text(tiny.source.read_text() + "\n# edited\n")
    with pytest.raises(SpecError) as caught:
        load_providers(root=tiny.root)
    assert "sources.yaml:" in str(caught.value)
    assert "update url, retrieved and sha256 together" in str(caught.value)
