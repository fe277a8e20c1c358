"""Realistic values for properties the provider computes, from their name and declared type.

Used for every output-only property a resource class declares (``address``, ``arn``,
``dnsName``, ``endpoint``, ``port``, ``result``, ...) and every field of an invoke result, so a
program never sees ``None`` for a declared output in update mode. Values are derived from a
hash of the resource's URN (stable between runs) and the stack's region and account.
"""

from __future__ import annotations

import collections.abc
import hashlib
import typing
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

from auroractl.engine.sdk import output_type_fields

__all__ = ["Subject", "realistic", "realistic_fields"]

_MAX_DEPTH: Final = 3
_TIMESTAMP: Final = "2025-01-01T00:00:00Z"
_ID_PREFIXES: Final = {
    "vpc": "vpc-",
    "subnet": "subnet-",
    "securityGroup": "sg-",
    "routeTable": "rtb-",
    "networkInterface": "eni-",
    "internetGateway": "igw-",
    "natGateway": "nat-",
    "networkAcl": "acl-",
    "dhcpOptions": "dopt-",
    "image": "ami-",
    "ami": "ami-",
    "instance": "i-",
    "allocation": "eipalloc-",
    "association": "rtbassoc-",
    "snapshot": "snap-",
    "volume": "vol-",
    "prefixList": "pl-",
    "vpcEndpoint": "vpce-",
}
_ARN_SERVICES: Final = {
    "lb": "elasticloadbalancing",
    "alb": "elasticloadbalancing",
    "cloudwatch": "logs",
    "ecr": "ecr",
    "cognito": "cognito-idp",
}
_RDS_KINDS: Final = {"instance": "db", "clusterinstance": "db", "cluster": "cluster"}
_ELB_SERVICES: Final = frozenset(
    {"lb", "alb", "elb", "elasticloadbalancing", "elasticloadbalancingv2"}
)


def _hex(seed: str, n: int) -> str:
    return hashlib.sha256(seed.encode()).hexdigest()[:n]


@dataclass(frozen=True)
class Subject:
    """What a generated value is for: a resource (or invoke) in a stack's region and account."""

    type: str
    name: str
    urn: str
    region: str
    account: str
    inputs: Mapping[str, Any]

    @property
    def service(self) -> str:
        """``aws:rds/instance:Instance`` -> ``rds``."""
        parts = self.type.split(":")
        return parts[1].split("/")[0] if len(parts) == 3 else parts[0]

    @property
    def kind(self) -> str:
        """``aws:rds/instance:Instance`` -> ``instance``."""
        return self.type.rsplit(":", 1)[-1].lower()

    @property
    def ident(self) -> str:
        """A lower-case identifier for the resource (``<name>-<7 hex>``)."""
        name = self.inputs.get("name") or self.inputs.get("identifier")
        return str(name if isinstance(name, str) and name else f"{self.name}-{_hex(self.urn, 7)}")

    def arn(self, resource: str) -> str:
        """An ARN of this subject's service in its region and account."""
        service = _ARN_SERVICES.get(self.service, self.service)
        return f"arn:aws:{service}:{self.region}:{self.account}:{resource}"

    def own_arn(self) -> str:
        """The resource's own ARN (``db:<id>`` for RDS, ``loadbalancer/app/<name>/<hex>`` for
        load balancers, ``<kind>/<id>`` otherwise)."""
        if self.service in _ELB_SERVICES:
            kind = "loadbalancer/app" if self.kind == "loadbalancer" else self.kind
            return self.arn(f"{kind}/{self.ident[:32]}/{_hex(self.urn, 16)}")
        if self.service == "rds":
            return self.arn(f"{_RDS_KINDS.get(self.kind, self.kind)}:{self.ident.lower()}")
        return self.arn(f"{self.kind}/{self.ident}")

    def host(self) -> str:
        """A DNS name in the service's domain."""
        if self.service in _ELB_SERVICES:
            digits = int(_hex(self.urn, 8), 16) % 10**10
            return f"{self.ident[:20]}-{digits}.{self.region}.elb.amazonaws.com"
        if self.service == "rds":
            return f"{self.ident.lower()}.c0ffee.{self.region}.rds.amazonaws.com"
        return f"{self.ident.lower()}.{self.region}.{self.service}.amazonaws.com"

    def port(self) -> int:
        """The engine's default port (RDS engines), else 443."""
        engine = str(self.inputs.get("engine") or "")
        if "mysql" in engine or "maria" in engine:
            return 3306
        if "postgres" in engine or self.service in ("rds", "dsql", "redshift"):
            return 5432
        return 443


