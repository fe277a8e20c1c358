# ruff: noqa: E501  (tables of exact messages read best one case per line)
"""Standalone `aws:rds/instance:Instance` (PostgreSQL and MySQL) under the database rules.

Case table (`MATRIX`), run by `test_rule_tables.py`. Cases start from the compliant instances of
`aurora_guardrails.testing.compliant` (`RDS_INSTANCE` on PostgreSQL, `MYSQL_INSTANCE`).
"""

from __future__ import annotations

from typing import Any

import pytest
from aurora_guardrails import all_policies, tokens
from aurora_guardrails.base import GuardrailResourcePolicy
from aurora_guardrails.testing import DELETE, Case, changed, res, run, run_case
from aurora_guardrails.testing.compliant import MYSQL_INSTANCE as MYSQL
from aurora_guardrails.testing.compliant import RDS_INSTANCE as POSTGRES
from aurora_guardrails.testing.shapes import SHAPES, U_BOOL, U_STR, Shape

AS_OF = {"db-engine-supported": {"asOf": "2026-11-29"}}

INSTANCE_POLICIES = sorted(
    p.name
    for p in all_policies()
    if isinstance(p, GuardrailResourcePolicy) and tokens.RDS_INSTANCE in p.resource_types
)


def case(policy: str, base: dict[str, Any], changes: dict[str, Any], expected: Any) -> Case:
    """A matrix case on an instance (`db-engine-supported` judged as of a fixed date)."""
    config = AS_OF if policy == "db-engine-supported" else None
    return Case(tokens.RDS_INSTANCE, policy, changes, config, expected, base)


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("base", [POSTGRES, MYSQL], ids=["postgres", "mysql"])
def test_secure_instance_passes_every_resource_policy(base: dict[str, Any], shape: Shape) -> None:
    """A secure PostgreSQL or MySQL instance: no finding from any policy judging instances."""
    assert len(INSTANCE_POLICIES) >= 20
    for policy in INSTANCE_POLICIES:
        assert run_case(case(policy, base, {}, []), shape) == [], policy


PLAINTEXT = "password is set to a value known at plan time (as a literal or plain config it is plaintext in the program's source and in every plan); remove it and set manageMasterUserPassword: true so RDS keeps the password in Secrets Manager."

