"""The guardrails pack finds exactly what the stock pulumi_policy pack finds.

`policies/__main__.py` builds `aurora_guardrails.pack.PolicyPack` (each request decoded once,
views shared across policies). The same file with `pulumi_policy.PolicyPack` is the stock path:
both are started as the CLI starts them and analyze the same plans; findings (policy, level,
resource, message) and not-applicable answers must be identical.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from auroractl.engine import PlanResult, run_stack
from auroractl.policy import PackReport, analyze_plan

REPO_ROOT = Path(__file__).resolve().parents[1]
PACK_DIR = REPO_ROOT / "policies"
FAST_IMPORT = "from aurora_guardrails.pack import PolicyPack\n"
FLEET = "fleet10"


@pytest.fixture(scope="module")
def stock_pack(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """policies/__main__.py with the stock `pulumi_policy.PolicyPack`."""
    target = tmp_path_factory.mktemp("stock") / "pack"
    target.mkdir()
    main = (PACK_DIR / "__main__.py").read_text(encoding="utf-8")
    assert FAST_IMPORT in main
    (target / "__main__.py").write_text(
        main.replace(FAST_IMPORT, "from pulumi_policy import PolicyPack\n"), encoding="utf-8"
    )
    shutil.copy(PACK_DIR / "PulumiPolicy.yaml", target / "PulumiPolicy.yaml")
    return target


@pytest.fixture(scope="module")
def fleet_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The prod stack with ten databases."""
    target = tmp_path_factory.mktemp("fleet")
    config = yaml.safe_load((REPO_ROOT / "Pulumi.prod.yaml").read_text())["config"]
    config["aurora-platform:databases"] = [{"name": f"db{i:02d}"} for i in range(10)]
    for name in ("Pulumi.yaml", "__main__.py"):
        shutil.copy(REPO_ROOT / name, target / name)
    (target / f"Pulumi.{FLEET}.yaml").write_text(yaml.safe_dump({"config": config}))
    return target


def _plan(stack: str, preview: bool, fleet_project: Path) -> PlanResult:
    project = fleet_project if stack == FLEET else REPO_ROOT
    return run_stack(project, stack, preview=preview)


def _seen(report: PackReport) -> tuple[list[tuple[str, ...]], list[tuple[str, str, str]]]:
    findings = [
        (f.policy, f.level, f.urn or "", f.resource_type or "", f.message, f.pack)
        for f in report.findings
    ]
    return findings, list(report.not_applicable)


@pytest.mark.parametrize("preview", [True, False], ids=["preview", "update"])
@pytest.mark.parametrize("stack", ["dev", "prod", "dsql", FLEET])
def test_findings_match_the_stock_pack(
    stack: str, preview: bool, stock_pack: Path, fleet_project: Path
) -> None:
    """Same findings and not-applicable answers, with the stack's own policy config."""
    plan = _plan(stack, preview, fleet_project)
    config = PACK_DIR / "config" / "dev.json" if stack == "dev" else None
    ours = analyze_plan(plan, PACK_DIR, config_file=config)
    stock = analyze_plan(plan, stock_pack, config_file=config)
    assert ours.findings or ours.not_applicable  # every case has answers to compare
    assert _seen(ours) == _seen(stock)
    assert not [log for log in ours.logs if "stock servicer" in log.message]
