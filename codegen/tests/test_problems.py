"""Problems a maintainer can act on: all at once, at the vendor's line, no traceback, no reprs."""

from __future__ import annotations

import importlib
import sys

import httpx
import pytest

from codegen import providers
from codegen.__main__ import main
from codegen.errors import SpecError, SpecProblems
from codegen.generate import generate

from .conftest import TinyTree

NULL_DEFAULTS = (
    "properties: {trunk_id: {type: string}}",
    "properties: {trunk_id: {type: string, default: null}}",
)


def _break(tiny: TinyTree, old: str, new: str) -> None:
    assert old in tiny.source.read_text()
    tiny.source.write_text(tiny.source.read_text().replace(old, new))
    tiny.seal()


def test_every_validation_problem_is_reported_at_once_at_the_vendor_line(tiny: TinyTree) -> None:
    _break(tiny, *NULL_DEFAULTS)
    _break(tiny, "properties: {code: {type: string}}", "properties: {code: {type: integer, default: null}}")
    with pytest.raises(SpecProblems) as caught:
        generate(generated=tiny.generated, root=tiny.root)
    places = [(p.file, p.where.split(":")[0]) for p in caught.value.problems]
    source = str(tiny.source)
    assert places == [(source, "41"), (source, "55")]  # RouteBody's, then ErrorBody's, once each
    assert [p.message for p in caught.value.problems] == [
        "not valid OpenAPI: default None is not of type 'string'",
        "not valid OpenAPI: default None is not of type 'integer'",
    ]
    assert "UntrustedString" not in str(caught.value)


def test_the_cli_prints_each_problem_without_a_traceback(
    tiny: TinyTree, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _break(tiny, *NULL_DEFAULTS)
    tiny.overlay.write_text(
        tiny.overlay.read_text().replace("{operationId: route_number}", "{operationId: '2route'}")
    )
    real = providers.load_providers
    monkeypatch.setattr("codegen.generate.load_providers", lambda only, root: real(only, tiny.root))
    assert main(["generate"]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and err.splitlines()[-1] == "generated/ was left as it was."
    assert all(line.startswith("error: ") for line in err.splitlines()[:-1])
    assert "no usable name" in err and "not of type 'string'" in err  # both kinds in one run


def test_an_internal_error_names_provider_and_step(
    tiny: TinyTree, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("a bug in codegen")

    real = providers.load_providers
    monkeypatch.setattr("codegen.generate.load_providers", lambda only, root: real(only, tiny.root))
    monkeypatch.setattr("codegen.render.render_package", broken)
    assert main(["generate"]) == 3
    err = capsys.readouterr().err
    assert "error: internal error (provider tiny, step render): RuntimeError: a bug in codegen" in err
    assert err.splitlines()[-1] == "generated/ was left as it was."


COLLIDING = """\
      parameters:
        - name: e164
          in: path
          required: true
          schema: {type: string}
        - {name: Since, in: query, schema: {type: string}}
        - {name: Since<, in: query, schema: {type: string}}
"""


def test_colliding_parameter_names_are_located_and_x_python_name_resolves_them(tiny: TinyTree) -> None:
    _break(tiny, "      parameters:\n        - name: e164\n          in: path\n          required: true\n"
           "          schema: {type: string}\n", COLLIDING)  # fmt: skip
    _break(tiny, "bearer: {type: http, scheme: bearer}", "bearer: {type: apiKey, in: query, name: api_key}")
    with pytest.raises(SpecError) as caught:
        generate(generated=tiny.generated, root=tiny.root)
    message = str(caught.value)
    assert f"{tiny.source}:7:" in message and "x-python-name" in message and "0x" not in message

    tiny.overlay.write_text(
        tiny.overlay.read_text()
        + "  - target: $.paths['/v1/numbers/{e164}/route'].put.parameters[?@.name == 'Since<']\n"
        + "    description: Since< and Since are both since\n"
        + "    update: {x-python-name: since_before}\n"
    )
    assert generate(generated=tiny.generated, root=tiny.root) == ["tiny"]
    sys.path.insert(0, str(tiny.generated / "tiny"))
    try:
        route = importlib.import_module("tiny_client.api.numbers.route_number")
        client_module = importlib.import_module("tiny_client.client")
        models = importlib.import_module("tiny_client.models")
        sent: list[httpx.Request] = []

        def answer(request: httpx.Request) -> httpx.Response:
            sent.append(request)
            return httpx.Response(200, json={"e164": "+14155550100"})

        client = client_module.AuthenticatedClient(
            api_key="k1", httpx_args={"transport": httpx.MockTransport(answer)}
        )
        route.sync(
            "+14155550100", client=client, body=models.RouteBody(trunk_id="t"), since="a", since_before="b"
        )
        assert dict(sent[0].url.params) == {"api_key": "k1", "Since": "a", "Since<": "b"}
        assert "authorization" not in sent[0].headers
    finally:
        sys.path.remove(str(tiny.generated / "tiny"))
        for name in [m for m in sys.modules if m.split(".")[0] == "tiny_client"]:
            del sys.modules[name]
