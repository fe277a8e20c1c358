"""AuroraCluster: cluster, parameter group, log group, monitoring role and instances."""

from __future__ import annotations

import json
from typing import Any

import pytest
from aurora_components import AuroraCluster, AuroraClusterArgs
from componentmocks import ACCOUNT, REGION, RecordingMonitor, run

KEY = f"arn:aws:kms:{REGION}:{ACCOUNT}:key/11111111-2222-4333-8444-555555555555"
CLUSTER = "aws:rds/cluster:Cluster"
INSTANCE = "aws:rds/clusterInstance:ClusterInstance"


def cluster_args(**overrides: Any) -> AuroraClusterArgs:
    """Happy-path args with overrides applied."""
    args: dict[str, Any] = {
        "engine_version": "16.4",
        "kms_key_arn": KEY,
        "subnet_group_name": "db-subnets",
        "security_group_ids": ["sg-db"],
        "tags": {"team": "data"},
    }
    args.update(overrides)
    return args  # type: ignore[return-value]


def test_registers_exact_resources(monitor: RecordingMonitor) -> None:
    """Writer only by default: one cluster, one instance, its group, log group and role."""
    run(lambda: AuroraCluster("db", cluster_args()))
    assert monitor.type_counts() == {
        "aurora-platform:cluster:AuroraCluster": 1,
        "aws:rds/clusterParameterGroup:ClusterParameterGroup": 1,
        "aws:cloudwatch/logGroup:LogGroup": 1,
        "aws:iam/role:Role": 1,
        "aws:iam/rolePolicyAttachment:RolePolicyAttachment": 1,
        CLUSTER: 1,
        INSTANCE: 1,
    }
    parent = monitor.one("aurora-platform:cluster:AuroraCluster").urn
    assert all(r.parent == parent for r in monitor.registrations if r.custom)


def test_cluster_security_inputs(monitor: RecordingMonitor) -> None:
    """Encryption, managed password, IAM auth, protection, snapshots, logs, no AZ list."""
    run(lambda: AuroraCluster("db", cluster_args(backup_retention_days=14)))
    cluster = monitor.one(CLUSTER)
    expected = {
        "clusterIdentifier": "db",
        "engine": "aurora-postgresql",
        "engineMode": "provisioned",
        "engineVersion": "16.4",
        "storageEncrypted": True,
        "kmsKeyId": KEY,
        "manageMasterUserPassword": True,
        "masterUserSecretKmsKeyId": KEY,
        "masterUsername": "dbadmin",
        "databaseName": "app",
        "port": 5432,
        "iamDatabaseAuthenticationEnabled": True,
        "deletionProtection": True,
        "skipFinalSnapshot": False,
        "finalSnapshotIdentifier": "db-final",
        "backupRetentionPeriod": 14,
        "preferredBackupWindow": "03:00-04:00",
        "copyTagsToSnapshot": True,
        "enabledCloudwatchLogsExports": ["postgresql"],
        "dbSubnetGroupName": "db-subnets",
        "vpcSecurityGroupIds": ["sg-db"],
        "performanceInsightsEnabled": True,
        "performanceInsightsKmsKeyId": KEY,
        "performanceInsightsRetentionPeriod": 7,
        "monitoringInterval": 60,
        "autoMinorVersionUpgrade": True,
        "tags": {"team": "data"},
    }
    assert {k: cluster.inputs.get(k) for k in expected} == expected
    assert "masterPassword" not in cluster.inputs
    assert "availabilityZones" not in cluster.inputs
    assert cluster.inputs["serverlessv2ScalingConfiguration"] == {
        "minCapacity": 0.5,
        "maxCapacity": 2.0,
    }
    role = monitor.one("aws:iam/role:Role")
    assert cluster.inputs["monitoringRoleArn"] == role.state["arn"]
    assert cluster.protect is True


