"""A compliant stack for the stack rules, and the edits that derive failing stacks from it.

`compliant_stack()` returns resources built with `res(..., deps=...)` in preview form; run it
through `shapes.stack_shaped` for the preview or update shape. Edits (`props`, `deps`, `unset`,
`literal`, `drop`, `both`, `add`, `internet_route`) change a list of such resources in place, so a
`StackCase` reads as one change to the compliant stack.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from aurora_guardrails import tokens as t
from aurora_guardrails.testing import DELETE, changed, res
from aurora_guardrails.testing.compliant import KEY, KMS_KEY
from aurora_guardrails.testing.shapes import U_STR

__all__ = [
    "PROXY_ROLE_POLICY",
    "PROXY_TRUST",
    "SECRET_ARN",
    "STACK_CONFIG",
    "Edit",
    "add",
    "both",
    "compliant_stack",
    "deps",
    "drop",
    "find",
    "internet_route",
    "literal",
    "props",
    "unset",
]

SECRET_ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!cluster-abc"

PROXY_ROLE_POLICY = json.dumps(
    {
        "Statement": [
            {"Effect": "Allow", "Action": "secretsmanager:GetSecretValue", "Resource": SECRET_ARN},
            {
                "Effect": "Allow",
                "Action": "kms:Decrypt",
                "Resource": KEY,
                "Condition": {
                    "StringEquals": {"kms:ViaService": "secretsmanager.us-east-1.amazonaws.com"}
                },
            },
        ]
    }
)
PROXY_TRUST = json.dumps(
    {
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"Service": "rds.amazonaws.com"},
                "Action": "sts:AssumeRole",
            }
        ]
    }
)

STACK_CONFIG: dict[str, Any] = {
    "monthly-cost-ceiling": {"maxMonthlyUsd": 100000.0, "region": "us-east-1"}
}
"""Config under which `compliant_stack()` passes: a cost ceiling far above its estimate."""


def compliant_stack() -> list[dict[str, Any]]:
    """A compliant prod-shaped stack in preview form (linked ids unknown, `res(deps=...)`).

    Network (VPC, two private subnets, route table, endpoint), a key, a secret with rotation, a
    cluster with a writer and a reader in two zones, a proxy, log groups and a backup selection.
    It passes every stack policy in both `STACK_SHAPES` (with `STACK_CONFIG`).
    """
    return [
        res(
            t.VPC,
            "vpc",
            {"cidrBlock": "10.0.0.0/16", "enableDnsHostnames": True, "enableDnsSupport": True},
        ),
        _in_vpc(t.DEFAULT_SECURITY_GROUP, "vpc-default-sg", {}),
        _in_vpc(t.FLOW_LOG, "flow", {"trafficType": "ALL"}),
        _in_vpc(t.SUBNET, "subnet-a", {"availabilityZone": "us-east-1a"}),
        _in_vpc(t.SUBNET, "subnet-b", {"availabilityZone": "us-east-1b"}),
        _in_vpc(t.ROUTE_TABLE, "rt", {"routes": []}),
        res(
            t.ROUTE_TABLE_ASSOCIATION,
            "rta-a",
            {"subnetId": U_STR, "routeTableId": U_STR},
            deps={"subnetId": ["subnet-a"], "routeTableId": ["rt"]},
        ),
        res(
            t.ROUTE_TABLE_ASSOCIATION,
            "rta-b",
            {"subnetId": U_STR, "routeTableId": U_STR},
            deps={"subnetId": ["subnet-b"], "routeTableId": ["rt"]},
        ),
        _in_vpc(
            t.VPC_ENDPOINT,
            "sm-endpoint",
            {
                "vpcEndpointType": "Interface",
                "privateDnsEnabled": True,
                "securityGroupIds": [U_STR],
            },
            {"securityGroupIds": ["endpoint-sg"]},
        ),
        _in_vpc(t.SECURITY_GROUP, "endpoint-sg", {"description": "endpoints"}),
        res(
            t.SUBNET_GROUP,
            "subnet-group",
            {"subnetIds": [U_STR, U_STR]},
            deps={"subnetIds": ["subnet-a", "subnet-b"]},
        ),
        res(
            t.KMS_KEY,
            "key",
            {"enableKeyRotation": True, "policy": KMS_KEY["policy"], "arn": KEY},
            protect=True,
        ),
        _in_vpc(t.SECURITY_GROUP, "db-sg", {"description": "database"}),
        res(
            t.VPC_INGRESS_RULE,
            "db-from-proxy",
            {
                "securityGroupId": U_STR,
                "referencedSecurityGroupId": U_STR,
                "ipProtocol": "tcp",
                "fromPort": 5432.0,
                "toPort": 5432.0,
                "description": "proxy",
            },
            deps={"securityGroupId": ["db-sg"], "referencedSecurityGroupId": ["proxy-sg"]},
        ),
        _in_vpc(t.SECURITY_GROUP, "proxy-sg", {"description": "proxy"}),
        res(
            t.VPC_INGRESS_RULE,
            "proxy-from-app",
            {
                "securityGroupId": U_STR,
                "referencedSecurityGroupId": "sg-0app",
                "ipProtocol": "tcp",
                "fromPort": 5432.0,
                "toPort": 5432.0,
                "description": "app",
            },
            deps={"securityGroupId": ["proxy-sg"]},
        ),
        res(
            t.CLUSTER_PARAMETER_GROUP,
            "pg",
            {
                "family": "aurora-postgresql16",
                "parameters": [
                    {"name": "rds.force_ssl", "value": "1"},
                    {"name": "log_min_duration_statement", "value": "1000"},
                ],
            },
        ),
        res(
            t.CLUSTER,
            "cluster",
            {
                "clusterIdentifier": "db",
                "engine": "aurora-postgresql",
                "engineVersion": "16.4",
                "dbClusterParameterGroupName": U_STR,
                "dbSubnetGroupName": U_STR,
                "vpcSecurityGroupIds": [U_STR],
                "kmsKeyId": U_STR,
                "masterUserSecretKmsKeyId": U_STR,
                "manageMasterUserPassword": True,
                "enabledCloudwatchLogsExports": ["postgresql"],
                "serverlessv2ScalingConfiguration": {"minCapacity": 0.5, "maxCapacity": 4.0},
                "masterUserSecrets": [{"secretArn": SECRET_ARN}],
            },
            protect=True,
            deps={
                "dbClusterParameterGroupName": ["pg"],
                "dbSubnetGroupName": ["subnet-group"],
                "vpcSecurityGroupIds": ["db-sg"],
                "kmsKeyId": ["key"],
                "masterUserSecretKmsKeyId": ["key"],
            },
        ),
        res(
            t.LOG_GROUP,
            "cluster-logs",
            {"name": "/aws/rds/cluster/db/postgresql", "kmsKeyId": U_STR},
            deps={"kmsKeyId": ["key"]},
        ),
        res(
            t.CLUSTER_INSTANCE,
            "writer",
            {
                "clusterIdentifier": U_STR,
                "instanceClass": "db.serverless",
                "availabilityZone": "us-east-1a",
                "promotionTier": 0.0,
            },
            deps={"clusterIdentifier": ["cluster"]},
        ),
        res(
            t.CLUSTER_INSTANCE,
            "reader",
            {
                "clusterIdentifier": U_STR,
                "instanceClass": "db.serverless",
                "availabilityZone": "us-east-1b",
                "promotionTier": 1.0,
            },
            deps={"clusterIdentifier": ["cluster"]},
        ),
        res(t.IAM_ROLE, "proxy-role", {"assumeRolePolicy": PROXY_TRUST}),
        res(
            t.IAM_ROLE_POLICY,
            "proxy-role-policy",
            {"role": U_STR, "policy": PROXY_ROLE_POLICY},
            deps={"role": ["proxy-role"]},
        ),
        res(
            t.PROXY,
            "proxy",
            {
                "name": "db-proxy",
                "engineFamily": "POSTGRESQL",
                "requireTls": True,
                "roleArn": U_STR,
                "vpcSubnetIds": [U_STR, U_STR],
                "vpcSecurityGroupIds": [U_STR],
                "auths": [{"secretArn": SECRET_ARN, "iamAuth": "REQUIRED"}],
            },
            deps={
                "roleArn": ["proxy-role"],
                "vpcSubnetIds": ["subnet-a", "subnet-b"],
                "vpcSecurityGroupIds": ["proxy-sg"],
                "auths": ["cluster"],
            },
        ),
        res(t.LOG_GROUP, "proxy-logs", {"name": "/aws/rds/proxy/db-proxy"}),
        res(
            t.PROXY_TARGET,
            "target",
            {"dbProxyName": U_STR, "dbClusterIdentifier": U_STR, "targetGroupName": "default"},
            deps={"dbProxyName": ["proxy"], "dbClusterIdentifier": ["cluster"]},
            depends_on=["writer", "reader"],
        ),
        res(
            t.SECRET,
            "app-secret",
            {"kmsKeyId": U_STR, "description": "app"},
            deps={"kmsKeyId": ["key"]},
        ),
        res(
            t.SECRET_ROTATION,
            "app-rotation",
            {"secretId": U_STR, "rotationRules": {"automaticallyAfterDays": 30.0}},
            deps={"secretId": ["app-secret"]},
        ),
        res(
            "aws:backup/selection:Selection",
            "backup",
            {"resources": [U_STR]},
            deps={"resources": ["cluster"]},
        ),
    ]


def _in_vpc(
    type_: str, name: str, props: dict[str, Any], links: dict[str, list[str]] | None = None
) -> dict[str, Any]:
    """A resource of the stack's VPC: `vpcId` linked to `vpc`, and `links` besides."""
    return res(type_, name, {"vpcId": U_STR, **props}, deps={"vpcId": ["vpc"], **(links or {})})


