"""The regression corpus: real vendor documents go through the pipeline as they come.

Bolna's whole document (all 70 operations) and Twilio's two (every operation of
trunking_v1; api_v2010's IncomingPhoneNumbers operations, and every one of its
~200 in the slowest case) are each set up as a provider in a temp dir exactly
as docs/adding-a-provider.md says, generated, checked with ``mypy --strict``,
imported, and every model is fed ``{}`` and all-null. One request per wire
shape (JSON, form, multipart, HTTP Basic) goes to a loopback server and is
checked byte for byte where it matters. The overlays (codegen/tests/corpus/)
may fix only the vendor's own mistakes, or name things: the counts are pinned.

Provenance of the documents: codegen/tests/corpus/SOURCES.md.
"""

from __future__ import annotations

import base64
import hashlib
import importlib
import inspect
import io
import json
import re
import shutil
import subprocess
import sys
import threading
import uuid
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import attrs
import pytest
import yaml

from codegen.generate import generate
from codegen.providers import ROOT
from codegen.yamlload import load_yaml_file

CORPUS = Path(__file__).parent / "corpus"
TWILIO_API = CORPUS / "twilio_api" / "source" / "twilio_api_v2010.yaml"


@attrs.define
class Case:
    name: str  # the provider name (docs/adding-a-provider.md: lower-case letters and digits)
    source: Path
    overlay: Path | None
    scope: list[str]
    operations: int  # in the normalized spec


def _incoming_phone_numbers_scope() -> list[str]:
    doc = load_yaml_file(TWILIO_API)
    return [
        f"{method.upper()} {path}"
        for path, item in doc["paths"].items()
        if "/IncomingPhoneNumbers" in path
        for method in item
        if method in ("get", "post", "delete", "put", "patch")
    ]


CASES = {
    "bolna": Case(
        "bolnawhole", ROOT / "specs/bolna/source/openapi.yml", CORPUS / "bolna/overlay.yaml", [], 70
    ),
    "twilio_trunking": Case(
        "twiliotrunking",
        CORPUS / "twilio_trunking/source/twilio_trunking_v1.yaml",
        CORPUS / "twilio_trunking/overlay.yaml",
        [],
        24,
    ),
    # The trunking overlay's one action (the Basic scheme has the same name) is all this scope needs.
    "twilio_incoming_numbers": Case(
        "twilionumbers",
        TWILIO_API,
        CORPUS / "twilio_trunking/overlay.yaml",
        _incoming_phone_numbers_scope(),
        17,
    ),
    "twilio_api": Case("twilioapi", TWILIO_API, CORPUS / "twilio_api/overlay.yaml", [], 197),
}


def build_tree(root: Path, case: Case) -> None:
    """specs/<name>/ and one codegen/providers.yaml entry: docs/adding-a-provider.md, steps 1-4."""
    spec_dir = root / "specs" / case.name
    (spec_dir / "source").mkdir(parents=True)
    (root / "codegen").mkdir()
    shutil.copy(case.source, spec_dir / "source" / case.source.name)
    if case.overlay is not None:
        shutil.copy(case.overlay, spec_dir / "overlay.yaml")
    sha = hashlib.sha256(case.source.read_bytes()).hexdigest()
    (spec_dir / "sources.yaml").write_text(
        yaml.safe_dump(
            {
                "sources": [
                    {
                        "file": f"source/{case.source.name}",
                        "format": "openapi",
                        "url": "see SOURCES.md",
                        "sha256": sha,
                    }
                ],
                "scope": case.scope,
            }
        )
    )
    (root / "codegen" / "providers.yaml").write_text(
        yaml.safe_dump(
            {
                "providers": {
                    case.name: {
                        "title": case.name,
                        "distribution": f"{case.name}-client",
                        "package": f"{case.name}_client",
                        "version": "0.1.0",
                    }
                }
            }
        )
    )


