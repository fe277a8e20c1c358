# ruff: noqa: E501  (tables of exact messages read best one case per line)
"""Security groups, their rules and subnets under the resource rules, in the four shapes.

Case table (`MATRIX`), run by `test_rule_tables.py`.
"""

from __future__ import annotations

from typing import Any

from aurora_guardrails import tokens
from aurora_guardrails.testing import DELETE, Case
from aurora_guardrails.testing.compliant import NETWORK_ACL

NACL = tokens.NETWORK_ACL
NACL_ENTRY = NETWORK_ACL["ingress"][0]


def world(
    protocol: str, from_port: float, to_port: float, *, ipv6: bool = False, description: str = "x"
) -> dict[str, Any]:
    """A security group's inline rule open to 0.0.0.0/0 (and `::/0` with `ipv6`)."""
    rule: dict[str, Any] = {"protocol": protocol, "fromPort": from_port, "toPort": to_port}
    rule |= {"cidrBlocks": ["0.0.0.0/0"], "description": description}
    if ipv6:
        rule["ipv6CidrBlocks"] = ["::/0"]
    return rule


def rule_from_world(from_port: float, to_port: float) -> dict[str, Any]:
    """A change to the compliant security group rule: these ports from 0.0.0.0/0, not its group."""
    return {
        "sourceSecurityGroupId": DELETE,
        "fromPort": from_port,
        "toPort": to_port,
        "cidrBlocks": ["0.0.0.0/0"],
    }


