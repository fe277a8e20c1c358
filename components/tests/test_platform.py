"""AuroraPlatform: composition, wiring, dev/prod shapes, outputs and up-front validation."""

from __future__ import annotations

import json
from typing import Any

import pytest
from aurora_components import AuroraPlatform, AuroraPlatformArgs, Network
from componentmocks import RecordingMonitor, run

PLATFORM = "aurora-platform:platform:AuroraPlatform"
OUTPUT_NAMES = {
    "writer_endpoint",
    "reader_endpoint",
    "proxy_endpoint",
    "proxy_read_only_endpoint",
    "port",
    "database_name",
    "secret_arn",
    "cluster_identifier",
    "cluster_arn",
    "kms_key_arn",
    "security_group_id",
    "proxy_security_group_id",
    "vpc_id",
    "subnet_ids",
    "env",
}


def dev_args(**overrides: Any) -> AuroraPlatformArgs:
    """A dev-shaped platform: scales to zero, no proxy, no readers."""
    args: dict[str, Any] = {
        "engine_version": "16.4",
        "min_capacity_acu": 0,
        "max_capacity_acu": 2,
        "deletion_protection": False,
        "protect_resources": False,
        "tags": {"stage": "dev"},
    }
    args.update(overrides)
    return args  # type: ignore[return-value]


def prod_args(**overrides: Any) -> AuroraPlatformArgs:
    """A prod-shaped platform: proxy, one reader, protection, alarm e-mail."""
    args: dict[str, Any] = {
        "engine_version": "16.4",
        "min_capacity_acu": 0.5,
        "max_capacity_acu": 16,
        "reader_count": 1,
        "enable_proxy": True,
        "backup_retention_days": 14,
        "client_security_group_ids": ["sg-app"],
        "alarm_email": "dba@example.com",
        "tags": {"stage": "prod"},
    }
    args.update(overrides)
    return args  # type: ignore[return-value]


def test_dev_shape(monitor: RecordingMonitor) -> None:
    """Dev: scale to zero, one writer, no proxy, nothing protected, env points at the writer."""
    _, outputs = run(lambda: AuroraPlatform("aurora-dev", dev_args()))
    counts = monitor.type_counts()
    assert counts["aws:rds/cluster:Cluster"] == 1
    assert counts["aws:rds/clusterInstance:ClusterInstance"] == 1
    assert "aws:rds/proxy:Proxy" not in counts
    assert "aws:ec2/vpcEndpoint:VpcEndpoint" not in counts
    cluster = monitor.one("aws:rds/cluster:Cluster")
    assert cluster.inputs["serverlessv2ScalingConfiguration"] == {
        "minCapacity": 0.0,
        "maxCapacity": 2.0,
        "secondsUntilAutoPause": 300,
    }
    assert not any(r.protect for r in monitor.registrations)
    assert set(outputs) == OUTPUT_NAMES
    assert outputs["proxy_endpoint"] is None
    assert outputs["proxy_security_group_id"] is None
    assert outputs["env"]["DATABASE_HOST"] == outputs["writer_endpoint"]


