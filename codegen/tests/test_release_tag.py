"""codegen/release_tag.py: a tag is released only when it names a package at its recorded version."""

from __future__ import annotations

import fnmatch
import shutil
import zipfile
from pathlib import Path

import pytest

from codegen.providers import ROOT, load_providers
from codegen.release_tag import UV, ReleaseError, build, check_tag, main, parse_tag
from codegen.yamlload import load_yaml_file

GENERATED = ROOT / "generated"


@pytest.fixture(scope="module")
def vobiz_tag() -> str:
    [vobiz] = load_providers("vobiz")
    return f"{vobiz.distribution}-v{vobiz.version}"


def test_parse_tag() -> None:
    assert parse_tag("vobiz-client-v0.2.0") == ("vobiz-client", "0.2.0")
    assert parse_tag("refs/tags/mihu-client-v1.10.3") == ("mihu-client", "1.10.3")
    for bad in (
        "vobiz-client-0.2.0",
        "vobiz-client-v0.2",
        "v0.2.0",
        "vobiz-client-v0.2.0rc1",
        "Vobiz-v1.0.0",
    ):
        with pytest.raises(ReleaseError, match="is not <distribution>-v"):
            parse_tag(bad)


def test_every_current_version_is_releasable() -> None:
    providers = load_providers()
    for provider in providers:
        assert check_tag(f"{provider.distribution}-v{provider.version}", providers, GENERATED) == provider


def test_unknown_distribution_lists_the_valid_tags(vobiz_tag: str) -> None:
    with pytest.raises(ReleaseError, match=r"no provider .* 'nobody-client'") as caught:
        check_tag("nobody-client-v0.1.0", load_providers(), GENERATED)
    assert vobiz_tag in str(caught.value)


def test_version_other_than_providers_yaml_is_refused() -> None:
    with pytest.raises(ReleaseError, match=r"providers.yaml has vobiz-client at .*, not 9\.9\.9"):
        check_tag("vobiz-client-v9.9.9", load_providers(), GENERATED)


def _copy_generated(tmp_path: Path) -> Path:
    generated = tmp_path / "generated"
    shutil.copytree(GENERATED / "vobiz", generated / "vobiz", ignore=shutil.ignore_patterns("__pycache__"))
    return generated


def test_stale_generated_version_is_refused(tmp_path: Path, vobiz_tag: str) -> None:
    generated = _copy_generated(tmp_path)
    pyproject = generated / "vobiz" / "pyproject.toml"
    version = vobiz_tag.rsplit("-v", 1)[1]
    pyproject.write_text(pyproject.read_text().replace(f'version = "{version}"', 'version = "0.0.1"'))
    with pytest.raises(ReleaseError, match="generated/ is stale"):
        check_tag(vobiz_tag, load_providers("vobiz"), generated)


def test_changelog_without_the_version_as_newest_entry_is_refused(tmp_path: Path, vobiz_tag: str) -> None:
    generated = _copy_generated(tmp_path)
    changelog = generated / "vobiz" / "CHANGELOG.md"
    text = changelog.read_text()
    first = text.index("\n## ") + 1
    changelog.write_text(text[:first] + "## 9.9.9 (2027-01-01)\n\nLater.\n\n" + text[first:])
    with pytest.raises(ReleaseError, match=r"newest entry of .* is 9\.9\.9"):
        check_tag(vobiz_tag, load_providers("vobiz"), generated)
    changelog.write_text("# Changelog\n")
    with pytest.raises(ReleaseError, match="is none"):
        check_tag(vobiz_tag, load_providers("vobiz"), generated)


@pytest.mark.skipif(not UV.exists(), reason="needs the pinned uv: make builds it")
def test_build_writes_exactly_the_tagged_wheel_and_sdist(
    tmp_path: Path, vobiz_tag: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("UV_OFFLINE", "1")  # uv_build is built into uv: no network
    [vobiz] = load_providers("vobiz")
    wheel, sdist = build(vobiz, GENERATED, tmp_path / "dist")
    assert wheel.name == f"vobiz_client-{vobiz.version}-py3-none-any.whl" and sdist.exists()
    with zipfile.ZipFile(wheel) as zf:
        metadata = zf.read(f"vobiz_client-{vobiz.version}.dist-info/METADATA").decode()
    assert f"\nVersion: {vobiz.version}\n" in metadata and "\nName: vobiz-client\n" in metadata
    with pytest.raises(ReleaseError, match="is not empty"):
        build(vobiz, GENERATED, tmp_path / "dist")


def test_main_reports_a_refusal_and_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["vobiz-client-v9.9.9"]) == 1
    assert "release: tag 'vobiz-client-v9.9.9'" in capsys.readouterr().err


def test_main_accepts_the_current_tag(vobiz_tag: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([vobiz_tag]) == 0
    assert f"release: {vobiz_tag} is vobiz-client" in capsys.readouterr().out


def test_the_release_workflow_triggers_on_every_current_tag() -> None:
    workflow = load_yaml_file(ROOT / ".github" / "workflows" / "release.yml")
    patterns = workflow[True]["push"]["tags"]  # YAML 1.1 reads the key `on` as True
    for provider in load_providers():
        tag = f"{provider.distribution}-v{provider.version}"
        assert any(fnmatch.fnmatchcase(tag, p) for p in patterns), (tag, patterns)
    assert not any(fnmatch.fnmatchcase("nightly-2026-12-02", p) for p in patterns)
