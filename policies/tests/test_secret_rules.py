# ruff: noqa: E501  (tables of exact messages read best one case per line)
"""Secrets Manager secrets and rotations under the resource rules, in the four shapes.

Case table (`MATRIX`), run by `test_rule_tables.py`.
"""

from __future__ import annotations

from aurora_guardrails import tokens
from aurora_guardrails.testing import DELETE, Case

CASES = [
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
]


MATRIX = [Case(*case) for case in CASES]
