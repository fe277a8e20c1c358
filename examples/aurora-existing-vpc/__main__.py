"""Ledger database: Aurora PostgreSQL in an existing VPC.

The platform team owns the VPC; this program only looks it up (``get_vpc`` by id, the data
subnets by tag) and adds the database: its own KMS key, a security group open to the
applications' groups only, a subnet group, a parameter group forcing TLS, the cluster with an
RDS-managed master secret, and a writer and a reader instance.
"""

import pulumi
import pulumi_aws as aws

config = pulumi.Config()
stack = pulumi.get_stack()
instance_class = config.get("instanceClass") or "db.r6g.large"
app_security_groups: list[str] = config.require_object("appSecurityGroupIds")
tags = {"service": "ledger", "env": stack, "owner": "payments"}

vpc = aws.ec2.get_vpc(id=config.require("vpcId"))
data_subnets = aws.ec2.get_subnets(
    filters=[
        {"name": "vpc-id", "values": [vpc.id]},
        {"name": "tag:tier", "values": [config.get("subnetTier") or "data"]},
    ]
)

key = aws.kms.Key(
    "ledger-db",
    description=f"ledger database ({stack})",
    enable_key_rotation=True,
    deletion_window_in_days=30,
    tags=tags,
)
aws.kms.Alias("ledger-db", name=f"alias/ledger-db-{stack}", target_key_id=key.key_id)

security_group = aws.ec2.SecurityGroup(
    "ledger-db",
    vpc_id=vpc.id,
    description="Ledger PostgreSQL: the applications only",
    ingress=[
        {
            "protocol": "tcp",
            "from_port": 5432,
            "to_port": 5432,
            "security_groups": app_security_groups,
            "description": "applications",
        }
    ],
    tags=tags,
)
subnet_group = aws.rds.SubnetGroup("ledger-db", subnet_ids=data_subnets.ids, tags=tags)
parameters = aws.rds.ClusterParameterGroup(
    "ledger-db",
    family="aurora-postgresql16",
    parameters=[
        {"name": "rds.force_ssl", "value": "1"},
        {"name": "log_min_duration_statement", "value": "1000"},
    ],
    tags=tags,
)

cluster = aws.rds.Cluster(
    "ledger-db",
    engine="aurora-postgresql",
    engine_version="16.4",
    database_name="ledger",
    master_username="ledger_admin",
    manage_master_user_password=True,
    master_user_secret_kms_key_id=key.key_id,
    storage_encrypted=True,
    kms_key_id=key.arn,
    db_subnet_group_name=subnet_group.name,
    vpc_security_group_ids=[security_group.id],
    db_cluster_parameter_group_name=parameters.name,
    iam_database_authentication_enabled=True,
    backup_retention_period=14,
    preferred_backup_window="03:00-04:00",
    copy_tags_to_snapshot=True,
    deletion_protection=True,
    final_snapshot_identifier=f"ledger-db-{stack}-final",
    enabled_cloudwatch_logs_exports=["postgresql"],
    tags=tags,
    opts=pulumi.ResourceOptions(protect=stack == "prod"),
)

instances = [
    aws.rds.ClusterInstance(
        f"ledger-db-{index}",
        cluster_identifier=cluster.id,
        instance_class=instance_class,
        engine=cluster.engine,
        engine_version=cluster.engine_version,
        db_subnet_group_name=subnet_group.name,
        promotion_tier=index,
        performance_insights_enabled=True,
        performance_insights_kms_key_id=key.arn,
        auto_minor_version_upgrade=True,
        tags=tags,
    )
    for index in range(2)
]

pulumi.export("writerEndpoint", cluster.endpoint)
pulumi.export("readerEndpoint", cluster.reader_endpoint)
pulumi.export("port", cluster.port)
pulumi.export("masterSecretArn", cluster.master_user_secrets[0].secret_arn)
pulumi.export("securityGroupId", security_group.id)
pulumi.export("subnetIds", data_subnets.ids)
