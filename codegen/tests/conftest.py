"""A tiny provider tree in a temp dir: what a user adds to support a new vendor."""

from __future__ import annotations

import hashlib
import textwrap
from pathlib import Path

import pytest

TINY_SPEC = """\
openapi: 3.0.3
info: {title: Tiny, version: '1'}
servers: [{url: 'https://api.tiny.example'}]
security: [{bearer: []}]
paths:
  /v1/numbers/{e164}/route:
    put:
      operationId: Route-Number
      tags: [Numbers]
      parameters:
        - name: e164
          in: path
          required: true
          schema: {type: string}
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: '#/components/schemas/RouteBody'}
      responses:
        '200':
          description: Routed
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Route'}
        '404':
          description: Unknown number
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Error'}
  /v1/unused:
    get:
      operationId: unused
      responses:
        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Unused'}}}}
components:
  schemas:
    RouteBody:
      type: object
      required: [trunk_id]
      properties: {trunk_id: {type: string}}
    Route:
      type: object
      required: [e164]
      properties: {e164: {type: string}, trunk_id: {type: string}, via: {$ref: '#/components/schemas/Hop'}}
    Hop:
      description: Refers back to Route, so the two model modules import each other.
      type: object
      properties: {route: {$ref: '#/components/schemas/Route'}}
    Error:
      type: object
      properties: {error: {$ref: '#/components/schemas/ErrorBody'}, message: {type: string}}
    ErrorBody:
      type: object
      properties: {code: {type: string}}
    Unused:
      type: object
  securitySchemes:
    bearer: {type: http, scheme: bearer}
"""

TINY_OVERLAY = """\
overlay: 1.0.0
info: {title: tiny fixes, version: 1.0.0}
actions:
  - target: $.paths['/v1/numbers/{e164}/route'].put
    description: snake_case name
    update: {operationId: route_number}
  - target: $.paths['/v1/numbers/{e164}/route'].put.parameters[?@.name == 'e164']
    description: the value is E.164
    update: {schema: {pattern: '^\\+[1-9]\\d{1,14}$'}}
"""


class TinyTree:
    """specs/tiny/ and codegen/providers.yaml under ``root``; edit, then call ``seal()``."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.spec_dir = root / "specs" / "tiny"
        self.source = self.spec_dir / "source" / "openapi.yaml"
        self.overlay = self.spec_dir / "overlay.yaml"
        self.generated = root / "generated"
        (root / "codegen").mkdir(parents=True)
        self.source.parent.mkdir(parents=True)
        (root / "codegen" / "providers.yaml").write_text(
            "providers:\n  tiny:\n    title: Tiny\n    distribution: tiny-client\n"
            "    package: tiny_client\n    version: 0.1.0\n"
        )
        self.source.write_text(TINY_SPEC)
        self.overlay.write_text(TINY_OVERLAY)
        self.scope = ["PUT /v1/numbers/{e164}/route"]
        self.seal()

    def seal(self) -> None:
        digest = hashlib.sha256(self.source.read_bytes()).hexdigest()
        scope = "".join(f"  - {s}\n" for s in self.scope)
        (self.spec_dir / "sources.yaml").write_text(
            textwrap.dedent(f"""\
                sources:
                  - file: source/openapi.yaml
                    format: openapi
                    url: https://tiny.example/openapi.yaml
                    sha256: {digest}
                scope:
                """)
            + scope
        )


@pytest.fixture
def tiny(tmp_path: Path) -> TinyTree:
    return TinyTree(tmp_path)
