"""Our template overrides say what they forked, so upgrading openapi-python-client cannot drop upstream fixes.

Every file in codegen/templates/ starts with one of two Jinja comments (they render nothing):

    {# Forked from openapi-python-client 0.29.1 templates/model.py.jinja (sha256 <64 hex>).
       Changes: what we changed, in words. #}

    {# Ours (no openapi-python-client counterpart): what it renders. #}

A fork records the sha256 of the upstream file it started from. When the pinned openapi-python-client
ships a different copy of that file, the test fails and names the template: an upgrade forces a
re-merge instead of silently keeping our copy of an old template.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import re
from pathlib import Path

import openapi_python_client

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
UPSTREAM = Path(openapi_python_client.__file__).parent / "templates"
UPSTREAM_VERSION = importlib.metadata.version("openapi-python-client")

_FORK = re.compile(
    r"\A\{#-? Forked from openapi-python-client (?P<version>\S+) templates/(?P<name>\S+) "
    r"\(sha256 (?P<sha256>[0-9a-f]{64})\)\.\s+Changes: \S"
)
_OURS = re.compile(r"\A\{#-? Ours \(no openapi-python-client counterpart\): \S")
_HOW = "see the docstring of codegen/tests/test_template_forks.py"


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _header(version: str, name: str, sha256: str) -> str:
    return f"{{# Forked from openapi-python-client {version} templates/{name} (sha256 {sha256})."


def problems(templates: Path, upstream: Path, upstream_version: str) -> list[str]:
    """Each template whose header is missing, wrong, or records an upstream file that has changed."""
    found: list[str] = []
    for path in sorted(p for p in templates.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        name = path.relative_to(templates).as_posix()
        label = f"codegen/templates/{name}"
        text = path.read_text(encoding="utf-8")
        original = upstream / name
        fork = _FORK.match(text)
        if fork is None and _OURS.match(text) is None:
            stub = (
                _header(upstream_version, name, _sha256(original)) + "\n   Changes: ... #}"
                if original.is_file()
                else "{# Ours (no openapi-python-client counterpart): ... #}"
            )
            found.append(f"{label}: no fork header on its first line ({_HOW}); start it with:\n    {stub}")
        elif fork is None:
            if original.is_file():
                found.append(
                    f"{label}: says Ours, but openapi-python-client {upstream_version} has templates/{name}, "
                    f"which this file overrides; write a Forked header instead:\n"
                    f"    {_header(upstream_version, name, _sha256(original))}"
                )
        elif fork["name"] != name:
            found.append(
                f"{label}: its header names templates/{fork['name']}, but it overrides templates/{name}"
            )
        elif not original.is_file():
            found.append(
                f"{label}: forked from openapi-python-client {fork['version']} templates/{name}, which "
                f"{upstream_version} no longer has: find where upstream moved it, re-merge, update the header "
                f"(or, if nothing upstream renders this any more, delete the template or make it Ours)"
            )
        elif (now := _sha256(original)) != fork["sha256"]:
            found.append(
                f"{label}: openapi-python-client {upstream_version} changed templates/{name} since our fork "
                f"from {fork['version']} (sha256 {fork['sha256'][:12]}..., now {now[:12]}...).\n"
                f"    Re-merge: see what upstream changed (pip download --no-deps openapi-python-client=={fork['version']} "
                f"to get the old copy) and port what we want into ours (diff {original} {path});\n"
                f"    update the Changes list, and start the header with:\n"
                f"    {_header(upstream_version, name, now)}"
            )
    return found


def test_every_template_records_its_fork() -> None:
    found = problems(TEMPLATES, UPSTREAM, UPSTREAM_VERSION)
    assert not found, "\n".join(found)


# The checker itself, on templates made up for the purpose.


def _upstream(tmp_path: Path) -> Path:
    up = tmp_path / "upstream"
    (up / "property_templates").mkdir(parents=True)
    (up / "model.py.jinja").write_text("upstream model\n")
    (up / "property_templates" / "union_property.py.jinja").write_text("upstream union\n")
    return up


def _ours(tmp_path: Path, files: dict[str, str]) -> Path:
    ours = tmp_path / "ours"
    for name, text in files.items():
        (ours / name).parent.mkdir(parents=True, exist_ok=True)
        (ours / name).write_text(text)
    return ours


def _fork(name: str, sha256: str) -> str:
    return _header("1.0", name, sha256) + "\n   Changes: more. #}\nbody\n"


def test_checker_accepts_good_headers(tmp_path: Path) -> None:
    up = _upstream(tmp_path)
    union = "property_templates/union_property.py.jinja"
    ours = _ours(
        tmp_path,
        {
            "model.py.jinja": _fork("model.py.jinja", _sha256(up / "model.py.jinja")),
            union: _fork(union, _sha256(up / union)),
            "extra.py.jinja": "{# Ours (no openapi-python-client counterpart): an extra module. #}\nbody\n",
        },
    )
    assert problems(ours, up, "1.0") == []


def test_checker_names_a_changed_upstream_template_and_the_new_hash(tmp_path: Path) -> None:
    up = _upstream(tmp_path)
    ours = _ours(tmp_path, {"model.py.jinja": _fork("model.py.jinja", _sha256(up / "model.py.jinja"))})
    (up / "model.py.jinja").write_text("upstream model, with a fix\n")
    [found] = problems(ours, up, "2.0")
    assert found.startswith("codegen/templates/model.py.jinja: openapi-python-client 2.0 changed")
    assert _header("2.0", "model.py.jinja", _sha256(up / "model.py.jinja")) in found


def test_checker_rejects_missing_and_wrong_headers(tmp_path: Path) -> None:
    up = _upstream(tmp_path)
    ours = _ours(
        tmp_path,
        {
            "model.py.jinja": "{# a comment, but not the header #}\nbody\n",
            "extra.py.jinja": "body\n",
            "property_templates/union_property.py.jinja": "{# Ours (no openapi-python-client counterpart): x #}\n",
            "gone.py.jinja": _fork("gone.py.jinja", "0" * 64),
            "renamed.py.jinja": _fork("model.py.jinja", _sha256(up / "model.py.jinja")),
        },
    )
    found = problems(ours, up, "1.0")
    assert [f.split(":")[0] for f in found] == [
        "codegen/templates/extra.py.jinja",
        "codegen/templates/gone.py.jinja",
        "codegen/templates/model.py.jinja",
        "codegen/templates/property_templates/union_property.py.jinja",
        "codegen/templates/renamed.py.jinja",
    ]
    extra, gone, model, union, renamed = found
    assert "Ours (no openapi-python-client counterpart)" in extra
    assert _header("1.0", "model.py.jinja", _sha256(up / "model.py.jinja")) in model
    assert "no longer has" in gone
    assert "says Ours" in union
    assert "names templates/model.py.jinja" in renamed
