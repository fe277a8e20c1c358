"""The committed package schema of the component library: in step with the code, and stable.

`components/schema.json` is what `pulumi package add` consumers get; `schema.released.json` is
the schema of the last release. These tests fail when the code and the committed schema
disagree, and when a released resource, input, output or type disappears or changes shape
without a major version bump (a minor bump while the major version is 0).
"""

import copy
import importlib.machinery
import importlib.util
import json
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
COMPONENTS = ROOT / "components"


def _load_script(name: str) -> ModuleType:
    """Import one of the extension-less scripts in scripts/ as a module."""
    loader = importlib.machinery.SourceFileLoader(
        name.replace("-", "_"), str(ROOT / "scripts" / name)
    )
    spec = importlib.util.spec_from_loader(loader.name, loader)
    assert spec is not None
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


gen_schema = _load_script("gen-schema")


@pytest.fixture(scope="module")
def current() -> dict[str, Any]:
    """The schema generated from the code, as the hosted provider would serve it."""
    schema: dict[str, Any] = gen_schema.generate()
    return schema


def _released() -> dict[str, Any]:
    baseline: dict[str, Any] = json.loads(
        (COMPONENTS / "schema.released.json").read_text(encoding="utf-8")
    )
    return baseline


class TestCommittedSchema:
    """components/schema.json equals what the code generates."""

    def test_committed_schema_matches_code(self, current: dict[str, Any]) -> None:
        """Regenerating the schema from the components changes nothing in schema.json."""
        committed = (COMPONENTS / "schema.json").read_text(encoding="utf-8")
        assert committed == gen_schema.render(current), (
            "components/schema.json differs from the components' code: "
            "run scripts/gen-schema and commit components/schema.json"
        )

    def test_schema_version_is_the_library_version(self, current: dict[str, Any]) -> None:
        """The schema carries the version from aurora_components/_version.py."""
        from aurora_components._version import __version__

        assert current["version"] == __version__
        assert current["name"] == "aurora-platform"

    def test_check_mode_passes_on_the_committed_files(self) -> None:
        """`scripts/gen-schema --check` (the CI form of these tests) reports nothing."""
        assert gen_schema.check() == []

    def test_check_mode_names_the_fix_when_stale(self, tmp_path: Path) -> None:
        """A stale schema.json is reported with the command that fixes it."""
        stale = tmp_path / "schema.json"
        stale.write_text("{}\n", encoding="utf-8")
        errors = gen_schema.check(stale, tmp_path / "absent.json")
        assert errors == [
            "schema.json differs from the components' code: "
            "run scripts/gen-schema and commit components/schema.json"
        ]


class TestReleasedBaseline:
    """The current schema keeps everything the last release offered, unless the major moved."""

    def test_no_breaking_change_without_major_bump(self, current: dict[str, Any]) -> None:
        """Nothing of schema.released.json is lost or reshaped, or the version is a major bump."""
        released = _released()
        problems = gen_schema.breaking_changes(released, current)
        if problems:
            assert gen_schema.is_major_bump(released["version"], current["version"]), (
                f"the schema breaks consumers of {released['version']} but the version is "
                f"{current['version']}; bump the major version (minor while 0.x) in "
                f"aurora_components/_version.py or restore: {problems}"
            )

    def test_baseline_is_not_newer_than_the_code(self, current: dict[str, Any]) -> None:
        """The released baseline's version is at most the current version."""
        released = _released()
        assert gen_schema.parse_version(released["version"]) <= gen_schema.parse_version(
            current["version"]
        )


def _schema(version: str = "0.1.0") -> dict[str, Any]:
    """A small released schema to mutate in the table tests below."""
    return {
        "name": "pkg",
        "version": version,
        "resources": {
            "pkg:index:Db": {
                "inputProperties": {
                    "engineVersion": {"type": "string", "plain": True, "description": "v"},
                    "subnetIds": {"type": "array", "items": {"type": "string"}},
                },
                "requiredInputs": ["engineVersion"],
                "properties": {"endpoint": {"type": "string"}, "port": {"type": "integer"}},
                "required": ["endpoint", "port"],
            }
        },
        "types": {
            "pkg:index:Rule": {
                "properties": {"cidr": {"type": "string"}, "port": {"type": "integer"}},
                "required": ["cidr"],
            }
        },
    }


