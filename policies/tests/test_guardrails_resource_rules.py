# ruff: noqa: E501  (tables of exact messages read best one case per line)
"""Resource rules: compliant baselines, one-field failures, unset cases, config overrides.

Each baseline is the happy path for every resource rule of its type; each failing case changes
exactly one field (or option, or config value) and asserts the exact findings of one policy.
"""

from __future__ import annotations

from typing import Any

import pytest
from aurora_guardrails import all_policies, tokens
from aurora_guardrails.base import GuardrailResourcePolicy
from aurora_guardrails.testing import DELETE, changed, res, run

KEY = "arn:aws:kms:us-east-1:123456789012:key/1111"
ROLE = "arn:aws:iam::123456789012:role/monitoring"
UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9"

CLUSTER: dict[str, Any] = {
    "engine": "aurora-postgresql",
    "engineVersion": "16.4",
    "engineMode": "provisioned",
    "storageEncrypted": True,
    "kmsKeyId": KEY,
    "deletionProtection": True,
    "iamDatabaseAuthenticationEnabled": True,
    "backupRetentionPeriod": 7.0,
    "enabledCloudwatchLogsExports": ["postgresql"],
    "copyTagsToSnapshot": True,
    "masterUsername": "dbadmin",
    "manageMasterUserPassword": True,
    "masterUserSecretKmsKeyId": KEY,
    "performanceInsightsEnabled": True,
    "performanceInsightsKmsKeyId": KEY,
    "monitoringInterval": 60.0,
    "monitoringRoleArn": ROLE,
    "skipFinalSnapshot": False,
    "finalSnapshotIdentifier": "db-final",
    "serverlessv2ScalingConfiguration": {"minCapacity": 0.5, "maxCapacity": 2.0},
    "vpcSecurityGroupIds": ["sg-0db"],
    "port": 5432.0,
    "dbSubnetGroupName": "db-private",
}
INSTANCE: dict[str, Any] = {
    "clusterIdentifier": "db",
    "instanceClass": "db.serverless",
    "engine": "aurora-postgresql",
    "publiclyAccessible": False,
    "monitoringInterval": 60.0,
    "monitoringRoleArn": ROLE,
    "performanceInsightsEnabled": True,
    "performanceInsightsKmsKeyId": KEY,
    "caCertIdentifier": "rds-ca-rsa2048-g1",
}
RDS_INSTANCE: dict[str, Any] = {
    "engine": "postgres",
    "engineVersion": "16.4",
    "storageEncrypted": True,
    "kmsKeyId": KEY,
    "dbSubnetGroupName": "db-private",
    "vpcSecurityGroupIds": ["sg-0db"],
    "backupRetentionPeriod": 7.0,
    "deletionProtection": True,
    "finalSnapshotIdentifier": "db-final",
    "username": "dbadmin",
    "manageMasterUserPassword": True,
    "masterUserSecretKmsKeyId": KEY,
    "iamDatabaseAuthenticationEnabled": True,
    "performanceInsightsEnabled": True,
    "performanceInsightsKmsKeyId": KEY,
    "enabledCloudwatchLogsExports": ["postgresql"],
    "monitoringInterval": 60.0,
    "monitoringRoleArn": ROLE,
    "multiAz": True,
    "copyTagsToSnapshot": True,
    "port": 5432.0,
}
PROXY: dict[str, Any] = {
    "name": "db-proxy",
    "engineFamily": "POSTGRESQL",
    "requireTls": True,
    "debugLogging": False,
    "idleClientTimeout": 1800.0,
    "auths": [{"secretArn": "arn:aws:secretsmanager:us-east-1:1:secret:db", "iamAuth": "REQUIRED"}],
}
TARGET_GROUP: dict[str, Any] = {
    "dbProxyName": "db-proxy",
    "connectionPoolConfig": {"maxConnectionsPercent": 90.0},
}
SECRET: dict[str, Any] = {"kmsKeyId": KEY, "description": "app user", "recoveryWindowInDays": 7.0}
ROTATION: dict[str, Any] = {"secretId": "s", "rotationRules": {"automaticallyAfterDays": 30.0}}
KMS: dict[str, Any] = {
    "enableKeyRotation": True,
    "deletionWindowInDays": 30.0,
    "policy": '{"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::1:root"},'
    '"Action":"kms:*","Resource":"*"}]}',
}
SG: dict[str, Any] = {
    "description": "database",
    "ingress": [
        {
            "protocol": "tcp",
            "fromPort": 5432.0,
            "toPort": 5432.0,
            "securityGroups": ["sg-app"],
            "description": "app",
        }
    ],
}
SG_RULE: dict[str, Any] = {
    "type": "ingress",
    "protocol": "tcp",
    "fromPort": 5432.0,
    "toPort": 5432.0,
    "securityGroupId": "sg-0db",
    "sourceSecurityGroupId": "sg-app",
    "description": "app",
}
VPC_RULE: dict[str, Any] = {
    "ipProtocol": "tcp",
    "fromPort": 5432.0,
    "toPort": 5432.0,
    "securityGroupId": "sg-0db",
    "referencedSecurityGroupId": "sg-app",
    "description": "app",
}
SUBNET: dict[str, Any] = {
    "vpcId": "vpc-1",
    "cidrBlock": "10.0.1.0/24",
    "mapPublicIpOnLaunch": False,
}
LOG_GROUP: dict[str, Any] = {
    "name": "/aws/rds/cluster/db/postgresql",
    "retentionInDays": 365.0,
    "kmsKeyId": KEY,
}
ROLE_POLICY: dict[str, Any] = {
    "role": "proxy",
    "policy": '{"Statement":[{"Effect":"Allow","Action":"secretsmanager:GetSecretValue",'
    '"Resource":"arn:aws:secretsmanager:us-east-1:1:secret:db"}]}',
}

