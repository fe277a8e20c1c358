# ruff: noqa: E501  (tables of exact messages read best one case per line)
"""`aws:rds/clusterInstance:ClusterInstance` (an Aurora cluster's instances) under the resource rules, in the four shapes.

Case table (`MATRIX`), run by `test_rule_tables.py`.
"""

from __future__ import annotations

from aurora_guardrails import tokens
from aurora_guardrails.testing import DELETE, Case

INST = tokens.CLUSTER_INSTANCE

CASES = [
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
        {
            "input": ["monitoringInterval is unset, expected one of 1, 5, 10, 15, 30, 60 seconds."],
            "checked": ["monitoringInterval is 0, expected one of 1, 5, 10, 15, 30, 60 seconds."],
        },
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
]


MATRIX = [Case(*case) for case in CASES]
