"""The dev stack (Pulumi.dev.yaml) through the mock engine: what it must and must not contain."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from auroractl.engine import PlannedResource, PlanResult, run_stack

REPO_ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def plan() -> PlanResult:
    """dev in update mode (every output known)."""
    return run_stack(REPO_ROOT, "dev", preview=False)


def only(plan: PlanResult, type_: str) -> PlannedResource:
    """The single resource of a type."""
    found = plan.by_type(type_)
    assert len(found) == 1, f"{type_}: {[r.name for r in found]}"
    return found[0]


def test_scales_to_zero_with_auto_pause(plan: PlanResult) -> None:
    """min 0 ACU, max 2, auto-pause after 300 s (ADR 0002)."""
    cluster = only(plan, "aws:rds/cluster:Cluster")
    assert cluster.inputs["serverlessv2ScalingConfiguration"] == {
        "minCapacity": 0,
        "maxCapacity": 2,
        "secondsUntilAutoPause": 300,
    }
    assert cluster.inputs["engineVersion"] == "16.4"


def test_one_writer_and_no_readers(plan: PlanResult) -> None:
    """Exactly one db.serverless instance."""
    instances = plan.by_type("aws:rds/clusterInstance:ClusterInstance")
    assert [i.inputs["instanceClass"] for i in instances] == ["db.serverless"]


def test_no_proxy(plan: PlanResult) -> None:
    """No RDS Proxy resources and no proxy outputs; the app connects to the writer."""
    assert not [r for r in plan.resources if r.type.startswith("aws:rds/proxy")]
    assert plan.outputs.get("proxyEndpoint") is None
    assert plan.outputs["env"]["DATABASE_HOST"] == plan.outputs["writerEndpoint"]


def test_no_interface_endpoints_nat_or_internet_gateway(plan: PlanResult) -> None:
    """The idle floor stays at storage: no endpoints, NAT, IGW or default route."""
    types = {r.type for r in plan.resources}
    assert "aws:ec2/vpcEndpoint:VpcEndpoint" not in types
    assert "aws:ec2/natGateway:NatGateway" not in types
    assert "aws:ec2/internetGateway:InternetGateway" not in types
    assert "aws:ec2/eip:Eip" not in types
    routes = plan.by_type("aws:ec2/route:Route")
    assert [r for r in routes if r.inputs.get("destinationCidrBlock") == "0.0.0.0/0"] == []


def test_two_private_subnets_in_distinct_azs(plan: PlanResult) -> None:
    """azCount 2: two subnets in different AZs, none mapping public IPs."""
    subnets = plan.by_type("aws:ec2/subnet:Subnet")
    assert len(subnets) == 2
    assert len({s.inputs["availabilityZone"] for s in subnets}) == 2
    assert not any(s.inputs.get("mapPublicIpOnLaunch") for s in subnets)


def test_backups_and_deletion_protection(plan: PlanResult) -> None:
    """7 days of backups; deletion protection stays on in dev too."""
    cluster = only(plan, "aws:rds/cluster:Cluster")
    assert cluster.inputs["backupRetentionPeriod"] == 7
    assert cluster.inputs["deletionProtection"] is True


def test_nothing_is_pulumi_protected(plan: PlanResult) -> None:
    """protect is for prod only."""
    assert [r.name for r in plan.resources if r.protect] == []


def test_alarm_topic_without_subscription(plan: PlanResult) -> None:
    """No alarmEmail: a topic but no subscription."""
    assert len(plan.by_type("aws:sns/topic:Topic")) == 1
    assert plan.by_type("aws:sns/topicSubscription:TopicSubscription") == []


def test_no_password_anywhere(plan: PlanResult) -> None:
    """The master password is RDS-managed: no masterPassword input, secret by ARN only."""
    cluster = only(plan, "aws:rds/cluster:Cluster")
    assert cluster.inputs["manageMasterUserPassword"] is True
    assert "masterPassword" not in json.dumps([r.inputs for r in plan.resources])
    assert plan.outputs["env"]["DATABASE_SECRET_ARN"] == plan.outputs["secretArn"]


def test_config_as_declared(plan: PlanResult) -> None:
    """Stack values and Pulumi.yaml defaults are both in the plan's config."""
    assert plan.config["aurora-platform:stage"] == "dev"
    assert plan.config["aurora-platform:engine"] == "aurora-postgresql"
    assert plan.config["aws:region"] == "us-east-1"


def test_preview_runs_too() -> None:
    """The same stack in preview mode registers the same resources without ids."""
    preview = run_stack(REPO_ROOT, "dev")
    assert all(r.id is None for r in preview.resources)
    assert preview.outputs["writerEndpoint"] == "[unknown]"