# (policy, base, changes, expected: a list for every shape, or {"input": …, "checked": …})
CASES: list[tuple[str, dict[str, Any], dict[str, Any], Any]] = [
    (
        "aurora-storage-encrypted",
        POSTGRES,
        {"storageEncrypted": DELETE},
        {
            "input": ["storageEncrypted is unset, expected true."],
            "checked": ["storageEncrypted is false, expected true."],
        },
    ),
    (
        "aurora-storage-encrypted",
        POSTGRES,
        {"storageEncrypted": False},
        ["storageEncrypted is false, expected true."],
    ),
    (
        "aurora-cmk",
        POSTGRES,
        {"kmsKeyId": DELETE},
        [
            "kmsKeyId is unset, so storage uses the AWS-managed key aws/rds; set a customer-managed KMS key."
        ],
    ),
    (
        "aurora-cmk",
        MYSQL,
        {"kmsKeyId": "alias/aws/rds"},
        ['kmsKeyId "alias/aws/rds" is an AWS-managed key; set a customer-managed KMS key.'],
    ),
    (
        "aurora-deletion-protection",
        POSTGRES,
        {"deletionProtection": DELETE},
        {
            "input": ["deletionProtection is unset, expected true."],
            "checked": ["deletionProtection is false, expected true."],
        },
    ),
    (
        "aurora-iam-auth",
        MYSQL,
        {"iamDatabaseAuthenticationEnabled": False},
        ["iamDatabaseAuthenticationEnabled is false, expected true."],
    ),
    (
        "aurora-backup-retention",
        POSTGRES,
        {"backupRetentionPeriod": 0.0},
        ["backupRetentionPeriod is 0 days, expected at least 7."],
    ),
    (
        "aurora-backup-retention",
        POSTGRES,
        {"backupRetentionPeriod": DELETE},
        ["backupRetentionPeriod is unset (AWS default 1 day), expected at least 7 days."],
    ),
    (
        "aurora-backup-retention",
        POSTGRES,
        {"backupRetentionPeriod": DELETE, "replicateSourceDb": "db-source"},
        [],
    ),
    (
        "aurora-log-exports",
        POSTGRES,
        {"enabledCloudwatchLogsExports": ["upgrade"]},
        ['enabledCloudwatchLogsExports is ["upgrade"], expected it to include "postgresql".'],
    ),
    (
        "aurora-log-exports",
        MYSQL,
        {"enabledCloudwatchLogsExports": ["error"]},
        ['enabledCloudwatchLogsExports is ["error"], expected it to include "slowquery".'],
    ),
    (
        "aurora-log-exports",
        MYSQL,
        {"enabledCloudwatchLogsExports": ["postgresql"]},
        [
            'enabledCloudwatchLogsExports is ["postgresql"], expected it to include "error", "slowquery".'
        ],
    ),
    (
        "aurora-log-exports",
        POSTGRES,
        {"engine": "sqlserver-ex", "enabledCloudwatchLogsExports": DELETE},
        [],
    ),
    (
        "aurora-copy-tags",
        POSTGRES,
        {"copyTagsToSnapshot": DELETE},
        {
            "input": ["copyTagsToSnapshot is unset, expected true."],
            "checked": ["copyTagsToSnapshot is false, expected true."],
        },
    ),
    (
        "aurora-custom-admin",
        POSTGRES,
        {"username": "postgres"},
        [
            'username is "postgres", a well-known admin name; choose another (disallowed: postgres, admin).'
        ],
    ),
    (
        "aurora-custom-admin",
        MYSQL,
        {"username": "Admin"},
        [
            'username is "Admin", a well-known admin name; choose another (disallowed: postgres, admin).'
        ],
    ),
    (
        "aurora-custom-admin",
        POSTGRES,
        {"username": DELETE},
        ["username is unset, expected a custom admin user name."],
    ),
    ("aurora-custom-admin", POSTGRES, {"username": DELETE, "snapshotIdentifier": "snap"}, []),
    (
        "aurora-managed-password",
        POSTGRES,
        {"password": "correct-horse-battery", "manageMasterUserPassword": DELETE},
        [PLAINTEXT],
    ),
    (
        "aurora-managed-password",
        POSTGRES,
        {"password": U_STR, "manageMasterUserPassword": False},
        [
            "password is set (computed by another resource); remove it and set manageMasterUserPassword: true so RDS keeps the password in Secrets Manager."
        ],
    ),
    (
        "aurora-managed-password",
        POSTGRES,
        {"masterUserSecretKmsKeyId": DELETE},
        [
            "masterUserSecretKmsKeyId is unset, so the master secret uses the AWS-managed key aws/secretsmanager; set a customer-managed KMS key."
        ],
    ),
    (
        "aurora-final-snapshot",
        POSTGRES,
        {"skipFinalSnapshot": True},
        [
            "skipFinalSnapshot is true, expected false: deleting the instance would discard its data."
        ],
    ),
    (
        "aurora-final-snapshot",
        POSTGRES,
        {"finalSnapshotIdentifier": DELETE},
        ["finalSnapshotIdentifier is unset; without it the final snapshot cannot be taken."],
    ),
    (
        "aurora-security-groups",
        POSTGRES,
        {"vpcSecurityGroupIds": DELETE},
        [
            "vpcSecurityGroupIds is unset, so the instance gets the VPC's default security group; attach a dedicated group."
        ],
    ),
    (
        "aurora-engine-not-vulnerable",
        POSTGRES,
        {"engineVersion": "11.22"},
        [
            'engineVersion is "11.22", denied by deniedVersions entry "11"; upgrade to a supported version.'
        ],
    ),
    ("aurora-engine-not-vulnerable", MYSQL, {"engine": "mariadb", "engineVersion": "10.11.6"}, []),
    (
        "instance-not-public",
        POSTGRES,
        {"publiclyAccessible": True},
        ["publiclyAccessible is true, expected false."],
    ),
    (
        "instance-enhanced-monitoring",
        POSTGRES,
        {"monitoringInterval": DELETE},
        {
            "input": ["monitoringInterval is unset, expected one of 1, 5, 10, 15, 30, 60 seconds."],
            "checked": ["monitoringInterval is 0, expected one of 1, 5, 10, 15, 30, 60 seconds."],
        },
    ),
    (
        "instance-enhanced-monitoring",
        POSTGRES,
        {"monitoringRoleArn": DELETE},
        ["monitoringRoleArn is unset; Enhanced Monitoring needs a role."],
    ),
    (
        "instance-minor-upgrade",
        MYSQL,
        {"autoMinorVersionUpgrade": False},
        ["autoMinorVersionUpgrade is false, expected true or unset (AWS default true)."],
    ),
    (
        "instance-performance-insights",
        POSTGRES,
        {"performanceInsightsEnabled": DELETE, "performanceInsightsKmsKeyId": DELETE},
        {
            "input": ["performanceInsightsEnabled is unset, expected true."],
            "checked": ["performanceInsightsEnabled is false, expected true."],
        },
    ),
    (
        "instance-pi-cmk",
        POSTGRES,
        {"performanceInsightsKmsKeyId": DELETE},
        [
            "performanceInsightsKmsKeyId is unset, so Performance Insights uses the AWS-managed key; set a customer-managed KMS key."
        ],
    ),
    (
        "instance-ca-cert",
        POSTGRES,
        {"caCertIdentifier": "rds-ca-2019"},
        [
            'caCertIdentifier is "rds-ca-2019", expected one of rds-ca-rsa2048-g1, rds-ca-rsa4096-g1, rds-ca-ecc384-g1.'
        ],
    ),
    (
        "rds-instance-multi-az",
        POSTGRES,
        {"multiAz": DELETE},
        ["multiAz is unset, expected true (a standby in another availability zone)."],
    ),
    ("rds-instance-multi-az", POSTGRES, {"multiAz": DELETE, "replicateSourceDb": "db-source"}, []),
    (
        "db-subnet-group-set",
        MYSQL,
        {"dbSubnetGroupName": DELETE},
        [
            "dbSubnetGroupName is unset, so the instance is placed in the default VPC's default subnets, which are public; create an aws.rds.SubnetGroup of private subnets and pass its name."
        ],
    ),
    (
        "db-engine-supported",
        POSTGRES,
        {"engineVersion": "13.15"},
        [
            'engineVersion is "13.15": postgres 13 is past its end of RDS standard support if the date 2026-02-28 holds (unverified: check https://docs.aws.amazon.com/AmazonRDS/latest/PostgreSQLReleaseNotes/postgresql-release-calendar.html); upgrade to a supported major version (running on means paid RDS Extended Support, then a forced upgrade).'
        ],
    ),
    (
        "db-engine-supported",
        MYSQL,
        {"engineVersion": "8.0.39"},
        [
            'engineVersion is "8.0.39": mysql 8.0 is past its end of RDS standard support if the date 2026-07-31 holds (unverified: check https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/MySQL.Concepts.VersionMgmt.html); upgrade to a supported major version (running on means paid RDS Extended Support, then a forced upgrade).'
        ],
    ),
    (
        "db-engine-supported",
        POSTGRES,
        {"engineVersion": "12.22"},
        [
            'engineVersion is "12.22": postgres 12 left RDS standard support on 2025-02-28 (source: https://aws.amazon.com/blogs/database/upgrade-strategies-for-amazon-aurora-postgresql-and-amazon-rds-for-postgresql-12); upgrade to a supported major version (running on means paid RDS Extended Support, then a forced upgrade).'
        ],
    ),
    (
        "db-engine-supported",
        MYSQL,
        {"engineVersion": "5.7.44"},
        [
            'engineVersion is "5.7.44": mysql 5.7 left RDS standard support on 2024-02-29 (source: https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/extended-support.html); upgrade to a supported major version (running on means paid RDS Extended Support, then a forced upgrade).'
        ],
    ),
    ("db-engine-supported", POSTGRES, {"engineVersion": "18.1"}, []),
    ("db-engine-supported", MYSQL, {"engineVersion": "8.4.3"}, []),
]