def test_prod_shape_and_protection(monitor: RecordingMonitor) -> None:
    """Prod: proxy, reader, read-only endpoint; cluster, instances and key protected."""
    _, outputs = run(lambda: AuroraPlatform("aurora-prod", prod_args()))
    counts = monitor.type_counts()
    for typ, count in {
        PLATFORM: 1,
        "aurora-platform:encryption:Encryption": 1,
        "aurora-platform:network:Network": 1,
        "aurora-platform:cluster:AuroraCluster": 1,
        "aurora-platform:proxy:DatabaseProxy": 1,
        "aurora-platform:alarms:Alarms": 1,
        "aws:rds/cluster:Cluster": 1,
        "aws:rds/clusterInstance:ClusterInstance": 2,
        "aws:rds/proxy:Proxy": 1,
        "aws:rds/proxyEndpoint:ProxyEndpoint": 1,
        "aws:rds/proxyTarget:ProxyTarget": 1,
        "aws:kms/key:Key": 1,
        "aws:ec2/vpc:Vpc": 1,
        "aws:ec2/subnet:Subnet": 3,
        "aws:ec2/flowLog:FlowLog": 1,
        "aws:sns/topicSubscription:TopicSubscription": 1,
        "aws:cloudwatch/metricAlarm:MetricAlarm": 7,
        "aws:cloudwatch/logGroup:LogGroup": 3,
    }.items():
        assert counts.get(typ) == count, typ
    protected = {r.type for r in monitor.registrations if r.protect}
    assert protected == {
        "aws:kms/key:Key",
        "aws:rds/cluster:Cluster",
        "aws:rds/clusterInstance:ClusterInstance",
    }
    assert outputs["env"]["DATABASE_HOST"] == outputs["proxy_endpoint"]
    assert outputs["proxy_read_only_endpoint"].startswith("aurora-prod-proxy-ro.endpoint.")


def test_every_child_is_parented_in_the_tree(monitor: RecordingMonitor) -> None:
    """Each component is a child of the platform; each resource of one component."""
    run(lambda: AuroraPlatform("aurora-prod", prod_args()))
    platform = monitor.one(PLATFORM)
    assert platform.parent.endswith("pulumi:pulumi:Stack::aurora-platform-test")
    components = {r.urn for r in monitor.registrations if not r.custom and r.type != PLATFORM}
    assert all(monitor.by_urn(u).parent == platform.urn for u in components)
    assert all(r.parent in components for r in monitor.registrations if r.custom)


def test_wiring_between_components(monitor: RecordingMonitor) -> None:
    """The CMK, subnet group, security groups and secret are passed where they belong."""
    run(lambda: AuroraPlatform("aurora-prod", prod_args()))
    key_arn = monitor.one("aws:kms/key:Key").state["arn"]
    cluster = monitor.one("aws:rds/cluster:Cluster")
    groups = {r.name: r.state["id"] for r in monitor.of_type("aws:ec2/securityGroup:SecurityGroup")}
    assert cluster.inputs["kmsKeyId"] == key_arn
    assert cluster.inputs["clusterIdentifier"] == "aurora-prod"
    assert cluster.inputs["dbSubnetGroupName"] == "aurora-prod-network"
    assert cluster.inputs["vpcSecurityGroupIds"] == [groups["aurora-prod-network-db-sg"]]
    proxy = monitor.one("aws:rds/proxy:Proxy")
    assert proxy.inputs["vpcSecurityGroupIds"] == [groups["aurora-prod-network-proxy-sg"]]
    subnets = [s.state["id"] for s in monitor.of_type("aws:ec2/subnet:Subnet")]
    assert sorted(proxy.inputs["vpcSubnetIds"]) == sorted(subnets)
    secret = cluster.state["masterUserSecrets"][0]["secretArn"]
    assert proxy.inputs["auths"][0]["secretArn"] == secret
    policy = json.loads(monitor.named("aurora-prod-proxy-role-policy").inputs["policy"])
    assert [s["Resource"] for s in policy["Statement"]] == [secret, key_arn]
    target = monitor.one("aws:rds/proxyTarget:ProxyTarget")
    instance_urns = {i.urn for i in monitor.of_type("aws:rds/clusterInstance:ClusterInstance")}
    assert instance_urns <= set(target.dependencies)
    assert target.inputs["dbClusterIdentifier"] == "aurora-prod"
    for group in monitor.of_type("aws:cloudwatch/logGroup:LogGroup"):
        assert group.inputs["kmsKeyId"] == key_arn
        assert group.inputs["retentionInDays"] == 365
    assert monitor.one("aws:sns/topic:Topic").inputs["kmsMasterKeyId"] == key_arn
    assert monitor.one("aws:kms/alias:Alias").inputs["name"] == "alias/aurora-prod"


