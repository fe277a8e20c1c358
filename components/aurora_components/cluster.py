"""AuroraCluster: an Aurora PostgreSQL Serverless v2 cluster with a writer and 0-15 readers.

Secure defaults: storage encrypted with the given CMK, RDS-managed master password (secret
encrypted with the CMK; no password in state or outputs), IAM database authentication,
deletion protection, a final snapshot that is never skipped, TLS forced by the cluster
parameter group (``rds.force_ssl = 1``), ``postgresql`` log export into a CMK-encrypted log
group with retention (created before the cluster so RDS does not create an unencrypted one),
Performance Insights on the CMK, enhanced monitoring with its own role, tags copied to
snapshots, Pulumi ``protect`` on the cluster and instances.

Placement: ``availability_zones`` is never set on the cluster (RDS always uses 3 AZs and a
shorter list forces a replacement on the next run) and ``availability_zone`` is not set on
the instances either: it forces replacement when changed, and with explicit identifiers a
replacement cannot be created before the old instance is gone. RDS places the instances in
the subnet group's AZs.
"""

from collections.abc import Sequence
from typing import TypedDict

import pulumi
import pulumi_aws as aws

from ._common import (
    AccountContext,
    assume_role_policy,
    child_opts,
    encrypted_log_group,
    merge_tags,
    service_role,
    type_token,
)
from .naming import (
    child_name,
    cluster_log_group_name,
    final_snapshot_identifier,
    instance_identifier,
    validate_component_name,
)
from .validation import (
    CA_CERT_IDENTIFIERS,
    parameter_group_family,
    validate_auto_pause,
    validate_backup_retention_days,
    validate_backup_window,
    validate_capacity,
    validate_database_name,
    validate_identifier,
    validate_int_range,
    validate_log_retention_days,
    validate_maintenance_window,
    validate_master_username,
    validate_monitoring_interval,
    validate_performance_insights_retention,
    validate_port,
    validate_reader_count,
    validate_tags,
)

__all__ = ["CA_CERT_IDENTIFIER", "AuroraCluster", "AuroraClusterArgs"]

CA_CERT_IDENTIFIER = CA_CERT_IDENTIFIERS[0]
_MONITORING_POLICY = "policy/service-role/AmazonRDSEnhancedMonitoringRole"


class AuroraClusterArgs(TypedDict, total=False):
    """Arguments of :class:`AuroraCluster`."""

    engine_version: str
    """Aurora PostgreSQL version "MAJOR.MINOR", e.g. "16.4". Required, no default."""
    cluster_identifier: str
    """RDS cluster identifier (changing it replaces the cluster). Default: the component name."""
    min_capacity_acu: float
    """Minimum ACU: 0 (auto-pause, on supporting versions) or 0.5-256. Default: 0.5."""
    max_capacity_acu: float
    """Maximum ACU: 1-256, at least the minimum. Default: 2."""
    seconds_until_auto_pause: int
    """Idle seconds before pausing, 300-86400, only with minimum 0. Default: 300 when min is 0."""
    reader_count: int
    """Readers besides the writer, 0-15, promotion tier 1. Default: 0."""
    backup_retention_days: int
    """Automated backup retention, 1-35 days. Default: 7."""
    preferred_backup_window: str
    """Daily backup window "hh:mm-hh:mm" UTC. Default: "03:00-04:00"."""
    preferred_maintenance_window: str
    """Weekly maintenance window "ddd:hh:mm-ddd:hh:mm" UTC. Default: "sun:04:30-sun:05:30"."""
    deletion_protection: bool
    """RDS deletion protection. Default: True."""
    protect_resources: bool
    """Pulumi ``protect`` on the cluster and its instances. Default: True."""
    database_name: str
    """Initial database, created with the cluster. Default: "app". Changes after creation
    are ignored (``ignore_changes``): RDS cannot rename it and a new name would replace the
    cluster; :attr:`AuroraCluster.database_name` reports the database the cluster has."""
    master_username: str
    """Master user (password managed by RDS in Secrets Manager). Default: "dbadmin"."""
    port: int
    """Database port. Default: 5432."""
    kms_key_arn: pulumi.Input[str]
    """CMK for storage, secret, Performance Insights and the log group. Required."""
    subnet_group_name: pulumi.Input[str]
    """DB subnet group (at least 2 AZs). Required."""
    security_group_ids: list[pulumi.Input[str]]
    """VPC security groups of the cluster. Required, at least one."""
    log_retention_days: int
    """Retention of the postgresql log group (a CloudWatch Logs value). Default: 365."""
    monitoring_interval_seconds: int
    """Enhanced monitoring interval: 0, 1, 5, 10, 15, 30 or 60; 0 turns it off. Default: 60."""
    performance_insights_retention_days: int
    """Performance Insights retention: 7, 731 or a multiple of 31. Default: 7."""
    log_min_duration_statement_ms: int
    """Statements running longer are logged (the slow-query alarm counts them). Default: 30000."""
    tags: dict[str, str]
    """Tags merged onto every taggable child. Default: none."""


