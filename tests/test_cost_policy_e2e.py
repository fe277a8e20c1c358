"""monthly-cost-ceiling through the Analyzer gRPC path on the real prod plan."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
from auroractl.cost import estimate_plan
from auroractl.engine import PlanResult, run_stack
from auroractl.policy import run_pack
from auroractl.policy.testing import write_pack

PROJECT = Path(__file__).resolve().parents[1]
PACK_MAIN = textwrap.dedent(
    """
    from pulumi_policy import PolicyPack

    from aurora_guardrails.rules.cost.monthly_cost_ceiling import monthly_cost_ceiling

    PolicyPack("cost-only", [monthly_cost_ceiling])
    """
)


@pytest.fixture(scope="module")
def prod_plan() -> PlanResult:
    """The prod stack planned once for this module."""
    return run_stack(PROJECT, "prod")


@pytest.fixture(scope="module")
def pack(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A pack holding only monthly-cost-ceiling."""
    return write_pack(tmp_path_factory.mktemp("cost-pack"), PACK_MAIN)


def config(tmp_path: Path, body: dict[str, object]) -> Path:
    """A --policy-pack-config file."""
    path = tmp_path / "policy.json"
    path.write_text(json.dumps(body), encoding="utf-8")
    return path


def test_inactive_without_config(prod_plan: PlanResult, pack: Path) -> None:
    """No maxMonthlyUsd: no finding."""
    assert run_pack(prod_plan, pack) == []


def test_fails_low_ceiling(prod_plan: PlanResult, pack: Path, tmp_path: Path) -> None:
    """A $100 ceiling on prod: one mandatory stack finding with the high end and the ceiling,
    on the root stack's URN as the engine attributes stack findings."""
    cfg = config(tmp_path, {"monthly-cost-ceiling": {"maxMonthlyUsd": 100}})
    findings = run_pack(prod_plan, pack, config_file=cfg)
    assert [(f.policy, f.level, f.urn) for f in findings] == [
        ("monthly-cost-ceiling", "mandatory", prod_plan.stack_urn)
    ]
    # The engine prefixes the policy's description; the violation is the last line.
    message = findings[0].message.splitlines()[-1]
    assert message.startswith("estimated monthly cost up to $")
    assert message.endswith("exceeds the ceiling maxMonthlyUsd = $100.00")


def test_same_numbers_as_the_cli(prod_plan: PlanResult, pack: Path, tmp_path: Path) -> None:
    """The policy's high end and floor are the CLI's, to the cent (one path for both)."""
    estimate = estimate_plan(prod_plan)
    cfg = config(tmp_path, {"monthly-cost-ceiling": {"maxMonthlyUsd": 1}})
    (finding,) = run_pack(prod_plan, pack, config_file=cfg)
    assert finding.message.splitlines()[-1] == (
        f"estimated monthly cost up to ${estimate.high:,.2f} (idle floor ${estimate.low:,.2f}, "
        "us-east-1) exceeds the ceiling maxMonthlyUsd = $1.00"
    )


def test_passes_high_ceiling(prod_plan: PlanResult, pack: Path, tmp_path: Path) -> None:
    """A $10,000 ceiling covers prod's high end."""
    cfg = config(tmp_path, {"monthly-cost-ceiling": {"maxMonthlyUsd": 10000}})
    assert run_pack(prod_plan, pack, config_file=cfg) == []
