"""Judging a request against the provider's normalized spec (specs/<provider>/openapi.yaml), with openapi-core.

The sandbox must refuse what the vendor's documented API does not allow, and
must not invent its own idea of what is allowed: so the spec, through
openapi-core's request unmarshalling, decides which operation a request is
(the spec is the router), whether its credentials are present, and whether its
parameters and body have the documented shape. The answer is a list of
``Problem``s, vendor-neutral; each provider turns the first one into its own
documented error status and body.

These readings are ours, where openapi-core is stricter than the specs' words:

* Content-Type. No spec documents a 415, and no vendor page forbids another
  content type (Vobiz's pages list ``Content-Type: application/json`` among the
  headers they send, and answer nothing about its absence), so a body is read as
  the operation documents it whatever its Content-Type says: JSON, or a form
  where that is the only documented type (Twilio's ``application/x-www-form-urlencoded``);
  a body that is not JSON is the operation's documented 400 (or Mihu's), never an
  undocumented 415.
* Servers. openapi-core matches a request against the servers of its path or
  operation when the spec sets them (Twilio's trunking.twilio.com and api.twilio.com);
  every request is judged as sent to one host here, so those are collected (into
  ``servers``, for sandbox/vhosts.py) and removed.
* Empty query values. OpenAPI's deprecated ``allowEmptyValue`` defaults to false,
  so openapi-core refuses ``?search=``; the specs don't say so, so an empty value
  is judged by its schema like any other (``""`` passes a plain string schema and
  fails a pattern or a ``minLength``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

from jsonschema import Draft202012Validator
from openapi_core import OpenAPI
from openapi_core.datatypes import RequestParameters
from openapi_core.deserializing.styles.exceptions import EmptyQueryParameterValue
from openapi_core.templating.paths.exceptions import OperationNotFound, PathError
from openapi_core.templating.paths.finders import APICallPathFinder
from openapi_core.validation.request.exceptions import (
    MissingRequiredParameter,
    MissingRequiredRequestBody,
    ParameterValidationError,
    RequestBodyValidationError,
    SecurityValidationError,
)
from starlette.datastructures import Headers, QueryParams

from .spec_speed import request_config
from .yamlload import load_yaml_file

__all__ = ["SPECS", "Checked", "Problem", "SpecCheck"]

# The repository's specs/; an installed carrier-sandbox carries its own copy of each openapi.yaml.
_PACKAGED = Path(__file__).resolve().parent / "specs"
SPECS = _PACKAGED if _PACKAGED.is_dir() else Path(__file__).resolve().parent.parent / "specs"
# The vendors' servers are not where the sandbox is; every request is judged as if sent to this host.
HOST = "http://sandbox.invalid"
# The operation keys of an OpenAPI path item: codegen.merge.HTTP_METHODS, repeated because an installed
# carrier-sandbox ships without codegen (sandbox/tests/test_server.py checks the two agree).
METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
JSON = "application/json"
# Formats of the vendors' own (Twilio's) that openapi-core does not know, and would refuse to unmarshal
# a value of: each is accepted as what its type says, the pattern or enum beside it being the constraint.
VENDOR_FORMATS = ("phone-number", "http-method", "date-time-rfc-2822", "phone-number-capabilities", "uri-map")
_REQUIRED = re.compile(r"^'([^']+)' is a required property")


@dataclass(frozen=True)
class Problem:
    """Why the spec does not allow a request.

    kind: unknown_path, method_not_allowed, unauthenticated,
    malformed_json, missing_body, invalid_parameter or invalid_body.
    name/location: the parameter (path, query, header) or body field concerned.
    """

    kind: str
    name: str = ""
    location: str = ""
    reason: str = ""
    allowed: tuple[str, ...] = ()


@dataclass
class Checked:
    """A request as the spec reads it: its operation, its parameters (as strings or typed), its problems."""

    operation_id: str | None
    path_params: dict[str, str] = field(default_factory=dict)
    query: dict[str, Any] = field(default_factory=dict)
    body: Any = None
    problems: list[Problem] = field(default_factory=list)


class _SpecRequest:
    """The openapi-core request protocol over what the sandbox read from the wire."""

    def __init__(self, method: str, path: str, query: str, headers: Headers, body: bytes) -> None:
        self.host_url = HOST
        self.path = path
        self.method = method.lower()
        self.body = body
        # the operation's documented media type (set once it is known), whatever the request's
        # Content-Type says (see the docstring)
        self.content_type = JSON
        self.parameters = RequestParameters(query=QueryParams(query), header=headers, cookie={})


class SpecCheck:
    """openapi-core over one provider's normalized spec, loaded once."""

    def __init__(self, provider: str, spec_path: Path | None = None) -> None:
        self.provider = provider
        self.path = spec_path or SPECS / provider / "openapi.yaml"
        spec = load_yaml_file(self.path)
        # the vendor's documented servers, the document's first (sandbox/vhosts.py serves a provider at
        # its vendor's hosts); those of paths and operations are judged at HOST too (see the docstring)
        self.servers: list[dict[str, Any]] = list(spec.get("servers") or [])
        # path template -> the URL of the server its operations go to, where the path item names one
        self.path_servers: dict[str, str] = {}
        for template, item in (spec.get("paths") or {}).items():
            for holder in [item, *(op for m, op in item.items() if m in METHODS and isinstance(op, dict))]:
                for server in holder.pop("servers", None) or []:
                    self.path_servers.setdefault(str(template), str(server.get("url", "")))
                    if server not in self.servers:
                        self.servers.append(server)
        spec["servers"] = [{"url": HOST}]
        self.document: dict[str, Any] = spec
        formats: dict[str, Callable[[Any], bool]] = dict.fromkeys(VENDOR_FORMATS, _any_value)
        default = OpenAPI.from_dict(spec)
        config = request_config(default, formats)  # sandbox/spec_speed.py: what and why
        self.api = OpenAPI(default.spec, config=config)
        self._finder = (config.path_finder_cls or APICallPathFinder)(self.api.spec)

    def routes(self) -> list[tuple[str, str, dict[str, Any]]]:
        """(path template, method, operation) for every operation of the spec."""
        return [
            (str(path), method, op)
            for path, item in self.document.get("paths", {}).items()
            for method, op in item.items()
            if method in METHODS and isinstance(op, dict)
        ]

    def operation_ids(self) -> set[str]:
        return {str(op["operationId"]) for _, _, op in self.routes() if "operationId" in op}

    def check(self, method: str, path: str, query: str, headers: Headers, body: bytes) -> Checked:
        """``path`` is the decoded path below the provider's mount; ``query`` the raw query string."""
        request = _SpecRequest(method, path, query, headers, body)
        try:
            found = self._finder.find(request.method, HOST + path)
        except OperationNotFound:
            return Checked(None, problems=[Problem("method_not_allowed", allowed=self._allowed(path))])
        except PathError:
            return Checked(None, problems=[Problem("unknown_path")])
        checked = Checked(str(found.operation["operationId"]))
        request.content_type = _media_type(found.operation)
        if request.content_type == JSON and _too_deep(body):
            # json (and so openapi-core) recurses per nesting level; thousands of "[" would be a
            # RecursionError, not a verdict. Judge a body that is malformed in the ordinary way instead.
            request.body = b"{"
        result = self.api.unmarshal_request(request)
        checked.path_params = {name: str(value) for name, value in result.parameters.path.items()}
        checked.query = dict(result.parameters.query)
        errors = []
        for error in result.errors:
            empty = self._empty_but_valid(found.operation, error)
            if empty is None:
                errors.append(error)
            else:
                checked.query[empty] = ""
        checked.problems = [_problem(error) for error in errors]
        if not checked.problems and body and "requestBody" in found.operation:
            # the spec accepted it as its media type, so this parses
            checked.body = json.loads(body) if request.content_type == JSON else _form(body)
        # a body on an operation that takes none (a GET with bytes) is ignored, as openapi-core does
        return checked

    def _empty_but_valid(self, operation: Any, error: Exception) -> str | None:
        """The name of a query parameter sent empty (``?search=``) whose schema accepts ``""``; else None."""
        cause = error.__cause__
        if not isinstance(cause, EmptyQueryParameterValue):
            return None
        for param in list(operation.get("parameters", [])):
            if param["in"] == "query" and param["name"] == cause.name:
                try:
                    with (param / "schema").open() as schema:
                        valid = Draft202012Validator(dict(schema)).is_valid("")
                except Exception:  # a schema we cannot judge alone (a nested $ref): keep the refusal
                    return None
                return cause.name if valid else None
        return None

    def _allowed(self, path: str) -> tuple[str, ...]:
        allowed = []
        for method in METHODS:
            try:
                self._finder.find(method, HOST + path)
            except PathError:
                continue
            allowed.append(method.upper())
        return tuple(allowed)


