"""The program's config contract, declared once: every key of the ``aurora-platform`` namespace
with its type, default, allowed values and description, as a JSON Schema (draft 2020-12).

Everything else is derived from :data:`CONFIG_SCHEMA`: the checks in
:mod:`aurora_program.stackconfig` and :mod:`aurora_program.dsqlconfig` take their bounds,
defaults and key sets from it and validate values with ``jsonschema``; ``Pulumi.yaml``'s
``config:`` block and the README's config table are generated from it (``make config-docs``)
and a test fails when either drifts (``tests/test_stack_schema.py``).

Besides the standard keywords, three annotations (JSON Schema ignores unknown keywords):
``x-allowed`` says in words what a pattern or object shape allows, for messages and the README;
``x-unit`` is the unit named after a range (``ACUs``); ``x-aurora-only`` marks the keys an
``engine: dsql`` stack refuses. ``title`` is the README's one-line meaning, ``description`` the
``Pulumi.yaml`` text.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache
from typing import Any, Final

from jsonschema import Draft202012Validator, ValidationError
from jsonschema.validators import extend

__all__ = [
    "CONFIG_SCHEMA",
    "allowed",
    "is_valid",
    "key_schema",
    "pulumi_type",
]

_SG: Final = "^sg-[0-9a-f]{8,17}$"
_VPC: Final = "^vpc-[0-9a-f]{8,17}$"
_SUBNET: Final = "^subnet-[0-9a-f]{8,17}$"
_REGION: Final = "^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-[0-9]{1,2}$"
_ENDPOINT: Final = "^[a-z][a-z0-9-]*([.][a-z][a-z0-9-]*)*$"
_EMAIL_OR_EMPTY: Final = "^([^@\\s]+@[^@\\s]+[.][^@\\s]+)?$"
_GROUPS_ALLOWED: Final = "a list of security group ids (sg-...)"
_TAGS_ALLOWED: Final = "an object of string values (keys 1-128 characters, not starting with aws:)"


def _ref(key: str) -> dict[str, str]:
    return {"$ref": f"#/properties/{key}"}


CONFIG_SCHEMA: Final[dict[str, Any]] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "aurora-platform stack config",
    "type": "object",
    "additionalProperties": False,
    "required": ["stage"],
    "properties": {
        "stage": {
            "type": "string",
            "enum": ["dev", "staging", "prod"],
            "title": "deployment stage; prod adds `protect`",
            "description": "Deployment stage: dev, staging or prod. prod adds Pulumi `protect` "
            "to the cluster, its instances and the KMS key. Required.",
        },
        "engine": {
            "type": "string",
            "enum": ["aurora-postgresql", "dsql"],
            "default": "aurora-postgresql",
            "title": "`dsql` selects Aurora DSQL (see below)",
            "description": "Database engine: aurora-postgresql (AuroraPlatform) or dsql "
            "(DsqlCluster; see `dsql`). With dsql, the Aurora-only keys (engineVersion, "
            "minCapacity, maxCapacity, secondsUntilAutoPause, readers, proxy, "
            "backupRetentionDays, alarmEmail, databases) are refused.",
        },
        "engineVersion": {
            "type": "string",
            "default": "",
            "pattern": "^([0-9]{1,2}[.][0-9]{1,2})?$",
            "x-allowed": 'a quoted major.minor version such as "16.4"',
            "x-aurora-only": True,
            "title": "required; minCapacity 0 needs 13.15+, 14.12+, 15.7+ or 16.3+",
            "description": 'Aurora PostgreSQL engine version, quoted, e.g. "16.4". Required '
            "with aurora-postgresql (the empty default means not given): upgrades are "
            "explicit. minCapacity 0 needs 13.15+, 14.12+, 15.7+ or 16.3+.",
        },
        "minCapacity": {
            "type": "number",
            "default": 0.5,
            "anyOf": [{"const": 0}, {"minimum": 0.5, "maximum": 256, "multipleOf": 0.5}],
            "x-unit": "ACUs",
            "x-aurora-only": True,
            "title": "minimum capacity; 0 pauses when idle (not with proxy)",
            "description": "Minimum capacity in ACUs (a number): 0 (auto-pause) or 0.5 to 256 "
            "in steps of 0.5. 0 is refused together with proxy, which would keep the instance "
            "awake.",
        },
        "maxCapacity": {
            "type": "number",
            "default": 2,
            "minimum": 1,
            "maximum": 256,
            "multipleOf": 0.5,
            "x-unit": "ACUs",
            "x-aurora-only": True,
            "title": "maximum capacity, at least minCapacity",
            "description": "Maximum capacity in ACUs (a number), 1 to 256 in steps of 0.5, at "
            "least minCapacity.",
        },
        "secondsUntilAutoPause": {
            "type": "integer",
            "default": 300,
            "minimum": 300,
            "maximum": 86_400,
            "x-aurora-only": True,
            "title": "idle seconds before pausing; only with minCapacity 0",
            "description": "Idle seconds before the instance pauses, 300 to 86400; used only "
            "when minCapacity is 0.",
        },
        "readers": {
            "type": "integer",
            "default": 0,
            "minimum": 0,
            "maximum": 15,
            "x-aurora-only": True,
            "title": "`db.serverless` readers, promotion tier 1",
            "description": "Number of db.serverless readers, 0 to 15 (promotion tiers 0-1 "
            "follow the writer).",
        },
        "proxy": {
            "type": "boolean",
            "default": False,
            "x-aurora-only": True,
            "title": "RDS Proxy (TLS and IAM auth required); refused with minCapacity 0",
            "description": "Put RDS Proxy (TLS and IAM auth required) in front of the cluster.",
        },
        "backupRetentionDays": {
            "type": "integer",
            "default": 7,
            "minimum": 1,
            "maximum": 35,
            "x-aurora-only": True,
            "title": "automated backup retention in days",
            "description": "Automated backup retention in days, 1 to 35.",
        },
        "deletionProtection": {
            "type": "boolean",
            "default": True,
            "title": "deletion protection on the cluster (RDS or DSQL)",
            "description": "Deletion protection on the cluster (RDS or DSQL).",
        },
        "network": {
            "type": "object",
            "default": {},
            "additionalProperties": False,
            "properties": {
                "cidr": {
                    "type": "string",
                    "x-allowed": "a private IPv4 network such as 10.40.0.0/16 (prefix /16 to /24)",
                    "description": "CIDR of a created VPC. Default: 10.40.0.0/16.",
                },
                "azCount": {
                    "type": "integer",
                    "enum": [2, 3],
                    "description": "Availability zones of a created network. Default: 3.",
                },
                "endpoints": {
                    "type": "array",
                    "items": {"type": "string", "pattern": _ENDPOINT},
                    "uniqueItems": True,
                    "x-allowed": "a list of short service names such as secretsmanager",
                    "description": "Interface endpoints of a created network. Default: none.",
                },
                "vpcId": {
                    "type": "string",
                    "pattern": _VPC,
                    "x-allowed": "a VPC id (vpc-...) given with subnetIds",
                    "description": "Adopt this VPC.",
                },
                "subnetIds": {
                    "type": "array",
                    "items": {"type": "string", "pattern": _SUBNET},
                    "minItems": 2,
                    "x-allowed": "a list of at least 2 subnet ids (subnet-...)",
                    "description": "Adopt these subnets, in distinct AZs.",
                },
            },
            "x-allowed": "`{cidr, azCount, endpoints}` to create, `{vpcId, subnetIds}` to adopt",
            "title": "the network: created or adopted",
            "description": "Object. Either create a network, {cidr, azCount, endpoints} "
            "(defaults 10.40.0.0/16, 3 AZs, no interface endpoints; e.g. endpoints "
            '["secretsmanager"]), or adopt one, {vpcId, subnetIds} (at least 2 subnets in '
            "distinct AZs). {} creates a network with the defaults.",
        },
        "clientSecurityGroupIds": {
            "type": "array",
            "items": {"type": "string", "pattern": _SG},
            "default": [],
            "x-allowed": _GROUPS_ALLOWED,
            "title": "the only groups allowed to connect (to the proxy when there is one)",
            "description": "Security groups (sg-...) allowed to reach the database port. "
            "Empty: nothing can connect until a group is named.",
        },
        "alarmEmail": {
            "type": "string",
            "default": "",
            "pattern": _EMAIL_OR_EMPTY,
            "x-allowed": "an email address or empty",
            "x-aurora-only": True,
            "title": "e-mail subscription of the alarm topic; may be a secret",
            "description": "Email address subscribed to the alarm topic. Empty means no "
            "subscription. May be stored as a secret (pulumi config set --secret); it stays "
            "one.",
        },
        "tags": {
            "type": "object",
            "default": {},
            "propertyNames": {
                "minLength": 1,
                "maxLength": 128,
                "not": {"pattern": "^[aA][wW][sS]:"},
            },
            "additionalProperties": {"type": "string", "maxLength": 256},
            "x-allowed": _TAGS_ALLOWED,
            "title": "tags on every taggable resource",
            "description": "Object of string tags merged onto every taggable resource.",
        },
        "dsql": {
            "type": "object",
            "default": {},
            "additionalProperties": False,
            "properties": {
                "peerRegion": {
                    "type": "string",
                    "pattern": _REGION,
                    "x-allowed": "an AWS Region such as us-east-2",
                    "description": "Region of the peer cluster (with witnessRegion).",
                },
                "witnessRegion": {
                    "type": "string",
                    "pattern": _REGION,
                    "x-allowed": "an AWS Region such as us-east-2",
                    "description": "Witness Region of the pair (with peerRegion).",
                },
                "vpcEndpoint": {
                    "type": "boolean",
                    "description": "An interface endpoint in the adopted network. Default: false.",
                },
                "applicationRoleNames": {
                    "type": "array",
                    "items": {"type": "string", "pattern": "^[A-Za-z0-9_+=,.@-]{1,64}$"},
                    "x-allowed": "a list of IAM role names",
                    "description": "IAM roles that get the dsql:DbConnect policy.",
                },
            },
            "x-allowed": "`{peerRegion, witnessRegion, vpcEndpoint, applicationRoleNames}`",
            "title": "Aurora DSQL settings (engine dsql only)",
            "description": "Object, used only with engine dsql: {peerRegion, witnessRegion} "
            "(both or neither: a second cluster in peerRegion, peered both ways, sharing "
            "witnessRegion), vpcEndpoint (true: an interface endpoint in the adopted network "
            "{vpcId, subnetIds}, 5432 from clientSecurityGroupIds; default false) and "
            "applicationRoleNames (IAM roles that get the dsql:DbConnect policy; default "
            "none). {} is one cluster in aws:region.",
        },
        "databases": {
            "type": "array",
            "default": [],
            "maxItems": 200,
            "items": {
                "type": "object",
                "required": ["name"],
                "additionalProperties": False,
                "properties": {
                    "name": {
                        "type": "string",
                        "pattern": "^[a-z][a-z0-9]*(-[a-z0-9]+)*$",
                        "maxLength": 63,
                        "description": "The database's name: its key in the outputs.",
                    },
                    "engineVersion": _ref("engineVersion"),
                    "minCapacity": _ref("minCapacity"),
                    "maxCapacity": _ref("maxCapacity"),
                    "secondsUntilAutoPause": _ref("secondsUntilAutoPause"),
                    "readers": _ref("readers"),
                    "proxy": _ref("proxy"),
                    "backupRetentionDays": _ref("backupRetentionDays"),
                    "deletionProtection": _ref("deletionProtection"),
                    "clientSecurityGroupIds": _ref("clientSecurityGroupIds"),
                    "alarmEmail": _ref("alarmEmail"),
                    "tags": _ref("tags"),
                    "databaseName": {
                        "type": "string",
                        "pattern": "^[A-Za-z][A-Za-z0-9_]{0,62}$",
                        "x-allowed": "1-63 letters, digits or underscores starting with a letter",
                        "description": "The initial PostgreSQL database, named at creation "
                        "only (later changes are ignored). Default: app.",
                    },
                },
            },
            "x-allowed": "a list of database objects {name, minCapacity, maxCapacity, ...}",
            "x-aurora-only": True,
            "title": "a fleet: several databases sharing the network and key (below)",
            "description": "List of objects, a fleet sharing the stack's network and KMS key: "
            "one Aurora cluster per entry {name, engineVersion, minCapacity, maxCapacity, "
            "secondsUntilAutoPause, readers, proxy, backupRetentionDays, deletionProtection, "
            "clientSecurityGroupIds, alarmEmail, tags, databaseName}. name (required, "
            "lowercase letters, digits and hyphens) makes the cluster aurora-<stack>-<name>; "
            "the other keys default to the stack's keys of the same name (tags are merged). "
            "Outputs are keyed by name under `databases`. [] (the default) is one database "
            "from the top-level keys.",
        },
    },
}
"""The config contract (JSON Schema draft 2020-12), keys in ``Pulumi.yaml`` order."""


def _end_anchored(validator: Any, pattern: str, instance: Any, schema: Any) -> Any:
    """``pattern`` with ECMA-262 semantics for a final ``$``.

    JSON Schema patterns are ECMA-262 regular expressions, where ``$`` (without the ``m``
    flag) matches only at the end of the input; ``jsonschema`` runs them with Python's
    ``re.search``, whose ``$`` also matches before a final newline, so ``"16.4\\n"`` would
    pass ``^...$``. This keyword runs a final ``$`` as ``\\Z``.
    """
    if isinstance(instance, str):
        python = pattern[:-1] + r"\Z" if pattern.endswith("$") else pattern
        if re.search(python, instance) is None:
            yield ValidationError(f"{instance!r} does not match {pattern!r}")


_ROOT: Final = extend(Draft202012Validator, {"pattern": _end_anchored})(CONFIG_SCHEMA)
"""Validates against any part of the contract; ``$ref``s resolve in the whole document."""


def key_schema(path: str) -> dict[str, Any]:
    """The schema of a key (``readers``), a nested key (``network.vpcId``) or a key of a list's
    entries (``databases.name``), refs resolved."""
    node: dict[str, Any] = CONFIG_SCHEMA
    for part in path.split("."):
        if "properties" not in node:  # a list of objects: the key of an entry
            node = node["items"]
        node = node["properties"][part]
        if "$ref" in node:
            node = key_schema(node["$ref"].rsplit("/", 1)[-1])
    return node


@cache
def _validator(path: str) -> Any:
    return _ROOT.evolve(schema=key_schema(path))


def is_valid(path: str, value: Any) -> bool:
    """Whether ``value`` is allowed for the key at ``path`` (``jsonschema``, draft 2020-12)."""
    return bool(_validator(path).is_valid(value))


def _number(value: float) -> str:
    return f"{value:g}"


def allowed(path: str) -> str:
    """What the key at ``path`` allows, in words, generated from its schema
    (``an integer from 0 to 15``, ``one of dev, staging, prod``)."""
    return _allowed(key_schema(path))


def _allowed(node: Mapping[str, Any]) -> str:
    if "x-allowed" in node:
        return str(node["x-allowed"])
    unit = f" ({node['x-unit']})" if "x-unit" in node else ""
    if "anyOf" in node:
        return " or ".join(_allowed({"type": node["type"], **n}) for n in node["anyOf"]) + unit
    if "const" in node:
        return _number(node["const"]) if node.get("type") == "number" else str(node["const"])
    if "enum" in node:
        return (
            " or ".join(str(v) for v in node["enum"])
            if node.get("type") == "integer"
            else ("one of " + ", ".join(str(v) for v in node["enum"]))
        )
    kind = node.get("type")
    if kind == "boolean":
        return "true or false"
    if kind == "integer":
        return f"an integer from {node['minimum']} to {node['maximum']}{unit}"
    if kind == "number":
        step = (
            f"a multiple of {_number(node['multipleOf'])}" if "multipleOf" in node else "a number"
        )
        return f"{step} from {_number(node['minimum'])} to {_number(node['maximum'])}{unit}"
    return f"a {kind}"


def pulumi_type(path: str) -> dict[str, Any]:
    """The ``type``/``items`` a ``Pulumi.yaml`` declaration can carry for a key: the project
    schema knows string, integer, boolean and arrays of them; numbers with a fraction, objects
    and arrays of objects are declared without ``type``."""
    node = key_schema(path)
    kind = node.get("type")
    if kind in ("string", "integer", "boolean"):
        return {"type": kind}
    if kind == "array" and node.get("items", {}).get("type") in ("string", "integer", "boolean"):
        return {"type": "array", "items": {"type": node["items"]["type"]}}
    return {}
