"""Proposed codegen changes, applied by monkeypatching inside a benchmark worker (codegen/ is not edited).

* G1 YAML through libyaml: vendor sources and overlays are parsed with PyYAML's C loader set to the
  YAML 1.2 core schema (what ruamel.yaml reads: ``no`` stays a string, ``012`` is twelve); ruamel's
  slow round-trip parse, which only serves line numbers for error messages, runs only when an error
  asks for a position. Any file the fast loader rejects goes through ruamel as today.
* G2 one Jinja bytecode cache for all providers: openapi-python-client builds a new Jinja
  environment per provider and compiles the same ~100 templates each time.
* G3 ruff without a Python start: ``python -m ruff`` starts an interpreter only to exec the ruff
  binary; the binary is called directly.
"""

from __future__ import annotations

import datetime
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

_BOOL = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
_INT = re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$")
_FLOAT = re.compile(
    r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
)
_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_TIMESTAMP = re.compile(
    r"^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?"
    r"(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?"
    r"(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?|[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9])$"
)


class Yaml12Loader(yaml.CSafeLoader):  # type: ignore[misc, name-defined]
    """libyaml's parser, YAML 1.2 core-schema scalars (as ruamel.yaml resolves them)."""


Yaml12Loader.yaml_implicit_resolvers = {}
for _tag, _rx, _first in (
    ("bool", _BOOL, "tTfF"),
    ("int", _INT, "-+0123456789"),
    ("float", _FLOAT, "-+0123456789."),
    ("null", _NULL, ["~", "n", "N", ""]),
    ("timestamp", _TIMESTAMP, "0123456789"),
    ("merge", re.compile(r"^(?:<<)$"), "<"),
):
    Yaml12Loader.add_implicit_resolver(f"tag:yaml.org,2002:{_tag}", _rx, list(_first))


def _int12(loader: yaml.SafeLoader, node: yaml.Node) -> int:
    text = str(loader.construct_scalar(node))
    if text.startswith("0o"):
        return int(text[2:], 8)
    if text.startswith("0x"):
        return int(text[2:], 16)
    return int(text, 10)


def _float12(loader: yaml.SafeLoader, node: yaml.Node) -> float:
    text = str(loader.construct_scalar(node)).lower()
    if text.lstrip("+-") == ".inf":
        return float("-inf") if text.startswith("-") else float("inf")
    if text == ".nan":
        return float("nan")
    return float(text)


Yaml12Loader.add_constructor("tag:yaml.org,2002:int", _int12)
Yaml12Loader.add_constructor("tag:yaml.org,2002:float", _float12)


def fast_load(text: str) -> Any:
    return yaml.load(text, Loader=Yaml12Loader)


def _plain_equal(a: Any, b: Any) -> bool:
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_plain_equal(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_plain_equal(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, datetime.datetime) or isinstance(b, datetime.datetime):
        return a == b
    return (type(a) is type(b) and a == b) or (isinstance(a, float) and a != a and b != b)


def same_as_ruamel(texts: dict[str, str]) -> tuple[int, list[str]]:
    """How many of ``texts`` load to the same plain data with G1 as with codegen's ruamel path."""
    import codegen.yamlfile as yf

    def ruamel(text: str, name: str) -> Any:
        if hasattr(yf, "_ruamel_tree"):  # codegen reads through libyaml itself now: ask ruamel directly
            return yf._plain(yf._ruamel_tree(text, Path(name), 0))
        return yf.load_yaml_text(text, Path(name)).data

    differ = [name for name, text in texts.items() if not _plain_equal(fast_load(text), ruamel(text, name))]
    return len(texts) - len(differ), differ


def implemented() -> bool:
    """codegen now does G1 (codegen/yaml12.py), G2 and G3 (codegen/render.py) itself: the patches
    are then not applied, and their what-if rows measure nothing new (they stay comparable runs)."""
    import importlib.util

    return importlib.util.find_spec("codegen.yaml12") is not None


def apply(which: set[str]) -> None:
    if implemented():
        return
    if "g1" in which:
        _g1()
    if "g2" in which:
        _g2()
    if "g3" in which:
        _g3()


def _g1() -> None:
    import codegen.yamlfile as yf

    original = yf.load_yaml_text

    class LazyLocated(yf.LocatedDocument):  # type: ignore[misc]
        def __init__(self, file: Path, text: str, data: Any, line_offset: int) -> None:
            self.file, self.data, self._text, self._line_offset = file, data, text, line_offset
            self._parsed: Any = None

        @property
        def _tree(self) -> Any:  # ruamel only when a position is asked for
            if self._parsed is None:
                self._parsed = original(self._text, self.file, self._line_offset)._tree
            return self._parsed

    def load_yaml_text(text: str, file: Path, line_offset: int = 0) -> Any:
        try:
            data = fast_load(text)
        except yaml.YAMLError:
            return original(text, file, line_offset)
        return LazyLocated(file, text, data, line_offset)

    for name, module in list(sys.modules.items()):
        if name.startswith("codegen") and getattr(module, "load_yaml_text", None) is original:
            module.load_yaml_text = load_yaml_text  # type: ignore[attr-defined]
    # modules codegen imports later pick it up from yamlfile
    yf.load_yaml_text = load_yaml_text


def _g2() -> None:
    import jinja2
    import openapi_python_client as opc

    class MemoryCache(jinja2.BytecodeCache):
        def __init__(self) -> None:
            self.store: dict[str, bytes] = {}

        def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
            data = self.store.get(bucket.key)
            if data is not None:
                bucket.bytecode_from_string(data)

        def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
            self.store[bucket.key] = bucket.bytecode_to_string()

    cache = MemoryCache()
    original = opc.Project.__init__

    def init(self: Any, *args: Any, **kwargs: Any) -> None:
        original(self, *args, **kwargs)
        self.env.bytecode_cache = cache

    opc.Project.__init__ = init  # type: ignore[method-assign]


def _g3() -> None:
    from ruff.__main__ import find_ruff_bin

    import codegen.render as render

    binary = str(find_ruff_bin())
    real = subprocess

    class Shim:
        def __getattr__(self, name: str) -> Any:
            return getattr(real, name)

        @staticmethod
        def run(args: Any, *rest: Any, **kwargs: Any) -> Any:
            if isinstance(args, list) and args[:3] == [sys.executable, "-m", "ruff"]:
                args = [binary, *args[3:]]
            return real.run(args, *rest, **kwargs)

    render.subprocess = Shim()  # type: ignore[assignment]