class AuroraCluster(pulumi.ComponentResource):
    """Aurora PostgreSQL Serverless v2 cluster, parameter group, log group and instances."""

    endpoint: pulumi.Output[str]
    """Writer (cluster) endpoint."""
    reader_endpoint: pulumi.Output[str]
    """Reader endpoint (the writer answers it when there are no readers)."""
    port: pulumi.Output[int]
    """Database port."""
    secret_arn: pulumi.Output[str]
    """ARN of the RDS-managed master secret (a reference, never the value)."""
    arn: pulumi.Output[str]
    """Cluster ARN."""
    cluster_identifier: pulumi.Output[str]
    """Cluster identifier."""
    cluster_resource_id: pulumi.Output[str]
    """Cluster resource id (for rds-db:connect policies)."""
    database_name: pulumi.Output[str]
    """The initial database the cluster was created with."""
    log_group_name: pulumi.Output[str]
    """The postgresql log group."""
    instance_ids: pulumi.Output[list[str]]
    """Instance identifiers, writer first."""
    instance_urns: pulumi.Output[list[str]]
    """Instance URNs, writer first."""

    def __init__(
        self, name: str, args: AuroraClusterArgs, opts: pulumi.ResourceOptions | None = None
    ) -> None:
        validate_component_name(name)
        engine_version = args.get("engine_version")
        if engine_version is None:
            raise ValueError('engine_version is required (for example "16.4"), got None')
        family = parameter_group_family(engine_version)
        identifier = validate_identifier(
            "cluster_identifier", args.get("cluster_identifier", name), 50
        )
        min_acu = args.get("min_capacity_acu", 0.5)
        max_acu = args.get("max_capacity_acu", 2.0)
        validate_capacity(min_acu, max_acu, engine_version)
        auto_pause = validate_auto_pause(args.get("seconds_until_auto_pause"), min_acu)
        readers = validate_reader_count(args.get("reader_count", 0))
        retention = validate_backup_retention_days(args.get("backup_retention_days", 7))
        backup_window = validate_backup_window(args.get("preferred_backup_window", "03:00-04:00"))
        maintenance_window = validate_maintenance_window(
            args.get("preferred_maintenance_window", "sun:04:30-sun:05:30")
        )
        database_name = validate_database_name(args.get("database_name", "app"))
        username = validate_master_username(args.get("master_username", "dbadmin"))
        port = validate_port(args.get("port", 5432))
        log_retention = validate_log_retention_days(args.get("log_retention_days", 365))
        monitoring = validate_monitoring_interval(args.get("monitoring_interval_seconds", 60))
        pi_retention = validate_performance_insights_retention(
            args.get("performance_insights_retention_days", 7)
        )
        slow_ms = validate_int_range(
            "log_min_duration_statement_ms",
            args.get("log_min_duration_statement_ms", 30000),
            100,
            3_600_000,
        )
        for required in ("kms_key_arn", "subnet_group_name"):
            if args.get(required) is None:
                raise ValueError(f"{required} is required, got None")
        security_groups = args.get("security_group_ids")
        if not security_groups:
            raise ValueError(
                f"security_group_ids must name at least one security group, got {security_groups!r}"
            )
        tags = validate_tags(args.get("tags", {}))
        protect = True if args.get("protect_resources", True) else None
        kms_key_arn = args["kms_key_arn"]

        super().__init__(type_token("cluster", "AuroraCluster"), name, None, opts)

        parameter_group = aws.rds.ClusterParameterGroup(
            child_name(name, "params"),
            family=family,
            description=f"Aurora PostgreSQL {family} for {identifier}: TLS forced, slow queries",
            parameters=[
                aws.rds.ClusterParameterGroupParameterArgs(name="rds.force_ssl", value="1"),
                aws.rds.ClusterParameterGroupParameterArgs(
                    name="log_min_duration_statement", value=str(slow_ms)
                ),
            ],
            tags=merge_tags(tags),
            opts=child_opts(self),
        )
        log_group = encrypted_log_group(
            self,
            child_name(name, "postgresql-logs"),
            name=cluster_log_group_name(identifier),
            retention_in_days=log_retention,
            kms_key_id=kms_key_arn,
            tags=tags,
        )

        monitoring_role: aws.iam.Role | None = None
        if monitoring:
            ctx = AccountContext(self)
            monitoring_role = service_role(
                self,
                child_name(name, "monitoring-role"),
                description=f"RDS enhanced monitoring of {identifier}",
                assume_role_policy=assume_role_policy("monitoring.rds.amazonaws.com"),
                tags=tags,
            )
            attachment = aws.iam.RolePolicyAttachment(
                child_name(name, "monitoring-policy"),
                role=monitoring_role.name,
                policy_arn=ctx.partition.apply(lambda p: f"arn:{p}:iam::aws:{_MONITORING_POLICY}"),
                opts=child_opts(self),
            )
        monitoring_role_arn = monitoring_role.arn if monitoring_role is not None else None
        monitoring_deps: list[pulumi.Resource] = [attachment] if monitoring_role else []

        scaling = aws.rds.ClusterServerlessv2ScalingConfigurationArgs(
            min_capacity=float(min_acu),
            max_capacity=float(max_acu),
            seconds_until_auto_pause=auto_pause,
        )
        cluster = aws.rds.Cluster(
            child_name(name, "cluster"),
            cluster_identifier=identifier,
            engine="aurora-postgresql",
            engine_mode="provisioned",
            engine_version=engine_version,
            database_name=database_name,
            master_username=username,
            manage_master_user_password=True,
            master_user_secret_kms_key_id=kms_key_arn,
            port=port,
            storage_encrypted=True,
            kms_key_id=kms_key_arn,
            iam_database_authentication_enabled=True,
            deletion_protection=bool(args.get("deletion_protection", True)),
            skip_final_snapshot=False,
            final_snapshot_identifier=final_snapshot_identifier(identifier),
            backup_retention_period=retention,
            preferred_backup_window=backup_window,
            preferred_maintenance_window=maintenance_window,
            copy_tags_to_snapshot=True,
            auto_minor_version_upgrade=True,
            enabled_cloudwatch_logs_exports=["postgresql"],
            serverlessv2_scaling_configuration=scaling,
            db_cluster_parameter_group_name=parameter_group.name,
            db_subnet_group_name=args["subnet_group_name"],
            vpc_security_group_ids=list(security_groups),
            performance_insights_enabled=True,
            performance_insights_kms_key_id=kms_key_arn,
            performance_insights_retention_period=pi_retention,
            monitoring_interval=monitoring,
            monitoring_role_arn=monitoring_role_arn,
            tags=merge_tags(tags),
            opts=child_opts(
                self,
                protect=protect,
                depends_on=[log_group, *monitoring_deps],
                # database_name forces a new cluster in pulumi-aws (the bridged
                # terraform-provider-aws schema of aws_rds_cluster marks it ForceNew): a
                # changed name must never replace a database.
                ignore_changes=["databaseName"],
            ),
        )

        instances: list[aws.rds.ClusterInstance] = []
        for index in range(1, readers + 2):
            instances.append(
                aws.rds.ClusterInstance(
                    child_name(name, f"instance-{index}"),
                    identifier=instance_identifier(identifier, index),
                    cluster_identifier=cluster.id,
                    engine=aws.rds.EngineType.AURORA_POSTGRESQL,
                    instance_class="db.serverless",
                    db_subnet_group_name=args["subnet_group_name"],
                    publicly_accessible=False,
                    promotion_tier=0 if index == 1 else 1,
                    auto_minor_version_upgrade=True,
                    ca_cert_identifier=CA_CERT_IDENTIFIER,
                    performance_insights_enabled=True,
                    performance_insights_kms_key_id=kms_key_arn,
                    performance_insights_retention_period=pi_retention,
                    monitoring_interval=monitoring,
                    monitoring_role_arn=monitoring_role_arn,
                    copy_tags_to_snapshot=True,
                    tags=merge_tags(tags),
                    opts=child_opts(self, protect=protect, depends_on=monitoring_deps or None),
                )
            )
        self.instances: list[aws.rds.ClusterInstance] = instances
        """The instance resources, writer first (the proxy target depends on all of them)."""

        self.endpoint = cluster.endpoint
        self.reader_endpoint = cluster.reader_endpoint
        self.port = pulumi.Output.from_input(port)
        self.secret_arn = cluster.master_user_secrets.apply(_secret_arn)
        self.arn = cluster.arn
        self.cluster_identifier = cluster.cluster_identifier
        self.cluster_resource_id = cluster.cluster_resource_id
        self.database_name = cluster.database_name
        self.log_group_name = log_group.name
        self.instance_ids = pulumi.Output.all(*[i.identifier for i in instances])
        self.instance_urns = pulumi.Output.all(*[i.urn for i in instances])
        self.register_outputs(
            {
                "endpoint": self.endpoint,
                "reader_endpoint": self.reader_endpoint,
                "port": self.port,
                "secret_arn": self.secret_arn,
                "arn": self.arn,
                "cluster_identifier": self.cluster_identifier,
                "cluster_resource_id": self.cluster_resource_id,
                "database_name": self.database_name,
                "log_group_name": self.log_group_name,
                "instance_ids": self.instance_ids,
                "instance_urns": self.instance_urns,
            }
        )


def _secret_arn(secrets: Sequence[aws.rds.outputs.ClusterMasterUserSecret] | None) -> str:
    if not secrets or not secrets[0].secret_arn:
        raise ValueError(
            "the cluster returned no master_user_secrets[0].secret_arn although "
            "manage_master_user_password is on"
        )
    return secrets[0].secret_arn