def _random_result(subject: Subject, key: str) -> Any:
    seed = f"{subject.urn}/{key}"
    kind = subject.kind
    if kind == "randompassword" or kind == "randomstring":
        length = subject.inputs.get("length")
        size = length if isinstance(length, int) and 0 < length <= 64 else 16
        text = (_hex(seed, 64) + _hex(seed + "/2", 64)).upper()[: size // 2]
        return (text + _hex(seed, 64))[:size]
    if kind == "randomuuid":
        return str(uuid.UUID(_hex(seed, 32)))
    if kind == "randominteger":
        low = subject.inputs.get("min")
        return low if isinstance(low, int) else 1
    if kind == "randompet":
        return f"{subject.name}-fluffy-{_hex(seed, 4)}"
    return _hex(seed, 16)


def _string(subject: Subject, key: str) -> str:
    seed = f"{subject.urn}/{key}"
    low = key.lower()
    if subject.type.startswith("random:") and key in ("result", "id", "hex", "b64Url", "b64Std"):
        return str(_random_result(subject, key))
    if key == "bcryptHash":
        return "$2a$10$" + _hex(seed, 53)
    if key == "arn":
        return subject.own_arn()
    if low.endswith("arn"):
        return subject.arn(f"{key[:-3].lower() or subject.kind}/{_hex(seed, 17)}")
    if key == "arnSuffix":
        return subject.own_arn().split(":", 5)[-1].split("/", 1)[-1]
    if key == "endpoint" and subject.type == "aws:rds/instance:Instance":
        return f"{subject.host()}:{subject.port()}"
    if key in ("address", "endpoint", "dnsName", "host", "hostname") or low.endswith("dnsname"):
        return subject.host()
    if low.endswith("zoneid"):
        return "Z" + _hex(seed, 13).upper()
    if key in ("ownerId", "accountId", "owner"):
        return subject.account
    if key in ("region",):
        return subject.region
    if low.endswith("ip") or low.endswith("ipaddress"):
        value = int(_hex(seed, 4), 16)
        return f"10.0.{value // 256 % 256}.{value % 254 + 1}"
    if low.endswith("cidrblock"):
        return "10.0.0.0/16"
    if key.endswith("Id") and len(key) > 2:
        base = key[:-2]
        prefix = _ID_PREFIXES.get(base) or _ID_PREFIXES.get(base[:1].lower() + base[1:])
        if prefix:
            return prefix + _hex(seed, 17)
        if base.lower().endswith("key"):
            return str(uuid.UUID(_hex(seed, 32)))
        return f"{base.lower()}-{_hex(seed, 17)}"
    if low.endswith("time") or low.endswith("date") or key.endswith("At"):
        return _TIMESTAMP
    if key in ("status", "state"):
        return "available"
    if key == "engineVersionActual":
        return str(subject.inputs.get("engineVersion") or "16.4")
    if low.endswith("url"):
        return f"https://{subject.host()}"
    if key == "name":
        return subject.ident
    return f"{subject.ident}-{_hex(seed, 6)}"


def realistic(subject: Subject, key: str, type_: Any, depth: int = 0) -> Any:
    """A realistic value of ``type_`` for property ``key``; never ``None``."""
    origin = typing.get_origin(type_)
    if type_ is bool:
        return key in ("enableDnsSupport", "isEnabled", "enabled")
    if type_ is int:
        if key == "port" or key.endswith("Port"):
            return subject.port()
        if subject.type.startswith("random:") and key == "result":
            return _random_result(subject, key)
        return 0
    if type_ is float:
        return 0.0
    if origin in (list, collections.abc.Sequence, tuple):
        return []
    if origin in (dict, collections.abc.Mapping):
        tags = subject.inputs.get("tags")
        return dict(tags) if key == "tagsAll" and isinstance(tags, Mapping) else {}
    fields = output_type_fields(type_)
    if fields is not None:
        if depth >= _MAX_DEPTH:
            return {}
        return realistic_fields(subject, fields, {}, depth + 1)
    if origin is typing.Union:
        members = [t for t in typing.get_args(type_) if t is not type(None)]
        return realistic(subject, key, members[0], depth) if members else ""
    return _string(subject, key)


def realistic_fields(
    subject: Subject, fields: Mapping[str, Any], given: Mapping[str, Any], depth: int = 0
) -> dict[str, Any]:
    """``given`` plus a realistic value for every declared field it lacks."""
    result = dict(given)
    for key, type_ in fields.items():
        if result.get(key) is None:
            result[key] = realistic(subject, key, type_, depth)
    return result
