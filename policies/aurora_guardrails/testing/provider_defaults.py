"""What pulumi-aws documents as each input's default, per resource type.

The provider's `Check` fills documented defaults into the inputs before the policy pack sees them,
so a rule meets a resource in two forms: as the program wrote it (key unset) and with the default
filled in. A rule must judge both the same way. Each entry is read from the argument docstrings
of the pulumi-aws Python SDK (version 7.51.1, `pulumi_aws/<module>.py`, class `<Type>Args`),
named in `SOURCES`; `NOT_MODELLED` lists documented defaults left out, and why.
"""

from __future__ import annotations

from typing import Any

from aurora_guardrails import tokens as t

__all__ = ["NOT_MODELLED", "PROVIDER_DEFAULTS", "SOURCES"]

PROVIDER_DEFAULTS: dict[str, dict[str, Any]] = {
    t.CLUSTER: {
        "autoMinorVersionUpgrade": True,
        "backupRetentionPeriod": 1.0,
        "copyTagsToSnapshot": False,
        "deletionProtection": False,
        "engineMode": "provisioned",
        "monitoringInterval": 0.0,
        "skipFinalSnapshot": False,
    },
    t.CLUSTER_INSTANCE: {
        "autoMinorVersionUpgrade": True,
        "copyTagsToSnapshot": False,
        "monitoringInterval": 0.0,
        "promotionTier": 0.0,
        "publiclyAccessible": False,
    },
    t.RDS_INSTANCE: {
        "autoMinorVersionUpgrade": True,
        "copyTagsToSnapshot": False,
        "deleteAutomatedBackups": True,
        "deletionProtection": False,
        "monitoringInterval": 0.0,
        "performanceInsightsEnabled": False,
        "publiclyAccessible": False,
        "skipFinalSnapshot": False,
        "storageEncrypted": False,
    },
    t.PROXY: {"defaultAuthScheme": "NONE"},
    t.KMS_KEY: {
        "deletionWindowInDays": 30.0,
        "enableKeyRotation": False,
        "isEnabled": True,
        "keyUsage": "ENCRYPT_DECRYPT",
        "multiRegion": False,
    },
    t.SECRET: {"recoveryWindowInDays": 30.0},
    t.SECURITY_GROUP: {"description": "Managed by Pulumi"},
    t.SUBNET: {"mapPublicIpOnLaunch": False},
    t.VPC: {"enableDnsHostnames": False, "enableDnsSupport": True},
    t.DSQL_CLUSTER: {"deletionProtectionEnabled": False, "forceDestroy": False},
    t.LOG_GROUP: {"deletionProtectionEnabled": False},
}
"""Type token → input name → the documented default (numbers as the engine sends them: floats)."""

SOURCES: dict[str, str] = {
    t.CLUSTER: "pulumi_aws/rds/cluster.py, ClusterArgs",
    t.CLUSTER_INSTANCE: "pulumi_aws/rds/cluster_instance.py, ClusterInstanceArgs",
    t.RDS_INSTANCE: "pulumi_aws/rds/instance.py, InstanceArgs",
    t.PROXY: "pulumi_aws/rds/proxy.py, ProxyArgs",
    t.KMS_KEY: "pulumi_aws/kms/key.py, KeyArgs",
    t.SECRET: "pulumi_aws/secretsmanager/secret.py, SecretArgs",
    t.SECURITY_GROUP: "pulumi_aws/ec2/security_group.py, SecurityGroupArgs",
    t.SUBNET: "pulumi_aws/ec2/subnet.py, SubnetArgs",
    t.VPC: "pulumi_aws/ec2/vpc.py, VpcArgs",
    t.DSQL_CLUSTER: "pulumi_aws/dsql/cluster.py, ClusterArgs",
    t.LOG_GROUP: "pulumi_aws/cloudwatch/log_group.py, LogGroupArgs",
}
"""Where each type's defaults were read (pulumi-aws 7.51.1 Python SDK)."""

NOT_MODELLED: dict[str, str] = {
    "aws:rds/cluster:Cluster storageEncrypted": (
        "documented as false for engineMode provisioned and true for serverless: it depends on "
        "another input, so no single value can be filled in"
    ),
    "aws:rds/cluster:Cluster publiclyAccessible": (
        "valid only for Multi-AZ DB clusters and depends on dbSubnetGroupName"
    ),
    "aws:rds/proxy:Proxy requireTls, debugLogging, idleClientTimeout": (
        "no default documented by the provider (AWS chooses one at create time)"
    ),
    "aws:rds/instance:Instance backupRetentionPeriod": (
        "pulumi-aws documents 0, but AWS applies 1 day when it is unset (RDS User Guide, "
        "'Backup retention period', https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/"
        "USER_WorkingWithAutomatedBackups.BackupRetention.html): the value comes from AWS"
    ),
    "aws:secretsmanager/secret:Secret kmsKeyId": (
        "documented as the account's aws/secretsmanager key, chosen by AWS, never filled in"
    ),
    "aws:rds/* performanceInsightsKmsKeyId, masterUserSecretKmsKeyId": (
        "documented as the AWS-managed key, chosen by AWS, never filled in"
    ),
}
"""Documented defaults deliberately left out of `PROVIDER_DEFAULTS`, with the reason."""
