# ruff: noqa: E501  (tables of exact messages read best one case per line)
"""Stack rules on a prod-shaped stack wired by property dependencies (ids unknown, as in preview).

The baseline passes the whole pack; each failing case changes one resource (a property, a link,
or removes a resource) and asserts the exact findings of one policy.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from aurora_guardrails import tokens as t
from aurora_guardrails.testing import DELETE, StackCase, changed, res, run, run_stack_case
from aurora_guardrails.testing.compliant import KMS_KEY
from aurora_guardrails.testing.shapes import (
    STACK_SHAPES,
    Computed,
    StackShape,
    expected_for,
    stack_shaped,
)

KEY = "arn:aws:kms:us-east-1:123456789012:key/1111"
U = "04da6b54-80e4-46f7-96ec-b56ff0331ba9"  # an unknown string (preview)
SECRET_ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!cluster-abc"

ROLE_POLICY = json.dumps(
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
TRUST = json.dumps(
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


def baseline() -> list[dict[str, Any]]:
    """A compliant stack: network, key, secret, cluster with two instances, proxy, logs."""
    return [
        res(
            t.VPC,
            "vpc",
            {"cidrBlock": "10.0.0.0/16", "enableDnsHostnames": True, "enableDnsSupport": True},
        ),
        res(t.DEFAULT_SECURITY_GROUP, "vpc-default-sg", {"vpcId": U}, deps={"vpcId": ["vpc"]}),
        res(t.FLOW_LOG, "flow", {"vpcId": U, "trafficType": "ALL"}, deps={"vpcId": ["vpc"]}),
        res(
            t.SUBNET,
            "subnet-a",
            {"vpcId": U, "availabilityZone": "us-east-1a"},
            deps={"vpcId": ["vpc"]},
        ),
        res(
            t.SUBNET,
            "subnet-b",
            {"vpcId": U, "availabilityZone": "us-east-1b"},
            deps={"vpcId": ["vpc"]},
        ),
        res(t.ROUTE_TABLE, "rt", {"vpcId": U, "routes": []}, deps={"vpcId": ["vpc"]}),
        res(
            t.ROUTE_TABLE_ASSOCIATION,
            "rta-a",
            {"subnetId": U, "routeTableId": U},
            deps={"subnetId": ["subnet-a"], "routeTableId": ["rt"]},
        ),
        res(
            t.ROUTE_TABLE_ASSOCIATION,
            "rta-b",
            {"subnetId": U, "routeTableId": U},
            deps={"subnetId": ["subnet-b"], "routeTableId": ["rt"]},
        ),
        res(
            t.VPC_ENDPOINT,
            "sm-endpoint",
            {
                "vpcId": U,
                "vpcEndpointType": "Interface",
                "privateDnsEnabled": True,
                "securityGroupIds": [U],
            },
            deps={"vpcId": ["vpc"], "securityGroupIds": ["endpoint-sg"]},
        ),
        res(
            t.SECURITY_GROUP,
            "endpoint-sg",
            {"description": "endpoints", "vpcId": U},
            deps={"vpcId": ["vpc"]},
        ),
        res(
            t.SUBNET_GROUP,
            "subnet-group",
            {"subnetIds": [U, U]},
            deps={"subnetIds": ["subnet-a", "subnet-b"]},
        ),
        res(
            t.KMS_KEY,
            "key",
            {"enableKeyRotation": True, "policy": KMS_KEY["policy"], "arn": KEY},
            protect=True,
        ),
        res(
            t.SECURITY_GROUP,
            "db-sg",
            {"description": "database", "vpcId": U},
            deps={"vpcId": ["vpc"]},
        ),
        res(
            t.VPC_INGRESS_RULE,
            "db-from-proxy",
            {
                "securityGroupId": U,
                "referencedSecurityGroupId": U,
                "ipProtocol": "tcp",
                "fromPort": 5432.0,
                "toPort": 5432.0,
                "description": "proxy",
            },
            deps={"securityGroupId": ["db-sg"], "referencedSecurityGroupId": ["proxy-sg"]},
        ),
        res(
            t.SECURITY_GROUP,
            "proxy-sg",
            {"description": "proxy", "vpcId": U},
            deps={"vpcId": ["vpc"]},
        ),
        res(
            t.VPC_INGRESS_RULE,
            "proxy-from-app",
            {
                "securityGroupId": U,
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
                "dbClusterParameterGroupName": U,
                "dbSubnetGroupName": U,
                "vpcSecurityGroupIds": [U],
                "kmsKeyId": U,
                "masterUserSecretKmsKeyId": U,
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
            {"name": "/aws/rds/cluster/db/postgresql", "kmsKeyId": U},
            deps={"kmsKeyId": ["key"]},
        ),
        res(
            t.CLUSTER_INSTANCE,
            "writer",
            {
                "clusterIdentifier": U,
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
                "clusterIdentifier": U,
                "instanceClass": "db.serverless",
                "availabilityZone": "us-east-1b",
                "promotionTier": 1.0,
            },
            deps={"clusterIdentifier": ["cluster"]},
        ),
        res(t.IAM_ROLE, "proxy-role", {"assumeRolePolicy": TRUST}),
        res(
            t.IAM_ROLE_POLICY,
            "proxy-role-policy",
            {"role": U, "policy": ROLE_POLICY},
            deps={"role": ["proxy-role"]},
        ),
        res(
            t.PROXY,
            "proxy",
            {
                "name": "db-proxy",
                "engineFamily": "POSTGRESQL",
                "requireTls": True,
                "roleArn": U,
                "vpcSubnetIds": [U, U],
                "vpcSecurityGroupIds": [U],
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
            {"dbProxyName": U, "dbClusterIdentifier": U, "targetGroupName": "default"},
            deps={"dbProxyName": ["proxy"], "dbClusterIdentifier": ["cluster"]},
            depends_on=["writer", "reader"],
        ),
        res(
            t.SECRET,
            "app-secret",
            {"kmsKeyId": U, "description": "app"},
            deps={"kmsKeyId": ["key"]},
        ),
        res(
            t.SECRET_ROTATION,
            "app-rotation",
            {"secretId": U, "rotationRules": {"automaticallyAfterDays": 30.0}},
            deps={"secretId": ["app-secret"]},
        ),
        res(
            "aws:backup/selection:Selection",
            "backup",
            {"resources": [U]},
            deps={"resources": ["cluster"]},
        ),
    ]


STACK_POLICIES = [
    "aurora-multi-az",
    "instance-serverless-class",
    "instance-failover-tier",
    "aurora-in-backup-plan",
    "aurora-no-pause-with-proxy",
    "aurora-no-pause-blockers",
    "pg-force-ssl",
    "pg-query-logging",
    "pg-family-matches",
    "proxy-private",
    "proxy-target-consistent",
    "proxy-target-after-instances",
    "proxy-secrets-hardened",
    "secret-rotation",
    "kms-referenced-key-rotated",
    "sg-default-closed",
    "sg-attached",
    "sg-no-mixed-rules",
    "sg-db-ingress-by-reference",
    "vpc-flow-logs",
    "route-no-igw-default",
    "db-subnets-private",
    "db-subnets-multi-az",
    "vpc-dns-for-endpoints",
    "loggroup-managed",
    "iam-proxy-role-scoped",
    "iam-proxy-role-can-decrypt",
    "sg-attached-db-closed",
    "db-subnet-group-verifiable",
    "db-types-unjudged",
    "monthly-cost-ceiling",
]
COST = {"maxMonthlyUsd": 100000.0, "region": "us-east-1"}
CONFIG = {"monthly-cost-ceiling": COST}
"""The cost ceiling judged (it is inactive without one), far above the stack's estimate."""

