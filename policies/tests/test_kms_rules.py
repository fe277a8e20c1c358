# ruff: noqa: E501  (tables of exact messages read best one case per line)
"""KMS keys under the resource rules, in the four shapes.

Case table (`MATRIX`), run by `test_rule_tables.py`.
"""

from __future__ import annotations

from aurora_guardrails import tokens
from aurora_guardrails.testing import DELETE, Case
from aurora_guardrails.testing.shapes import U_STR

UNKNOWN = U_STR

CASES = [
    (
        tokens.KMS_KEY,
        "kms-rotation",
        {"enableKeyRotation": DELETE},
        None,
        {
            "input": ["enableKeyRotation is unset, expected true."],
            "checked": ["enableKeyRotation is false, expected true."],
        },
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
]


MATRIX = [Case(*case) for case in CASES]
