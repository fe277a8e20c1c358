"""The example programs of ``examples/`` (written like other teams' programs) plan offline in
both modes with exactly the findings their ``expected-findings.yaml`` lists."""

from __future__ import annotations

import importlib.machinery
import importlib.util
import json
from pathlib import Path
from types import ModuleType
from typing import Any

import jsonschema
import pytest
from auroractl.cli import main

ROOT = Path(__file__).resolve().parent.parent
PACK = ROOT / "policies"
SARIF_SCHEMA = json.loads((Path(__file__).parent / "data" / "sarif-schema-2.1.0.json").read_text())
EXAMPLES = {"web-rds": "staging", "aurora-existing-vpc": "prod"}


def _script() -> ModuleType:
    loader = importlib.machinery.SourceFileLoader(
        "plan_all_stacks", str(ROOT / "scripts" / "plan-all-stacks")
    )
    spec = importlib.util.spec_from_loader(loader.name, loader)
    assert spec is not None
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


script = _script()


def plan(
    capsys: pytest.CaptureFixture[str], example: str, mode: str, *extra: str
) -> tuple[int, str]:
    """``auroractl plan`` of an example under the repository's pack (its mocks file when it
    has one); (exit code, stdout)."""
    project = ROOT / "examples" / example
    argv = ["plan", "--project-dir", str(project), "--stack", EXAMPLES[example]]
    argv += ["--mode", mode, "--policy-pack", str(PACK), *extra]
    if (project / "mocks.yaml").is_file():
        argv += ["--mocks", str(project / "mocks.yaml")]
    code = main(argv)
    return code, capsys.readouterr().out


@pytest.mark.parametrize("mode", ["preview", "update"])
@pytest.mark.parametrize("example", sorted(EXAMPLES))
def test_findings_are_the_expected_ones(
    capsys: pytest.CaptureFixture[str], example: str, mode: str
) -> None:
    """The plan runs (no error) and finds exactly the expected findings; exit 1 when one of
    them is mandatory."""
    expected = script.load_expected(ROOT / "examples" / example / "expected-findings.yaml")
    wanted: set[str] = expected[EXAMPLES[example]][mode]
    code, out = plan(capsys, example, mode, "--json")
    doc: dict[str, Any] = json.loads(out)
    assert doc.get("error") is None
    found = {script.finding_key(f) for f in doc["policyFindings"]}
    assert script.compare(wanted, found) == []
    assert code == (1 if any(key.startswith("mandatory ") for key in wanted) else 0)


def test_web_tier_outputs_are_realistic_in_update_mode(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The values the program formats from provider outputs (the ALB's DNS name, the RDS
    instance's address and port) are concrete in update mode, unknown in preview."""
    _, out = plan(capsys, "web-rds", "update", "--json")
    outputs = json.loads(out)["outputs"]
    assert outputs["url"].startswith("https://") and outputs["url"].endswith(".elb.amazonaws.com")
    assert outputs["databaseEndpoint"].endswith(".rds.amazonaws.com:5432")
    assert outputs["amiId"].startswith("ami-")
    _, out = plan(capsys, "web-rds", "preview", "--json")
    assert json.loads(out)["outputs"]["url"] == "[unknown]"


def test_sarif_points_at_the_example_program(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """From the repository root, the RDS instance's findings point at the line of
    examples/web-rds/__main__.py that constructs it; the log is valid SARIF 2.1.0."""
    monkeypatch.chdir(ROOT)
    _, out = plan(capsys, "web-rds", "preview", "--format", "sarif")
    log = json.loads(out)
    jsonschema.Draft4Validator(SARIF_SCHEMA).validate(log)
    results = [
        r
        for r in log["runs"][0]["results"]
        if r["properties"].get("resourceType") == "aws:rds/instance:Instance"
    ]
    assert results
    source = (ROOT / "examples" / "web-rds" / "__main__.py").read_text().splitlines()
    for result in results:
        physical = result["locations"][0]["physicalLocation"]
        assert physical["artifactLocation"]["uri"] == "examples/web-rds/__main__.py"
        assert "aws.rds.Instance(" in source[physical["region"]["startLine"] - 1]