BASELINES: dict[str, tuple[dict[str, Any], bool]] = {
    tokens.CLUSTER: (CLUSTER, True),
    tokens.CLUSTER_INSTANCE: (INSTANCE, False),
    tokens.RDS_INSTANCE: (RDS_INSTANCE, True),
    tokens.PROXY: (PROXY, False),
    tokens.PROXY_DEFAULT_TARGET_GROUP: (TARGET_GROUP, False),
    tokens.SECRET: (SECRET, False),
    tokens.SECRET_ROTATION: (ROTATION, False),
    tokens.KMS_KEY: (KMS, False),
    tokens.SECURITY_GROUP: (SG, False),
    tokens.SECURITY_GROUP_RULE: (SG_RULE, False),
    tokens.VPC_INGRESS_RULE: (VPC_RULE, False),
    tokens.SUBNET: (SUBNET, False),
    tokens.LOG_GROUP: (LOG_GROUP, False),
    tokens.IAM_ROLE_POLICY: (ROLE_POLICY, False),
}

RESOURCE_POLICIES = sorted(p.name for p in all_policies() if isinstance(p, GuardrailResourcePolicy))


def _one(
    type_: str,
    changes: dict[str, Any],
    policy: str,
    config: dict[str, Any] | None = None,
    protect: bool | None = None,
) -> list[str]:
    base, default_protect = BASELINES[type_]
    resource = res(
        type_, "r", changed(base, changes), protect=default_protect if protect is None else protect
    )
    return [m for p, _, m in run([resource], [policy], config)]


@pytest.mark.parametrize("type_", sorted(BASELINES))
def test_baselines_pass_every_resource_policy(type_: str) -> None:
    """Each happy-path resource passes every resource policy of the pack (opt-in ones enabled)."""
    base, protect = BASELINES[type_]
    config = {
        "aurora-non-default-port": {"enforcementLevel": "mandatory", "disallowedPorts": [3306]}
    }
    assert run([res(type_, "r", base, protect=protect)], RESOURCE_POLICIES, config) == []


def test_every_resource_policy_has_a_baseline() -> None:
    """Every resource policy of this library inspects at least one type with a baseline here."""
    ours = [
        p
        for p in all_policies()
        if isinstance(p, GuardrailResourcePolicy) and not p.name.startswith("dsql-")
    ]
    extra = {"aws:rds/securityGroup:SecurityGroup", "aws:ec2/defaultVpc:DefaultVpc"}
    missing = [
        p.name
        for p in ours
        if not (set(p.resource_types) & (set(BASELINES) | extra))
        and "networkAcl" not in p.resource_types[0]
    ]
    assert missing == []


C, INST, P = tokens.CLUSTER, tokens.CLUSTER_INSTANCE, tokens.PROXY