def _any_value(value: Any) -> bool:
    return True


def _media_type(operation: Any) -> str:
    """JSON, unless the operation documents a body only of another type (a form: Twilio)."""
    if "requestBody" not in operation:
        return JSON
    with (operation / "requestBody" / "content").open() as content:
        types = list(content) if isinstance(content, Mapping) else []
    return JSON if not types or JSON in types else str(types[0])


def _form(body: bytes) -> dict[str, str]:
    """A form body as field -> value (the last of a repeated field, as the vendors' servers read it)."""
    return dict(parse_qsl(body.decode("utf-8"), keep_blank_values=True))


def _problem(error: Exception) -> Problem:
    cause = error.__cause__
    if isinstance(error, SecurityValidationError):
        return Problem("unauthenticated", reason=str(cause or error))
    if isinstance(error, MissingRequiredParameter):
        return Problem("invalid_parameter", error.name, error.location, "is required")
    if isinstance(error, ParameterValidationError):
        return Problem("invalid_parameter", error.name, error.location, _reason(cause) or str(error))
    if isinstance(error, MissingRequiredRequestBody):
        return Problem("missing_body", location="body", reason="a JSON body is required")
    if isinstance(error, RequestBodyValidationError):
        kind = type(cause).__name__ if cause is not None else ""
        if kind == "MediaTypeDeserializeError":
            return Problem("malformed_json", location="body", reason="the body is not valid JSON")
        name, reason = _body_field(cause)
        return Problem("invalid_body", name, "body", reason)
    return Problem("invalid_body", location="body", reason=str(error))


def _schema_errors(cause: BaseException | None) -> list[Any]:
    return list(getattr(cause, "schema_errors", None) or [])


def _reason(cause: BaseException | None) -> str:
    errors = _schema_errors(cause)
    if errors:
        return str(errors[0].message)
    return str(cause) if cause is not None else ""


def _body_field(cause: BaseException | None) -> tuple[str, str]:
    """The body field the first schema error is about, and its message."""
    errors = _schema_errors(cause)
    if not errors:
        return "", str(cause) if cause is not None else "invalid body"
    error = min(errors, key=lambda e: len(e.absolute_path))
    path = [str(part) for part in error.absolute_path]
    required = _REQUIRED.match(str(error.message))
    if required:
        path.append(required.group(1))
    return ".".join(path), str(error.message)


def _too_deep(body: bytes) -> bool:
    """A body json.loads cannot parse without exhausting the recursion limit."""
    if body.count(b"[") + body.count(b"{") < 500:
        return False
    try:
        json.loads(body)
    except RecursionError:
        return True
    except ValueError:
        return False
    return False