CASES = [
    (
        tokens.SECURITY_GROUP,
        "sg-no-world-ingress",
        {"ingress": [world("tcp", 443.0, 443.0, ipv6=True)]},
        None,
        [],  # a web tier's 443: judged by sg-attached-db-closed where it guards a database
    ),
    (
        tokens.SECURITY_GROUP,
        "sg-no-world-ingress",
        {"ingress": [world("tcp", 80.0, 443.0, ipv6=True)]},
        None,
        ["ingress[0] allows tcp 80-443 from 0.0.0.0/0. ingress[0] allows tcp 80-443 from ::/0."],
    ),
    (
        tokens.SECURITY_GROUP,
        "sg-no-world-ingress",
        {"ingress": [world("tcp", 443.0, 443.0)]},
        {"sg-no-world-ingress": {"webPorts": [80]}},
        ["ingress[0] allows tcp 443-443 from 0.0.0.0/0."],
    ),
    (
        tokens.SECURITY_GROUP_RULE,
        "sg-no-world-ingress",
        {"sourceSecurityGroupId": DELETE, "cidrBlocks": ["0.0.0.0/0"]},
        None,
        ["rule allows tcp 5432-5432 from 0.0.0.0/0."],
    ),
    (
        tokens.SECURITY_GROUP_RULE,
        "sg-no-world-ingress",
        {"type": "egress", "sourceSecurityGroupId": DELETE, "cidrBlocks": ["0.0.0.0/0"]},
        None,
        [],
    ),
    (
        tokens.VPC_INGRESS_RULE,
        "sg-no-world-ingress",
        {"referencedSecurityGroupId": DELETE, "cidrIpv6": "::/0"},
        None,
        ["rule allows tcp 5432-5432 from ::/0."],
    ),
    (
        tokens.VPC_INGRESS_RULE,
        "sg-db-port-closed",
        {"referencedSecurityGroupId": DELETE, "ipProtocol": "-1", "cidrIpv4": "0.0.0.0/0"},
        None,
        ["rule opens database port 5432 to 0.0.0.0/0. rule opens database port 3306 to 0.0.0.0/0."],
    ),
    (
        tokens.SECURITY_GROUP_RULE,
        "sg-db-port-closed",
        rule_from_world(5433.0, 5433.0),
        None,
        [],
    ),
    (
        tokens.SECURITY_GROUP_RULE,
        "sg-db-port-closed",
        rule_from_world(5433.0, 5433.0),
        {"sg-db-port-closed": {"databasePorts": [5433]}},
        ["rule opens database port 5433 to 0.0.0.0/0."],
    ),
    (
        tokens.SECURITY_GROUP_RULE,
        "sg-no-open-ssh",
        rule_from_world(0.0, 1024.0),
        None,
        ["rule opens port 22 to 0.0.0.0/0."],
    ),
    (
        tokens.SECURITY_GROUP,
        "sg-descriptions",
        {"description": DELETE},
        None,
        [
            'description is unset or "Managed by Pulumi" (the provider\'s default); say why the group exists.'
        ],
    ),
    (
        tokens.SECURITY_GROUP,
        "sg-descriptions",
        {"ingress": [{"protocol": "tcp", "fromPort": 1.0, "toPort": 1.0, "self": True}]},
        None,
        ["ingress[0] has no description."],
    ),
    (
        tokens.VPC_INGRESS_RULE,
        "sg-descriptions",
        {"description": DELETE},
        None,
        ["rule has no description."],
    ),
    (
        tokens.SECURITY_GROUP,
        "sg-no-open-egress",
        {"egress": [world("-1", 0.0, 0.0, description="all")]},
        None,
        ["egress[0] allows all traffic to 0.0.0.0/0."],
    ),
    (
        tokens.SECURITY_GROUP,
        "sg-no-open-egress",
        {"egress": [world("tcp", 443.0, 443.0, description="https")]},
        None,
        [],
    ),
    (
        tokens.SUBNET,
        "subnet-no-public-ip",
        {"mapPublicIpOnLaunch": True},
        None,
        ["mapPublicIpOnLaunch is true, expected false or unset."],
    ),
    (
        tokens.SUBNET,
        "subnet-no-public-ip",
        {"assignIpv6AddressOnCreation": True},
        None,
        ["assignIpv6AddressOnCreation is true, expected false or unset."],
    ),
    # --- network ACLs -----------------------------------------------------------------------
    (
        NACL,
        "nacl-hygiene",
        {"ingress": [{**NACL_ENTRY, "fromPort": 22.0, "toPort": 22.0, "cidrBlock": "0.0.0.0/0"}]},
        None,
        ["ingress[0] allows port 22 from 0.0.0.0/0."],
    ),
    (
        NACL,
        "nacl-hygiene",
        {
            "ingress": [
                {
                    **NACL_ENTRY,
                    "protocol": "-1",
                    "fromPort": 0.0,
                    "toPort": 0.0,
                    "cidrBlock": DELETE,
                    "ipv6CidrBlock": "::/0",
                }
            ]
        },
        None,
        ["ingress[0] allows port 22 from ::/0. ingress[0] allows port 3389 from ::/0."],
    ),
    (
        NACL,
        "nacl-hygiene",
        {
            "ingress": [
                {
                    **NACL_ENTRY,
                    "fromPort": 22.0,
                    "toPort": 22.0,
                    "action": "deny",
                    "cidrBlock": "0.0.0.0/0",
                }
            ]
        },
        None,
        [],
    ),
    (
        NACL,
        "nacl-hygiene",
        {"ingress": [{**NACL_ENTRY, "fromPort": 443.0, "toPort": 443.0, "cidrBlock": "0.0.0.0/0"}]},
        None,
        [],
    ),
    # --- types that are findings themselves (no compliant form: see NO_COMPLIANT_FORM) ---
    (
        tokens.LEGACY_DB_SECURITY_GROUP,
        "sg-no-legacy-db-sg",
        {},
        None,
        ["aws.rds.SecurityGroup is an EC2-Classic DB security group; use a VPC security group."],
    ),
    (
        tokens.DEFAULT_VPC,
        "no-default-vpc",
        {},
        None,
        ["aws.ec2.DefaultVpc manages the default VPC (public subnets); use a dedicated VPC."],
    ),
]


MATRIX = [Case(*case) for case in CASES]
