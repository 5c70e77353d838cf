"""openapi-core set up for the sandbox's request rate: two costs per request it need not pay.

Profiling the sandbox under a bulk job (bench/bulk.py: 50 connections reassigning numbers; cProfile
in the process, the ASGI app called directly) put about 90% of each request's time in openapi-core,
and two parts of that are work the sandbox's use makes unnecessary; both are removed through
openapi-core's own configuration (``Config``), with the same verdicts:

* A deep copy per schema per request: openapi-core builds a fresh JSON Schema validator for every
  parameter and body it checks, and gives each a ``copy.deepcopy`` of the format checker (a dict of
  some 20 format functions) so that extra format validators can be added to the copy. The sandbox
  adds none, so every validator gets the factory's own checker, which nothing changes (about a
  fifth of the time). The formats openapi-core does not know (Twilio's ``phone-number``,
  ``http-method``...) are registered once, in that shared checker, rather than passed per request
  as extra format validators (which is what makes openapi-core copy). Asked for extra or
  replacement format validators at a call, it still builds its own.
* The route found twice: sandbox/spec.py finds the operation (to tell an unknown path from a method
  not allowed, and for the operationId), then openapi-core finds it again for the same method and
  URL. The finder here remembers its last answer (one entry, compared by method and URL), so the
  second find is a lookup.
"""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Callable, Mapping
from typing import Any

from jsonschema import FormatChecker
from openapi_core import Config, OpenAPI
from openapi_core.templating.paths.datatypes import PathOperationServer
from openapi_core.templating.paths.finders import APICallPathFinder
from openapi_core.validation.schemas.factories import SchemaValidatorsFactory

__all__ = ["request_config"]


class _SharedFormatChecker(SchemaValidatorsFactory):
    """A mixin over a validators factory class: no copy of the checker when nothing is added to it."""

    def get_format_checker(
        self, format_validators: Any = None, extra_format_validators: Any = None
    ) -> FormatChecker:
        if format_validators is None and not extra_format_validators:
            checker: FormatChecker = self.format_checker
            return checker
        return super().get_format_checker(format_validators, extra_format_validators)


def _sharing(
    factory: SchemaValidatorsFactory, formats: Mapping[str, Callable[[Any], bool]]
) -> SchemaValidatorsFactory:
    """``factory`` (openapi-core's own, for the spec's version), its class extended by the mixin above,
    its checker knowing ``formats`` too."""
    shared = copy.copy(factory)
    if formats:
        checker = copy.deepcopy(factory.format_checker)
        for name, check in formats.items():
            checker.checks(name)(check)
        shared.format_checker = checker
    shared.__class__ = type(f"Shared{type(factory).__name__}", (_SharedFormatChecker, type(factory)), {})
    return shared


class _RememberingFinder(APICallPathFinder):
    """APICallPathFinder that answers a repeat of the last (method, URL) it found from memory.

    Each spec gets its own subclass (``_finder_class``), so the memory is per spec and shared by
    sandbox/spec.py's finder and openapi-core's. One tuple, replaced whole: a reader sees either
    the old entry or the new one, and uses it only for its own key.
    """

    _last: tuple[str, str, PathOperationServer] | None = None

    def find(self, method: str, name: str) -> PathOperationServer:
        last = type(self)._last
        if last is not None and last[0] == method and last[1] == name:
            return last[2]
        found = super().find(method, name)
        type(self)._last = (method, name, found)
        return found


def _finder_class() -> type[APICallPathFinder]:
    return type("RememberingFinder", (_RememberingFinder,), {})


def request_config(api: OpenAPI, formats: Mapping[str, Callable[[Any], bool]] | None = None) -> Config:
    """``api``'s config with the two changes above; its ``path_finder_cls`` is the remembering finder.

    ``formats``: format checks to add to openapi-core's (name -> a function of the value).
    """
    formats = formats or {}
    # openapi-core's request unmarshaller class for the spec's version: its factories are the defaults
    unmarshaller: Any = api.request_unmarshaller_cls
    if unmarshaller is None:
        return api.config
    validators = _sharing(unmarshaller.schema_validators_factory, formats)
    # Three factories build validators (checking, unmarshalling, and casting parameter strings):
    # each gets a sharing copy of the validators factory it holds.
    unmarshallers = copy.copy(unmarshaller.schema_unmarshallers_factory)
    unmarshallers.schema_validators_factory = _sharing(unmarshallers.schema_validators_factory, formats)
    casters = copy.copy(unmarshaller.schema_casters_factory)
    casters.schema_validators_factory = _sharing(casters.schema_validators_factory, formats)
    return dataclasses.replace(
        api.config,
        schema_validators_factory=validators,
        schema_unmarshallers_factory=unmarshallers,
        schema_casters_factory=casters,
        path_finder_cls=_finder_class(),
    )
