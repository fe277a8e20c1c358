# ruff: noqa: E501  (tables of exact messages read best one case per line)
"""Security group, VPC, route and subnet stack rules on the compliant stack, in preview and in update.

Case table (`STACK_MATRIX`), run by `test_rule_tables.py`.
"""

from __future__ import annotations

from aurora_guardrails.testing import DELETE, StackCase, res
from aurora_guardrails.testing.shapes import U_STR
from aurora_guardrails.testing.stacks import add, both, deps, drop, internet_route, literal, props

CASES = [
    (
        "route-no-igw-default",
        internet_route(),
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
        literal("sm-endpoint", "securityGroupIds", ["sg-0elsewhere"]),
        None,
        [("endpoint-sg", "no resource in the stack attaches this security group.")],
    ),
    (
        "sg-attached",
        both(
            literal("sm-endpoint", "securityGroupIds", ["sg-0elsewhere"]),
            add(
                res(
                    "aws:ecs/service:Service",
                    "app",
                    {"networkConfiguration": {"securityGroups": [U_STR], "assignPublicIp": False}},
                    deps={"networkConfiguration": ["endpoint-sg"]},
                )
            ),
        ),
        None,
        [],
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
        both(
            deps("subnet-group", "subnetIds", ["subnet-a"]),
            props("subnet-group", subnetIds=[U_STR]),
        ),
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
]

STACK_MATRIX = [StackCase(*case) for case in CASES]