CASES = [
    # --- cluster ---------------------------------------------------------------------------
    (
        C,
        "aurora-storage-encrypted",
        {"storageEncrypted": False},
        None,
        ["storageEncrypted is false, expected true."],
    ),
    (
        C,
        "aurora-storage-encrypted",
        {"storageEncrypted": DELETE},
        None,
        ["storageEncrypted is unset, expected true."],
    ),
    (
        C,
        "aurora-cmk",
        {"kmsKeyId": DELETE},
        None,
        [
            "kmsKeyId is unset, so storage uses the AWS-managed key aws/rds; set a customer-managed KMS key."
        ],
    ),
    (
        C,
        "aurora-cmk",
        {"kmsKeyId": "alias/aws/rds"},
        None,
        ['kmsKeyId "alias/aws/rds" is an AWS-managed key; set a customer-managed KMS key.'],
    ),
    (C, "aurora-cmk", {"kmsKeyId": UNKNOWN}, None, []),
    (
        C,
        "aurora-cmk",
        {},
        {"aurora-cmk": {"allowedKmsKeyArns": ["arn:other"]}},
        [f'kmsKeyId "{KEY}" is not in allowedKmsKeyArns.'],
    ),
    (
        C,
        "aurora-deletion-protection",
        {"deletionProtection": False},
        None,
        ["deletionProtection is false, expected true."],
    ),
    (
        C,
        "aurora-deletion-protection",
        {"deletionProtection": DELETE},
        None,
        ["deletionProtection is unset, expected true."],
    ),
    (
        C,
        "aurora-iam-auth",
        {"iamDatabaseAuthenticationEnabled": DELETE},
        None,
        ["iamDatabaseAuthenticationEnabled is unset, expected true."],
    ),
    (
        C,
        "aurora-backup-retention",
        {"backupRetentionPeriod": 1.0},
        None,
        ["backupRetentionPeriod is 1 days, expected at least 7."],
    ),
    (
        C,
        "aurora-backup-retention",
        {"backupRetentionPeriod": DELETE},
        None,
        ["backupRetentionPeriod is unset (AWS default 1 day), expected at least 7 days."],
    ),
    (
        C,
        "aurora-backup-retention",
        {},
        {"aurora-backup-retention": {"minRetentionDays": 14}},
        ["backupRetentionPeriod is 7 days, expected at least 14."],
    ),
    (
        C,
        "aurora-log-exports",
        {"enabledCloudwatchLogsExports": DELETE},
        None,
        ['enabledCloudwatchLogsExports is unset, expected it to include "postgresql".'],
    ),
    (
        C,
        "aurora-log-exports",
        {"enabledCloudwatchLogsExports": []},
        None,
        ['enabledCloudwatchLogsExports is unset, expected it to include "postgresql".'],
    ),
    (
        C,
        "aurora-log-exports",
        {},
        {"aurora-log-exports": {"requiredExports": ["postgresql", "upgrade"]}},
        ['enabledCloudwatchLogsExports is ["postgresql"], expected it to include "upgrade".'],
    ),
    (C, "aurora-non-default-port", {}, None, []),
    (
        C,
        "aurora-non-default-port",
        {},
        {"aurora-non-default-port": "mandatory"},
        ["port is 5432, expected a port other than 5432, 3306."],
    ),
    (
        C,
        "aurora-non-default-port",
        {"port": DELETE},
        {"aurora-non-default-port": "advisory"},
        ["port is unset (engine default 5432), expected a port other than 5432, 3306."],
    ),
    (
        C,
        "aurora-copy-tags",
        {"copyTagsToSnapshot": DELETE},
        None,
        ["copyTagsToSnapshot is unset, expected true."],
    ),
    (
        C,
        "aurora-custom-admin",
        {"masterUsername": "Postgres"},
        None,
        [
            'masterUsername is "Postgres", a well-known admin name; choose another (disallowed: postgres, admin).'
        ],
    ),
    (
        C,
        "aurora-custom-admin",
        {"masterUsername": DELETE},
        None,
        ["masterUsername is unset, expected a custom admin user name."],
    ),
    (C, "aurora-custom-admin", {"masterUsername": DELETE, "snapshotIdentifier": "snap"}, None, []),
    (
        C,
        "aurora-custom-admin",
        {},
        {"aurora-custom-admin": {"disallowedUsernames": ["dbadmin"]}},
        [
            'masterUsername is "dbadmin", a well-known admin name; choose another (disallowed: dbadmin).'
        ],
    ),
    (
        C,
        "aurora-minor-upgrade",
        {"autoMinorVersionUpgrade": False},
        None,
        ["autoMinorVersionUpgrade is false, expected true or unset (AWS default true)."],
    ),
    (
        C,
        "aurora-engine-not-vulnerable",
        {"engineVersion": "12.9"},
        None,
        [
            'engineVersion is "12.9", denied by deniedVersions entry "12"; upgrade to a supported version.'
        ],
    ),
    (C, "aurora-engine-not-vulnerable", {"engineVersion": "120.1"}, None, []),
    (
        C,
        "aurora-engine-not-vulnerable",
        {},
        {"aurora-engine-not-vulnerable": {"deniedVersions": ["16.4"]}},
        [
            'engineVersion is "16.4", denied by deniedVersions entry "16.4"; upgrade to a supported version.'
        ],
    ),
    (
        C,
        "aurora-managed-password",
        {"manageMasterUserPassword": DELETE},
        None,
        ["manageMasterUserPassword is unset, expected true."],
    ),
    (
        C,
        "aurora-managed-password",
        {"masterPassword": "hunter2-secret"},
        None,
        [
            "masterPassword is set to a value known at plan time (as a literal or plain config it is plaintext in the program's source and in every plan); remove it and set manageMasterUserPassword: true so RDS keeps the password in Secrets Manager."
        ],
    ),
    (
        C,
        "aurora-managed-password",
        {"masterUserSecretKmsKeyId": DELETE},
        None,
        [
            "masterUserSecretKmsKeyId is unset, so the master secret uses the AWS-managed key aws/secretsmanager; set a customer-managed KMS key."
        ],
    ),
    (
        C,
        "aurora-managed-password",
        {"manageMasterUserPassword": DELETE, "globalClusterIdentifier": "g"},
        None,
        [],
    ),
    (
        C,
        "aurora-cluster-monitoring",
        {"performanceInsightsEnabled": False},
        None,
        ["performanceInsightsEnabled is false, expected true."],
    ),
    (
        C,
        "aurora-cluster-monitoring",
        {"performanceInsightsKmsKeyId": DELETE},
        None,
        ["performanceInsightsKmsKeyId is unset, expected a customer-managed KMS key."],
    ),
    (
        C,
        "aurora-cluster-monitoring",
        {"monitoringInterval": 0.0},
        None,
        ["monitoringInterval is 0, expected 1, 5, 10, 15, 30 or 60."],
    ),
    (
        C,
        "aurora-cluster-monitoring",
        {"monitoringRoleArn": DELETE},
        None,
        ["monitoringRoleArn is unset; Enhanced Monitoring needs a role."],
    ),
    (
        C,
        "aurora-final-snapshot",
        {"skipFinalSnapshot": True},
        None,
        ["skipFinalSnapshot is true, expected false: deleting the cluster would discard its data."],
    ),
    (
        C,
        "aurora-final-snapshot",
        {"finalSnapshotIdentifier": DELETE},
        None,
        ["finalSnapshotIdentifier is unset; without it the final snapshot cannot be taken."],
    ),
    (
        C,
        "aurora-final-snapshot",
        {"protect": False},
        None,
        ["the resource option protect is false, expected protect=True."],
    ),
    (
        C,
        "aurora-final-snapshot",
        {"protect": False},
        {"aurora-final-snapshot": {"requireProtect": False}},
        [],
    ),
    (
        C,
        "aurora-serverless-v2-shape",
        {"engineMode": "serverless"},
        None,
        [
            'engineMode is "serverless", expected unset or "provisioned" (Serverless v2 or provisioned instances).'
        ],
    ),
    (C, "aurora-serverless-v2-shape", {"serverlessv2ScalingConfiguration": DELETE}, None, []),
    (
        C,
        "aurora-acu-bounds",
        {"serverlessv2ScalingConfiguration.minCapacity": 0.0},
        None,
        ["minCapacity is 0, below the configured floor minCapacityFloor 0.5."],
    ),
    (
        C,
        "aurora-acu-bounds",
        {"serverlessv2ScalingConfiguration.minCapacity": 0.0},
        {"aurora-acu-bounds": {"minCapacityFloor": 0}},
        [],
    ),
    (
        C,
        "aurora-acu-bounds",
        {"serverlessv2ScalingConfiguration.minCapacity": 0.0, "engineVersion": "16.2"},
        {"aurora-acu-bounds": {"minCapacityFloor": 0}},
        [
            'minCapacity is 0 but engineVersion "16.2" cannot pause (needs 13.15+, 14.12+, 15.7+, 16.3+, 17.4+); use at least 0.5.'
        ],
    ),
    (
        C,
        "aurora-acu-bounds",
        {"serverlessv2ScalingConfiguration.minCapacity": 0.3},
        None,
        [
            "serverlessv2ScalingConfiguration.minCapacity is 0.3, expected a multiple of 0.5 from 0 to 256. minCapacity is 0.3, below the configured floor minCapacityFloor 0.5."
        ],
    ),
    (
        C,
        "aurora-acu-bounds",
        {"serverlessv2ScalingConfiguration.maxCapacity": 0.5},
        None,
        [
            "serverlessv2ScalingConfiguration.maxCapacity is 0.5, expected a multiple of 0.5 from 1 to 256."
        ],
    ),
    (
        C,
        "aurora-acu-bounds",
        {"serverlessv2ScalingConfiguration.maxCapacity": 128.0},
        None,
        ["maxCapacity is 128, above the configured ceiling maxCapacityCeiling 64."],
    ),
    (
        C,
        "aurora-acu-bounds",
        {"serverlessv2ScalingConfiguration.minCapacity": 4.0},
        None,
        ["maxCapacity 2 is below minCapacity 4."],
    ),
    (
        C,
        "aurora-acu-bounds",
        {"serverlessv2ScalingConfiguration.maxCapacity": DELETE},
        None,
        ["serverlessv2ScalingConfiguration.maxCapacity is unset."],
    ),
    (
        C,
        "aurora-acu-bounds",
        {},
        {"aurora-acu-bounds": {"maxCapacityCeiling": 1}},
        ["maxCapacity is 2, above the configured ceiling maxCapacityCeiling 1."],
    ),
    (
        C,
        "aurora-auto-pause-valid",
        {"serverlessv2ScalingConfiguration.secondsUntilAutoPause": 600.0},
        None,
        [
            "secondsUntilAutoPause is 600 but minCapacity is 0.5; auto-pause applies only with minCapacity 0."
        ],
    ),
    (
        C,
        "aurora-auto-pause-valid",
        {
            "serverlessv2ScalingConfiguration.secondsUntilAutoPause": 60.0,
            "serverlessv2ScalingConfiguration.minCapacity": 0.0,
        },
        None,
        ["secondsUntilAutoPause is 60, expected 300 to 86400."],
    ),
    (
        C,
        "aurora-no-az-list",
        {"availabilityZones": ["us-east-1a"]},
        None,
        [
            'availabilityZones lists 1 zone(s) ["us-east-1a"]; RDS always uses 3, so the next update would replace the cluster. Remove it or list exactly 3.'
        ],
    ),
    (C, "aurora-no-az-list", {"availabilityZones": ["a", "b", "c"]}, None, []),
    (
        C,
        "aurora-security-groups",
        {"vpcSecurityGroupIds": []},
        None,
        [
            "vpcSecurityGroupIds is unset, so the cluster gets the VPC's default security group; attach a dedicated group."
        ],
    ),
    # --- instance --------------------------------------------------------------------------
    (
        INST,
        "instance-not-public",
        {"publiclyAccessible": True},
        None,
        ["publiclyAccessible is true, expected false."],
    ),
    (INST, "instance-not-public", {"publiclyAccessible": DELETE}, None, []),
    (
        INST,
        "instance-enhanced-monitoring",
        {"monitoringInterval": DELETE},
        None,
        ["monitoringInterval is unset, expected one of 1, 5, 10, 15, 30, 60 seconds."],
    ),
    (
        INST,
        "instance-enhanced-monitoring",
        {"monitoringInterval": 7.0},
        None,
        ["monitoringInterval is 7, expected one of 1, 5, 10, 15, 30, 60 seconds."],
    ),
    (
        INST,
        "instance-enhanced-monitoring",
        {"monitoringRoleArn": DELETE},
        None,
        ["monitoringRoleArn is unset; Enhanced Monitoring needs a role."],
    ),
    (
        INST,
        "instance-enhanced-monitoring",
        {},
        {"instance-enhanced-monitoring": {"maxIntervalSeconds": 15}},
        ["monitoringInterval is 60, expected one of 1, 5, 10, 15 seconds."],
    ),
    (
        INST,
        "instance-minor-upgrade",
        {"autoMinorVersionUpgrade": False},
        None,
        ["autoMinorVersionUpgrade is false, expected true or unset (AWS default true)."],
    ),
    (
        INST,
        "instance-performance-insights",
        {"performanceInsightsEnabled": DELETE},
        None,
        ["performanceInsightsEnabled is unset, expected true."],
    ),
    (
        INST,
        "instance-pi-cmk",
        {"performanceInsightsKmsKeyId": DELETE},
        None,
        [
            "performanceInsightsKmsKeyId is unset, so Performance Insights uses the AWS-managed key; set a customer-managed KMS key."
        ],
    ),
    (
        INST,
        "instance-ca-cert",
        {"caCertIdentifier": "rds-ca-2019"},
        None,
        [
            'caCertIdentifier is "rds-ca-2019", expected one of rds-ca-rsa2048-g1, rds-ca-rsa4096-g1, rds-ca-ecc384-g1.'
        ],
    ),
    (INST, "instance-ca-cert", {"caCertIdentifier": DELETE}, None, []),
    (
        INST,
        "instance-ca-cert",
        {},
        {"instance-ca-cert": {"allowedCaCertIdentifiers": ["rds-ca-ecc384-g1"]}},
        ['caCertIdentifier is "rds-ca-rsa2048-g1", expected one of rds-ca-ecc384-g1.'],
    ),
    # --- proxy -----------------------------------------------------------------------------
    (P, "proxy-require-tls", {"requireTls": DELETE}, None, ["requireTls is unset, expected true."]),
    (
        P,
        "proxy-iam-auth",
        {"auths": [{"secretArn": "s", "iamAuth": "DISABLED"}]},
        None,
        ['auths[0].iamAuth is "DISABLED", expected "REQUIRED".'],
    ),
    (
        P,
        "proxy-iam-auth",
        {"auths": DELETE},
        None,
        ['auths is unset and defaultAuthScheme is not "IAM_AUTH".'],
    ),
    (P, "proxy-iam-auth", {"auths": DELETE, "defaultAuthScheme": "IAM_AUTH"}, None, []),
    (
        P,
        "proxy-no-debug-logging",
        {"debugLogging": True},
        None,
        ["debugLogging is true, expected false: debug logs record SQL statements."],
    ),
    (
        P,
        "proxy-pool-limits",
        {"idleClientTimeout": 7200.0},
        None,
        ["idleClientTimeout is 7200, expected at most 1800 seconds."],
    ),
    (
        P,
        "proxy-pool-limits",
        {},
        {"proxy-pool-limits": {"maxIdleClientTimeoutSeconds": 600}},
        ["idleClientTimeout is 1800, expected at most 600 seconds."],
    ),
    (
        tokens.PROXY_DEFAULT_TARGET_GROUP,
        "proxy-pool-limits",
        {"connectionPoolConfig": DELETE},
        None,
        [
            "connectionPoolConfig.maxConnectionsPercent is unset (AWS default 100), expected at most 90."
        ],
    ),
    # --- secrets ---------------------------------------------------------------------------
    (
        tokens.SECRET,
        "secret-cmk",
        {"kmsKeyId": DELETE},
        None,
        [
            "kmsKeyId is unset, so the secret uses the AWS-managed key aws/secretsmanager; set a customer-managed KMS key."
        ],
    ),
    (
        tokens.SECRET,
        "secret-cmk",
        {"kmsKeyId": "alias/aws/secretsmanager"},
        None,
        [
            'kmsKeyId "alias/aws/secretsmanager" is an AWS-managed key; set a customer-managed KMS key.'
        ],
    ),
    (
        tokens.SECRET,
        "secret-recovery-window",
        {"recoveryWindowInDays": 0.0},
        None,
        ["recoveryWindowInDays is 0, expected at least 7 (0 deletes the secret immediately)."],
    ),
    (tokens.SECRET, "secret-recovery-window", {"recoveryWindowInDays": DELETE}, None, []),
    (
        tokens.SECRET,
        "secret-recovery-window",
        {},
        {"secret-recovery-window": {"minRecoveryWindowDays": 14}},
        ["recoveryWindowInDays is 7, expected at least 14 (0 deletes the secret immediately)."],
    ),
    (tokens.SECRET, "secret-description", {"description": DELETE}, None, ["description is unset."]),
    (
        tokens.SECRET_ROTATION,
        "secret-rotation-interval",
        {"rotationRules.automaticallyAfterDays": 120.0},
        None,
        ["rotationRules.automaticallyAfterDays is 120, expected at most 90."],
    ),
    (
        tokens.SECRET_ROTATION,
        "secret-rotation-interval",
        {"rotationRules": DELETE},
        None,
        ["rotationRules sets neither automaticallyAfterDays nor scheduleExpression."],
    ),
    (
        tokens.SECRET_ROTATION,
        "secret-rotation-interval",
        {"rotationRules": {"scheduleExpression": "rate(100 days)"}},
        None,
        [
            'rotationRules.scheduleExpression "rate(100 days)" rotates every 100 days, expected at most 90.'
        ],
    ),
    (
        tokens.SECRET_ROTATION,
        "secret-rotation-interval",
        {"rotationRules": {"scheduleExpression": "rate(4 hours)"}},
        None,
        [],
    ),
    (
        tokens.SECRET_ROTATION,
        "secret-rotation-interval",
        {"rotationRules": {"scheduleExpression": "cron(0 8 1 1 ? *)"}},
        None,
        [
            'rotationRules.scheduleExpression "cron(0 8 1 1 ? *)" does not run every month; use rate() or a monthly cron.'
        ],
    ),
    (
        tokens.SECRET_ROTATION,
        "secret-rotation-interval",
        {},
        {"secret-rotation-interval": {"maxRotationDays": 14}},
        ["rotationRules.automaticallyAfterDays is 30, expected at most 14."],
    ),
    # --- kms -------------------------------------------------------------------------------
    (
        tokens.KMS_KEY,
        "kms-rotation",
        {"enableKeyRotation": DELETE},
        None,
        ["enableKeyRotation is unset, expected true."],
    ),
    (
        tokens.KMS_KEY,
        "kms-rotation",
        {"enableKeyRotation": DELETE, "customerMasterKeySpec": "RSA_2048"},
        None,
        [],
    ),
    (
        tokens.KMS_KEY,
        "kms-rotation",
        {"rotationPeriodInDays": 730.0},
        None,
        ["rotationPeriodInDays is 730, expected at most 365."],
    ),
    (
        tokens.KMS_KEY,
        "kms-rotation",
        {"rotationPeriodInDays": 180.0},
        {"kms-rotation": {"maxRotationPeriodDays": 90}},
        ["rotationPeriodInDays is 180, expected at most 90."],
    ),
    (
        tokens.KMS_KEY,
        "kms-no-public-principal",
        {
            "policy": '{"Statement":[{"Sid":"Open","Effect":"Allow","Principal":"*","Action":"kms:Decrypt","Resource":"*"}]}'
        },
        None,
        ['statement "Open" allows principal "*" without a Condition.'],
    ),
    (
        tokens.KMS_KEY,
        "kms-no-public-principal",
        {
            "policy": '{"Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"kms:Decrypt","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalAccount":"1"}}}]}'
        },
        None,
        [],
    ),
    (
        tokens.KMS_KEY,
        "kms-no-public-principal",
        {"policy": "{not json"},
        None,
        ["policy is not valid JSON: Expecting property name enclosed in double quotes."],
    ),
    (
        tokens.KMS_KEY,
        "kms-policy-explicit",
        {"policy": DELETE},
        None,
        ["policy is unset, so the key gets the default key policy; set an explicit one."],
    ),
    (tokens.KMS_KEY, "kms-policy-explicit", {"policy": UNKNOWN}, None, []),
    (
        tokens.KMS_KEY,
        "kms-enabled",
        {"isEnabled": False},
        None,
        ["isEnabled is false, expected true or unset (AWS default true)."],
    ),
    (
        tokens.KMS_KEY,
        "kms-deletion-guard",
        {"deletionWindowInDays": 7.0},
        None,
        [
            "deletionWindowInDays is 7 and the key is not protected; use at least 30 days or protect=True."
        ],
    ),
    (
        tokens.KMS_KEY,
        "kms-deletion-guard",
        {"deletionWindowInDays": 7.0, "protect": True},
        None,
        [],
    ),
    (
        tokens.KMS_KEY,
        "kms-deletion-guard",
        {"deletionWindowInDays": 7.0},
        {"kms-deletion-guard": {"minDeletionWindowDays": 7}},
        [],
    ),
    (
        tokens.KMS_KEY,
        "kms-no-lockout-bypass",
        {"bypassPolicyLockoutSafetyCheck": True},
        None,
        [
            "bypassPolicyLockoutSafetyCheck is true, expected false: a bad policy could make the key unmanageable."
        ],
    ),
    # --- security groups, subnets ------------------------------------------------------------
    (
        tokens.SECURITY_GROUP,
        "sg-no-world-ingress",
        {
            "ingress": [
                {
                    "protocol": "tcp",
                    "fromPort": 443.0,
                    "toPort": 443.0,
                    "cidrBlocks": ["0.0.0.0/0"],
                    "ipv6CidrBlocks": ["::/0"],
                    "description": "x",
                }
            ]
        },
        None,
        [],  # a web tier's 443: judged by sg-attached-db-closed where it guards a database
    ),
    (
        tokens.SECURITY_GROUP,
        "sg-no-world-ingress",
        {
            "ingress": [
                {
                    "protocol": "tcp",
                    "fromPort": 80.0,
                    "toPort": 443.0,
                    "cidrBlocks": ["0.0.0.0/0"],
                    "ipv6CidrBlocks": ["::/0"],
                    "description": "x",
                }
            ]
        },
        None,
        ["ingress[0] allows tcp 80-443 from 0.0.0.0/0. ingress[0] allows tcp 80-443 from ::/0."],
    ),
    (
        tokens.SECURITY_GROUP,
        "sg-no-world-ingress",
        {
            "ingress": [
                {
                    "protocol": "tcp",
                    "fromPort": 443.0,
                    "toPort": 443.0,
                    "cidrBlocks": ["0.0.0.0/0"],
                    "description": "x",
                }
            ]
        },
        {"sg-no-world-ingress": {"webPorts": [80]}},
        ["ingress[0] allows tcp 443-443 from 0.0.0.0/0."],
    ),
    (
        tokens.SECURITY_GROUP_RULE,
        "sg-no-world-ingress",
        {"sourceSecurityGroupId": DELETE, "cidrBlocks": ["0.0.0.0/0"]},
        None,
        ["rule allows tcp 5432-5432 from 0.0.0.0/0."],
    ),
    (
        tokens.SECURITY_GROUP_RULE,
        "sg-no-world-ingress",
        {"type": "egress", "sourceSecurityGroupId": DELETE, "cidrBlocks": ["0.0.0.0/0"]},
        None,
        [],
    ),
    (
        tokens.VPC_INGRESS_RULE,
        "sg-no-world-ingress",
        {"referencedSecurityGroupId": DELETE, "cidrIpv6": "::/0"},
        None,
        ["rule allows tcp 5432-5432 from ::/0."],
    ),
    (
        tokens.VPC_INGRESS_RULE,
        "sg-db-port-closed",
        {"referencedSecurityGroupId": DELETE, "ipProtocol": "-1", "cidrIpv4": "0.0.0.0/0"},
        None,
        ["rule opens database port 5432 to 0.0.0.0/0. rule opens database port 3306 to 0.0.0.0/0."],
    ),
    (
        tokens.SECURITY_GROUP_RULE,
        "sg-db-port-closed",
        {
            "sourceSecurityGroupId": DELETE,
            "fromPort": 5433.0,
            "toPort": 5433.0,
            "cidrBlocks": ["0.0.0.0/0"],
        },
        None,
        [],
    ),
    (
        tokens.SECURITY_GROUP_RULE,
        "sg-db-port-closed",
        {
            "sourceSecurityGroupId": DELETE,
            "fromPort": 5433.0,
            "toPort": 5433.0,
            "cidrBlocks": ["0.0.0.0/0"],
        },
        {"sg-db-port-closed": {"databasePorts": [5433]}},
        ["rule opens database port 5433 to 0.0.0.0/0."],
    ),
    (
        tokens.SECURITY_GROUP_RULE,
        "sg-no-open-ssh",
        {
            "sourceSecurityGroupId": DELETE,
            "fromPort": 0.0,
            "toPort": 1024.0,
            "cidrBlocks": ["0.0.0.0/0"],
        },
        None,
        ["rule opens port 22 to 0.0.0.0/0."],
    ),
    (
        tokens.SECURITY_GROUP,
        "sg-descriptions",
        {"description": DELETE},
        None,
        ['description is unset (AWS shows "Managed by Pulumi").'],
    ),
    (
        tokens.SECURITY_GROUP,
        "sg-descriptions",
        {"ingress": [{"protocol": "tcp", "fromPort": 1.0, "toPort": 1.0, "self": True}]},
        None,
        ["ingress[0] has no description."],
    ),
    (
        tokens.VPC_INGRESS_RULE,
        "sg-descriptions",
        {"description": DELETE},
        None,
        ["rule has no description."],
    ),
    (
        tokens.SECURITY_GROUP,
        "sg-no-open-egress",
        {
            "egress": [
                {
                    "protocol": "-1",
                    "fromPort": 0.0,
                    "toPort": 0.0,
                    "cidrBlocks": ["0.0.0.0/0"],
                    "description": "all",
                }
            ]
        },
        None,
        ["egress[0] allows all traffic to 0.0.0.0/0."],
    ),
    (
        tokens.SECURITY_GROUP,
        "sg-no-open-egress",
        {
            "egress": [
                {
                    "protocol": "tcp",
                    "fromPort": 443.0,
                    "toPort": 443.0,
                    "cidrBlocks": ["0.0.0.0/0"],
                    "description": "https",
                }
            ]
        },
        None,
        [],
    ),
    (
        tokens.SUBNET,
        "subnet-no-public-ip",
        {"mapPublicIpOnLaunch": True},
        None,
        ["mapPublicIpOnLaunch is true, expected false or unset."],
    ),
    (
        tokens.SUBNET,
        "subnet-no-public-ip",
        {"assignIpv6AddressOnCreation": True},
        None,
        ["assignIpv6AddressOnCreation is true, expected false or unset."],
    ),
    # --- logs, iam -------------------------------------------------------------------------
    (
        tokens.LOG_GROUP,
        "loggroup-retention",
        {"retentionInDays": DELETE},
        None,
        ["retentionInDays is unset, so logs never expire; set at least 365 days."],
    ),
    (
        tokens.LOG_GROUP,
        "loggroup-retention",
        {"retentionInDays": 30.0},
        None,
        ["retentionInDays is 30, expected at least 365."],
    ),
    (
        tokens.LOG_GROUP,
        "loggroup-retention",
        {"retentionInDays": 30.0},
        {"loggroup-retention": {"minRetentionDays": 30}},
        [],
    ),
    (
        tokens.LOG_GROUP,
        "loggroup-cmk",
        {"kmsKeyId": DELETE},
        None,
        ["kmsKeyId is unset; set a customer-managed KMS key."],
    ),
    (
        tokens.IAM_ROLE_POLICY,
        "iam-no-admin",
        {"policy": '{"Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}'},
        None,
        ['policy statement 1 allows "*" on "*".'],
    ),
    (
        tokens.IAM_ROLE_POLICY,
        "iam-secrets-kms-scoped",
        {
            "policy": '{"Statement":[{"Effect":"Allow","Action":["kms:Decrypt","kms:ListKeys"],"Resource":"*"}]}'
        },
        None,
        ['policy statement 1 allows kms:Decrypt on "*"; name the secrets or keys.'],
    ),
    (
        tokens.IAM_ROLE_POLICY,
        "iam-db-connect-scoped",
        {
            "policy": '{"Statement":[{"Effect":"Allow","Action":"rds-db:connect","Resource":"arn:aws:rds-db:us-east-1:1:dbuser:*"}]}'
        },
        None,
        [
            "policy statement 1 allows rds-db:connect on arn:aws:rds-db:us-east-1:1:dbuser:*; name dbuser:<resourceId>/<user>."
        ],
    ),
    (
        tokens.IAM_ROLE_POLICY,
        "iam-db-connect-scoped",
        {
            "policy": '{"Statement":[{"Effect":"Allow","Action":"rds-db:connect","Resource":"arn:aws:rds-db:us-east-1:1:dbuser:cluster-ABC/app"}]}'
        },
        None,
        [],
    ),
    (
        tokens.IAM_ROLE_POLICY,
        "iam-db-connect-scoped",
        {
            "policy": '{"Statement":[{"Effect":"Allow","Action":"dsql:DbConnectAdmin","Resource":"*"}]}'
        },
        None,
        ['policy statement 1 allows dsql:DbConnectAdmin on "*".'],
    ),
]


