# ruff: noqa: E501  (tables of exact messages read best one case per line)
"""KMS, Secrets Manager, IAM, log group and cost stack rules on the compliant stack, in preview and in update.

Each case applies one edit to `aurora_guardrails.testing.stacks.compliant_stack()` (a property, a
link, a removed or added resource) and asserts the exact findings of one policy in both
`STACK_SHAPES`; a mapping keyed `"preview"` / `"update"` names a shape-specific finding.
"""

from __future__ import annotations

import json

import pytest
from aurora_guardrails.testing import StackCase, run_stack_case
from aurora_guardrails.testing.shapes import STACK_SHAPES, Computed, StackShape, expected_for
from aurora_guardrails.testing.stacks import (
    PROXY_ROLE_POLICY,
    PROXY_TRUST,
    SECRET_ARN,
    STACK_CONFIG,
    both,
    compliant_stack,
    deps,
    drop,
    props,
)

APP_SECRET_ROTATION = "app-rotation"

CASES = [
    (
        "secret-rotation",
        drop(APP_SECRET_ROTATION),
        None,
        [("app-secret", "no SecretRotation has secretId pointing at this secret.")],
    ),
    (
        "secret-rotation",
        props(APP_SECRET_ROTATION, rotationEnabled=False),
        None,
        [("app-secret", 'SecretRotation "app-rotation" has rotationEnabled false.')],
    ),
    (
        "kms-referenced-key-rotated",
        props("key", enableKeyRotation=False),
        None,
        [
            (
                "cluster",
                'kmsKeyId uses KMS key "key", which does not rotate. '
                'masterUserSecretKmsKeyId uses KMS key "key", which does not rotate.',
            ),
            ("cluster-logs", 'kmsKeyId uses KMS key "key", which does not rotate.'),
            ("app-secret", 'kmsKeyId uses KMS key "key", which does not rotate.'),
        ],
    ),
    (
        "loggroup-managed",
        drop("cluster-logs"),
        None,
        [
            (
                "cluster",
                "no LogGroup in the stack manages /aws/rds/cluster/db/postgresql; RDS would create it with no retention and no KMS key.",
            )
        ],
    ),
    (
        "loggroup-managed",
        drop("proxy-logs"),
        None,
        [
            (
                "proxy",
                "no LogGroup in the stack manages /aws/rds/proxy/db-proxy; RDS Proxy would create it with no retention and no KMS key.",
            )
        ],
    ),
    (
        "iam-proxy-role-scoped",
        props("proxy-role", assumeRolePolicy=PROXY_TRUST.replace("rds.", "ec2.")),
        None,
        [("proxy", 'role "proxy-role" does not trust rds.amazonaws.com.')],
    ),
    (
        "iam-proxy-role-scoped",
        props("proxy-role-policy", policy=PROXY_ROLE_POLICY.replace(SECRET_ARN, "*")),
        None,
        [
            (
                "proxy",
                'role policy "proxy-role-policy" statement 1 grants secretsmanager:GetSecretValue on "*".',
            )
        ],
    ),
    (
        "iam-proxy-role-scoped",
        props("proxy-role-policy", policy=PROXY_ROLE_POLICY.replace(SECRET_ARN, "arn:other")),
        None,
        [
            (
                "proxy",
                'role policy "proxy-role-policy" statement 1 allows GetSecretValue on arn:other, which the proxy does not use.',
            )
        ],
    ),
    (
        "iam-proxy-role-scoped",
        props(
            "proxy-role-policy", policy=PROXY_ROLE_POLICY.replace("kms:ViaService", "aws:SourceVpc")
        ),
        None,
        [
            (
                "proxy",
                'role policy "proxy-role-policy" statement 2 allows kms:Decrypt without a kms:ViaService condition.',
            )
        ],
    ),
    (
        "iam-proxy-role-scoped",
        props("proxy-role-policy", policy=Computed(PROXY_ROLE_POLICY.replace(SECRET_ARN, "*"))),
        None,
        {
            "preview": [
                (
                    None,
                    "can't run policy 'iam-proxy-role-scoped' from policy pack 'aurora-guardrails@v0.1.0' during preview: string value at .role policy \"proxy-role-policy\" can't be known during preview",
                )
            ],
            "update": [
                (
                    "proxy",
                    'role policy "proxy-role-policy" statement 1 grants secretsmanager:GetSecretValue on "*".',
                )
            ],
        },
    ),
    (
        "iam-proxy-role-can-decrypt",
        props(
            "proxy-role-policy",
            policy=json.dumps({"Statement": [json.loads(PROXY_ROLE_POLICY)["Statement"][0]]}),
        ),
        None,
        [
            (
                "proxy",
                'role "proxy-role" cannot kms:Decrypt the CMK of the proxy\'s secrets; the proxy will fail with "Credentials couldn\'t be retrieved".',
            )
        ],
    ),
    (
        "iam-proxy-role-can-decrypt",
        both(
            props(
                "cluster", masterUserSecretKmsKeyId="arn:aws:kms:us-east-1:123456789012:key/2222"
            ),
            deps("cluster", "masterUserSecretKmsKeyId", []),
        ),
        None,
        [
            (
                "proxy",
                'role "proxy-role" has no kms:Decrypt on key arn:aws:kms:us-east-1:123456789012:key/2222.',
            )
        ],
    ),
    (
        "monthly-cost-ceiling",
        lambda items: None,
        {"monthly-cost-ceiling": {**STACK_CONFIG["monthly-cost-ceiling"], "maxMonthlyUsd": 10.0}},
        [
            (
                None,
                "estimated monthly cost up to $793.90 (idle floor $178.70, us-east-1) exceeds the ceiling maxMonthlyUsd = $10.00; 3 resource(s) not priced",
            )
        ],
    ),
]

STACK_MATRIX = [StackCase(*case) for case in CASES]


@pytest.mark.parametrize("shape", STACK_SHAPES)
@pytest.mark.parametrize(
    "case", [pytest.param(case, id=f"{case.policy}-{i}") for i, case in enumerate(STACK_MATRIX)]
)
def test_stack_rule_findings(case: StackCase, shape: StackShape) -> None:
    """One change to the compliant stack: exactly these findings, in preview and in update."""
    assert run_stack_case(case, compliant_stack(), shape) == expected_for(case.expected, shape)
