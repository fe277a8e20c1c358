"""scripts/plan-all-stacks: which stacks it plans, with which policy config, and its exit status."""

from __future__ import annotations

import importlib.machinery
import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _load() -> ModuleType:
    loader = importlib.machinery.SourceFileLoader(
        "plan_all_stacks", str(ROOT / "scripts" / "plan-all-stacks")
    )
    spec = importlib.util.spec_from_loader(loader.name, loader)
    assert spec is not None
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


script = _load()


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project with a prod stack (no policy config) and a dev stack (with one)."""
    for name in ("Pulumi.yaml", "Pulumi.prod.yaml", "Pulumi.dev.yaml", "Pulumi.yaml.bak"):
        (tmp_path / name).write_text("config: {}\n", encoding="utf-8")
    (tmp_path / "policies" / "config").mkdir(parents=True)
    (tmp_path / "policies" / "config" / "dev.json").write_text("{}", encoding="utf-8")
    return tmp_path


def test_finds_every_stack_file_sorted(project: Path) -> None:
    """Only Pulumi.<stack>.yaml files count."""
    assert script.find_stacks(project) == ["dev", "prod"]


def test_passes_the_policy_config_only_when_it_exists(project: Path) -> None:
    """dev gets policies/config/dev.json; prod runs with no config (full strictness)."""
    dev = script.plan_command(project, "dev", "preview", None)
    prod = script.plan_command(project, "prod", "update", Path("pk"))
    assert dev[-7:] == [
        "plan",
        "--stack",
        "dev",
        "--mode",
        "preview",
        "--policy-pack-config",
        "policies/config/dev.json",
    ]
    assert prod[-7:] == ["plan", "--stack", "prod", "--mode", "update", "--policy-pack", "pk"]


@pytest.mark.parametrize(
    ("codes", "expected"),
    [({}, 0), ({"prod": 1}, 1), ({"dev": 2}, 2), ({"dev": 2, "prod": 1}, 1)],
)
def test_exit_status_combines_every_plan(
    project: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    codes: dict[str, int],
    expected: int,
) -> None:
    """0 when all pass; 1 when any mandatory finding; else the first error status."""
    calls: list[list[str]] = []

    def fake_call(cmd: list[str], **_: object) -> int:
        calls.append(cmd)
        return codes.get(cmd[cmd.index("--stack") + 1], 0)

    monkeypatch.setattr(script.subprocess, "call", fake_call)
    assert script.main(["--project-dir", str(project)]) == expected
    assert [(c[c.index("--stack") + 1], c[c.index("--mode") + 1]) for c in calls] == [
        ("dev", "preview"),
        ("dev", "update"),
        ("prod", "preview"),
        ("prod", "update"),
    ]
    assert "FAIL (mandatory policy finding)" in capsys.readouterr().out or 1 not in codes.values()


def test_fails_without_a_project(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A folder without Pulumi.yaml is bad input (exit 2) with one line naming the option."""
    assert script.main(["--project-dir", str(tmp_path)]) == 2
    assert "--project-dir" in capsys.readouterr().err


class TestExpectations:
    """--expect: findings keyed as the examples' expected-findings.yaml write them."""

    def test_finding_key(self) -> None:
        """Resource findings by type and name; stack-wide ones as (stack)."""
        urn = "urn:pulumi:s::p::aws:rds/instance:Instance::db"
        finding = {"level": "mandatory", "policy": "aurora-cmk", "urn": urn}
        finding["resource_type"] = "aws:rds/instance:Instance"
        assert script.finding_key(finding) == ("mandatory aurora-cmk aws:rds/instance:Instance::db")
        stack_wide = {"level": "advisory", "policy": "x", "urn": None, "resource_type": None}
        assert script.finding_key(stack_wide) == "advisory x (stack)"

    def test_compare_names_unexpected_and_missing(self) -> None:
        """Each difference is one line; equal sets give none."""
        assert script.compare({"a", "b"}, ["b", "a", "a"]) == []
        assert script.compare({"a", "b"}, ["b", "c"]) == ["unexpected: c", "missing:    a"]

    def test_load_expected(self, tmp_path: Path) -> None:
        """Stacks to modes to sets; a bad mode is refused naming the stack."""
        path = tmp_path / "expected.yaml"
        path.write_text("prod:\n  preview: [a, b]\n  update: []\n", encoding="utf-8")
        assert script.load_expected(path) == {"prod": {"preview": {"a", "b"}, "update": set()}}
        path.write_text("prod:\n  deploy: [a]\n", encoding="utf-8")
        with pytest.raises(ValueError, match="prod: expected a map with keys preview"):
            script.load_expected(path)

    def test_plan_command_passes_mocks(self, project: Path) -> None:
        """--mocks reaches auroractl plan."""
        cmd = script.plan_command(project, "prod", "preview", None, Path("m.yaml"))
        assert cmd[-2:] == ["--mocks", "m.yaml"]