@pytest.mark.parametrize(
    ("type_", "policy", "changes", "config", "expected"),
    [pytest.param(*case, id=f"{case[1]}-{i}") for i, case in enumerate(CASES)],
)
def test_rule_findings(
    type_: str,
    policy: str,
    changes: dict[str, Any],
    config: dict[str, Any] | None,
    expected: list[str],
) -> None:
    """One change from the baseline yields exactly these messages from this policy."""
    protect = changes.pop("protect", None) if "protect" in changes else None
    assert _one(type_, dict(changes), policy, config, protect) == expected


def test_unknown_value_skips_the_policy_with_the_sdk_advisory() -> None:
    """A value unknown during preview skips the rule with the SDK's advisory, never a verdict."""
    found = run(
        [
            res(
                C,
                "r",
                changed(CLUSTER, {"storageEncrypted": "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7"}),
                protect=True,
            )
        ],
        ["aurora-storage-encrypted"],
    )
    assert found == [
        (
            "aurora-storage-encrypted",
            "r",
            "can't run policy 'aurora-storage-encrypted' from policy pack "
            "'aurora-guardrails@v0.1.0' during preview: boolean value at "
            ".storageEncrypted can't be known during preview",
        )
    ]


def test_messages_never_echo_a_secret_value() -> None:
    """A plaintext master password (also in wire-secret form) never appears in any message."""
    wire = {
        "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270",
        "value": "hunter2-secret",
    }
    found = run([res(C, "r", changed(CLUSTER, {"masterPassword": wire}), protect=True)])
    assert found and all("hunter2" not in message for _, _, message in found)