Edit = Callable[[list[dict[str, Any]]], None]


def _find(items: list[dict[str, Any]], name: str) -> dict[str, Any]:
    return next(r for r in items if r["name"] == name)


def props(name: str, **changes: Any) -> Edit:
    """Change properties of one resource (`DELETE` removes; `a__b` sets nested `a.b`)."""

    def edit(items: list[dict[str, Any]]) -> None:
        r = _find(items, name)
        r["props"] = changed(r["props"], {k.replace("__", "."): v for k, v in changes.items()})

    return edit


def deps(name: str, key: str, targets: list[str]) -> Edit:
    """Point one property dependency somewhere else (`[]` removes it)."""

    def edit(items: list[dict[str, Any]]) -> None:
        r = _find(items, name)
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


def drop(name: str) -> Edit:
    """Remove a resource (and links to it)."""

    def edit(items: list[dict[str, Any]]) -> None:
        items.remove(_find(items, name))
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


@pytest.mark.parametrize("shape", STACK_SHAPES)
def test_baseline_passes_every_stack_policy(shape: StackShape) -> None:
    """The prod-shaped stack has no finding from any stack policy, in preview and in update."""
    assert run(stack_shaped(baseline(), shape), STACK_POLICIES, CONFIG) == []


def test_baseline_with_known_ids_and_no_dependencies_passes() -> None:
    """Links also resolve by value (ids/ARNs), as for resources read from AWS."""
    items = baseline()
    ids = {r["name"]: f"id-{r['name']}" for r in items}
    for r in items:
        r["props"]["id"] = ids[r["name"]]
        for key, names in r.pop("_deps").items():
            value = r["props"].get(key)
            r["props"][key] = [ids[n] for n in names] if isinstance(value, list) else ids[names[0]]
        r["_deps"] = {}
    _find(items, "cluster")["props"]["clusterIdentifier"] = "id-cluster"
    _find(items, "cluster-logs")["props"]["name"] = "/aws/rds/cluster/id-cluster/postgresql"
    _find(items, "proxy")["props"]["name"] = "id-proxy"
    _find(items, "proxy-logs")["props"]["name"] = "/aws/rds/proxy/id-proxy"
    _find(items, "proxy")["props"]["auths"] = [{"secretArn": SECRET_ARN, "iamAuth": "REQUIRED"}]
    _find(items, "backup")["props"]["resources"] = ["*"]
    _find(items, "target")["_depends_on"] = ["writer", "reader"]
    assert run(items, STACK_POLICIES) == []


