"""The config contract is declared once (aurora_program/schema.py); Pulumi.yaml's config block
and the README's table are generated from it and fail here when they drift."""

from __future__ import annotations

import copy
import importlib.machinery
import importlib.util
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml
from auroractl.engine.config import parse_project
from jsonschema import Draft202012Validator

from aurora_program import schema
from aurora_program.schema import CONFIG_SCHEMA, allowed, is_valid, key_schema

REPO_ROOT = Path(__file__).resolve().parents[1]


def _load_script(name: str) -> ModuleType:
    loader = importlib.machinery.SourceFileLoader(
        name.replace("-", "_"), str(REPO_ROOT / "scripts" / name)
    )
    spec = importlib.util.spec_from_loader(loader.name, loader)
    assert spec is not None
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


gen_config = _load_script("gen-config")


def test_schema_is_valid_json_schema() -> None:
    """CONFIG_SCHEMA is a valid draft 2020-12 schema."""
    Draft202012Validator.check_schema(CONFIG_SCHEMA)


@pytest.mark.parametrize("key", list(CONFIG_SCHEMA["properties"]))
def test_every_key_is_documented_and_its_default_allowed(key: str) -> None:
    """Each key has a title and a description; its default passes its own schema."""
    spec = CONFIG_SCHEMA["properties"][key]
    assert spec["title"] and spec["description"]
    if "default" in spec:
        assert is_valid(key, spec["default"]), key


def test_committed_files_match_the_schema() -> None:
    """`scripts/gen-config --check` (what `make config-docs` would change) reports nothing."""
    result = subprocess.run(
        [sys.executable, str(REPO_ROOT / "scripts" / "gen-config"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (result.returncode, result.stderr) == (0, "")


def test_pulumi_yaml_declares_the_schema() -> None:
    """Pulumi.yaml declares every schema key with its Pulumi type and default, as the CLI
    reads it."""
    spec = parse_project(yaml.safe_load((REPO_ROOT / "Pulumi.yaml").read_text()))
    assert list(spec.config) == list(CONFIG_SCHEMA["properties"])
    for key, decl in spec.config.items():
        assert decl.type == schema.pulumi_type(key).get("type"), key
        assert decl.default == CONFIG_SCHEMA["properties"][key].get("default"), key


@pytest.mark.parametrize(
    ("change", "needle"),
    [
        (lambda s: s["properties"]["readers"].update(maximum=7), "an integer from 0 to 7"),
        (lambda s: s["properties"]["proxy"].update(default=True), "| `proxy` | `true` |"),
        (lambda s: s["properties"]["tags"].update(title="labels"), "| labels |"),
    ],
)
def test_a_schema_change_is_drift_until_regenerated(
    monkeypatch: pytest.MonkeyPatch, change: Any, needle: str
) -> None:
    """Changing the schema changes the generated table, so the committed README drifts."""
    changed = copy.deepcopy(CONFIG_SCHEMA)
    change(changed)
    monkeypatch.setitem(CONFIG_SCHEMA, "properties", changed["properties"])
    current = (REPO_ROOT / "README.md").read_text()
    regenerated = gen_config.readme(current)
    assert regenerated != current
    assert needle in regenerated


@pytest.mark.parametrize(
    ("path", "value", "ok"),
    [
        ("engineVersion", "16.4", True),
        ("engineVersion", "16.4\n", False),
        ("engineVersion", "", True),
        ("alarmEmail", "ops@example.com\n", False),
        ("clientSecurityGroupIds", ["sg-0123456789abcdef0\n"], False),
        ("databases.name", "orders\n", False),
        ("minCapacity", 0, True),
        ("minCapacity", 0.25, False),
        ("databases", [{"name": "a", "readers": 16}], False),
    ],
)
def test_patterns_match_the_whole_value(path: str, value: Any, ok: bool) -> None:
    """A final `$` means the end of the value (ECMA-262), not before a final newline."""
    assert is_valid(path, value) is ok


@pytest.mark.parametrize(
    ("path", "text"),
    [
        ("readers", "an integer from 0 to 15"),
        ("stage", "one of dev, staging, prod"),
        ("minCapacity", "0 or a multiple of 0.5 from 0.5 to 256 (ACUs)"),
        ("maxCapacity", "a multiple of 0.5 from 1 to 256 (ACUs)"),
        ("network.azCount", "2 or 3"),
        ("proxy", "true or false"),
    ],
)
def test_allowed_values_in_words_come_from_the_schema(path: str, text: str) -> None:
    assert allowed(path) == text


def test_fleet_entries_reuse_the_stack_keys() -> None:
    """A databases entry's keys are the stack keys of the same name (one declaration)."""
    assert key_schema("databases.readers") is CONFIG_SCHEMA["properties"]["readers"]