MATRIX = [case(*c) for c in CASES]


@pytest.mark.parametrize(
    ("policy", "key"),
    [
        ("aurora-storage-encrypted", "storageEncrypted"),
        ("aurora-deletion-protection", "deletionProtection"),
        ("instance-not-public", "publiclyAccessible"),
        ("rds-instance-multi-az", "multiAz"),
    ],
)
def test_unknown_judged_value_is_skipped_as_the_sdk_does(policy: str, key: str) -> None:
    """A judged boolean unknown in preview: the SDK's advisory "can't run policy", never a pass."""
    found = run([res(tokens.RDS_INSTANCE, "db", changed(POSTGRES, {key: U_BOOL}))], [policy])
    assert len(found) == 1
    assert found[0][2].startswith(f"can't run policy '{policy}'")


def test_engine_support_dates_parse_and_cite_aws() -> None:
    """Every row of the data file is a date under an AWS calendar page; a verified date names
    the AWS page it was read on, an unverified one names none."""
    from aurora_guardrails.engine_support import major_of, support_end, support_table

    table = support_table()
    for engine, entry in table["engines"].items():
        assert entry["source"].startswith("https://docs.aws.amazon.com/")
        for major, row in entry["majors"].items():
            end = support_end(engine, f"{major}.1")
            assert end is not None and end.major == major
            assert row["verified"] is end.verified
            if end.verified:
                assert end.verified_in is not None
                assert end.verified_in.startswith(
                    ("https://docs.aws.amazon.com/", "https://aws.amazon.com/")
                )
            else:
                assert "verifiedIn" not in row and end.verified_in is None
    assert major_of("aurora-mysql", "8.0.mysql_aurora.3.05.2") == "8.0"
    assert major_of("postgres", "9.6.24") == "9.6"
    assert support_end("postgres", "99.1") is None