IGW = res(t.INTERNET_GATEWAY, "igw", {"vpcId": U}, deps={"vpcId": ["vpc"]})
DEFAULT_ROUTE = res(
    t.ROUTE,
    "default-route",
    {"routeTableId": U, "destinationCidrBlock": "0.0.0.0/0", "gatewayId": U},
    deps={"routeTableId": ["rt"], "gatewayId": ["igw"]},
)
APP_SECRET_ROTATION = "app-rotation"

CASES: list[tuple[str, Edit, dict[str, Any] | None, list[tuple[str | None, str]]]] = [
    (
        "aurora-multi-az",
        drop("reader"),
        None,
        [
            (
                "cluster",
                "the cluster has 1 instance(s), expected at least 2 in different availability zones (add a reader).",
            )
        ],
    ),
    (
        "aurora-multi-az",
        props("reader", availabilityZone="us-east-1a"),
        None,
        [
            (
                "cluster",
                'all 2 instances are in availability zone "us-east-1a"; place a reader in another zone.',
            )
        ],
    ),
    ("aurora-multi-az", drop("reader"), {"aurora-multi-az": {"minInstances": 1}}, []),
    (
        "instance-serverless-class",
        props("reader", instanceClass="db.r6g.large"),
        None,
        [
            (
                "reader",
                'instanceClass is "db.r6g.large", expected "db.serverless" in a Serverless v2 cluster.',
            )
        ],
    ),
    (
        "instance-failover-tier",
        props("reader", promotionTier=15.0),
        None,
        [
            (
                "cluster",
                "1 of 2 instances have promotionTier 0 or 1; give at least one reader tier 0-1 so it scales with the writer and takes over on failover.",
            )
        ],
    ),
    (
        "aurora-in-backup-plan",
        drop("backup"),
        None,
        [("cluster", "no aws.backup.Selection covers this cluster.")],
    ),
    (
        "aurora-no-pause-with-proxy",
        props("cluster", serverlessv2ScalingConfiguration__minCapacity=0.0),
        None,
        [
            (
                "cluster",
                'minCapacity is 0 but ProxyTarget "target" attaches RDS Proxy, which keeps a connection open, so the cluster never pauses; use minCapacity 0.5 or more, or remove the proxy.',
            )
        ],
    ),
    (
        "aurora-no-pause-blockers",
        props(
            "cluster",
            serverlessv2ScalingConfiguration__minCapacity=0.0,
            globalClusterIdentifier="g",
        ),
        None,
        [
            (
                "cluster",
                "minCapacity is 0 but the cluster belongs to a global database, which keeps it awake; use minCapacity 0.5 or more.",
            )
        ],
    ),
    (
        "aurora-no-pause-blockers",
        props("cluster", serverlessv2ScalingConfiguration__minCapacity=0.0),
        None,
        [],
    ),
    (
        "pg-force-ssl",
        props("pg", parameters=[{"name": "rds.force_ssl", "value": "0"}]),
        None,
        [("cluster", 'parameter group "pg" sets rds.force_ssl to "0", expected "1".')],
    ),
    (
        "pg-force-ssl",
        props("pg", parameters=[]),
        None,
        [("cluster", 'parameter group "pg" sets rds.force_ssl to unset, expected "1".')],
    ),
    (
        "pg-force-ssl",
        both(
            deps("cluster", "dbClusterParameterGroupName", []),
            props("cluster", dbClusterParameterGroupName="shared-pg"),
        ),
        None,
        [
            (
                "cluster",
                "dbClusterParameterGroupName refers to a group outside this stack, so rds.force_ssl cannot be verified.",
            )
        ],
    ),
    (
        "pg-force-ssl",
        unset("cluster", "dbClusterParameterGroupName"),
        None,
        [
            (
                "cluster",
                "dbClusterParameterGroupName is unset, so the cluster uses the default parameter group; link a group that sets rds.force_ssl.",
            )
        ],
    ),
    (
        "pg-query-logging",
        props("pg", parameters=[{"name": "rds.force_ssl", "value": "1"}]),
        None,
        [
            (
                "cluster",
                'parameter group "pg" sets neither log_statement nor log_min_duration_statement.',
            )
        ],
    ),
    (
        "pg-family-matches",
        props("pg", family="aurora-postgresql15"),
        None,
        [
            (
                "cluster",
                'parameter group "pg" has family "aurora-postgresql15", expected "aurora-postgresql16" for engineVersion "16.4".',
            )
        ],
    ),
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
        add(IGW, DEFAULT_ROUTE),
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
        "route-no-igw-default",
        add(IGW, DEFAULT_ROUTE),
        None,
        [
            (
                "default-route",
                'sends 0.0.0.0/0 to an internet gateway for database subnet "subnet-a". '
                'sends 0.0.0.0/0 to an internet gateway for database subnet "subnet-b".',
            ),
        ],
    ),
    (
        "route-no-igw-default",
        props("rt", routes=[{"cidrBlock": "0.0.0.0/0", "gatewayId": "igw-123"}]),
        None,
        [
            (
                "rt",
                'sends 0.0.0.0/0 to an internet gateway for database subnet "subnet-a". '
                'sends 0.0.0.0/0 to an internet gateway for database subnet "subnet-b".',
            ),
        ],
    ),
    (
        "route-no-igw-default",
        props("rt", routes=[{"cidrBlock": "0.0.0.0/0", "natGatewayId": "nat-1"}]),
        None,
        [],
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
        both(
            deps("target", "dbClusterIdentifier", []),
            props("target", dbClusterIdentifier="other-cluster"),
        ),
        None,
        [("target", "dbClusterIdentifier does not refer to a cluster in this stack.")],
    ),
    (
        "proxy-target-after-instances",
        lambda items: _find(items, "target").update(_depends_on=["writer"]),
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
        both(
            deps("proxy", "auths", []),
            props("proxy", auths=[{"secretArn": "arn:other", "iamAuth": "REQUIRED"}]),
        ),
        None,
        [
            (
                "proxy",
                "auths secretArn refers to secrets outside this stack; their rotation and encryption cannot be verified.",
            )
        ],
    ),
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
        "sg-default-closed",
        drop("vpc-default-sg"),
        None,
        [
            (
                "vpc",
                "the VPC has no aws.ec2.DefaultSecurityGroup, so its default group keeps AWS's allow-within-group and allow-all-egress rules.",
            )
        ],
    ),
    (
        "sg-default-closed",
        props(
            "vpc-default-sg",
            egress=[
                {"protocol": "-1", "fromPort": 0.0, "toPort": 0.0, "cidrBlocks": ["0.0.0.0/0"]}
            ],
        ),
        None,
        [("vpc", 'default security group "vpc-default-sg" declares rules, expected none.')],
    ),
    (
        "sg-attached",
        both(
            deps("sm-endpoint", "securityGroupIds", []),
            props("sm-endpoint", securityGroupIds=["sg-0elsewhere"]),
        ),
        None,
        [("endpoint-sg", "no resource in the stack attaches this security group.")],
    ),
    (
        "sg-no-mixed-rules",
        props(
            "db-sg",
            ingress=[
                {
                    "protocol": "tcp",
                    "fromPort": 5432.0,
                    "toPort": 5432.0,
                    "self": True,
                    "description": "self",
                }
            ],
        ),
        None,
        [
            (
                "db-sg",
                'the group declares inline rules and standalone rules "db-from-proxy" also target it; each update would remove one set.',
            )
        ],
    ),
    (
        "sg-db-ingress-by-reference",
        props("db-from-proxy", referencedSecurityGroupId=DELETE, cidrIpv4="10.0.0.0/8"),
        None,
        [
            (
                "db-from-proxy",
                'database security group "db-sg": rule admits 10.0.0.0/8 by address; admit client security groups instead.',
            )
        ],
    ),
    (
        "sg-db-ingress-by-reference",
        props("db-from-proxy", referencedSecurityGroupId=DELETE, cidrIpv4="10.0.0.0/8"),
        {"sg-db-ingress-by-reference": {"allowedCidrBlocks": ["10.0.0.0/8"]}},
        [],
    ),
    (
        "vpc-flow-logs",
        drop("flow"),
        None,
        [("vpc", "no aws.ec2.FlowLog has vpcId pointing at this VPC.")],
    ),
    (
        "db-subnets-private",
        props("subnet-a", mapPublicIpOnLaunch=True),
        None,
        [("subnet-group", 'subnet "subnet-a" in subnetIds has mapPublicIpOnLaunch true.')],
    ),
    (
        "db-subnets-multi-az",
        both(deps("subnet-group", "subnetIds", ["subnet-a"]), props("subnet-group", subnetIds=[U])),
        None,
        [("subnet-group", "subnetIds lists 1 subnet(s), expected at least 2.")],
    ),
    (
        "db-subnets-multi-az",
        props("subnet-b", availabilityZone="us-east-1a"),
        None,
        [
            (
                "subnet-group",
                "subnetIds subnets are all in availability zone us-east-1a, expected at least 2 zones.",
            )
        ],
    ),
    (
        "vpc-dns-for-endpoints",
        props("vpc", enableDnsHostnames=DELETE),
        None,
        [
            (
                "sm-endpoint",
                'VPC "vpc" has enableDnsHostnames unset or false; private DNS of this endpoint will not resolve.',
            )
        ],
    ),
    (
        "vpc-dns-for-endpoints",
        props("vpc", enableDnsSupport=False),
        None,
        [("sm-endpoint", 'VPC "vpc" has enableDnsSupport false.')],
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
        props("proxy-role", assumeRolePolicy=TRUST.replace("rds.", "ec2.")),
        None,
        [("proxy", 'role "proxy-role" does not trust rds.amazonaws.com.')],
    ),
    (
        "iam-proxy-role-scoped",
        props("proxy-role-policy", policy=ROLE_POLICY.replace(SECRET_ARN, "*")),
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
        props("proxy-role-policy", policy=ROLE_POLICY.replace(SECRET_ARN, "arn:other")),
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
        props("proxy-role-policy", policy=ROLE_POLICY.replace("kms:ViaService", "aws:SourceVpc")),
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
        props("proxy-role-policy", policy=Computed(ROLE_POLICY.replace(SECRET_ARN, "*"))),
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
            policy=json.dumps({"Statement": [json.loads(ROLE_POLICY)["Statement"][0]]}),
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
        "sg-attached-db-closed",
        props(
            "db-sg",
            ingress=[
                {
                    "protocol": "tcp",
                    "fromPort": 443.0,
                    "toPort": 443.0,
                    "cidrBlocks": ["0.0.0.0/0"],
                    "description": "web",
                }
            ],
        ),
        None,
        [
            (
                "db-sg",
                'security group "db-sg" guards "cluster": ingress[0] allows tcp 443-443 from 0.0.0.0/0.',
            )
        ],
    ),
    (
        "db-subnet-group-verifiable",
        both(
            deps("cluster", "dbSubnetGroupName", []),
            props("cluster", dbSubnetGroupName="shared-db-subnets"),
        ),
        None,
        [
            (
                "cluster",
                'dbSubnetGroupName is "shared-db-subnets", not the name of a subnet group in this stack, so its subnets can\'t be verified private and multi-AZ here; check that subnet group where it is defined.',
            )
        ],
    ),
    (
        "db-types-unjudged",
        add(res("aws:docdb/cluster:Cluster", "docs", {"engine": "docdb"})),
        None,
        [
            (
                "docs",
                "aws:docdb/cluster:Cluster ('docs') is database-like and no rule of this pack judges it; review it by hand or add a policy.",
            )
        ],
    ),
    (
        "monthly-cost-ceiling",
        lambda items: None,
        {"monthly-cost-ceiling": {**COST, "maxMonthlyUsd": 10.0}},
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
    assert run_stack_case(case, baseline(), shape) == expected_for(case.expected, shape)
