"""Answers to the common AWS data sources (``aws.ec2.get_vpc``, ``get_subnets``, ``get_ami``,
...): realistic values in the stack's region and account, stable for the same arguments.

Each answer fills the fields the function's result class declares (so nothing a program reads
is ``None``); arguments that are also result fields (``filters``, ``tags``, ``name``) are
echoed. Tokens not listed here are answered only from ``--mocks``.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Callable, Mapping
from typing import Any, Final

from auroractl.engine.sdk import invoke_result_types
from auroractl.engine.values import Subject, realistic_fields

__all__ = ["DataSources"]

_AMAZON_OWNER: Final = "137112412989"
_ENGINE_VERSIONS: Final = {
    "postgres": ("16.4", "postgres16"),
    "aurora-postgresql": ("16.4", "aurora-postgresql16"),
    "mysql": ("8.0.39", "mysql8.0"),
    "aurora-mysql": ("8.0.mysql_aurora.3.08.0", "aurora-mysql8.0"),
    "mariadb": ("10.11.9", "mariadb10.11"),
}

Answer = Callable[[str, Mapping[str, Any]], dict[str, Any]]


def _hex(seed: str, n: int) -> str:
    return hashlib.sha256(seed.encode()).hexdigest()[:n]


def _filter(args: Mapping[str, Any], name: str) -> list[Any]:
    """Values of the ``filters`` entry ``name`` (e.g. ``vpc-id``)."""
    for entry in args.get("filters") or []:
        if isinstance(entry, Mapping) and entry.get("name") == name:
            return list(entry.get("values") or [])
    return []


def python_name(token: str) -> str:
    """``aws:ec2/getVpc:getVpc`` -> ``aws.ec2.get_vpc`` (how a program calls it)."""
    package, module, function = token.split(":")
    folder = module.split("/")[0]
    snake = "".join(f"_{c.lower()}" if c.isupper() else c for c in function).lstrip("_")
    return ".".join(p for p in (package, None if folder == "index" else folder, snake) if p)


class DataSources:
    """Built-in answers for one run (its region, account and availability zones)."""

    def __init__(self, region: str, account: str, azs: Callable[[str], list[str]]) -> None:
        self.region = region
        self.account = account
        self._azs = azs
        self._answers: dict[str, Answer] = {
            "aws:ec2/getVpc:getVpc": self._vpc,
            "aws:ec2/getVpcs:getVpcs": self._vpcs,
            "aws:ec2/getSubnet:getSubnet": self._subnet,
            "aws:ec2/getSubnets:getSubnets": self._subnets,
            "aws:ec2/getSubnetIds:getSubnetIds": self._subnets,
            "aws:ec2/getAmi:getAmi": self._ami,
            "aws:ec2/getRouteTable:getRouteTable": self._route_table,
            "aws:ec2/getRouteTables:getRouteTables": self._route_tables,
            "aws:ec2/getSecurityGroup:getSecurityGroup": self._security_group,
            "aws:ec2/getSecurityGroups:getSecurityGroups": self._security_groups,
            "aws:kms/getKey:getKey": self._kms_key,
            "aws:kms/getAlias:getAlias": self._kms_alias,
            "aws:rds/getEngineVersion:getEngineVersion": self._engine_version,
            "aws:ssm/getParameter:getParameter": self._ssm_parameter,
        }

    @property
    def tokens(self) -> list[str]:
        """The tokens answered here."""
        return sorted(self._answers)

    def answer(self, token: str, args: Mapping[str, Any]) -> dict[str, Any] | None:
        """The result for ``token``, with every declared result field; ``None`` if not listed."""
        handler = self._answers.get(token)
        if handler is None:
            return None
        seed = token + json.dumps(args, sort_keys=True, default=str)
        try:
            given = handler(seed, args)
        except LookupError:  # e.g. an SSM parameter that is not one of AWS's public ones
            return None
        return self.complete(token, args, given, seed)

    def complete(
        self, token: str, args: Mapping[str, Any], given: Mapping[str, Any], seed: str = ""
    ) -> dict[str, Any]:
        """``given`` plus echoed arguments and realistic values for the other declared fields."""
        fields = invoke_result_types(token)
        echoed = {k: v for k, v in args.items() if k in fields and v is not None}
        name = token.rsplit(":", 1)[-1]
        subject = Subject(token, name, seed or token, self.region, self.account, args)
        return realistic_fields(subject, fields, {**echoed, **given})

    def arn(self, service: str, resource: str) -> str:
        """An ARN in this run's region and account."""
        return f"arn:aws:{service}:{self.region}:{self.account}:{resource}"

    # ---- EC2

    def _vpc_id(self, seed: str, args: Mapping[str, Any]) -> str:
        given = args.get("id") or next(iter(_filter(args, "vpc-id")), None)
        return str(given) if given else "vpc-" + _hex(seed, 17)

    def _vpc(self, seed: str, args: Mapping[str, Any]) -> dict[str, Any]:
        vpc = self._vpc_id(seed, args)
        default = bool(args.get("default"))
        return {
            "id": vpc,
            "arn": self.arn("ec2", f"vpc/{vpc}"),
            "cidrBlock": "172.31.0.0/16" if default else "10.0.0.0/16",
            "default": default,
            "ownerId": self.account,
            "mainRouteTableId": "rtb-" + _hex(seed + "/rtb", 17),
            "dhcpOptionsId": "dopt-" + _hex(seed + "/dopt", 17),
            "instanceTenancy": "default",
            "enableDnsSupport": True,
            "enableDnsHostnames": True,
            "state": "available",
            "tags": dict(args.get("tags") or {}),
        }

    def _vpcs(self, seed: str, args: Mapping[str, Any]) -> dict[str, Any]:
        return {"id": self.region, "ids": ["vpc-" + _hex(seed, 17)]}

    def _subnet(self, seed: str, args: Mapping[str, Any]) -> dict[str, Any]:
        subnet = args.get("id") or next(iter(_filter(args, "subnet-id")), None)
        subnet = str(subnet) if subnet else "subnet-" + _hex(seed, 17)
        azs = self._azs(self.region)
        az = str(
            args.get("availabilityZone")
            or next(iter(_filter(args, "availability-zone")), None)
            or azs[int(_hex(subnet, 2), 16) % len(azs)]
        )
        vpc = args.get("vpcId") or next(iter(_filter(args, "vpc-id")), None)
        return {
            "id": subnet,
            "arn": self.arn("ec2", f"subnet/{subnet}"),
            "vpcId": str(vpc) if vpc else "vpc-" + _hex(seed + "/vpc", 17),
            "availabilityZone": az,
            "cidrBlock": f"10.0.{int(_hex(subnet, 2), 16)}.0/24",
            "ownerId": self.account,
            "mapPublicIpOnLaunch": False,
            "state": "available",
            "defaultForAz": False,
        }

    def _subnets(self, seed: str, args: Mapping[str, Any]) -> dict[str, Any]:
        azs = self._azs(self.region)[:3]
        ids = ["subnet-" + _hex(f"{seed}/{az}", 17) for az in azs]
        vpc = args.get("vpcId") or next(iter(_filter(args, "vpc-id")), None)
        result: dict[str, Any] = {"id": self.region, "ids": ids}
        if vpc:
            result["vpcId"] = vpc
        return result

    def _ami(self, seed: str, args: Mapping[str, Any]) -> dict[str, Any]:
        ami = "ami-" + _hex(seed, 17)
        owners = [str(o) for o in args.get("owners") or []]
        owner = next((o for o in owners if o.isdigit()), _AMAZON_OWNER)
        pattern = next(iter(_filter(args, "name")), None) or "al2023-ami-2023.6.20250101.0-x86_64"
        name = str(pattern).replace("*", "2025.01.01")
        arch = next(iter(_filter(args, "architecture")), None) or (
            "arm64" if "arm64" in name else "x86_64"
        )
        return {
            "id": ami,
            "imageId": ami,
            "arn": f"arn:aws:ec2:{self.region}::image/{ami}",
            "name": name,
            "architecture": arch,
            "ownerId": owner,
            "imageOwnerAlias": "amazon" if owner == _AMAZON_OWNER else "",
            "rootDeviceName": "/dev/xvda",
            "rootDeviceType": "ebs",
            "virtualizationType": "hvm",
            "platformDetails": "Linux/UNIX",
            "state": "available",
            "public": owner == _AMAZON_OWNER,
            "creationDate": "2025-01-01T00:00:00.000Z",
            "imageLocation": f"{owner}/{name}",
        }

    def _route_table(self, seed: str, args: Mapping[str, Any]) -> dict[str, Any]:
        table = str(args.get("routeTableId") or "rtb-" + _hex(seed, 17))
        vpc = args.get("vpcId") or "vpc-" + _hex(seed + "/vpc", 17)
        associations = []
        if args.get("subnetId"):
            associations.append(
                {
                    "routeTableAssociationId": "rtbassoc-" + _hex(seed + "/assoc", 17),
                    "routeTableId": table,
                    "subnetId": args["subnetId"],
                    "gatewayId": "",
                    "main": False,
                }
            )
        return {
            "id": table,
            "routeTableId": table,
            "arn": self.arn("ec2", f"route-table/{table}"),
            "vpcId": vpc,
            "ownerId": self.account,
            "routes": [],
            "associations": associations,
        }

    def _route_tables(self, seed: str, args: Mapping[str, Any]) -> dict[str, Any]:
        return {"id": self.region, "ids": ["rtb-" + _hex(seed, 17)]}

    def _security_group(self, seed: str, args: Mapping[str, Any]) -> dict[str, Any]:
        group = str(args.get("id") or next(iter(_filter(args, "group-id")), None) or "")
        group = group or "sg-" + _hex(seed, 17)
        name = args.get("name") or next(iter(_filter(args, "group-name")), None) or "default"
        vpc = args.get("vpcId") or next(iter(_filter(args, "vpc-id")), None)
        return {
            "id": group,
            "arn": self.arn("ec2", f"security-group/{group}"),
            "name": name,
            "vpcId": vpc or "vpc-" + _hex(seed + "/vpc", 17),
            "description": f"{name} security group",
        }

    def _security_groups(self, seed: str, args: Mapping[str, Any]) -> dict[str, Any]:
        group = "sg-" + _hex(seed, 17)
        vpc = next(iter(_filter(args, "vpc-id")), None) or "vpc-" + _hex(seed + "/vpc", 17)
        return {
            "id": self.region,
            "ids": [group],
            "arns": [self.arn("ec2", f"security-group/{group}")],
            "vpcIds": [vpc],
        }

    # ---- KMS, RDS, SSM

    def _kms_key(self, seed: str, args: Mapping[str, Any]) -> dict[str, Any]:
        given = str(args.get("keyId") or "")
        aws_managed = given.startswith("alias/aws/")
        key = given.rsplit("/", 1)[-1] if given.startswith("arn:") and ":key/" in given else ""
        key = key or str(uuid.UUID(_hex(seed, 32)))
        return {
            "id": key,
            "keyId": key,
            "arn": self.arn("kms", f"key/{key}"),
            "awsAccountId": self.account,
            "enabled": True,
            "keyState": "Enabled",
            "keyManager": "AWS" if aws_managed else "CUSTOMER",
            "keyUsage": "ENCRYPT_DECRYPT",
            "keySpec": "SYMMETRIC_DEFAULT",
            "customerMasterKeySpec": "SYMMETRIC_DEFAULT",
            "origin": "AWS_KMS",
            "multiRegion": False,
            "creationDate": "2025-01-01T00:00:00Z",
        }

    def _kms_alias(self, seed: str, args: Mapping[str, Any]) -> dict[str, Any]:
        name = str(args.get("name") or "alias/" + _hex(seed, 8))
        key = str(uuid.UUID(_hex(seed, 32)))
        return {
            "id": name,
            "name": name,
            "arn": self.arn("kms", name),
            "targetKeyId": key,
            "targetKeyArn": self.arn("kms", f"key/{key}"),
        }

    def _engine_version(self, seed: str, args: Mapping[str, Any]) -> dict[str, Any]:
        engine = str(args.get("engine") or "postgres")
        default, family = _ENGINE_VERSIONS.get(engine, ("1.0", engine))
        preferred = [str(v) for v in args.get("preferredVersions") or []]
        version = str(args.get("version") or (preferred[0] if preferred else default))
        major = version.split(".")[0]
        if engine.endswith("postgresql") or engine == "postgres":
            family = f"{engine}{major}"
        return {
            "id": version,
            "engine": engine,
            "version": version,
            "versionActual": version,
            "parameterGroupFamily": args.get("parameterGroupFamily") or family,
            "status": "available",
            "engineDescription": engine,
            "versionDescription": f"{engine} {version}",
            "defaultOnly": bool(args.get("defaultOnly")),
            "validUpgradeTargets": [],
        }

    def _ssm_parameter(self, seed: str, args: Mapping[str, Any]) -> dict[str, Any]:
        name = str(args.get("name") or "")
        if not name.startswith("/aws/service/"):
            raise LookupError(name)
        value = "ami-" + _hex(seed, 17) if "/ami" in name else _hex(seed, 12)
        return {
            "id": name,
            "name": name,
            "arn": f"arn:aws:ssm:{self.region}::parameter{name}",
            "type": "String",
            "value": value,
            "insecureValue": value,
            "version": 1,
        }
