"""``auroractl plan``: exit codes, one-line errors, the tree and the preview-shaped JSON."""

from __future__ import annotations

import argparse
import contextlib
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from auroractl.cli import (
    EXIT_CONFIG,
    EXIT_OK,
    EXIT_PROGRAM,
    Section,
    main,
    render_plan,
)
from auroractl.engine import PlanResult, run_stack

from auroractl import cli

REPO_ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def no_extensions(monkeypatch: pytest.MonkeyPatch) -> None:
    """Test plan itself: the policy and cost extensions have their own tests."""
    monkeypatch.setattr(cli, "PLAN_EXTENSIONS", [])


class FakeExtension:
    """An extension adding one option, one section, a finding and a failing exit code."""

    name = "fake"

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        """Adds --fake."""
        parser.add_argument("--fake", default="x")

    def sections(self, plan: PlanResult, args: argparse.Namespace) -> list[Section]:
        """One section naming the option's value."""
        finding = {"policy": "p", "level": "mandatory", "urn": None, "message": "m"}
        return [Section("Fake", [f"fake={args.fake}"], findings=[finding], exit_code=1)]


def plan_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Run ``auroractl plan`` in-process; returns (exit code, stdout, stderr)."""
    code = main(["plan", "--project-dir", str(REPO_ROOT), *argv])
    out, err = capsys.readouterr()
    return code, out, err


class TestText:
    def test_dev_prints_tree_and_outputs(self, capsys: pytest.CaptureFixture[str]) -> None:
        """The report shows components above their children and the stack outputs."""
        code, out, err = plan_cli(capsys, "--stack", "dev")
        assert (code, err) == (EXIT_OK, "")
        lines = out.splitlines()
        assert lines[0] == (
            "Stack dev (aurora-platform), preview: 37 resources to create, 0 protected"
        )
        platform = lines.index("        + aurora-platform:platform:AuroraPlatform  aurora-dev")
        cluster = lines.index(
            "                + aws:rds/cluster:Cluster  aurora-dev-aurora-cluster"
        )
        assert platform < cluster
        assert "    clusterIdentifier: aurora-dev" in lines
        assert "    writerEndpoint: [unknown]" in lines

    def test_prod_marks_protected_resources(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Protected resources carry [protect]."""
        code, out, _ = plan_cli(capsys, "--stack", "prod")
        assert code == EXIT_OK
        assert "+ aws:rds/cluster:Cluster  aurora-prod-aurora-cluster  [protect]" in out
        assert "+ aws:kms/key:Key  aurora-prod-kms-key  [protect]" in out

    def test_sections_render_after_outputs(self) -> None:
        """Extension sections come last, indented under their title."""
        plan = run_stack(REPO_ROOT, "dev")
        text = render_plan(plan, [Section("Policies", ["0 violations"])])
        assert text.endswith("\nPolicies:\n    0 violations\n")


class TestJson:
    @pytest.fixture(scope="class")
    def document(self) -> dict[str, Any]:
        """The prod plan as JSON, through the CLI (no extensions)."""
        buffer = io.StringIO()
        with pytest.MonkeyPatch.context() as patch, contextlib.redirect_stdout(buffer):
            patch.setattr(cli, "PLAN_EXTENSIONS", [])
            code = main(["plan", "--project-dir", str(REPO_ROOT), "--stack", "prod", "--json"])
        assert code == EXIT_OK
        result: dict[str, Any] = json.loads(buffer.getvalue())
        return result

    def test_top_level_keys(self, document: dict[str, Any]) -> None:
        """The PreviewDigest's members (diagnostics omitted when empty), then our `outputs`."""
        assert list(document) == ["config", "steps", "duration", "changeSummary", "outputs"]
        assert document["changeSummary"] == {"create": len(document["steps"])}
        assert isinstance(document["duration"], int) and document["duration"] > 0

    def test_config_values_are_strings(self, document: dict[str, Any]) -> None:
        """`config` is map[string]string: scalars as text, objects as JSON."""
        config = document["config"]
        assert all(isinstance(v, str) for v in config.values())
        assert config["aurora-platform:stage"] == "prod"
        assert config["aurora-platform:readers"] == "1"
        assert config["aurora-platform:proxy"] == "true"
        assert json.loads(config["aurora-platform:network"])["azCount"] == 3

    def test_steps_are_creates_with_detailed_diff(self, document: dict[str, Any]) -> None:
        """Every step is a create; `detailedDiff` is present and null, as for a real create."""
        for step in document["steps"]:
            assert step["op"] == "create"
            assert step["urn"] == step["newState"]["urn"]
            assert "detailedDiff" in step and step["detailedDiff"] is None
            assert {"urn", "custom", "type"} <= set(step["newState"])

    def test_empty_fields_are_omitted(self, document: dict[str, Any]) -> None:
        """omitempty: no empty string, false, empty list or empty map anywhere in a state."""
        for step in document["steps"]:
            state = step["newState"]
            for key, value in state.items():
                if key != "custom":
                    assert value not in ("", False, [], {}, None), (state["urn"], key)
        root = document["steps"][0]["newState"]
        assert "parent" not in root and "outputs" not in root and "protect" not in root

    def test_source_position_of_the_declaring_line(self, document: dict[str, Any]) -> None:
        """sourcePosition is the engine's project-relative URI of the constructor's caller."""
        (state,) = [
            s["newState"]
            for s in document["steps"]
            if s["newState"]["type"] == "aurora-platform:platform:AuroraPlatform"
        ]
        path, line = state["sourcePosition"].removeprefix("project:///").split("#")
        assert path == "__main__.py"
        source = (REPO_ROOT / path).read_text().splitlines()[int(line) - 1]
        assert "AuroraPlatform(" in source
        assert state["stackTrace"][0] == {"sourcePosition": state["sourcePosition"]}

    def test_cluster_step(self, document: dict[str, Any]) -> None:
        """The cluster step carries its type, parent, protect and default provider."""
        (step,) = [
            s for s in document["steps"] if s["newState"]["type"] == "aws:rds/cluster:Cluster"
        ]
        state = step["newState"]
        assert state["protect"] is True
        assert state["custom"] is True
        assert state["parent"].endswith(
            "::aurora-platform:platform:AuroraPlatform$aurora-platform:cluster:AuroraCluster"
            "::aurora-prod-aurora"
        )
        assert state["inputs"]["storageEncrypted"] is True
        assert step["provider"].startswith(
            "urn:pulumi:prod::aurora-platform::pulumi:providers:aws::default_7_51_1::"
        )

    def test_unknowns_keep_the_sentinel(self, document: dict[str, Any]) -> None:
        """Preview unknowns are Pulumi's sentinel in inputs and '[unknown]' in outputs."""
        (cluster,) = [
            s["newState"]
            for s in document["steps"]
            if s["newState"]["type"] == "aws:rds/cluster:Cluster"
        ]
        assert cluster["inputs"]["kmsKeyId"] == "04da6b54-80e4-46f7-96ec-b56ff0331ba9"
        assert document["outputs"]["writerEndpoint"] == "[unknown]"


