"""The real stacks under the mock engine: dev's idle floor, prod's range, the CLI surfaces."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from aurora_guardrails.cost import Estimate
from auroractl.cli import main
from auroractl.cost import estimate_plan
from auroractl.engine import PlanResult, run_stack

PROJECT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def dev_plan() -> PlanResult:
    """The dev stack planned once for this module."""
    return run_stack(PROJECT, "dev")


@pytest.fixture(scope="module")
def prod_plan() -> PlanResult:
    """The prod stack planned once for this module."""
    return run_stack(PROJECT, "prod")


def by_item(estimate: Estimate) -> dict[str, tuple[float, float]]:
    """(low, high) summed per item label."""
    out: dict[str, tuple[float, float]] = {}
    for line in estimate.lines:
        lo, hi = out.get(line.item, (0.0, 0.0))
        out[line.item] = (round(lo + line.low, 2), round(hi + line.high, 2))
    return out


class TestDevStack:
    """ADR 0002: dev scales to zero and its idle bill stays small."""

    def test_idle_floor_at_most_five_dollars(self, dev_plan: PlanResult) -> None:
        """Issue 4's bar: the dev stack's idle monthly floor is at most $5."""
        estimate = estimate_plan(dev_plan)
        assert estimate.low <= 5.0
        assert estimate.unpriced == ()

    def test_compute_floor_is_zero_and_ceiling_two_acu(self, dev_plan: PlanResult) -> None:
        """One writer, min 0 ACU (paused), max 2 ACU: $0 to $175.20; no proxy, NAT or endpoint."""
        items = by_item(estimate_plan(dev_plan))
        assert items["Serverless v2 compute"] == (0.0, 175.2)
        assert {"RDS Proxy", "NAT gateway", "interface endpoint"}.isdisjoint(items)


class TestProdStack:
    """Prod: 0.5-16 ACU, a reader, RDS Proxy, a Secrets Manager endpoint in 3 AZs."""

    def test_compute_proxy_and_endpoint(self, prod_plan: PlanResult) -> None:
        """Two instances 0.5-16 ACU; proxy max(8, 1)-max(8, 32) ACU; endpoint 3 AZ-hours."""
        items = by_item(estimate_plan(prod_plan))
        assert items["Serverless v2 compute"] == (87.6, 2803.2)
        assert items["RDS Proxy"] == (87.6, 350.4)
        assert items["interface endpoint"] == (21.91, 21.91)

    def test_floor_above_dev(self, prod_plan: PlanResult, dev_plan: PlanResult) -> None:
        """Prod's idle floor is dominated by compute and the proxy minimum."""
        assert estimate_plan(prod_plan).low > 40 * estimate_plan(dev_plan).low


class TestCli:
    """`auroractl cost` and the cost section of `auroractl plan`."""

    def test_cost_json(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--json prints the stack name and the estimate under `cost`."""
        code = main(["cost", "--stack", "dev", "--json", "--project-dir", str(PROJECT)])
        data = json.loads(capsys.readouterr().out)
        assert code == 0
        assert data["stack"] == "dev"
        assert data["cost"]["lowUsd"] <= 5.0
        assert data["cost"]["region"] == "us-east-1"

    def test_plan_json_has_cost_key(
        self, capsys: pytest.CaptureFixture[str], dev_plan: PlanResult
    ) -> None:
        """`auroractl plan --json` carries the same estimate under `cost`."""
        code = main(
            ["plan", "--stack", "dev", "--json", "--no-policy", "--project-dir", str(PROJECT)]
        )
        doc = json.loads(capsys.readouterr().out)
        assert code == 0
        assert doc["cost"] == estimate_plan(dev_plan).to_dict()

    @pytest.mark.parametrize("value", ["-1", "nan", "inf", "1e309"])
    def test_fails_bad_assumption_flag(
        self, capsys: pytest.CaptureFixture[str], value: str
    ) -> None:
        """A negative or non-finite assumption is one line naming the flag and the value; exit 2."""
        with pytest.raises(SystemExit) as exit_:
            main(["cost", "--stack", "dev", "--storage-gb", value, "--project-dir", str(PROJECT)])
        captured = capsys.readouterr()
        assert exit_.value.code == 2
        assert captured.out == ""
        assert captured.err == (
            "auroractl cost: error: argument --storage-gb: expected a finite number from 0 to "
            f"1000000, got {value!r} (see auroractl cost --help)\n"
        )