def test_parameter_group_forces_tls(monitor: RecordingMonitor) -> None:
    """Family derived from the version; rds.force_ssl=1 and slow-query logging."""
    run(lambda: AuroraCluster("db", cluster_args(engine_version="15.7")))
    group = monitor.one("aws:rds/clusterParameterGroup:ClusterParameterGroup")
    assert group.inputs["family"] == "aurora-postgresql15"
    assert {p["name"]: p["value"] for p in group.inputs["parameters"]} == {
        "rds.force_ssl": "1",
        "log_min_duration_statement": "30000",
    }
    cluster = monitor.one(CLUSTER)
    assert cluster.inputs["dbClusterParameterGroupName"] == group.state["name"]


def test_log_group_exists_before_cluster(monitor: RecordingMonitor) -> None:
    """The postgresql log group is named after the identifier, encrypted and a dependency."""
    run(
        lambda: AuroraCluster(
            "db", cluster_args(cluster_identifier="orders", log_retention_days=30)
        )
    )
    group = monitor.one("aws:cloudwatch/logGroup:LogGroup")
    assert group.inputs["name"] == "/aws/rds/cluster/orders/postgresql"
    assert group.inputs["retentionInDays"] == 30
    assert group.inputs["kmsKeyId"] == KEY
    cluster = monitor.one(CLUSTER)
    assert cluster.inputs["clusterIdentifier"] == "orders"
    assert group.urn in cluster.dependencies


def test_auto_pause_only_with_min_zero(monitor: RecordingMonitor) -> None:
    """Min 0 sends secondsUntilAutoPause (default 300)."""
    run(lambda: AuroraCluster("db", cluster_args(min_capacity_acu=0, max_capacity_acu=4)))
    assert monitor.one(CLUSTER).inputs["serverlessv2ScalingConfiguration"] == {
        "minCapacity": 0.0,
        "maxCapacity": 4.0,
        "secondsUntilAutoPause": 300,
    }


def test_instances_writer_and_readers(monitor: RecordingMonitor) -> None:
    """Serverless instances, never public, tier 0 writer and tier 1 readers, no AZ pinned."""
    _, outputs = run(lambda: AuroraCluster("db", cluster_args(reader_count=2)))
    instances = sorted(monitor.of_type(INSTANCE), key=lambda r: r.name)
    assert [i.inputs["identifier"] for i in instances] == [
        "db-instance-1",
        "db-instance-2",
        "db-instance-3",
    ]
    assert [i.inputs["promotionTier"] for i in instances] == [0, 1, 1]
    cluster = monitor.one(CLUSTER)
    role = monitor.one("aws:iam/role:Role")
    for instance in instances:
        expected = {
            "clusterIdentifier": cluster.state["id"],
            "engine": "aurora-postgresql",
            "instanceClass": "db.serverless",
            "publiclyAccessible": False,
            "autoMinorVersionUpgrade": True,
            "caCertIdentifier": "rds-ca-rsa2048-g1",
            "performanceInsightsEnabled": True,
            "performanceInsightsKmsKeyId": KEY,
            "performanceInsightsRetentionPeriod": 7,
            "monitoringInterval": 60,
            "monitoringRoleArn": role.state["arn"],
            "dbSubnetGroupName": "db-subnets",
        }
        assert {k: instance.inputs.get(k) for k in expected} == expected
        assert "availabilityZone" not in instance.inputs
        assert instance.protect is True
    assert outputs["instance_ids"] == ["db-instance-1", "db-instance-2", "db-instance-3"]


def test_monitoring_role_trusts_rds_monitoring(monitor: RecordingMonitor) -> None:
    """The enhanced-monitoring role trusts monitoring.rds and has the AWS managed policy."""
    run(lambda: AuroraCluster("db", cluster_args()))
    trust = json.loads(monitor.one("aws:iam/role:Role").inputs["assumeRolePolicy"])
    assert trust["Statement"][0]["Principal"] == {"Service": "monitoring.rds.amazonaws.com"}
    attachment = monitor.one("aws:iam/rolePolicyAttachment:RolePolicyAttachment")
    assert attachment.inputs["policyArn"] == (
        "arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole"
    )