def test_tags_reach_every_taggable_child(monitor: RecordingMonitor) -> None:
    """The caller's tags are on every child that takes tags."""
    run(lambda: AuroraPlatform("aurora-prod", prod_args()))
    tagged = [r for r in monitor.registrations if r.custom and "tags" in r.inputs]
    assert len(tagged) > 20
    assert all(r.inputs["tags"].get("stage") == "prod" for r in tagged)


def test_env_and_outputs_carry_no_secret_value(monitor: RecordingMonitor) -> None:
    """env has exactly the six variables; the secret is referenced by ARN only."""
    _, outputs = run(lambda: AuroraPlatform("aurora-prod", prod_args(client_pool_size=20)))
    cluster = monitor.one("aws:rds/cluster:Cluster")
    assert outputs["env"] == {
        "DATABASE_HOST": outputs["proxy_endpoint"],
        "DATABASE_PORT": "5432",
        "DATABASE_NAME": "app",
        "DATABASE_SSL": "true",
        "DATABASE_MAX_CONNECTIONS": "20",
        "DATABASE_SECRET_ARN": cluster.state["masterUserSecrets"][0]["secretArn"],
    }
    assert outputs["port"] == 5432
    assert outputs["secret_arn"].startswith("arn:aws:secretsmanager:")
    assert "password" not in json.dumps(outputs).lower()
    assert "masterPassword" not in cluster.inputs


def test_adopted_network(monitor: RecordingMonitor) -> None:
    """Adopt mode: no VPC created; the given subnets carry the cluster and the proxy."""
    _, outputs = run(
        lambda: AuroraPlatform(
            "aurora-prod",
            prod_args(vpc_id="vpc-1", subnet_ids=["subnet-1", "subnet-2"], reader_count=0),
        )
    )
    assert "aws:ec2/vpc:Vpc" not in monitor.type_counts()
    assert "aws:rds/proxyEndpoint:ProxyEndpoint" not in monitor.type_counts()
    assert monitor.one("aws:rds/proxy:Proxy").inputs["vpcSubnetIds"] == ["subnet-1", "subnet-2"]
    assert outputs["vpc_id"] == "vpc-1"
    assert outputs["subnet_ids"] == ["subnet-1", "subnet-2"]
    assert outputs["proxy_read_only_endpoint"] is None


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"engine_version": None}, 'engine_version is required (for example "16.4"), got None'),
        (
            {"min_capacity_acu": 0},
            "min_capacity_acu must be at least 0.5 when enable_proxy is true (RDS Proxy keeps a "
            "connection open to every instance, so the cluster would never auto-pause), got 0",
        ),
        (
            {"vpc_id": "vpc-1"},
            "subnet_ids is required when vpc_id is given (adopt an existing network with both "
            "vpc_id and subnet_ids, or give neither to create one), got subnet_ids=None",
        ),
        (
            {"vpc_id": "vpc-1", "subnet_ids": ["s-1", "s-2"], "interface_endpoints": ["kms"]},
            "interface_endpoints are only created with a new network; an adopted VPC manages "
            "its own endpoints, got ['kms']",
        ),
        ({"az_count": 4}, "az_count must be an integer from 2 to 3, got 4"),
        (
            {"backup_retention_days": 0},
            "backup_retention_days must be an integer from 1 to 35, got 0",
        ),
        ({"client_pool_size": 0}, "client_pool_size must be an integer from 1 to 5000, got 0"),
        ({"enable_proxy": "yes"}, "enable_proxy must be true or false, got 'yes'"),
        (
            {"performance_insights_retention_days": 8},
            "performance_insights_retention_days must be 7, 731 or a multiple of 31 between 31 "
            "and 713, got 8",
        ),
        (
            {"tags": {"aws:x": "y"}},
            "tags keys must be 1-128 characters and must not start with 'aws:', got 'aws:x'",
        ),
    ],
)
def test_fails_before_any_registration(
    monitor: RecordingMonitor, overrides: dict[str, Any], message: str
) -> None:
    """Every argument is checked before the platform or any child is registered."""
    with pytest.raises(ValueError) as excinfo:
        run(lambda: AuroraPlatform("aurora-prod", prod_args(**overrides)))
    assert str(excinfo.value) == message
    assert monitor.registrations == []