@pytest.fixture(scope="module", params=list(CASES))
def corpus(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Case, Path]]:
    case = CASES[request.param]
    root = tmp_path_factory.mktemp(case.name)
    build_tree(root, case)
    assert generate(generated=root / "generated", root=root) == [case.name]
    package_root = root / "generated" / case.name
    sys.path.insert(0, str(package_root))
    try:
        yield case, root
    finally:
        sys.path.remove(str(package_root))
        for name in [m for m in sys.modules if m.split(".")[0] == f"{case.name}_client"]:
            del sys.modules[name]


def test_every_operation_is_generated_and_passes_mypy_strict(corpus: tuple[Case, Path]) -> None:
    case, root = corpus
    spec = load_yaml_file(root / "specs" / case.name / "openapi.yaml")
    operation_ids = [
        op["operationId"]
        for item in spec["paths"].values()
        for op in item.values()
        if isinstance(op, dict) and "responses" in op
    ]
    assert len(operation_ids) == case.operations
    package = root / "generated" / case.name / f"{case.name}_client"
    modules = {p.stem for p in (package / "api").rglob("*.py") if p.stem != "__init__"}
    assert set(operation_ids) <= modules  # none was dropped
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", package.name],
        cwd=package.parent, capture_output=True, text=True,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout[-3000:]


def test_every_model_survives_empty_and_all_null(corpus: tuple[Case, Path]) -> None:
    case, _ = corpus
    unset = importlib.import_module(f"{case.name}_client.types").UNSET
    models = importlib.import_module(f"{case.name}_client.models")
    classes: list[Any] = [obj for _, obj in inspect.getmembers(models, inspect.isclass) if attrs.has(obj)]
    assert len(classes) > 10
    for cls in classes:
        wire_names = re.findall(r'd\.pop\("([^"]+)"', inspect.getsource(cls.from_dict))
        fields = [f.name for f in attrs.fields(cls) if f.name != "additional_properties"]
        for data in ({}, dict.fromkeys(wire_names)):
            parsed = cls.from_dict(data)
            for name in fields:
                assert getattr(parsed, name) is None or getattr(parsed, name) is unset, (cls, name, data)


# --- The overlays: vendor mistakes and names only ------------------------------------------------


def _actions(path: Path) -> list[dict[str, Any]]:
    actions: list[dict[str, Any]] = load_yaml_file(path)["actions"]
    return actions


def _naming(action: dict[str, Any]) -> bool:
    return list(action.get("update") or {}) == ["x-python-name"]


def test_the_corpus_overlays_fix_only_vendor_mistakes_and_name_things() -> None:
    bolna = _actions(CORPUS / "bolna/overlay.yaml")
    # in: path -> query; default: null on non-nullable types; text/csv -> multipart (2 actions).
    assert len(bolna) == 4 and not any(_naming(a) for a in bolna)
    trunking = _actions(CORPUS / "twilio_trunking/overlay.yaml")
    assert len(trunking) == 1 and all(_naming(a) for a in trunking)
    api = _actions(CORPUS / "twilio_api/overlay.yaml")
    # The Basic auth names, and `<`/`>` of six date filters (StartTime<, StartTime>, ...).
    assert len(api) == 13 and all(_naming(a) for a in api)


# --- One request per wire shape, on a loopback server ---------------------------------------------


