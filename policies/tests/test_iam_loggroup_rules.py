# ruff: noqa: E501  (tables of exact messages read best one case per line)
"""CloudWatch log groups and IAM policies under the resource rules, in the four shapes.

Each case changes the compliant resource of `aurora_guardrails.testing.compliant` in one field (or
option, or config value) and asserts the exact findings of one policy in every shape of
`SHAPES`; a mapping keyed by shape half (`"input"`, `"checked"`, `"preview"`, `"update"`) names
the shapes where a provider default or an unknown changes the finding.
"""

from __future__ import annotations

import pytest
from aurora_guardrails import tokens
from aurora_guardrails.testing import DELETE, Case, run_case
from aurora_guardrails.testing.shapes import SHAPES, Shape, expected_for

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


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize(
    "case", [pytest.param(case, id=f"{case.policy}-{i}") for i, case in enumerate(MATRIX)]
)
def test_rule_findings(case: Case, shape: Shape) -> None:
    """One change from the compliant resource: exactly these findings in this shape."""
    assert run_case(case, shape) == expected_for(case.expected, shape)
