"""monthly-cost-ceiling: inactive unless configured, exact messages, same numbers as the CLI."""

from __future__ import annotations

from typing import Any

import pytest
from aurora_guardrails.registry import RULE_MODULES, collect
from aurora_guardrails.rules.cost.monthly_cost_ceiling import (
    POLICY_NAME,
    monthly_cost_ceiling,
)
from pulumi_policy import PolicyResource, PolicyResourceOptions, StackValidationArgs
from pulumi_policy.policy import (
    PolicyCustomTimeouts,
    PolicyProviderResource,
    _NotApplicableError,
)
from pulumi_policy.proxy import unknown_checking_proxy

UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9"
PREFIX = "urn:pulumi:prod::aurora-platform::"
PROVIDER = PolicyProviderResource(
    "pulumi:providers:aws",
    unknown_checking_proxy({"region": "us-east-1"}),
    f"{PREFIX}pulumi:providers:aws::default_7_51_1",
    "default_7_51_1",
)


def _opts() -> PolicyResourceOptions:
    return PolicyResourceOptions(
        protect=False,
        ignore_changes=[],
        delete_before_replace=None,
        aliases=[],
        additional_secret_outputs=[],
        custom_timeouts=PolicyCustomTimeouts(0, 0, 0),
    )


def _resource(type_: str, name: str, props: dict[str, Any]) -> PolicyResource:
    return PolicyResource(
        type_,
        unknown_checking_proxy(props),
        f"{PREFIX}{type_}::{name}",
        name,
        _opts(),
        PROVIDER,
        None,
        [],
        {},
    )


def prod_like() -> list[PolicyResource]:
    """Happy-path factory: KMS key, cluster 0.5-16 ACU, writer + reader, proxy on the cluster."""
    key = _resource("aws:kms/key:Key", "key", {"enableKeyRotation": True})
    cluster = _resource(
        "aws:rds/cluster:Cluster",
        "cluster",
        {
            "engine": "aurora-postgresql",
            "clusterIdentifier": UNKNOWN,
            "manageMasterUserPassword": True,
            "serverlessv2ScalingConfiguration": {"minCapacity": 0.5, "maxCapacity": 16.0},
        },
    )
    writer = _resource(
        "aws:rds/clusterInstance:ClusterInstance",
        "writer",
        {"instanceClass": "db.serverless", "clusterIdentifier": UNKNOWN},
    )
    reader = _resource(
        "aws:rds/clusterInstance:ClusterInstance",
        "reader",
        {"instanceClass": "db.serverless", "clusterIdentifier": UNKNOWN},
    )
    writer.property_dependencies["clusterIdentifier"] = [cluster]
    reader.property_dependencies["clusterIdentifier"] = [cluster]
    proxy = _resource("aws:rds/proxy:Proxy", "proxy", {"name": "proxy"})
    target = _resource(
        "aws:rds/proxyTarget:ProxyTarget",
        "target",
        {"dbProxyName": UNKNOWN, "dbClusterIdentifier": UNKNOWN},
    )
    target.property_dependencies["dbProxyName"] = [proxy]
    target.property_dependencies["dbClusterIdentifier"] = [cluster]
    return [key, cluster, writer, reader, proxy, target]


def run(config: dict[str, Any], resources: list[PolicyResource] | None = None) -> list[str]:
    """Run the policy; return the reported messages."""
    messages: list[str] = []
    args = StackValidationArgs(resources if resources is not None else prod_like(), config)

    def report(message: str, urn: str | None = None) -> None:
        messages.append(message)

    monthly_cost_ceiling.validate(args, report)
    return messages


class TestMonthlyCostCeiling:
    """The stack policy over hand-built PolicyResources (prod shape)."""

    def test_registered_name(self) -> None:
        """The policy id is monthly-cost-ceiling."""
        assert monthly_cost_ceiling.name == POLICY_NAME == "monthly-cost-ceiling"

    def test_registered_in_the_registry(self) -> None:
        """The registry lists the module and accepts it (one policy, file named by its id)."""
        module = "aurora_guardrails.rules.cost.monthly_cost_ceiling"
        assert module in RULE_MODULES
        assert collect([module]) == [monthly_cost_ceiling]

    def test_inactive_without_config(self) -> None:
        """No maxMonthlyUsd: not applicable, no violation."""
        with pytest.raises(_NotApplicableError) as err:
            run({})
        assert err.value.reason == "maxMonthlyUsd is not configured"

    def test_fails_low_ceiling(self) -> None:
        """Ceiling $100 < high end: one stack violation naming the high end and the ceiling."""
        # writer + reader 16 ACU x 730 x 0.12 = 2803.20; proxy max(8, 32) x 730 x 0.015 = 350.40;
        # key 1 + 2 rotations; secret 0.40; storage 1.00; I/O 0.20 -> 3158.20
        # floor: 2 x 43.80 + proxy 87.60 + 1 + 0.40 + 1.00 + 0.20 -> 177.80
        assert run({"maxMonthlyUsd": 100}) == [
            "estimated monthly cost up to $3,158.20 (idle floor $177.80, us-east-1) exceeds "
            "the ceiling maxMonthlyUsd = $100.00"
        ]

    def test_passes_high_ceiling(self) -> None:
        """Ceiling $5,000 covers the high end: no violation."""
        assert run({"maxMonthlyUsd": 5000}) == []

    def test_fails_exactly_above_boundary(self) -> None:
        """The high end equal to the ceiling passes; a cent less fails."""
        assert run({"maxMonthlyUsd": 3158.20}) == []
        assert len(run({"maxMonthlyUsd": 3158.19})) == 1

    def test_fails_bad_ceiling_value(self) -> None:
        """A non-positive ceiling is reported with the key, the value and what is allowed."""
        assert run({"maxMonthlyUsd": 0}) == ["maxMonthlyUsd must be a number greater than 0, got 0"]

    def test_fails_unknown_region_config(self) -> None:
        """A region without prices is reported, naming it and the known ones (fail closed)."""
        assert run({"maxMonthlyUsd": 100, "region": "eu-west-9"}) == [
            "cannot estimate the monthly cost: region: no prices for AWS region 'eu-west-9' "
            "in the cost price table; known regions: us-east-1, us-east-2, us-west-2"
        ]

    def test_unpriced_resources_are_mentioned(self) -> None:
        """Resources the model cannot price are counted in the message."""
        resources = [*prod_like(), _resource("aws:ec2/eip:Eip", "ip", {})]
        assert run({"maxMonthlyUsd": 100}, resources) == [
            "estimated monthly cost up to $3,158.20 (idle floor $177.80, us-east-1) exceeds "
            "the ceiling maxMonthlyUsd = $100.00; 1 resource(s) not priced"
        ]
