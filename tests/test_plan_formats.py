"""``auroractl plan`` for CI: SARIF 2.1.0 (validated against the official schema), JUnit XML,
``--output``, a JSON document for every failed run, and a region without prices."""

from __future__ import annotations

import contextlib
import io
import json
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from auroractl.cli import EXIT_CONFIG, EXIT_FAILURE, EXIT_PROGRAM, main

REPO_ROOT = Path(__file__).resolve().parents[1]
PACK = REPO_ROOT / "policies"
SCHEMA = json.loads((Path(__file__).parent / "data" / "sarif-schema-2.1.0.json").read_text())
CLUSTER_TYPE = "aws:rds/cluster:Cluster"


def run_plan(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """``auroractl plan`` in-process from the repository root; (exit code, stdout, stderr)."""
    code = main(["plan", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def validate_sarif(log: dict[str, Any]) -> None:
    """Raises jsonschema.ValidationError unless the log is valid SARIF 2.1.0."""
    jsonschema.Draft4Validator(SCHEMA).validate(log)


@pytest.fixture(scope="module")
def dev_sarif() -> dict[str, Any]:
    """The dev stack (production strictness: mandatory findings) as SARIF, from the repo root."""
    buffer = io.StringIO()
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(REPO_ROOT)
        with contextlib.redirect_stdout(buffer):
            code = main(["plan", "--stack", "dev", "--format", "sarif"])
    assert code == EXIT_FAILURE
    log: dict[str, Any] = json.loads(buffer.getvalue())
    return log


class TestSarif:
    def test_valid_against_the_sarif_2_1_0_schema(self, dev_sarif: dict[str, Any]) -> None:
        """The official OASIS schema accepts the log."""
        validate_sarif(dev_sarif)
        assert dev_sarif["version"] == "2.1.0"

    def test_the_schema_rejects_a_broken_log(self, dev_sarif: dict[str, Any]) -> None:
        """The validation can fail: a result level SARIF does not define is refused."""
        broken = json.loads(json.dumps(dev_sarif))
        broken["runs"][0]["results"][0]["level"] = "mandatory"
        with pytest.raises(jsonschema.ValidationError):
            validate_sarif(broken)

    def test_rules_carry_description_help_and_remediation(self, dev_sarif: dict[str, Any]) -> None:
        """Every policy of the pack is a rule; the pack's remediation steps are its help."""
        rules = {r["id"]: r for r in dev_sarif["runs"][0]["tool"]["driver"]["rules"]}
        rule = rules["aurora-deletion-protection"]
        assert rule["fullDescription"]["text"]
        assert rule["properties"]["remediation"]
        assert rule["help"]["text"].endswith(f"Remediation: {rule['properties']['remediation']}")
        assert rule["defaultConfiguration"]["level"] == "error"
        assert len(rules) > 50

    def test_one_result_per_finding_with_the_urn(
        self, dev_sarif: dict[str, Any], capsys: pytest.CaptureFixture[str]
    ) -> None:
        """The same findings as --json's policyFindings, level by enforcement, URN as logical
        location, ruleIndex pointing at the rule."""
        code, out, _ = run_plan(capsys, "--project-dir", str(REPO_ROOT), "--stack", "dev", "--json")
        assert code == EXIT_FAILURE
        findings = json.loads(out)["policyFindings"]
        run = dev_sarif["runs"][0]
        results = run["results"]
        assert len(results) == len(findings)
        levels = {"mandatory": "error", "advisory": "warning", "remediate": "note"}
        for result, finding in zip(results, findings, strict=True):
            assert result["ruleId"] == finding["policy"]
            assert result["level"] == levels[finding["level"]]
            assert run["tool"]["driver"]["rules"][result["ruleIndex"]]["id"] == finding["policy"]
            logical = result["locations"][0].get("logicalLocations", [{}])[0]
            assert logical.get("fullyQualifiedName") == finding["urn"]

    def test_physical_location_is_the_declaring_line(self, dev_sarif: dict[str, Any]) -> None:
        """The cluster's finding points at the line that constructs the aws.rds.Cluster, a path
        relative to where auroractl ran; the program's frames follow as the result's stack."""
        (result,) = [
            r
            for r in dev_sarif["runs"][0]["results"]
            if r["ruleId"] == "aurora-acu-bounds"
            and r["properties"]["resourceType"] == CLUSTER_TYPE
        ]
        physical = result["locations"][0]["physicalLocation"]
        assert physical["artifactLocation"] == {
            "uri": "components/aurora_components/cluster.py",
            "uriBaseId": "%SRCROOT%",
        }
        line = physical["region"]["startLine"]
        source = (REPO_ROOT / "components/aurora_components/cluster.py").read_text()
        assert "aws.rds.Cluster(" in source.splitlines()[line - 1]
        frames = result["stacks"][0]["frames"]
        outermost = frames[-1]["location"]["physicalLocation"]["artifactLocation"]["uri"]
        assert outermost == "__main__.py"

    def test_failed_run_is_a_valid_log_with_the_error(
        self, capsys: pytest.CaptureFixture[str], stack_copy: Callable[..., Path]
    ) -> None:
        """Bad config: exit 2, executionSuccessful false, the message as a notification."""
        project = stack_copy("dev", {"readers": 20})
        code, out, err = run_plan(
            capsys, "--project-dir", str(project), "--format", "sarif", "--no-policy"
        )
        log = json.loads(out)
        validate_sarif(log)
        invocation = log["runs"][0]["invocations"][0]
        assert code == EXIT_CONFIG
        assert invocation["executionSuccessful"] is False
        assert invocation["exitCode"] == EXIT_CONFIG
        notification = invocation["toolExecutionNotifications"][0]
        assert f"error: {notification['message']['text']}\n" == err
        assert "'readers'" in err


class TestJunit:
    def test_one_testcase_per_policy_failing_on_mandatory(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Policies with a mandatory finding fail; the counts add up; advisory ones pass."""
        code, out, _ = run_plan(
            capsys, "--project-dir", str(REPO_ROOT), "--stack", "dev", "--format", "junit"
        )
        assert code == EXIT_FAILURE
        root = ET.fromstring(out)
        (suite,) = root.findall("testsuite")
        assert suite.get("name") == "aurora-platform/dev (preview)"
        cases = suite.findall("testcase")
        failed = {c.get("name") for c in cases if c.find("failure") is not None}
        assert "aurora-acu-bounds" in failed
        assert int(suite.get("tests", "0")) == len(cases) > 50
        assert int(suite.get("failures", "0")) == len(failed)
        assert root.get("failures") == suite.get("failures")
        advisory_only = [
            c for c in cases if c.find("system-out") is not None and c.get("name") not in failed
        ]
        assert advisory_only

    def test_program_error_is_an_error_case(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path, toy: Any
    ) -> None:
        """A failing program: one testcase 'plan' with an error naming it."""
        project = toy.write(tmp_path / "boom", program="raise KeyError('nope')\n")
        code, out, _ = run_plan(
            capsys, "--project-dir", str(project), "--format", "junit", "--no-policy"
        )
        assert code == EXIT_PROGRAM
        (case,) = ET.fromstring(out).iter("testcase")
        error = case.find("error")
        assert error is not None and error.get("type") == "program"
        assert "KeyError" in (error.get("message") or "")


class TestJsonAlwaysOneDocument:
    @pytest.mark.parametrize(
        ("argv", "kind", "code", "text"),
        [
            (["--stack", "qa"], "config", EXIT_CONFIG, "no stack named 'qa'"),
            (["--policy-pack", "no-such-pack"], "policy", EXIT_CONFIG, "no-such-pack"),
            (["--output", "no-such-dir/plan.json"], "config", EXIT_CONFIG, "--output"),
        ],
    )
    def test_failed_runs_print_a_document_with_error(
        self,
        capsys: pytest.CaptureFixture[str],
        argv: list[str],
        kind: str,
        code: int,
        text: str,
    ) -> None:
        """Config, pack and flag errors: one JSON document with `error` and an error
        diagnostic; the same line on stderr."""
        got, out, err = run_plan(capsys, "--project-dir", str(REPO_ROOT), "--json", *argv)
        doc = json.loads(out)
        assert got == code
        assert doc["error"]["kind"] == kind
        assert doc["error"]["exitCode"] == code
        assert text in doc["error"]["message"]
        assert err == f"error: {doc['error']['message']}\n"
        assert doc["diagnostics"][-1] == {
            "message": f"error: {doc['error']['message']}\n",
            "severity": "error",
        }

    def test_program_error(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path, toy: Any
    ) -> None:
        """A program that raises: kind program, the config the run had, no steps."""
        project = toy.write(tmp_path / "boom", program="raise KeyError('nope')\n")
        got, out, _ = run_plan(capsys, "--project-dir", str(project), "--json", "--no-policy")
        doc = json.loads(out)
        assert got == EXIT_PROGRAM
        assert doc["error"] == {
            "kind": "program",
            "message": "__main__.py:1: KeyError: 'nope'",
            "exitCode": EXIT_PROGRAM,
        }
        assert "steps" not in doc
        assert all(isinstance(v, str) for v in doc["config"].values())


class TestOutputFile:
    def test_document_to_file_text_to_stdout(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """--output FILE gets the SARIF; stdout still shows the text report."""
        target = tmp_path / "plan.sarif"
        code, out, _ = run_plan(
            capsys,
            "--project-dir",
            str(REPO_ROOT),
            "--stack",
            "prod",
            "--format",
            "sarif",
            "--output",
            str(target),
        )
        assert code == 0
        assert out.startswith("Stack prod (aurora-platform), preview: ")
        log = json.loads(target.read_text())
        validate_sarif(log)
        assert all(r["level"] != "error" for r in log["runs"][0]["results"])


class TestRegionWithoutPrices:
    @pytest.mark.parametrize("region", ["eu-central-1", "af-south-1"])
    def test_plan_runs_and_cost_says_not_priced(
        self,
        capsys: pytest.CaptureFixture[str],
        stack_copy: Callable[..., Path],
        region: str,
    ) -> None:
        """The plan runs to its policy verdict; the Cost section names the region."""
        project = stack_copy("prod", {"aws:region": region})
        code, out, err = run_plan(
            capsys, "--project-dir", str(project), "--stack", "prod", "--policy-pack", str(PACK)
        )
        assert (code, err) == (0, "")
        assert f"\nCost:\n    not priced for {region} (prices known for " in out

    def test_json_cost_member_and_no_cost(
        self, capsys: pytest.CaptureFixture[str], stack_copy: Callable[..., Path]
    ) -> None:
        """`cost` says it is not priced; --no-cost drops the section and the member."""
        project = stack_copy("prod", {"aws:region": "eu-central-1"})
        base = ["--project-dir", str(project), "--stack", "prod", "--no-policy"]
        _, out, _ = run_plan(capsys, *base, "--json")
        cost = json.loads(out)["cost"]
        assert (cost["region"], cost["priced"]) == ("eu-central-1", False)
        _, out, _ = run_plan(capsys, *base, "--json", "--no-cost")
        assert "cost" not in json.loads(out)
        _, out, _ = run_plan(capsys, *base, "--no-cost")
        assert "\nCost:" not in out

    def test_one_plan_several_reports_by_suffix(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """Repeated --output: each file in the format its suffix names, from the same run."""
        files = [tmp_path / "plan.json", tmp_path / "plan.sarif", tmp_path / "plan.xml"]
        argv = ["--project-dir", str(REPO_ROOT), "--stack", "dev", "--no-cost"]
        for path in files:
            argv += ["--output", str(path)]
        code, out, _ = run_plan(capsys, *argv)
        assert code == EXIT_FAILURE
        assert out.startswith("Stack dev (aurora-platform), preview: ")
        findings = json.loads(files[0].read_text())["policyFindings"]
        log = json.loads(files[1].read_text())
        validate_sarif(log)
        assert len(log["runs"][0]["results"]) == len(findings)
        suite = ET.fromstring(files[2].read_text()).find("testsuite")
        assert suite is not None
        failed = {c.get("name") for c in suite.iter("testcase") if c.find("failure") is not None}
        assert failed == {f["policy"] for f in findings if f["level"] == "mandatory"}
