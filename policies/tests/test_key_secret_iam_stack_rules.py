# ruff: noqa: E501  (tables of exact messages read best one case per line)
"""KMS, Secrets Manager, IAM, log group and cost stack rules on the compliant stack, in preview and in update.

Case table (`STACK_MATRIX`), run by `test_rule_tables.py`.
"""

from __future__ import annotations

import json

from aurora_guardrails.testing import StackCase
from aurora_guardrails.testing.shapes import Computed
from aurora_guardrails.testing.stacks import (
    PROXY_ROLE_POLICY,
    PROXY_TRUST,
    SECRET_ARN,
    STACK_CONFIG,
    both,
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
