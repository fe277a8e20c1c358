"""The prod stack (Pulumi.prod.yaml) through the mock engine: what it must contain."""

from __future__ import annotations

from pathlib import Path

import pytest
from auroractl.engine import PlannedResource, PlanResult, run_stack

REPO_ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def plan() -> PlanResult:
    """prod in update mode (every output known)."""
    return run_stack(REPO_ROOT, "prod", preview=False)


def only(plan: PlanResult, type_: str) -> PlannedResource:
    """The single resource of a type."""
    found = plan.by_type(type_)
    assert len(found) == 1, f"{type_}: {[r.name for r in found]}"
    return found[0]


def test_capacity_floor_without_auto_pause(plan: PlanResult) -> None:
    """min 0.5 ACU (no cold start), max 16, no auto-pause."""
    cluster = only(plan, "aws:rds/cluster:Cluster")
    assert cluster.inputs["serverlessv2ScalingConfiguration"] == {
        "minCapacity": 0.5,
        "maxCapacity": 16,
    }


def test_writer_and_one_reader(plan: PlanResult) -> None:
    """Two db.serverless instances: the writer and one reader."""
    instances = plan.by_type("aws:rds/clusterInstance:ClusterInstance")
    assert [i.inputs["instanceClass"] for i in instances] == ["db.serverless"] * 2
    assert [i.outputs["writer"] for i in instances] == [True, False]


def test_proxy_with_read_only_endpoint(plan: PlanResult) -> None:
    """RDS Proxy with TLS and IAM auth required, and a READ_ONLY endpoint."""
    proxy = only(plan, "aws:rds/proxy:Proxy")
    assert proxy.inputs["requireTls"] is True
    assert proxy.inputs["debugLogging"] is False
    assert [a["iamAuth"] for a in proxy.inputs["auths"]] == ["REQUIRED"]
    endpoint = only(plan, "aws:rds/proxyEndpoint:ProxyEndpoint")
    assert endpoint.inputs["targetRole"] == "READ_ONLY"
    assert plan.outputs["proxyReadOnlyEndpoint"] == endpoint.outputs["endpoint"]


def test_applications_connect_through_the_proxy(plan: PlanResult) -> None:
    """env's DATABASE_HOST is the proxy endpoint."""
    assert plan.outputs["env"]["DATABASE_HOST"] == plan.outputs["proxyEndpoint"]
    assert plan.outputs["proxyEndpoint"].endswith(".proxy-c0ffee.us-east-1.rds.amazonaws.com")


def test_proxy_target_waits_for_every_instance(plan: PlanResult) -> None:
    """The proxy target depends on both instances."""
    target = only(plan, "aws:rds/proxyTarget:ProxyTarget")
    instances = {i.urn for i in plan.by_type("aws:rds/clusterInstance:ClusterInstance")}
    assert instances <= set(target.dependencies)


def test_cluster_and_key_are_protected(plan: PlanResult) -> None:
    """Pulumi protect on the cluster, its instances and the KMS key, and nothing else."""
    protected = sorted(r.type for r in plan.resources if r.protect)
    assert protected == [
        "aws:kms/key:Key",
        "aws:rds/cluster:Cluster",
        "aws:rds/clusterInstance:ClusterInstance",
        "aws:rds/clusterInstance:ClusterInstance",
    ]


def test_deletion_protection_and_backups(plan: PlanResult) -> None:
    """Deletion protection on, 14 days of backups, final snapshot kept."""
    cluster = only(plan, "aws:rds/cluster:Cluster")
    assert cluster.inputs["deletionProtection"] is True
    assert cluster.inputs["backupRetentionPeriod"] == 14
    assert cluster.inputs.get("skipFinalSnapshot") is not True


def test_alarm_email_subscription(plan: PlanResult) -> None:
    """The alarm topic has the on-call email subscription."""
    subscription = only(plan, "aws:sns/topicSubscription:TopicSubscription")
    assert subscription.inputs["protocol"] == "email"
    assert subscription.inputs["endpoint"] == "dba-oncall@example.com"
    assert subscription.inputs["topic"] == only(plan, "aws:sns/topic:Topic").outputs["arn"]


def test_secrets_manager_endpoint_over_three_azs(plan: PlanResult) -> None:
    """Three private subnets in distinct AZs and one Secrets Manager interface endpoint."""
    subnets = plan.by_type("aws:ec2/subnet:Subnet")
    assert len({s.inputs["availabilityZone"] for s in subnets}) == 3
    endpoint = only(plan, "aws:ec2/vpcEndpoint:VpcEndpoint")
    assert endpoint.inputs["serviceName"] == "com.amazonaws.us-east-1.secretsmanager"
    types = {r.type for r in plan.resources}
    assert "aws:ec2/natGateway:NatGateway" not in types
    assert "aws:ec2/internetGateway:InternetGateway" not in types


def test_every_platform_output_is_exported(plan: PlanResult) -> None:
    """One camelCase stack output per AuroraPlatform output."""
    assert set(plan.outputs) == {
        "writerEndpoint",
        "readerEndpoint",
        "proxyEndpoint",
        "proxyReadOnlyEndpoint",
        "port",
        "databaseName",
        "secretArn",
        "clusterIdentifier",
        "clusterArn",
        "kmsKeyArn",
        "securityGroupId",
        "proxySecurityGroupId",
        "vpcId",
        "subnetIds",
        "env",
    }
    assert plan.outputs["port"] == 5432
    assert plan.outputs["kmsKeyArn"].startswith("arn:aws:kms:us-east-1:123456789012:key/")
