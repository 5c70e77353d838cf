"""No import cycle among the sandbox's modules, so each can be read (and changed) after what it imports.

A cycle hides which module is the lower layer: admin.py once imported app.py under
TYPE_CHECKING while app.py mounted admin.py's routes. Every import counts here,
whether at the top, inside a function or under ``if TYPE_CHECKING:``, and so do
the emulators app.py imports by name (its ``PROVIDERS``). The test parses the
sources with ``ast``; nothing is imported to find the edges.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from sandbox.app import PROVIDERS

SANDBOX = Path(__file__).resolve().parents[1]


def module_names(root: Path, package: str) -> dict[str, Path]:
    """Dotted module name -> source file, for every module of the package but its tests."""
    names = {}
    for path in sorted(root.rglob("*.py")):
        parts = path.relative_to(root).with_suffix("").parts
        if "tests" in parts:
            continue
        dotted = ".".join((package, *parts))
        names[dotted.removesuffix(".__init__")] = path
    return names


def imports_of(module: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """The package's modules that ``module`` imports, anywhere in its source."""
    is_package = path.name == "__init__.py"
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                here = module.split(".") if is_package else module.split(".")[:-1]
                base = ".".join(here[: len(here) - node.level + 1])
                base = f"{base}.{node.module}" if node.module else base
            else:
                base = node.module or ""
            # `from .x import y` imports the submodule x.y if there is one, else a name of x
            targets = [
                f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base for alias in node.names
            ]
        else:
            continue
        for target in targets:
            # `import sandbox.a.b` needs the longest prefix that is one of the package's modules
            while target and target not in modules:
                target = target.rpartition(".")[0]
            if target and target != module:
                found.add(target)
    return found


def import_graph(root: Path, package: str) -> dict[str, set[str]]:
    modules = module_names(root, package)
    return {module: imports_of(module, path, modules) for module, path in modules.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Each cycle, as the modules of one strongly connected component (Tarjan), sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_sandbox_modules_import_each_other_without_a_cycle() -> None:
    graph = import_graph(SANDBOX, "sandbox")
    graph["sandbox.app"] |= {f"sandbox.{target.partition(':')[0]}" for target in PROVIDERS.values()}
    assert "sandbox.provider" in graph["sandbox.vobiz"]  # the parse sees relative imports
    found = cycles(graph)
    assert not found, (
        f"import cycles among sandbox/*.py (each a group of modules importing each other): {found}"
    )


def write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / "pkg" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root / "pkg"


@pytest.mark.parametrize(
    "b_source",
    [
        "from .a import thing\n",
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from .a import Thing\n",
        "def later():\n    from pkg import a\n",
        "import pkg.a\n",
    ],
    ids=["top-level", "type-checking", "in-a-function", "absolute"],
)
def test_a_cycle_is_found_however_the_import_is_written(tmp_path: Path, b_source: str) -> None:
    files = {
        "__init__.py": "",
        "a/__init__.py": "from ..b import helper\n",
        "b.py": b_source,
        "c.py": "from . import b\n",
    }
    graph = import_graph(write(tmp_path, files), "pkg")
    assert graph["pkg.c"] == {"pkg.b"}
    assert cycles(graph) == [["pkg.a", "pkg.b"]]


def test_a_chain_without_a_way_back_is_no_cycle(tmp_path: Path) -> None:
    files = {
        "__init__.py": "",
        "a.py": "from .b import x\n",
        "b.py": "from . import c\n",
        "c.py": "import os\n",
    }
    graph = import_graph(write(tmp_path, files), "pkg")
    assert graph == {"pkg": set(), "pkg.a": {"pkg.b"}, "pkg.b": {"pkg.c"}, "pkg.c": set()}
    assert cycles(graph) == []