class TestBreakingChanges:
    """breaking_changes() finds every way a consumer's code stops compiling or working."""

    def test_identical_schemas_are_compatible(self) -> None:
        """No change, no problem."""
        assert gen_schema.breaking_changes(_schema(), _schema()) == []

    def test_additions_and_descriptions_are_compatible(self) -> None:
        """New optional inputs, new outputs, new resources and new wording break nobody."""
        new = _schema()
        res = new["resources"]["pkg:index:Db"]
        res["inputProperties"]["readers"] = {"type": "integer", "plain": True}
        res["inputProperties"]["engineVersion"]["description"] = "reworded"
        res["properties"]["arn"] = {"type": "string"}
        new["resources"]["pkg:index:Other"] = {"inputProperties": {}, "properties": {}}
        assert gen_schema.breaking_changes(_schema(), new) == []

    @pytest.mark.parametrize(
        ("mutate", "expected"),
        [
            (
                lambda s: s["resources"].pop("pkg:index:Db"),
                "resource 'pkg:index:Db' was removed",
            ),
            (
                lambda s: s["resources"]["pkg:index:Db"]["inputProperties"].pop("subnetIds"),
                "pkg:index:Db: input 'subnetIds' was removed",
            ),
            (
                lambda s: s["resources"]["pkg:index:Db"]["properties"].pop("endpoint"),
                "pkg:index:Db: output 'endpoint' was removed",
            ),
            (
                lambda s: s["types"].pop("pkg:index:Rule"),
                "type 'pkg:index:Rule' was removed",
            ),
            (
                lambda s: s["types"]["pkg:index:Rule"]["properties"].pop("port"),
                "pkg:index:Rule: property 'port' was removed",
            ),
            (
                lambda s: s["resources"]["pkg:index:Db"]["requiredInputs"].append("subnetIds"),
                "pkg:index:Db: input 'subnetIds' became required",
            ),
            (
                lambda s: s["resources"]["pkg:index:Db"]["required"].remove("port"),
                "pkg:index:Db: output 'port' became optional",
            ),
            (
                lambda s: s["types"]["pkg:index:Rule"]["required"].append("port"),
                "pkg:index:Rule: property 'port' became required",
            ),
            (
                lambda s: s["resources"]["pkg:index:Db"]["inputProperties"]["engineVersion"].pop(
                    "plain"
                ),
                "pkg:index:Db: input 'engineVersion' changed type from "
                '{"plain": true, "type": "string"} to {"type": "string"}',
            ),
        ],
        ids=[
            "resource-removed",
            "input-removed",
            "output-removed",
            "type-removed",
            "type-property-removed",
            "input-became-required",
            "output-became-optional",
            "type-property-became-required",
            "input-plain-became-input",
        ],
    )
    def test_fails_on_breaking_change(self, mutate: Any, expected: str) -> None:
        """Each single breaking mutation is reported with the resource and property named."""
        new = copy.deepcopy(_schema())
        mutate(new)
        assert gen_schema.breaking_changes(_schema(), new) == [expected]


class TestMajorBump:
    """is_major_bump(): which version moves allow a breaking change."""

    @pytest.mark.parametrize(
        ("released", "current", "allowed"),
        [
            ("1.4.2", "2.0.0", True),
            ("0.1.0", "0.2.0", True),
            ("0.1.0", "1.0.0", True),
            ("1.4.2", "1.5.0", False),
            ("1.4.2", "1.4.3", False),
            ("0.1.0", "0.1.1", False),
            ("0.1.0", "0.1.0", False),
            ("2.0.0", "1.9.0", False),
            ("0.1.0", "0.2.0-rc.1", True),
        ],
    )
    def test_major_bump(self, released: str, current: str, allowed: bool) -> None:
        """A new major, or a new minor under 0.x, allows breaking; anything else does not."""
        assert gen_schema.is_major_bump(released, current) is allowed

    @pytest.mark.parametrize("bad", ["1.2", "v1.2.3", "1.2.x", ""])
    def test_fails_on_malformed_version(self, bad: str) -> None:
        """A version that is not MAJOR.MINOR.PATCH is refused with the value in the message."""
        with pytest.raises(ValueError, match=f"version must be MAJOR.MINOR.PATCH, got {bad!r}"):
            gen_schema.parse_version(bad)
