# ruff: noqa: E501  (tables of exact messages read best one case per line)
"""`aws:rds/cluster:Cluster` under the resource rules, in the four shapes.

Case table (`MATRIX`), run by `test_rule_tables.py`.
"""

from __future__ import annotations

from aurora_guardrails import tokens
from aurora_guardrails.testing import DELETE, Case, changed, res, run
from aurora_guardrails.testing.compliant import CLUSTER, KEY
from aurora_guardrails.testing.shapes import U_STR

C = tokens.CLUSTER
UNKNOWN = U_STR

CASES = [
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
        {"kmsKeyId": KEY},
        {"aurora-cmk": {"allowedKmsKeyArns": ["arn:other"]}},
        [f'kmsKeyId "{KEY}" is not in allowedKmsKeyArns.'],
    ),
    (
        C,
        "aurora-cmk",
        {"kmsKeyId": UNKNOWN},
        {"aurora-cmk": {"allowedKmsKeyArns": [KEY]}},
        [
            "can't run policy 'aurora-cmk' from policy pack 'aurora-guardrails@v0.1.0' during preview: string value at .kmsKeyId can't be known during preview"
        ],
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
        {
            "input": ["deletionProtection is unset, expected true."],
            "checked": ["deletionProtection is false, expected true."],
        },
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
        {
            "input": [
                "backupRetentionPeriod is unset (AWS default 1 day), expected at least 7 days."
            ],
            "checked": ["backupRetentionPeriod is 1 days, expected at least 7."],
        },
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
        {
            "input": ["copyTagsToSnapshot is unset, expected true."],
            "checked": ["copyTagsToSnapshot is false, expected true."],
        },
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
]


MATRIX = [Case(*case) for case in CASES]


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
