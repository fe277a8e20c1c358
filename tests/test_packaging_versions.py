"""One version per distribution, repeated only where a tool needs it, and always in step.

The sources of truth are `aurora_components/_version.py` and `aurora_guardrails/_version.py`
(read by hatchling) and the root `pyproject.toml`. `PulumiPolicy.yaml`, the package schema and
the changelogs repeat them; these tests keep every copy equal.
"""

import ast
import importlib.util
import re
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
SEMVER = re.compile(r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z.-]+)?$")
RELEASE_HEADING = re.compile(r"^## \[(?P<version>[^\]]+)\] - (?P<date>\d{4}-\d{2}-\d{2})$")


def _version_file(path: Path) -> str:
    """The `__version__` string literal of a _version.py file, read without importing it."""
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if (
            isinstance(node, ast.Assign)
            and [t.id for t in node.targets if isinstance(t, ast.Name)] == ["__version__"]
            and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, str)
        ):
            return node.value.value
    raise AssertionError(f"{path} assigns no string literal to __version__")


def _pyproject(folder: Path) -> dict[str, Any]:
    with (folder / "pyproject.toml").open("rb") as f:
        data: dict[str, Any] = tomllib.load(f)
    return data


COMPONENTS_VERSION = _version_file(ROOT / "components" / "aurora_components" / "_version.py")
GUARDRAILS_VERSION = _version_file(ROOT / "policies" / "aurora_guardrails" / "_version.py")
ROOT_VERSION: str = _pyproject(ROOT)["project"]["version"]

DISTRIBUTIONS = [
    pytest.param(ROOT / "components", COMPONENTS_VERSION, id="components"),
    pytest.param(ROOT / "policies", GUARDRAILS_VERSION, id="policies"),
    pytest.param(ROOT, ROOT_VERSION, id="root"),
]


@pytest.mark.parametrize("version", [COMPONENTS_VERSION, GUARDRAILS_VERSION, ROOT_VERSION])
def test_versions_are_semantic(version: str) -> None:
    """Every distribution version is MAJOR.MINOR.PATCH with an optional pre-release."""
    assert SEMVER.match(version), version


@pytest.mark.parametrize(
    ("folder", "package"),
    [("components", "aurora_components"), ("policies", "aurora_guardrails")],
)
def test_pyproject_reads_version_from_version_file(folder: str, package: str) -> None:
    """The library pyproject declares the version dynamic and points hatchling at _version.py."""
    data = _pyproject(ROOT / folder)
    assert "version" not in data["project"]
    assert data["project"]["dynamic"] == ["version"]
    assert data["tool"]["hatch"]["version"]["path"] == f"{package}/_version.py"


def test_library_modules_expose_the_same_version() -> None:
    """Importing _version gives the string the AST read (no computed versions)."""
    from aurora_components._version import __version__ as components
    from aurora_guardrails._version import __version__ as guardrails

    assert (components, guardrails) == (COMPONENTS_VERSION, GUARDRAILS_VERSION)


def test_policy_pack_version_matches_library() -> None:
    """policies/PulumiPolicy.yaml carries the aurora-guardrails version (the CLI reports it)."""
    manifest = yaml.safe_load((ROOT / "policies" / "PulumiPolicy.yaml").read_text(encoding="utf-8"))
    assert manifest.get("version") == GUARDRAILS_VERSION, (
        f"policies/PulumiPolicy.yaml version is {manifest.get('version')!r}; "
        f"aurora_guardrails/_version.py is {GUARDRAILS_VERSION!r}"
    )


@pytest.mark.parametrize(("folder", "version"), DISTRIBUTIONS)
def test_changelog_has_an_entry_for_the_version(folder: Path, version: str) -> None:
    """CHANGELOG.md opens with [Unreleased], then the current version as the newest release."""
    lines = (folder / "CHANGELOG.md").read_text(encoding="utf-8").splitlines()
    headings = [line for line in lines if line.startswith("## ")]
    assert headings[0] == "## [Unreleased]"
    releases = [RELEASE_HEADING.match(h) for h in headings[1:]]
    assert all(releases), f"malformed release headings in {folder / 'CHANGELOG.md'}: {headings}"
    versions = [m.group("version") for m in releases if m]
    assert versions[0] == version


@pytest.mark.parametrize(("folder", "version"), DISTRIBUTIONS)
def test_changelog_releases_are_newest_first(folder: Path, version: str) -> None:
    """Release headings are in descending version and date order, each version once."""
    text = (folder / "CHANGELOG.md").read_text(encoding="utf-8")
    releases = [RELEASE_HEADING.match(line) for line in text.splitlines()]
    found = [(m.group("version"), m.group("date")) for m in releases if m]
    keys = [tuple(int(p) for p in v.split("-")[0].split(".")) for v, _ in found]
    assert keys == sorted(keys, reverse=True) and len(set(keys)) == len(keys)
    assert [d for _, d in found] == sorted((d for _, d in found), reverse=True)


def test_plugin_manifest_runs_python_in_its_own_environment() -> None:
    """PulumiPlugin.yaml: runtime python, a virtualenv the language host fills from requirements."""
    manifest = yaml.safe_load(
        (ROOT / "components" / "PulumiPlugin.yaml").read_text(encoding="utf-8")
    )
    assert manifest["runtime"]["name"] == "python"
    assert manifest["runtime"]["options"]["virtualenv"] == ".venv"
    requirements = (ROOT / "components" / "requirements.txt").read_text(encoding="utf-8")
    assert [r for r in requirements.splitlines() if r and not r.startswith("#")] == ["."]


def test_importing_the_plugin_entry_hosts_nothing() -> None:
    """components/__main__.py starts the provider only when run as a program."""
    import pulumi.provider.experimental.host as host

    path = ROOT / "components" / "__main__.py"
    spec = importlib.util.spec_from_file_location("aurora_platform_plugin_probe", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert host.is_hosting is False
    assert module.PACKAGE_NAME == "aurora-platform"
    assert module.__version__ == COMPONENTS_VERSION
    assert 'if __name__ == "__main__":\n    main()' in path.read_text(encoding="utf-8")
