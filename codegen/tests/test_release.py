"""Versions and changelogs follow spec changes: the bump, the entry, the rendered CHANGELOG.md, idempotence."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from codegen import release
from codegen.__main__ import main
from codegen.generate import _normalized, check, generate
from codegen.providers import Provider, load_providers
from codegen.specdiff import BREAKING, COMPATIBLE, COSMETIC
from codegen.tests.conftest import TinyTree
from codegen.yamlload import load_yaml, load_yaml_file

DAY = "2030-01-02"

# A change of each class to the tiny provider's source (see conftest.py): (old text, new text)
EDITS = {
    COSMETIC: ("description: Routed\n", "description: Routed to the trunk\n"),
    COMPATIBLE: (
        "properties: {e164: {type: string}, trunk_id: {type: string}, via:",
        "properties: {e164: {type: string}, trunk_id: {type: string}, note: {type: string}, via:",
    ),
    BREAKING: (
        "required: [trunk_id]\n      properties: {trunk_id: {type: string}}",
        "required: [trunk_id, priority]\n      properties: {trunk_id: {type: string}, priority: {type: integer}}",
    ),
}
EXPECTED = {
    COSMETIC: ("0.1.1", "patch", "route_number: response 200: description changed"),
    COMPATIBLE: ("0.1.1", "patch", "route_number: new response 200 field `note`"),
    BREAKING: ("0.2.0", "minor", "route_number: new required request body field `priority`"),
}


@pytest.fixture(autouse=True)
def fixed_day(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(release, "today", lambda: DAY)


def edit(tiny: TinyTree, kind: str) -> None:
    old, new = EDITS[kind]
    text = tiny.source.read_text()
    assert old in text
    tiny.source.write_text(text.replace(old, new))
    tiny.seal()


def tiny_provider(tiny: TinyTree) -> Provider:
    return load_providers("tiny", tiny.root)[0]


def commit_spec(tiny: TinyTree) -> None:
    """What an earlier `make generate` leaves: the normalized spec and a changelog."""
    provider = tiny_provider(tiny)
    spec, text = _normalized(provider)
    provider.normalized_path.write_text(text)
    assert release.record_spec_change(provider, spec, text, root=tiny.root) is not None


@pytest.mark.parametrize(
    ("version", "kind", "expected"),
    [
        ("0.1.0", BREAKING, ("0.2.0", "minor")),
        ("0.1.3", COMPATIBLE, ("0.1.4", "patch")),
        ("0.1.3", COSMETIC, ("0.1.4", "patch")),
        ("1.4.2", BREAKING, ("2.0.0", "major")),
        ("1.4.2", COMPATIBLE, ("1.5.0", "minor")),
        ("1.4.2", COSMETIC, ("1.4.3", "patch")),
    ],
)
def test_next_version(version: str, kind: str, expected: tuple[str, str]) -> None:
    assert release.next_version(version, kind) == expected


def test_set_version_rewrites_one_line_and_keeps_comments(tmp_path: Path) -> None:
    path = tmp_path / "providers.yaml"
    original = (
        "# comment\nproviders:\n  a:\n    title: A  # kept\n    version: 0.1.0\n"
        "  b:\n    # b's own\n    version: '0.1.0'   # pinned by X\n"
    )
    path.write_text(original)
    release.set_version(path, "b", "0.2.0")
    assert path.read_text() == original.replace("'0.1.0'", "'0.2.0'")
    release.set_version(path, "a", "0.1.1")
    assert path.read_text().splitlines()[4] == "    version: 0.1.1"


@pytest.mark.parametrize("kind", EDITS)
def test_a_spec_change_bumps_the_version_and_appends_a_changelog_entry(tiny: TinyTree, kind: str) -> None:
    commit_spec(tiny)
    before = (tiny.spec_dir / "CHANGELOG.yaml").read_text()
    edit(tiny, kind)
    provider = tiny_provider(tiny)
    spec, text = _normalized(provider)

    recorded = release.record_spec_change(provider, spec, text, root=tiny.root)

    version, bump, words = EXPECTED[kind]
    assert recorded is not None and (recorded.old_version, recorded.new_version) == ("0.1.0", version)
    assert tiny_provider(tiny).version == version
    after = (tiny.spec_dir / "CHANGELOG.yaml").read_text()
    assert after.startswith(before)  # append only: earlier entries stay byte for byte
    entry = load_yaml(after)[-1]
    assert entry["version"] == version and entry["bump"] == bump and entry["date"] == DAY
    assert entry["spec_sha256"] == release._sha(text)
    assert {c["kind"] for c in entry["changes"]} == {kind}
    assert any(words in c["text"] for c in entry["changes"]), entry["changes"]
    assert words in "\n".join(recorded.report)


def test_an_unchanged_spec_records_nothing(tiny: TinyTree) -> None:
    commit_spec(tiny)
    provider = tiny_provider(tiny)
    assert release.record_spec_change(provider, *_normalized(provider), root=tiny.root) is None
    assert provider.version == "0.1.0"


def test_make_diff_previews_without_writing(
    tiny: TinyTree, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    commit_spec(tiny)
    edit(tiny, BREAKING)
    monkeypatch.setattr("codegen.providers.ROOT", tiny.root)
    real = load_providers
    monkeypatch.setattr("codegen.providers.load_providers", lambda only=None: real(only, tiny.root))
    files = {p: p.read_bytes() for p in tiny.root.rglob("*") if p.is_file()}

    assert main(["diff"]) == 0

    out = capsys.readouterr().out
    assert "tiny-client 0.1.0 -> 0.2.0" in out and "new required request body field `priority`" in out
    assert {p: p.read_bytes() for p in tiny.root.rglob("*") if p.is_file()} == files


def test_generate_versions_renders_the_changelog_and_is_idempotent(
    tiny: TinyTree, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tiny.generated

    assert generate(generated=out, root=tiny.root) == ["tiny"]
    assert "changelog started at 0.1.0" in capsys.readouterr().out
    changelog = (out / "tiny" / "CHANGELOG.md").read_text()
    assert changelog.startswith("<!-- Generated by codegen from ")
    assert f"## 0.1.0 ({DAY})\n\nInitial generated client" in changelog

    # A failed rendering takes back the bump and the entry, and leaves generated/ alone.
    edit(tiny, BREAKING)
    saved = {
        p: p.read_bytes()
        for p in (tiny.root / "codegen" / "providers.yaml", tiny.spec_dir / "CHANGELOG.yaml")
    }

    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("renderer failed")

    with monkeypatch.context() as patch:
        patch.setattr("codegen.render.render_package", broken)
        with pytest.raises(RuntimeError):
            generate(generated=out, root=tiny.root)
    assert {p: p.read_bytes() for p in saved} == saved
    assert (out / "tiny" / "CHANGELOG.md").read_text() == changelog

    assert generate(generated=out, root=tiny.root) == ["tiny"]
    printed = capsys.readouterr().out
    assert "tiny-client 0.1.0 -> 0.2.0" in printed and "breaking" in printed
    provenance = json.loads((out / "tiny" / "tiny_client" / "PROVENANCE.json").read_text())
    assert provenance["version"] == "0.2.0"
    assert 'version = "0.2.0"' in (out / "tiny" / "pyproject.toml").read_text()
    changelog = (out / "tiny" / "CHANGELOG.md").read_text()
    assert changelog.index("## 0.2.0") < changelog.index("## 0.1.0")
    assert "### Breaking\n\n- route_number: new required request body field `priority`" in changelog

    # Nothing changed: nothing regenerated, nothing bumped, and the tree is what a fresh run gives.
    assert generate(generated=out, root=tiny.root) == []
    assert generate(generated=out, root=tiny.root, force=True) == ["tiny"]
    assert tiny_provider(tiny).version == "0.2.0"
    assert len(load_yaml_file(tiny.spec_dir / "CHANGELOG.yaml")) == 2
    assert check(generated=out, root=tiny.root) == []