Edit = Callable[[list[dict[str, Any]]], None]
"""A change to a list of `res()` resources, in place."""


def find(items: list[dict[str, Any]], name: str) -> dict[str, Any]:
    """The resource named `name`."""
    return next(r for r in items if r["name"] == name)


def props(name: str, **changes: Any) -> Edit:
    """Change properties of one resource (`DELETE` removes; `a__b` sets nested `a.b`)."""

    def edit(items: list[dict[str, Any]]) -> None:
        r = find(items, name)
        r["props"] = changed(r["props"], {k.replace("__", "."): v for k, v in changes.items()})

    return edit


def deps(name: str, key: str, targets: list[str]) -> Edit:
    """Point one property dependency somewhere else (`[]` removes it)."""

    def edit(items: list[dict[str, Any]]) -> None:
        r = find(items, name)
        if targets:
            r["_deps"][key] = targets
        else:
            r["_deps"].pop(key, None)

    return edit


def unset(name: str, key: str) -> Edit:
    """Remove an input and its property dependency."""

    def edit(items: list[dict[str, Any]]) -> None:
        props(name, **{key: DELETE})(items)
        deps(name, key, [])(items)

    return edit


def literal(name: str, key: str, value: Any) -> Edit:
    """Replace a link by a value from outside the stack (its property dependency removed)."""
    return both(deps(name, key, []), props(name, **{key: value}))