def test_numbers_may_arrive_as_ints_or_numeric_strings() -> None:
    """Whole-number ints and numeric strings compare like the engine's floats."""
    props = changed(CLUSTER, {"backupRetentionPeriod": "3", "port": 5432})
    assert run([res(C, "r", props, protect=True)], ["aurora-backup-retention"]) == [
        ("aurora-backup-retention", "r", "backupRetentionPeriod is 3 days, expected at least 7.")
    ]


@pytest.mark.parametrize(
    ("type_", "policy", "message"),
    [
        (
            "aws:rds/securityGroup:SecurityGroup",
            "sg-no-legacy-db-sg",
            "aws.rds.SecurityGroup is an EC2-Classic DB security group; use a VPC security group.",
        ),
        (
            "aws:ec2/defaultVpc:DefaultVpc",
            "no-default-vpc",
            "aws.ec2.DefaultVpc manages the default VPC (public subnets); use a dedicated VPC.",
        ),
    ],
)
def test_forbidden_types(type_: str, policy: str, message: str) -> None:
    """Resource types that must not exist are reported whatever their properties."""
    assert run([res(type_, "r", {})], [policy]) == [(policy, "r", message)]


@pytest.mark.parametrize(
    ("props", "expected"),
    [
        (
            {
                "ingress": [
                    {
                        "protocol": "tcp",
                        "fromPort": 22.0,
                        "toPort": 22.0,
                        "action": "allow",
                        "cidrBlock": "0.0.0.0/0",
                        "ruleNo": 100.0,
                    }
                ]
            },
            ["ingress[0] allows port 22 from 0.0.0.0/0."],
        ),
        (
            {
                "ingress": [
                    {
                        "protocol": "-1",
                        "fromPort": 0.0,
                        "toPort": 0.0,
                        "action": "allow",
                        "ipv6CidrBlock": "::/0",
                        "ruleNo": 100.0,
                    }
                ]
            },
            ["ingress[0] allows port 22 from ::/0. ingress[0] allows port 3389 from ::/0."],
        ),
        (
            {
                "ingress": [
                    {
                        "protocol": "tcp",
                        "fromPort": 22.0,
                        "toPort": 22.0,
                        "action": "deny",
                        "cidrBlock": "0.0.0.0/0",
                        "ruleNo": 100.0,
                    }
                ]
            },
            [],
        ),
        (
            {
                "ingress": [
                    {
                        "protocol": "tcp",
                        "fromPort": 443.0,
                        "toPort": 443.0,
                        "action": "allow",
                        "cidrBlock": "0.0.0.0/0",
                        "ruleNo": 100.0,
                    }
                ]
            },
            [],
        ),
    ],
)
def test_nacl_hygiene(props: dict[str, Any], expected: list[str]) -> None:
    """Inbound NACL entries must not allow 22/3389 from the world."""
    found = run([res("aws:ec2/networkAcl:NetworkAcl", "acl", props)], ["nacl-hygiene"])
    assert [m for _, _, m in found] == expected