class _Recorder(BaseHTTPRequestHandler):
    seen: ClassVar[list[dict[str, Any]]] = []
    answer: ClassVar[tuple[int, bytes]] = (200, b"{}")

    def _record(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        self.seen.append(
            {
                "method": self.command,
                "path": self.path,
                "headers": dict(self.headers),
                "body": self.rfile.read(length),
            }
        )
        status, body = self.answer
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = _record

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def loopback() -> Iterator[str]:
    _Recorder.seen = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def _only(corpus: tuple[Case, Path], *names: str) -> str:
    case, _ = corpus
    if case.name not in names:
        pytest.skip(f"a wire shape of {', '.join(names)}")
    return case.name


def test_form_body_with_http_basic_auth(corpus: tuple[Case, Path], loopback: str) -> None:
    name = _only(corpus, "twiliotrunking")
    client_module = importlib.import_module(f"{name}_client.client")
    create = importlib.import_module(f"{name}_client.api.trunking_v1_phone_number.create_phone_number")
    models = importlib.import_module(f"{name}_client.models")
    account_sid, token = "AC" + "1" * 32, "secret-token"
    client = client_module.AuthenticatedClient(base_url=loopback, account_sid=account_sid, auth_token=token)
    trunk, number = "TK" + "a" * 32, "PN" + "b" * 32
    _Recorder.answer = (201, json.dumps({"sid": number, "trunk_sid": trunk}).encode())
    result = create.sync(trunk, client=client, body=models.CreatePhoneNumberRequest(phone_number_sid=number))
    assert (result.sid, result.trunk_sid) == (number, trunk)
    (sent,) = _Recorder.seen
    assert (sent["method"], sent["path"]) == ("POST", f"/v1/Trunks/{trunk}/PhoneNumbers")
    assert (
        sent["headers"]["Authorization"]
        == "Basic " + base64.b64encode(f"{account_sid}:{token}".encode()).decode()
    )
    assert sent["headers"]["Content-Type"] == "application/x-www-form-urlencoded"
    assert sent["body"] == f"PhoneNumberSid={number}".encode()
    assert token not in repr(client) and account_sid not in repr(client)


def test_json_body_with_bearer_auth(corpus: tuple[Case, Path], loopback: str) -> None:
    name = _only(corpus, "bolnawhole")
    client_module = importlib.import_module(f"{name}_client.client")
    add = importlib.import_module(f"{name}_client.api.default.post_sip_trunks_trunks_trunk_id_numbers")
    models = importlib.import_module(f"{name}_client.models")
    client = client_module.AuthenticatedClient(base_url=loopback, token="bn-key")
    _Recorder.answer = (201, json.dumps({"id": "n1", "phone_number": "+14155550100"}).encode())
    body = models.SIPTrunkPhoneNumberRequest(phone_number="+14155550100")
    result = add.sync("trunk1", client=client, body=body)
    assert result.phone_number == "+14155550100"
    (sent,) = _Recorder.seen
    assert (sent["method"], sent["path"]) == ("POST", "/sip-trunks/trunks/trunk1/numbers")
    assert sent["headers"]["Authorization"] == "Bearer bn-key"
    assert sent["headers"]["Content-Type"] == "application/json"
    # e164_check_enabled has `default: false` in the document, and the generator sends defaults.
    assert json.loads(sent["body"]) == {"phone_number": "+14155550100", "e164_check_enabled": False}


def test_multipart_body_keeps_its_boundary(corpus: tuple[Case, Path], loopback: str) -> None:
    name = _only(corpus, "bolnawhole")
    client_module = importlib.import_module(f"{name}_client.client")
    post_batches = importlib.import_module(f"{name}_client.api.default.post_batches")
    models = importlib.import_module(f"{name}_client.models")
    types = importlib.import_module(f"{name}_client.types")
    client = client_module.AuthenticatedClient(base_url=loopback, token="bn-key")
    _Recorder.answer = (200, json.dumps({"batch_id": "b" * 32, "state": "created"}).encode())
    agent = uuid.UUID("12345678-1234-5678-1234-567812345678")
    csv = b"contact_number\n+14155550100\n"
    body = models.PostBatchesBody(
        agent_id=agent, file=types.File(payload=io.BytesIO(csv), file_name="batch.csv")
    )
    result = post_batches.sync(client=client, body=body)
    assert result.batch_id == "b" * 32
    (sent,) = _Recorder.seen
    content_type = sent["headers"]["Content-Type"]
    boundary = re.fullmatch(r"multipart/form-data; boundary=(\S+)", content_type)
    assert boundary, content_type
    parts = sent["body"].split(b"--" + boundary.group(1).encode())
    assert len(parts) == 4 and parts[-1].strip() == b"--"  # two parts and the closing delimiter
    assert b'name="agent_id"' in parts[1] and str(agent).encode() in parts[1]
    assert b'name="file"; filename="batch.csv"' in parts[2] and csv in parts[2]
