"""auroractl.cost: reading a PlanResult, the stack region and the text rendering."""

from __future__ import annotations

from typing import Any

import pytest
from aurora_guardrails.cost import resources_from_dicts
from auroractl.cost import NotPriced, estimate_plan, plan_region, render_text, resources_from_plan
from auroractl.engine.model import UNKNOWN, PlannedResource, PlanResult

STACK_URN = "urn:pulumi:dev::aurora-platform::pulumi:pulumi:Stack::aurora-platform-dev"
P = "urn:pulumi:dev::aurora-platform::"


def planned(type_: str, name: str, inputs: dict[str, Any], **kw: Any) -> PlannedResource:
    """A custom resource as the mock engine records it in preview."""
    return PlannedResource(
        urn=f"{P}{type_}::{name}",
        type=type_,
        name=name,
        custom=True,
        parent=STACK_URN,
        id=None,
        inputs=inputs,
        outputs=kw.pop("outputs", {}),
        **kw,
    )


def plan(resources: list[PlannedResource], config: dict[str, Any] | None = None) -> PlanResult:
    """A PlanResult with the root stack first."""
    root = PlannedResource(
        urn=STACK_URN,
        type="pulumi:pulumi:Stack",
        name="aurora-platform-dev",
        custom=False,
        parent=None,
        id=None,
        inputs={},
        outputs={},
    )
    return PlanResult(
        project="aurora-platform",
        stack="dev",
        preview=True,
        config={"aws:region": "us-east-1"} if config is None else config,
        resources=[root, *resources],
        outputs={},
    )


def dev_cluster() -> list[PlannedResource]:
    """Cluster (min 0, max 2) and its writer linked through property dependencies."""
    cluster = planned(
        "aws:rds/cluster:Cluster",
        "dev-cluster",
        {
            "engine": "aurora-postgresql",
            "manageMasterUserPassword": True,
            "serverlessv2ScalingConfiguration": {"minCapacity": 0, "maxCapacity": 2},
        },
    )
    writer = planned(
        "aws:rds/clusterInstance:ClusterInstance",
        "dev-writer",
        {"instanceClass": "db.serverless", "clusterIdentifier": UNKNOWN},
        property_dependencies={"clusterIdentifier": [cluster.urn]},
    )
    return [cluster, writer]


class TestResourcesFromPlan:
    """PlannedResource -> CostResource."""

    def test_outputs_overlay_inputs(self) -> None:
        """Known outputs win over inputs; unknown inputs stay sentinels."""
        r = planned("aws:kms/key:Key", "k", {"a": UNKNOWN, "b": 1}, outputs={"a": "x"})
        (cost_r,) = [c for c in resources_from_plan(plan([r])) if c.name == "k"]
        assert dict(cost_r.props) == {"a": "x", "b": 1}

    def test_preview_outputs_do_not_shorten_input_lists(self) -> None:
        """Unknown list elements dropped from preview outputs keep the input list's length."""
        r = planned(
            "aws:ec2/vpcEndpoint:VpcEndpoint",
            "ep",
            {"vpcEndpointType": "Interface", "subnetIds": [UNKNOWN, UNKNOWN]},
            outputs={"vpcEndpointType": "Interface", "subnetIds": [], "id": "vpce-1"},
        )
        (cost_r,) = [c for c in resources_from_plan(plan([r])) if c.name == "ep"]
        assert (cost_r.props["subnetIds"], cost_r.props["id"]) == ([UNKNOWN, UNKNOWN], "vpce-1")

    def test_explicit_provider_region(self) -> None:
        """A resource on an explicit provider is priced in that provider's region."""
        provider = PlannedResource(
            urn=f"{P}pulumi:providers:aws::west",
            type="pulumi:providers:aws",
            name="west",
            custom=True,
            parent=STACK_URN,
            id="pid",
            inputs={"region": "us-west-2"},
            outputs={},
        )
        key = planned("aws:kms/key:Key", "k", {}, provider=f"{provider.urn}::pid")
        regions = {c.name: c.region for c in resources_from_plan(plan([provider, key]))}
        assert regions["k"] == "us-west-2"

    def test_resource_in_unpriced_region_is_not_priced(self) -> None:
        """A resource's own region without prices: the plan is not priced, naming it."""
        key = planned("aws:kms/key:Key", "k", {"region": "eu-west-9"})
        result = estimate_plan(plan([key]))
        assert isinstance(result, NotPriced)
        assert result.region == "us-east-1"
        assert result.reason.startswith("not priced for eu-west-9 (prices known for ")
        assert "us-east-1" in result.reason

    @pytest.mark.parametrize("region", ["eu-central-1", "af-south-1"])
    def test_stack_region_without_prices_is_not_priced(self, region: str) -> None:
        """The stack's region has no prices: 'not priced for REGION', no error."""
        result = estimate_plan(plan([], config={"aws:region": region}))
        assert result == NotPriced(region, result.reason)
        assert result.reason.startswith(f"not priced for {region} ")
        assert result.to_dict() == {"region": region, "priced": False, "reason": result.reason}


class TestPlanRegion:
    """The stack region comes from aws:region."""

    def test_from_config(self) -> None:
        """aws:region in the stack config."""
        assert plan_region(plan([])) == "us-east-1"

    def test_none_without_region(self) -> None:
        """No aws:region and no provider region: no region, and the plan is not priced."""
        assert plan_region(plan([], config={})) is None
        assert estimate_plan(plan([], config={})) == NotPriced(
            None, "not priced: stack 'dev' sets no aws:region and its aws provider no region"
        )


class TestRender:
    """Text form of the estimate."""

    def test_total_and_assumptions_are_printed(self) -> None:
        """The header carries the range; the table ends with TOTAL; assumptions follow."""
        text = render_text(estimate_plan(plan(dev_cluster())))
        lines = text.splitlines()
        assert lines[0] == "Estimated monthly cost (us-east-1, USD, 730 h/month): 1.60 - 176.80"
        assert any(line.split()[:3] == ["TOTAL", "1.60", "176.80"] for line in lines)
        assert "Assumptions:" in lines
        assert any("Aurora storage: 10 GB per cluster" in line for line in lines)

    def test_json_shape(self) -> None:
        """to_dict carries totals, lines and the unverified price keys."""
        data = estimate_plan(plan(dev_cluster())).to_dict()
        assert (data["lowUsd"], data["highUsd"], data["region"]) == (1.6, 176.8, "us-east-1")
        assert "auroraServerlessV2AcuHour" in data["unverifiedPrices"]
        assert [x["item"] for x in data["lines"]] == [
            "storage",
            "I/O",
            "RDS-managed master secret",
            "Serverless v2 compute",
        ]


def test_resources_from_dicts_round_trip() -> None:
    """Plain dicts (e.g. a plan's JSON) become CostResources with their links."""
    (r,) = resources_from_dicts(
        [
            {
                "urn": "u",
                "type": "aws:kms/key:Key",
                "name": "k",
                "props": {"enableKeyRotation": True},
                "propertyDependencies": {"x": ["v"]},
            }
        ]
    )
    assert (r.urn, r.type, r.props, r.property_dependencies) == (
        "u",
        "aws:kms/key:Key",
        {"enableKeyRotation": True},
        {"x": ("v",)},
    )
