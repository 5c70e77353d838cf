"""A fast YAML loader that reads what ruamel.yaml reads, or declines.

ruamel.yaml's round-trip loader is pure Python and was most of the time spent
normalizing a spec. Its plain data (after yamlfile's ``_plain``) is rebuilt here
with libyaml's C parser (PyYAML's ``CSafeLoader``) and the scalar rules ruamel
applies to YAML 1.2 documents: ``no`` stays a string, ``012`` is twelve.

Anything where the two could disagree is not guessed at: the loader raises
``Declined`` and the caller parses with ruamel, as before. That covers a
``%YAML`` directive, anchors and aliases, merge keys, explicit tags (ruamel keeps
them), ruamel's extra number forms (``0x``, ``0o``, ``0b``, underscores, ``.5``),
keys that are not strings or integers, duplicate keys (ruamel refuses them, with
a position), and any syntax libyaml rejects.

Timestamps are strings. YAML 1.2's core schema has no timestamp type, and a
vendor's ``example: 2024-06-05T04:10:00+05:30`` is the text of an example, not a
date to convert (converting it crashed the YAML dump of the normalized spec). Both
paths agree: ``RoundTripConstructor`` below makes ruamel keep them as written.
"""

from __future__ import annotations

import functools
import re
from typing import Any, ClassVar

import yaml

__all__ = ["Declined", "fast_load", "round_trip_constructor"]


class Declined(Exception):
    """The fast loader cannot promise ruamel's result for this text; parse it with ruamel."""


_TAG = "tag:yaml.org,2002:"
_MINE = "tag:codegen,2026:"
# (tag, pattern, first characters): the forms read here exactly as ruamel.yaml reads them.
_EXACT = (
    ("bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("int", r"^[-+]?[0-9]+$", "-+0123456789"),
    (
        "float",
        r"^(?:[-+]?(?:[0-9]+\.[0-9]*(?:[eE][-+]?[0-9]+)?|[0-9]+[eE][-+]?[0-9]+)"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
        "-+0123456789.",
    ),
    ("null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    (
        "timestamp",
        r"^(?:[0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|[ \t]+)[0-9]{1,2}"
        r":[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)$",
        "0123456789",
    ),
)
# ruamel.yaml's YAML 1.2 resolvers (ruamel/yaml/resolver.py) for what _EXACT does not read:
# such a plain scalar is not a string to ruamel, so the fast loader declines it.
_RUAMEL_OTHER = (
    r"^(?:[-+]?0b[0-1_]+|[-+]?0o?[0-7_]+|[-+]?[0-9_]+|[-+]?0x[0-9a-fA-F_]+)$",  # int
    r"^(?:[-+]?[0-9][0-9_]*\.[0-9_]*(?:[eE][-+]?[0-9]+)?|[-+]?[0-9][0-9_]*[eE][-+]?[0-9]+"
    r"|[-+]?\.[0-9_]+(?:[eE][-+][0-9]+)?)$",  # float
    r"^(?:<<|=)$",  # merge key, value key
)


class _Loader(yaml.CSafeLoader):  # libyaml is a pinned requirement
    """libyaml's parser; constructors only for what ruamel builds the same way.

    Resolution gives our own tags (``_MINE``), so that a node with an explicit tag in the text
    (ruamel keeps ``!!str 12`` as a TaggedScalar) finds no constructor and is declined.
    """

    yaml_implicit_resolvers: ClassVar[dict[Any, Any]] = {}  # type: ignore[misc]  # per class in PyYAML
    yaml_constructors: ClassVar[dict[Any, Any]] = {}

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        return _MINE + str(super().resolve(kind, value, implicit)).removeprefix(_TAG)  # type: ignore[no-untyped-call]

    def construct_object(self, node: Any, deep: bool = False) -> Any:
        if node in self.constructed_objects:  # an alias: ruamel's copy would not be shared
            raise Declined("alias")
        return super().construct_object(node, deep)

    def construct_mapping(self, node: Any, deep: bool = False) -> dict[str, Any]:  # type: ignore[override]
        mapping: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            if type(key) not in (str, int, bool):  # ruamel's str() of other keys is its own
                raise Declined("key")
            key = str(key)
            if key in mapping:  # ruamel refuses duplicate keys (and says where)
                raise Declined("duplicate key")
            mapping[key] = self.construct_object(value_node, deep=deep)
        return mapping


def _declined(loader: _Loader, node: Any) -> Any:
    raise Declined(node.tag)


def _int(loader: _Loader, node: Any) -> int:
    return int(loader.construct_scalar(node), 10)


def _float(loader: _Loader, node: Any) -> float:
    text = str(loader.construct_scalar(node)).lower()
    if text.lstrip("+-") == ".inf":
        return float("-inf") if text.startswith("-") else float("inf")
    return float("nan") if text == ".nan" else float(text)


def _timestamp(loader: _Loader, node: Any) -> str:
    """The text as written: YAML 1.2 has no timestamps."""
    return str(loader.construct_scalar(node))


@functools.cache
def round_trip_constructor() -> type:
    """ruamel's round-trip constructor with YAML 1.2's strings for timestamps (imported lazily:
    ruamel parses only what the fast loader declines, and positions for error messages)."""
    from ruamel.yaml.constructor import RoundTripConstructor

    class Constructor(RoundTripConstructor):
        def construct_yaml_timestamp(self, node: Any, values: Any = None) -> Any:
            return self.construct_scalar(node)

    Constructor.add_constructor("tag:yaml.org,2002:timestamp", Constructor.construct_yaml_timestamp)
    return Constructor


def _map(loader: _Loader, node: Any) -> Any:
    data: dict[str, Any] = {}
    yield data
    data.update(loader.construct_mapping(node))


for _tag, _pattern, _first in _EXACT:
    _Loader.add_implicit_resolver(f"{_TAG}{_tag}", re.compile(_pattern), list(_first))
for _pattern in _RUAMEL_OTHER:
    _Loader.add_implicit_resolver(f"{_TAG}declined", re.compile(_pattern), list("-+.0123456789<="))
for _tag, _constructor in (
    ("str", yaml.SafeLoader.construct_yaml_str),
    ("null", yaml.SafeLoader.construct_yaml_null),
    ("bool", yaml.SafeLoader.construct_yaml_bool),
    ("int", _int),
    ("float", _float),
    ("timestamp", _timestamp),
    ("seq", yaml.SafeLoader.construct_yaml_seq),
    ("map", _map),
):
    _Loader.add_constructor(_MINE + _tag, _constructor)
_Loader.add_constructor(None, _declined)  # explicit tags, timestamps, ruamel's other number forms


def fast_load(text: str) -> Any:
    """Plain data as yamlfile's ruamel path gives it; ``Declined`` when that is not certain."""
    if "%YAML" in text:  # a version directive changes ruamel's scalar rules
        raise Declined("%YAML directive")
    try:
        return yaml.load(text, Loader=_Loader)  # _Loader constructs only plain data
    except Declined:
        raise
    except Exception as err:  # a syntax error, or anything else: ruamel's path reports it as today
        raise Declined(str(err)) from None