class TestExtensions:
    def test_extension_options_sections_and_exit_code(
        self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """An extension's option reaches its section; its exit code becomes the command's."""
        monkeypatch.setattr(cli, "PLAN_EXTENSIONS", [FakeExtension()])
        code, out, _ = plan_cli(capsys, "--fake", "y")
        assert code == 1
        assert out.endswith("\nFake:\n    fake=y\n")

    def test_extension_findings_reach_the_json(
        self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Findings are our `policyFindings` member only: the real digest has no policy events."""
        monkeypatch.setattr(cli, "PLAN_EXTENSIONS", [FakeExtension()])
        _, out, _ = plan_cli(capsys, "--json")
        doc = json.loads(out)
        assert doc["policyFindings"] == [
            {"policy": "p", "level": "mandatory", "urn": None, "message": "m"}
        ]
        assert "diagnostics" not in doc


class TestErrors:
    @pytest.mark.parametrize(
        ("changes", "message"),
        [
            (
                {"readers": 20},
                "error: Stack 'dev' with configuration key 'readers' must be an integer from "
                "0 to 15, got 20\n",
            ),
            ({"stage": None}, "error: Stack 'dev' is missing configuration value 'stage'\n"),
            (
                {"proxy": True},
                "error: Stack 'dev': minCapacity must be at least 0.5 when proxy is true",
            ),
        ],
    )
    def test_bad_config_exits_2_with_one_line(
        self,
        capsys: pytest.CaptureFixture[str],
        stack_copy: Callable[..., Path],
        changes: dict[str, Any],
        message: str,
    ) -> None:
        """Bad config: exit 2, one line on stderr, nothing on stdout, no traceback."""
        project_dir = stack_copy("dev", changes)
        code = main(["plan", "--project-dir", str(project_dir)])
        out, err = capsys.readouterr()
        assert (code, out) == (EXIT_CONFIG, "")
        assert err.startswith(message)
        assert err.count("\n") == 1
        assert "Traceback" not in err

    def test_unknown_stack_exits_2(self, capsys: pytest.CaptureFixture[str]) -> None:
        """A stack without a file is a config error naming the stacks that exist."""
        code, out, err = plan_cli(capsys, "--stack", "qa")
        assert (code, out) == (EXIT_CONFIG, "")
        assert err.startswith("error: no stack named 'qa': Pulumi.qa.yaml not found; stacks here: ")
        assert {"dev", "prod"} <= set(err.rsplit(": ", 1)[1].strip().split(", "))

    def test_program_failure_exits_3(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path, toy: Any
    ) -> None:
        """A failing program: its own exit code (not 1, a finding; not 2, bad input) and one
        line with the program's file, line, exception type and message."""
        project_dir = toy.write(tmp_path / "boom", program="raise KeyError('nope')\n")
        code = main(["plan", "--project-dir", str(project_dir)])
        _, err = capsys.readouterr()
        assert code == EXIT_PROGRAM == 3
        assert err == "error: __main__.py:1: KeyError: 'nope'\n"

    def test_usage_errors_exit_2(self, capsys: pytest.CaptureFixture[str]) -> None:
        """argparse errors exit 2 as well."""
        with pytest.raises(SystemExit) as info:
            main(["plan", "--bogus"])
        assert info.value.code == EXIT_CONFIG
        assert "unrecognized arguments: --bogus" in capsys.readouterr().err
