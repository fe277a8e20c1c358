# ruff: noqa: E501  (tables of exact messages read best one case per line)
"""CloudWatch log groups and IAM policies under the resource rules, in the four shapes.

Case table (`MATRIX`), run by `test_rule_tables.py`.
"""

from __future__ import annotations

from aurora_guardrails import tokens
from aurora_guardrails.testing import DELETE, Case

CASES = [
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


MATRIX = [Case(*case) for case in CASES]