def drop(name: str) -> Edit:
    """Remove a resource (and links to it)."""

    def edit(items: list[dict[str, Any]]) -> None:
        items.remove(find(items, name))
        for r in items:
            r["_deps"] = {k: [n for n in v if n != name] for k, v in r["_deps"].items()}
            r["_deps"] = {k: v for k, v in r["_deps"].items() if v}
            r["_depends_on"] = [n for n in r["_depends_on"] if n != name]

    return edit


def both(*edits: Edit) -> Edit:
    """Apply several edits (one logical change touching two places)."""

    def edit(items: list[dict[str, Any]]) -> None:
        for one in edits:
            one(items)

    return edit


def add(*resources: dict[str, Any]) -> Edit:
    """Add resources."""

    def edit(items: list[dict[str, Any]]) -> None:
        items.extend(resources)

    return edit


def internet_route() -> Edit:
    """Add an internet gateway to the VPC and a default route to it in the subnets' table `rt`."""
    return add(
        _in_vpc(t.INTERNET_GATEWAY, "igw", {}),
        res(
            t.ROUTE,
            "default-route",
            {"routeTableId": U_STR, "destinationCidrBlock": "0.0.0.0/0", "gatewayId": U_STR},
            deps={"routeTableId": ["rt"], "gatewayId": ["igw"]},
        ),
    )
