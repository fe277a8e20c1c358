"""Converters: boto3 response shapes → the policy pack's camelCase property shape."""

from __future__ import annotations

from auroractl.ops.audit import convert

REGION = "eu-west-1"


def test_cluster_maps_security_fields_and_numbers_as_floats() -> None:
    """A DescribeDBClusters item becomes Cluster props with float numbers and nested scaling."""
    res = convert.cluster(
        {
            "DBClusterIdentifier": "app",
            "DBClusterArn": "arn:aws:rds:eu-west-1:1:cluster:app",
            "Engine": "aurora-postgresql",
            "EngineVersion": "16.4",
            "StorageEncrypted": True,
            "KmsKeyId": "arn:aws:kms:eu-west-1:1:key/k",
            "DeletionProtection": False,
            "IAMDatabaseAuthenticationEnabled": True,
            "BackupRetentionPeriod": 7,
            "EnabledCloudwatchLogsExports": ["postgresql"],
            "CopyTagsToSnapshot": True,
            "DBClusterParameterGroup": "app-pg16",
            "MasterUserSecret": {
                "SecretArn": "arn:s",
                "KmsKeyId": "arn:k",
                "SecretStatus": "active",
            },
            "ServerlessV2ScalingConfiguration": {
                "MinCapacity": 0,
                "MaxCapacity": 2,
                "SecondsUntilAutoPause": 300,
            },
            "PerformanceInsightsEnabled": True,
            "PerformanceInsightsKMSKeyId": "arn:k",
            "MonitoringInterval": 60,
            "VpcSecurityGroups": [{"VpcSecurityGroupId": "sg-1", "Status": "active"}],
            "Port": 5432,
        },
        REGION,
    )
    assert res.type == "aws:rds/cluster:Cluster"
    props = res.props
    assert props["deletionProtection"] is False
    assert props["backupRetentionPeriod"] == 7.0 and isinstance(
        props["backupRetentionPeriod"], float
    )
    assert props["serverlessv2ScalingConfiguration"] == {
        "minCapacity": 0.0,
        "maxCapacity": 2.0,
        "secondsUntilAutoPause": 300.0,
    }
    assert props["manageMasterUserPassword"] is True
    assert props["masterUserSecretKmsKeyId"] == "arn:k"
    assert props["performanceInsightsKmsKeyId"] == "arn:k"
    assert props["vpcSecurityGroupIds"] == ["sg-1"]
    assert props["id"] == "app" and props["arn"] == "arn:aws:rds:eu-west-1:1:cluster:app"
    assert "monitoringRoleArn" not in props


def test_instance_in_cluster_is_cluster_instance_with_pi() -> None:
    """A cluster member becomes ClusterInstance with Performance Insights fields."""
    res = convert.instance(
        {
            "DBInstanceIdentifier": "app-1",
            "DBClusterIdentifier": "app",
            "DBInstanceClass": "db.serverless",
            "PubliclyAccessible": False,
            "PerformanceInsightsEnabled": True,
            "PerformanceInsightsKMSKeyId": "arn:k",
            "CACertificateIdentifier": "rds-ca-rsa2048-g1",
            "PromotionTier": 1,
        },
        REGION,
    )
    assert res.type == "aws:rds/clusterInstance:ClusterInstance"
    assert res.props["performanceInsightsEnabled"] is True
    assert res.props["performanceInsightsKmsKeyId"] == "arn:k"
    assert res.props["promotionTier"] == 1.0
    assert res.props["clusterIdentifier"] == "app"


def test_standalone_instance_is_rds_instance() -> None:
    """An instance outside a cluster becomes aws:rds/instance:Instance with multiAz."""
    res = convert.instance({"DBInstanceIdentifier": "legacy", "MultiAZ": False}, REGION)
    assert res.type == "aws:rds/instance:Instance"
    assert res.props["multiAz"] is False