def test_fails_long_name(monitor: RecordingMonitor) -> None:
    """Platform names are limited so every derived identifier fits."""
    with pytest.raises(ValueError) as excinfo:
        run(lambda: AuroraPlatform("a" * 33, dev_args()))
    assert str(excinfo.value) == (
        "name must be 1-32 characters: a lowercase letter, then lowercase letters, digits or "
        f"single hyphens, not ending with a hyphen, got '{'a' * 33}'"
    )
    assert monitor.registrations == []


KEY_ARN = "arn:aws:kms:us-east-1:123456789012:key/shared"


def test_adopted_key(monitor: RecordingMonitor) -> None:
    """kms_key_arn: no key or alias is created; storage, logs, proxy and topic use the given key."""
    _, outputs = run(
        lambda: AuroraPlatform(
            "aurora-prod-orders",
            prod_args(vpc_id="vpc-1", subnet_ids=["subnet-1", "subnet-2"], kms_key_arn=KEY_ARN),
        )
    )
    counts = monitor.type_counts()
    assert "aws:kms/key:Key" not in counts
    assert "aws:kms/alias:Alias" not in counts
    assert "aurora-platform:encryption:Encryption" not in counts
    assert monitor.one("aws:rds/cluster:Cluster").inputs["kmsKeyId"] == KEY_ARN
    assert monitor.one("aws:sns/topic:Topic").inputs["kmsMasterKeyId"] == KEY_ARN
    log_keys = {g.inputs["kmsKeyId"] for g in monitor.of_type("aws:cloudwatch/logGroup:LogGroup")}
    assert log_keys == {KEY_ARN}
    assert outputs["kms_key_arn"] == KEY_ARN


def test_shared_network_without_database_tier(monitor: RecordingMonitor) -> None:
    """Network(database_tier=False): VPC, subnets and flow logs, but no security group or DB
    subnet group (each platform adopting the network creates its own)."""
    _, outputs = run(
        lambda: Network(
            "aurora-prod-network",
            {
                "vpc_cidr": "10.60.0.0/16",
                "az_count": 2,
                "kms_key_arn": KEY_ARN,
                "database_tier": False,
            },
        )
    )
    counts = monitor.type_counts()
    assert counts["aws:ec2/vpc:Vpc"] == 1
    assert counts["aws:ec2/subnet:Subnet"] == 2
    assert counts["aws:ec2/flowLog:FlowLog"] == 1
    assert "aws:ec2/securityGroup:SecurityGroup" not in counts
    assert "aws:rds/subnetGroup:SubnetGroup" not in counts
    assert outputs["security_group_id"] == ""
    assert outputs["subnet_group_name"] == ""
    assert outputs["proxy_security_group_id"] is None
    assert len(outputs["subnet_ids"]) == 2


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            {"vpc_id": "vpc-1", "subnet_ids": ["subnet-1", "subnet-2"], "database_tier": False},
            "database_tier=False only applies when creating a network (an adopted network "
            "without a database tier creates nothing), got vpc_id",
        ),
        (
            {"kms_key_arn": KEY_ARN, "database_tier": False, "enable_proxy": True},
            "enable_proxy configures the database tier and needs database_tier=True, got True",
        ),
        (
            {"kms_key_arn": KEY_ARN, "database_tier": "no"},
            "database_tier must be true or false, got 'no'",
        ),
    ],
)
def test_network_database_tier_errors(
    monitor: RecordingMonitor, args: dict[str, Any], message: str
) -> None:
    """database_tier=False refuses what would need the tier, before any registration."""
    with pytest.raises(ValueError) as excinfo:
        run(lambda: Network("aurora-prod-network", args))  # type: ignore[arg-type]
    assert str(excinfo.value) == message
    assert monitor.registrations == []