def test_monitoring_off_creates_no_role(monitor: RecordingMonitor) -> None:
    """Interval 0 turns enhanced monitoring off: no role, interval 0 sent."""
    run(lambda: AuroraCluster("db", cluster_args(monitoring_interval_seconds=0)))
    assert monitor.of_type("aws:iam/role:Role") == []
    assert monitor.one(CLUSTER).inputs["monitoringInterval"] == 0
    assert "monitoringRoleArn" not in monitor.one(INSTANCE).inputs


def test_protect_off_for_non_prod(monitor: RecordingMonitor) -> None:
    """protect_resources False leaves cluster and instances unprotected."""
    run(
        lambda: AuroraCluster(
            "db", cluster_args(protect_resources=False, deletion_protection=False)
        )
    )
    assert monitor.one(CLUSTER).protect is False
    assert monitor.one(INSTANCE).protect is False
    assert monitor.one(CLUSTER).inputs["deletionProtection"] is False
    assert monitor.one(CLUSTER).inputs["skipFinalSnapshot"] is False


def test_outputs_reference_the_secret_never_a_value(monitor: RecordingMonitor) -> None:
    """Outputs carry endpoints and the secret ARN; no password anywhere."""
    _, outputs = run(lambda: AuroraCluster("db", cluster_args()))
    cluster = monitor.one(CLUSTER)
    assert outputs["endpoint"] == cluster.state["endpoint"]
    assert outputs["reader_endpoint"] == cluster.state["readerEndpoint"]
    assert outputs["port"] == 5432
    assert outputs["secret_arn"] == cluster.state["masterUserSecrets"][0]["secretArn"]
    assert outputs["arn"] == f"arn:aws:rds:{REGION}:{ACCOUNT}:cluster:db"
    assert outputs["cluster_identifier"] == "db"
    assert outputs["cluster_resource_id"] == cluster.state["clusterResourceId"]
    assert outputs["instance_urns"] == [monitor.one(INSTANCE).urn]
    assert "password" not in json.dumps(outputs).lower()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"engine_version": None}, 'engine_version is required (for example "16.4"), got None'),
        (
            {"min_capacity_acu": 0, "engine_version": "16.2"},
            "min_capacity_acu may be 0 only on engine versions that support auto-pause "
            "(Aurora PostgreSQL 13.15+, 14.12+, 15.7+, 16.3+, 17.x), got 0 with engine_version "
            "'16.2'; use 0.5 or upgrade the engine",
        ),
        (
            {"seconds_until_auto_pause": 600},
            "seconds_until_auto_pause is only allowed when min_capacity_acu is 0, got 600 with "
            "min_capacity_acu 0.5",
        ),
        ({"reader_count": 16}, "reader_count must be an integer from 0 to 15, got 16"),
        (
            {"master_username": "postgres"},
            "master_username must not be a reserved or default "
            "name (admin, postgres, rds_iam, rds_replication, rds_superuser, rdsadmin, root), "
            "got 'postgres'",
        ),
        ({"kms_key_arn": None}, "kms_key_arn is required, got None"),
        (
            {"security_group_ids": []},
            "security_group_ids must name at least one security group, got []",
        ),
        (
            {"cluster_identifier": "Orders"},
            "cluster_identifier must be 1-50 characters: a lowercase letter, then lowercase "
            "letters, digits or single hyphens, not ending with a hyphen, got 'Orders'",
        ),
        (
            {"log_min_duration_statement_ms": 50},
            "log_min_duration_statement_ms must be an integer from 100 to 3600000, got 50",
        ),
    ],
)
def test_fails_before_any_registration(
    monitor: RecordingMonitor, overrides: dict[str, Any], message: str
) -> None:
    """Bad arguments raise before the component or any child is registered."""
    with pytest.raises(ValueError) as excinfo:
        run(lambda: AuroraCluster("db", cluster_args(**overrides)))
    assert str(excinfo.value) == message
    assert monitor.registrations == []
