"""Build a compliant and a drifted account in moto with boto3 (the audit tests' fixtures)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

ACCOUNT = "123456789012"
CLIENT_TAG = {"Key": "purpose", "Value": "app"}


def _key_policy() -> str:
    return json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Sid": "AccountAdmin",
                    "Effect": "Allow",
                    "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"},
                    "Action": "kms:*",
                    "Resource": "*",
                }
            ],
        }
    )


def _drop_default_vpc(ec2: Any) -> None:
    for vpc in ec2.describe_vpcs(Filters=[{"Name": "isDefault", "Values": ["true"]}])["Vpcs"]:
        vpc_id = vpc["VpcId"]
        for sn in ec2.describe_subnets(Filters=[{"Name": "vpc-id", "Values": [vpc_id]}])["Subnets"]:
            ec2.delete_subnet(SubnetId=sn["SubnetId"])
        igws = ec2.describe_internet_gateways(
            Filters=[{"Name": "attachment.vpc-id", "Values": [vpc_id]}]
        )["InternetGateways"]
        for igw in igws:
            ec2.detach_internet_gateway(InternetGatewayId=igw["InternetGatewayId"], VpcId=vpc_id)
            ec2.delete_internet_gateway(InternetGatewayId=igw["InternetGatewayId"])
        ec2.delete_vpc(VpcId=vpc_id)


def _close_group(ec2: Any, group: dict[str, Any]) -> None:
    if group.get("IpPermissions"):
        ec2.revoke_security_group_ingress(
            GroupId=group["GroupId"], IpPermissions=group["IpPermissions"]
        )
    if group.get("IpPermissionsEgress"):
        ec2.revoke_security_group_egress(
            GroupId=group["GroupId"], IpPermissions=group["IpPermissionsEgress"]
        )


def build_account(client: Callable[..., Any], region: str, *, drifted: bool) -> dict[str, str]:
    """Create the platform's resources; ``drifted`` applies the console changes audit must catch.

    Drift: deletion protection off on the cluster, 5432 open to 0.0.0.0/0 on the DB security
    group, KMS key rotation off, and a DSQL cluster without deletion protection.
    """
    ec2 = client("ec2", region)
    kms = client("kms", region)
    rds = client("rds", region)
    dsql = client("dsql", region)
    _drop_default_vpc(ec2)

    vpc_id = ec2.create_vpc(CidrBlock="10.40.0.0/16")["Vpc"]["VpcId"]
    subnets = [
        ec2.create_subnet(
            VpcId=vpc_id, CidrBlock=f"10.40.{i}.0/24", AvailabilityZone=f"{region}{az}"
        )["Subnet"]["SubnetId"]
        for i, az in enumerate("abc")
    ]
    for subnet_id in subnets:
        ec2.modify_subnet_attribute(SubnetId=subnet_id, MapPublicIpOnLaunch={"Value": False})
    default_sg = ec2.describe_security_groups(
        Filters=[
            {"Name": "vpc-id", "Values": [vpc_id]},
            {"Name": "group-name", "Values": ["default"]},
        ]
    )["SecurityGroups"][0]
    _close_group(ec2, default_sg)
    client_sg = ec2.create_security_group(
        GroupName="app-clients",
        Description="Application tasks that may reach the database",
        VpcId=vpc_id,
    )["GroupId"]
    db_sg = ec2.create_security_group(
        GroupName="app-db",
        Description="Aurora cluster: PostgreSQL from app clients only",
        VpcId=vpc_id,
    )["GroupId"]
    for group in ec2.describe_security_groups(GroupIds=[client_sg, db_sg])["SecurityGroups"]:
        _close_group(ec2, group)
    ec2.authorize_security_group_ingress(
        GroupId=db_sg,
        IpPermissions=[
            {
                "IpProtocol": "tcp",
                "FromPort": 5432,
                "ToPort": 5432,
                "UserIdGroupPairs": [{"GroupId": client_sg, "Description": "PostgreSQL from app"}],
            }
        ],
    )
    key = kms.create_key(Description="Aurora platform data key", Policy=_key_policy())[
        "KeyMetadata"
    ]
    kms.enable_key_rotation(KeyId=key["KeyId"])
    key_arn = key["Arn"]

    rds.create_db_subnet_group(
        DBSubnetGroupName="app-db-subnets",
        DBSubnetGroupDescription="Private subnets",
        SubnetIds=subnets,
    )
    rds.create_db_cluster_parameter_group(
        DBClusterParameterGroupName="app-pg16",
        DBParameterGroupFamily="aurora-postgresql16",
        Description="TLS only, slow query logging",
    )
    rds.modify_db_cluster_parameter_group(
        DBClusterParameterGroupName="app-pg16",
        Parameters=[
            {
                "ParameterName": "rds.force_ssl",
                "ParameterValue": "1",
                "ApplyMethod": "pending-reboot",
            },
            {
                "ParameterName": "log_min_duration_statement",
                "ParameterValue": "1000",
                "ApplyMethod": "immediate",
            },
            {"ParameterName": "log_statement", "ParameterValue": "ddl", "ApplyMethod": "immediate"},
        ],
    )
    cluster = rds.create_db_cluster(
        DBClusterIdentifier="app",
        Engine="aurora-postgresql",
        EngineVersion="16.4",
        DatabaseName="app",
        MasterUsername="dbadmin",
        ManageMasterUserPassword=True,
        MasterUserSecretKmsKeyId=key_arn,
        StorageEncrypted=True,
        KmsKeyId=key_arn,
        DeletionProtection=True,
        EnableIAMDatabaseAuthentication=True,
        BackupRetentionPeriod=7,
        EnableCloudwatchLogsExports=["postgresql"],
        CopyTagsToSnapshot=True,
        DBClusterParameterGroupName="app-pg16",
        DBSubnetGroupName="app-db-subnets",
        VpcSecurityGroupIds=[db_sg],
        ServerlessV2ScalingConfiguration={"MinCapacity": 0.5, "MaxCapacity": 4},
        EnablePerformanceInsights=True,
        PerformanceInsightsKMSKeyId=key_arn,
        MonitoringInterval=60,
        MonitoringRoleArn=f"arn:aws:iam::{ACCOUNT}:role/rds-monitoring",
        Port=5432,
    )["DBCluster"]
    for i, az in enumerate("ab"):
        rds.create_db_instance(
            DBInstanceIdentifier=f"app-{i + 1}",
            DBClusterIdentifier="app",
            DBInstanceClass="db.serverless",
            Engine="aurora-postgresql",
            AvailabilityZone=f"{region}{az}",
            PubliclyAccessible=False,
            AutoMinorVersionUpgrade=True,
            MonitoringInterval=60,
            MonitoringRoleArn=f"arn:aws:iam::{ACCOUNT}:role/rds-monitoring",
            EnablePerformanceInsights=True,
            PerformanceInsightsKMSKeyId=key_arn,
            CACertificateIdentifier="rds-ca-rsa2048-g1",
            PromotionTier=i,
        )
    dsql_cluster = dsql.create_cluster(deletionProtectionEnabled=True, kmsEncryptionKey=key_arn)
    if drifted:
        rds.modify_db_cluster(
            DBClusterIdentifier="app", DeletionProtection=False, ApplyImmediately=True
        )
        ec2.authorize_security_group_ingress(
            GroupId=db_sg,
            IpPermissions=[
                {
                    "IpProtocol": "tcp",
                    "FromPort": 5432,
                    "ToPort": 5432,
                    "IpRanges": [{"CidrIp": "0.0.0.0/0", "Description": "debugging from laptop"}],
                }
            ],
        )
        kms.disable_key_rotation(KeyId=key["KeyId"])
        dsql.update_cluster(identifier=dsql_cluster["identifier"], deletionProtectionEnabled=False)
    return {
        "vpc": vpc_id,
        "db_sg": db_sg,
        "client_sg": client_sg,
        "key_id": key["KeyId"],
        "cluster_arn": cluster["DBClusterArn"],
        "dsql": dsql_cluster["identifier"],
    }