def test_security_group_one_block_per_source() -> None:
    """IpPermissions with two sources become two ingress blocks; default group gets its type."""
    group = {
        "GroupId": "sg-1",
        "GroupName": "db",
        "Description": "db",
        "IpPermissions": [
            {
                "IpProtocol": "tcp",
                "FromPort": 5432,
                "ToPort": 5432,
                "IpRanges": [{"CidrIp": "0.0.0.0/0"}],
                "UserIdGroupPairs": [{"GroupId": "sg-2", "Description": "app"}],
            }
        ],
        "IpPermissionsEgress": [{"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}],
    }
    res = convert.security_group(group, REGION)
    assert res.type == "aws:ec2/securityGroup:SecurityGroup"
    assert res.props["ingress"] == [
        {"protocol": "tcp", "fromPort": 5432.0, "toPort": 5432.0, "cidrBlocks": ["0.0.0.0/0"]},
        {
            "protocol": "tcp",
            "fromPort": 5432.0,
            "toPort": 5432.0,
            "securityGroups": ["sg-2"],
            "description": "app",
        },
    ]
    assert res.props["egress"] == [
        {"protocol": "-1", "fromPort": 0.0, "toPort": 0.0, "cidrBlocks": ["0.0.0.0/0"]}
    ]
    default = convert.security_group({**group, "GroupName": "default"}, REGION)
    assert default.type == "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup"


def test_rds_managed_secret_counts_as_rotated() -> None:
    """A secret owned by RDS yields a SecretRotation (RDS rotates every 7 days)."""
    out = convert.secret(
        {"ARN": "arn:s", "Name": "rds!cluster-1", "OwningService": "rds", "KmsKeyId": "arn:k"},
        REGION,
    )
    assert [r.type for r in out] == [
        "aws:secretsmanager/secret:Secret",
        "aws:secretsmanager/secretRotation:SecretRotation",
    ]
    assert out[1].props["secretId"] == "arn:s"
    assert out[1].props["rotationRules"] == {"automaticallyAfterDays": 7.0}


def test_unrotated_secret_has_no_rotation() -> None:
    """A plain secret without rotation yields only the Secret."""
    out = convert.secret({"ARN": "arn:s", "Name": "x"}, REGION)
    assert [r.type for r in out] == ["aws:secretsmanager/secret:Secret"]


def test_kms_key_rotation_and_policy() -> None:
    """DescribeKey + rotation status + policy become Key props."""
    res = convert.kms_key(
        {"KeyId": "k", "Arn": "arn:k", "KeySpec": "SYMMETRIC_DEFAULT", "KeyState": "Enabled"},
        {"KeyRotationEnabled": False, "RotationPeriodInDays": 365},
        '{"Statement": []}',
        REGION,
    )
    assert res.props["enableKeyRotation"] is False
    assert res.props["rotationPeriodInDays"] == 365.0
    assert res.props["isEnabled"] is True
    assert res.props["customerMasterKeySpec"] == "SYMMETRIC_DEFAULT"
    assert res.props["policy"] == '{"Statement": []}'


def test_dsql_cluster_aws_owned_key_and_multi_region() -> None:
    """GetCluster → dsql Cluster: AWS-owned key spelled as the provider does."""
    res = convert.dsql_cluster(
        {
            "identifier": "abc",
            "arn": "arn:aws:dsql:eu-west-1:1:cluster/abc",
            "deletionProtectionEnabled": True,
            "encryptionDetails": {
                "encryptionType": "AWS_OWNED_KMS_KEY",
                "encryptionStatus": "ENABLED",
            },
            "multiRegionProperties": {"witnessRegion": "eu-west-3", "clusters": ["arn:other"]},
        },
        REGION,
    )
    assert res.props["kmsEncryptionKey"] == "AWS_OWNED_KMS_KEY"
    assert res.props["multiRegionProperties"] == {
        "witnessRegion": "eu-west-3",
        "clusters": ["arn:other"],
    }


def test_route_table_emits_associations() -> None:
    """A route table with a subnet association yields the table and one association."""
    out = convert.route_table(
        {
            "RouteTableId": "rtb-1",
            "Routes": [{"DestinationCidrBlock": "0.0.0.0/0", "GatewayId": "igw-1"}],
            "Associations": [{"RouteTableAssociationId": "rtbassoc-1", "SubnetId": "subnet-1"}],
        },
        REGION,
    )
    assert out[0].props["routes"] == [{"cidrBlock": "0.0.0.0/0", "gatewayId": "igw-1"}]
    assert out[1].props == {"routeTableId": "rtb-1", "subnetId": "subnet-1", "id": "rtbassoc-1"}


def test_exit_codes_are_the_documented_table() -> None:
    """The exit codes are public contract (docs/operations.md); pin every value."""
    from auroractl.ops.errors import ExitCode

    assert {code.name: code.value for code in ExitCode} == {
        "OK": 0,
        "FAILED": 1,
        "USAGE": 2,
        "DNS": 3,
        "REFUSED": 4,
        "TIMEOUT": 5,
        "TLS": 6,
        "AUTH": 7,
        "SECRET_MISSING": 8,
        "ACCESS_DENIED": 9,
        "AWS_ERROR": 10,
    }