@pytest.mark.parametrize(
    ("exports", "expected"),
    [
        (["error", "slowquery"], []),
        (
            ["postgresql"],
            [
                'enabledCloudwatchLogsExports is ["postgresql"], expected it to include "error", "slowquery".'
            ],
        ),
    ],
)
def test_aurora_mysql_cluster_is_judged_by_mysql_log_types(
    exports: list[str], expected: list[str]
) -> None:
    """An aurora-mysql cluster needs MySQL logs, not the PostgreSQL log."""
    cluster = res(
        tokens.CLUSTER, "db", {"engine": "aurora-mysql", "enabledCloudwatchLogsExports": exports}
    )
    assert [m for _, _, m in run([cluster], ["aurora-log-exports"])] == expected


@pytest.mark.parametrize(
    ("version", "expected"),
    [
        (
            "5.7.mysql_aurora.2.11.2",
            'engineVersion is "5.7.mysql_aurora.2.11.2": aurora-mysql 5.7 left RDS standard support on 2024-10-31 (source: https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/extended-support.html); upgrade to a supported major version (running on means paid RDS Extended Support, then a forced upgrade).',
        ),
        ("8.0.mysql_aurora.3.08.0", None),
    ],
)
def test_aurora_mysql_cluster_support_date(version: str, expected: str | None) -> None:
    """An Aurora MySQL version 2 cluster is past its verified date; version 3 is not listed."""
    cluster = res(tokens.CLUSTER, "db", {"engine": "aurora-mysql", "engineVersion": version})
    found = [m for _, _, m in run([cluster], ["db-engine-supported"], AS_OF)]
    assert found == ([expected] if expected else [])
