# ruff: noqa: E501  (tables of exact messages read best one case per line)
"""RDS Proxy stack rules on the compliant stack, in preview and in update.

Case table (`STACK_MATRIX`), run by `test_rule_tables.py`.
"""

from __future__ import annotations

from aurora_guardrails.testing import DELETE, StackCase
from aurora_guardrails.testing.stacks import (
    both,
    deps,
    drop,
    find,
    internet_route,
    literal,
    props,
    unset,
)

APP_SECRET_ROTATION = "app-rotation"

CASES = [
    (
        "proxy-private",
        props("subnet-b", mapPublicIpOnLaunch=True),
        None,
        [("proxy", 'subnet "subnet-b" in vpcSubnetIds has mapPublicIpOnLaunch true.')],
    ),
    (
        "proxy-private",
        props("subnet-b", availabilityZone="us-east-1a"),
        None,
        [
            (
                "proxy",
                "vpcSubnetIds subnets are all in availability zone us-east-1a, expected at least 2 zones.",
            )
        ],
    ),
    ("proxy-private", props("proxy", vpcSecurityGroupIds=DELETE), None, []),
    (
        "proxy-private",
        unset("proxy", "vpcSecurityGroupIds"),
        None,
        [("proxy", "vpcSecurityGroupIds is unset; attach a dedicated security group.")],
    ),
    (
        "proxy-private",
        internet_route(),
        None,
        [
            (
                "proxy",
                'subnet "subnet-a" in vpcSubnetIds routes 0.0.0.0/0 to an internet gateway ("default-route"). '
                'subnet "subnet-b" in vpcSubnetIds routes 0.0.0.0/0 to an internet gateway ("default-route").',
            ),
        ],
    ),
    (
        "proxy-target-consistent",
        props("proxy", engineFamily="MYSQL"),
        None,
        [("proxy", 'engineFamily is "MYSQL", expected "POSTGRESQL" for cluster "cluster".')],
    ),
    (
        "proxy-target-consistent",
        drop("target"),
        None,
        [("proxy", "no ProxyTarget registers a cluster with this proxy.")],
    ),
    (
        "proxy-target-consistent",
        literal("target", "dbClusterIdentifier", "other-cluster"),
        None,
        [("target", "dbClusterIdentifier does not refer to a cluster in this stack.")],
    ),
    (
        "proxy-target-after-instances",
        lambda items: find(items, "target").update(_depends_on=["writer"]),
        None,
        [
            (
                "target",
                'the target does not depend on instance "reader"; registration fails while an instance is being created. Add it to dependsOn.',
            )
        ],
    ),
    (
        "proxy-secrets-hardened",
        unset("cluster", "masterUserSecretKmsKeyId"),
        None,
        [
            (
                "proxy",
                'auth secret is the RDS-managed secret of cluster "cluster", encrypted with the AWS-managed key; set masterUserSecretKmsKeyId.',
            )
        ],
    ),
    (
        "proxy-secrets-hardened",
        both(deps("proxy", "auths", ["app-secret"]), drop(APP_SECRET_ROTATION)),
        None,
        [("proxy", 'auth secret "app-secret" has no SecretRotation.')],
    ),
    ("proxy-secrets-hardened", deps("proxy", "auths", []), None, []),
    (
        "proxy-secrets-hardened",
        literal("proxy", "auths", [{"secretArn": "arn:other", "iamAuth": "REQUIRED"}]),
        None,
        [
            (
                "proxy",
                "auths secretArn refers to secrets outside this stack; their rotation and encryption cannot be verified.",
            )
        ],
    ),
]

STACK_MATRIX = [StackCase(*case) for case in CASES]
