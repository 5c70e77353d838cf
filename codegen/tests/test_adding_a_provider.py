"""docs/adding-a-provider.md, steps 1-5, followed literally for a provider codegen has never seen.

The vendor names things its own way: a PascalCase operationId, a ``{CamelCase}``
path parameter, HTTP Basic auth, a dotted component name, a PascalCase query
parameter. No overlay (step 3 is optional) and no codegen change: the client
must come out of the spec folder and one providers.yaml entry.
"""

from __future__ import annotations

import base64
import hashlib
import importlib
import json
import subprocess
import sys
import textwrap
from pathlib import Path

import httpx
import pytest

from codegen.errors import SpecError
from codegen.generate import check, generate

NAME = "tinybasic"  # docs/adding-a-provider.md step 1: ^[a-z][a-z0-9]*$

VENDOR_SPEC = """\
openapi: 3.0.3
info: {title: Tiny Basic, version: '1'}
servers: [{url: 'https://api.tinybasic.example'}]
security: [{basicAuth: []}]
paths:
  /v1/Trunks/{TrunkSid}/Numbers:
    post:
      operationId: AddNumberToTrunk
      tags: [Numbers]
      parameters:
        - {name: TrunkSid, in: path, required: true, schema: {type: string, pattern: '^TK[0-9a-f]{8}$'}}
        - {name: DryRun, in: query, required: false, schema: {type: boolean}}
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: '#/components/schemas/tiny.v1.number_request'}
      responses:
        '201':
          description: Added
          content:
            application/json:
              schema: {$ref: '#/components/schemas/tiny.v1.number'}
components:
  securitySchemes:
    basicAuth: {type: http, scheme: basic}
  schemas:
    tiny.v1.number_request:
      type: object
      required: [PhoneNumber]
      properties: {PhoneNumber: {type: string}}
    tiny.v1.number:
      type: object
      properties:
        sid: {type: string}
        trunk_sid: {type: string}
        date_created: {type: string, example: 2024-06-05T04:10:00+05:30}
"""


@pytest.fixture(scope="module")
def added(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("adding")
    spec_dir = root / "specs" / NAME
    # 1. specs/<name>/source/: the vendor's file, unedited.
    (spec_dir / "source").mkdir(parents=True)
    source = spec_dir / "source" / "openapi.yaml"
    source.write_text(VENDOR_SPEC)
    # 2. specs/<name>/sources.yaml: format, url, retrieved, sha256; and scope.
    (spec_dir / "sources.yaml").write_text(
        textwrap.dedent(f"""\
            sources:
              - file: source/openapi.yaml
                format: openapi
                url: https://tinybasic.example/openapi.yaml
                retrieved: "2026-12-02"
                sha256: {hashlib.sha256(source.read_bytes()).hexdigest()}
            scope:
              - POST /v1/Trunks/{{TrunkSid}}/Numbers
            """)
    )
    # 3. specs/<name>/overlay.yaml is optional: none is needed.
    # 4. One entry in codegen/providers.yaml.
    (root / "codegen").mkdir()
    (root / "codegen" / "providers.yaml").write_text(
        f"providers:\n  {NAME}:\n    title: Tiny Basic\n    distribution: {NAME}-client\n"
        f"    package: {NAME}_client\n    version: 0.1.0\n"
    )
    # 5. make generate (what it runs, against this tree).
    assert generate(generated=root / "generated", root=root) == [NAME]
    return root


def test_a_second_run_changes_nothing_and_the_output_is_reproducible(added: Path) -> None:
    assert generate(generated=added / "generated", root=added) == []
    assert check(generated=added / "generated", root=added) == []


def test_a_provider_name_with_an_underscore_is_refused_with_the_rule(tmp_path: Path) -> None:
    (tmp_path / "codegen").mkdir()
    (tmp_path / "codegen" / "providers.yaml").write_text(
        "providers:\n  tiny_basic:\n    distribution: tiny-basic-client\n    package: tiny_basic_client\n"
        "    version: 0.1.0\n"
    )
    with pytest.raises(
        SpecError, match=r"providers\.yaml:2:3: provider name \(lower-case letters and digits, no _"
    ):
        generate(generated=tmp_path / "generated", root=tmp_path)


def test_the_new_provider_generates_a_client_that_type_checks(added: Path) -> None:
    spec = (added / "specs" / NAME / "openapi.yaml").read_text()
    assert "operationId: add_number_to_trunk" in spec  # names.snake_case, no overlay
    assert "'2024-06-05T04:10:00+05:30'" in spec  # a YAML 1.2 string, quoted on the way out
    package = added / "generated" / NAME
    contract = (package / f"{NAME}_contract.py").read_text()
    assert "class TinyV1Number(" in contract and "class TinyV1NumberRequest(" in contract
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", f"{NAME}_client"],
        cwd=package, capture_output=True, text=True,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout


def test_the_new_client_sends_what_the_vendor_documents(added: Path) -> None:
    sys.path.insert(0, str(added / "generated" / NAME))
    try:
        client_module = importlib.import_module(f"{NAME}_client.client")
        add = importlib.import_module(f"{NAME}_client.api.numbers.add_number_to_trunk")
        models = importlib.import_module(f"{NAME}_client.models")
        sent: list[httpx.Request] = []

        def answer(request: httpx.Request) -> httpx.Response:
            sent.append(request)
            return httpx.Response(201, json={"sid": "PN1", "trunk_sid": "TK0000abcd"})

        client = client_module.AuthenticatedClient(
            username="AC1", password="s3cret", httpx_args={"transport": httpx.MockTransport(answer)}
        )
        body = models.TinyV1NumberRequest(phone_number="+14155550100")
        result = add.sync("TK0000abcd", client=client, body=body, dry_run=True)
        assert isinstance(result, models.TinyV1Number) and result.sid == "PN1"
        (request,) = sent
        assert str(request.url) == "https://api.tinybasic.example/v1/Trunks/TK0000abcd/Numbers?DryRun=true"
        assert request.headers["authorization"] == "Basic " + base64.b64encode(b"AC1:s3cret").decode()
        assert json.loads(request.content) == {"PhoneNumber": "+14155550100"}
        with pytest.raises(ValueError, match="trunk_sid"):
            add.sync("not-a-trunk", client=client, body=body)
        assert len(sent) == 1
        with pytest.raises(ValueError, match="password is required"):
            client_module.AuthenticatedClient(username="AC1", password="")
    finally:
        sys.path.remove(str(added / "generated" / NAME))
        for name in [m for m in sys.modules if m.split(".")[0] == f"{NAME}_client"]:
            del sys.modules[name]
