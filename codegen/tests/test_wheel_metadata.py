"""Each generated package's wheel says what a user installing it expects: README, license, true URLs.

The wheels are built as `make dist` builds them (uv build with the uv_build backend bundled in the
pinned uv, network off) and their ``*.dist-info/METADATA`` read as an installer reads it:

* ``Description`` is the package's README.md, as markdown (``help(<package>)`` points at it);
* ``License-Expression: MIT`` and the repository's LICENSE text in ``.dist-info/licenses/``;
* every ``Project-URL`` is one of the vendor pages the spec was taken from
  (specs/<provider>/sources.yaml): no URL that nobody checked, no invented repository.
"""

from __future__ import annotations

import email.parser
import os
import subprocess
import zipfile
from email.message import Message
from pathlib import Path

import pytest

from codegen.providers import ROOT
from codegen.yamlload import load_yaml_file

UV = ROOT / ".tools" / "bin" / "uv"
PROVIDERS = sorted(p.parent.name for p in (ROOT / "generated").glob("*/pyproject.toml"))


@pytest.fixture(scope="module")
def wheels(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    if not UV.exists():
        pytest.fail(f"needs {UV}: run `make unit` (the Makefile installs the pinned uv)")
    out = tmp_path_factory.mktemp("wheels")
    env = {**os.environ, "UV_OFFLINE": "1", "UV_PYTHON_DOWNLOADS": "never"}
    built = {}
    for provider in PROVIDERS:
        subprocess.run(
            [str(UV), "build", "--wheel", "--quiet", str(ROOT / "generated" / provider), "--out-dir", str(out)],
            env=env, check=True, capture_output=True, timeout=300,
        )  # fmt: skip
        [wheel] = out.glob(f"{provider}_client-*-py3-none-any.whl")
        built[provider] = wheel
    return built


def metadata(wheel: Path) -> tuple[Message, zipfile.ZipFile]:
    archive = zipfile.ZipFile(wheel)
    [name] = [n for n in archive.namelist() if n.endswith(".dist-info/METADATA")]
    return email.parser.Parser().parsestr(archive.read(name).decode("utf-8")), archive


def test_every_generated_package_is_built() -> None:
    assert PROVIDERS == ["bolna", "mihu", "tryvox", "twilio", "vobiz"]


@pytest.mark.parametrize("provider", PROVIDERS)
def test_the_description_is_the_readme(provider: str, wheels: dict[str, Path]) -> None:
    meta, _ = metadata(wheels[provider])
    readme = (ROOT / "generated" / provider / "README.md").read_text(encoding="utf-8")
    assert meta["Description-Content-Type"] == "text/markdown"
    assert str(meta.get_payload()).strip() == readme.strip()


@pytest.mark.parametrize("provider", PROVIDERS)
def test_the_license_is_mit(provider: str, wheels: dict[str, Path]) -> None:
    meta, _ = metadata(wheels[provider])
    assert meta["License-Expression"] == "MIT"
    assert "MIT License" in (ROOT / "LICENSE").read_text(encoding="utf-8")


@pytest.mark.parametrize("provider", PROVIDERS)
def test_the_wheel_carries_the_license_text(provider: str, wheels: dict[str, Path]) -> None:
    meta, archive = metadata(wheels[provider])
    assert meta.get_all("License-File") == ["LICENSE"], (
        "no License-File: codegen must copy the repository's LICENSE into generated/<provider>/ and set "
        "the template global license_file (codegen/templates/pyproject_uv.toml.jinja)"
    )
    [name] = [n for n in archive.namelist() if n.endswith(".dist-info/licenses/LICENSE")]
    assert archive.read(name).decode("utf-8") == (ROOT / "LICENSE").read_text(encoding="utf-8")


@pytest.mark.parametrize("provider", PROVIDERS)
def test_the_project_urls_are_the_vendors_pages(provider: str, wheels: dict[str, Path]) -> None:
    meta, _ = metadata(wheels[provider])
    urls = dict(entry.split(", ", 1) for entry in meta.get_all("Project-URL") or [])
    assert urls, "no Project-URL"
    sources = load_yaml_file(ROOT / "specs" / provider / "sources.yaml")
    documented = {s.get(key) for s in sources["sources"] for key in ("url", "rendered")} - {None}
    assert set(urls.values()) <= documented, f"{urls} not among specs/{provider}/sources.yaml's URLs"
    assert all(url.startswith("https://") for url in urls.values())
