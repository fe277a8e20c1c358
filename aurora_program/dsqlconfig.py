"""Stack config for `engine: dsql`: refuse Aurora-only keys, map the rest to DsqlCluster args.

Pure functions, no Pulumi runtime and no I/O, like :mod:`aurora_program.stackconfig` (which handles
`engine: aurora-postgresql`). Keys used with engine dsql:

- `stage`, `engine`, `deletionProtection`, `clientSecurityGroupIds`, `tags` as for Aurora;
- `network`: only the adopt form `{vpcId, subnetIds}` (the application VPC), used for the
  DSQL interface endpoint; `{}` or absent means no VPC endpoint;
- `dsql`: `{peerRegion, witnessRegion, vpcEndpoint, applicationRoleNames}`.

Settings that mean nothing for DSQL are refused when given, never ignored: `minCapacity`,
`maxCapacity`, `secondsUntilAutoPause`, `readers`, `proxy`, `backupRetentionDays` (through
`aurora_components.dsql.validate_dsql_settings`), and `engineVersion` and `alarmEmail`.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final, cast

from aurora_components.dsql import validate_dsql_settings

from aurora_program import schema
from aurora_program.schema import CONFIG_SCHEMA
from aurora_program.stackconfig import (
    SECRET_PLACEHOLDER,
    ConfigError,
    explicit_values,
    platform_name,
)

if TYPE_CHECKING:
    from aurora_components import DsqlClusterArgs, EncryptionArgs

__all__ = [
    "DSQL_KEYS",
    "DSQL_REFUSED_KEYS",
    "DsqlStack",
    "dsql_stack",
]

DSQL_KEYS: Final = tuple(sorted(CONFIG_SCHEMA["properties"]["dsql"]["properties"]))
"""Keys of the `dsql` config object (from the schema)."""

DSQL_REFUSED_KEYS: Final[dict[str, str]] = {
    "engineVersion": "Aurora DSQL manages its engine version",
    "alarmEmail": "no alarms are created for Aurora DSQL",
    "databases": "a dsql stack holds one cluster (pair); databases lists Aurora fleets",
}
"""Aurora-only keys refused with engine dsql, besides those of `validate_dsql_settings`."""


@dataclass(frozen=True)
class DsqlStack:
    """What the program builds for a dsql stack: the CMK and the cluster (pair)."""

    name: str
    """Component name, `aurora-<stack>`; the key is `<name>-key`."""
    encryption: EncryptionArgs
    """Args of the Encryption component (the primary Region's CMK)."""
    cluster: DsqlClusterArgs
    """DsqlCluster args without `kms_key_arn`, which the program wires from the key."""


def _value(text: str) -> Any:
    """A config string as the value it stands for (numbers, booleans, JSON), for messages."""
    try:
        return json.loads(text)
    except ValueError:
        return text


def _show(value: Any) -> str:
    return f"'{value}'" if isinstance(value, str) else json.dumps(value)


def _fail(stack: str, key: str, allowed: str, got: Any) -> ConfigError:
    return ConfigError(
        f"Stack '{stack}' with configuration key '{key}' must be {allowed}, got {_show(got)}"
    )


def _json(values: Mapping[str, str], stack: str, key: str, allowed: str) -> Any:
    text = values.get(key)
    if text is None:
        return None
    try:
        return json.loads(text)
    except ValueError:
        raise _fail(stack, key, allowed, text) from None


def _refuse_aurora_keys(
    values: Mapping[str, str], stack: str, secret: Collection[str] = ()
) -> None:
    try:
        validate_dsql_settings({k: _value(v) for k, v in values.items()})
    except ValueError as err:
        raise ConfigError(f"Stack '{stack}': {err}") from None
    for key, reason in DSQL_REFUSED_KEYS.items():
        text = values.get(key)
        if text is not None:
            shown = SECRET_PLACEHOLDER if key in secret else _show(text)
            raise ConfigError(
                f"Stack '{stack}': {key} is not allowed with engine dsql, got {shown}: "
                f"{reason}; remove {key}"
            )


def _dsql_object(values: Mapping[str, str], stack: str) -> dict[str, Any]:
    shape = "an object {peerRegion, witnessRegion, vpcEndpoint, applicationRoleNames}"
    spec = _json(values, stack, "dsql", shape)
    if spec is None:
        return {}
    if not isinstance(spec, dict):
        raise _fail(stack, "dsql", shape, spec)
    unknown = sorted(set(spec) - set(DSQL_KEYS))
    if unknown:
        raise _fail(
            stack,
            f"dsql.{unknown[0]}",
            f"absent; allowed keys: {', '.join(DSQL_KEYS)}",
            spec[unknown[0]],
        )
    for key in ("peerRegion", "witnessRegion"):
        if key in spec and not schema.is_valid(f"dsql.{key}", spec[key]):
            raise _fail(stack, f"dsql.{key}", schema.allowed(f"dsql.{key}"), spec[key])
    if ("peerRegion" in spec) != ("witnessRegion" in spec):
        given, missing = (
            ("peerRegion", "witnessRegion")
            if "peerRegion" in spec
            else ("witnessRegion", "peerRegion")
        )
        raise _fail(
            stack, f"dsql.{missing}", f"set together with dsql.{given} (a multi-Region pair)", None
        )
    endpoint_flag = spec.get("vpcEndpoint", False)
    if not schema.is_valid("dsql.vpcEndpoint", endpoint_flag):
        raise _fail(stack, "dsql.vpcEndpoint", schema.allowed("dsql.vpcEndpoint"), endpoint_flag)
    roles = spec.get("applicationRoleNames", [])
    roles_allowed = schema.allowed("dsql.applicationRoleNames")
    if not isinstance(roles, list):
        raise _fail(stack, "dsql.applicationRoleNames", roles_allowed, roles)
    for role in roles:
        if not schema.is_valid("dsql.applicationRoleNames", [role]):
            raise _fail(stack, "dsql.applicationRoleNames", roles_allowed, role)
    return spec


def _network(values: Mapping[str, str], stack: str) -> tuple[str | None, list[str]]:
    shape = "{} or the application VPC {vpcId, subnetIds} with engine dsql"
    network = _json(values, stack, "network", shape)
    if not network:
        return None, []
    if not isinstance(network, dict) or set(network) != {"vpcId", "subnetIds"}:
        raise _fail(stack, "network", shape, network)
    vpc, subnets = network["vpcId"], network["subnetIds"]
    if not schema.is_valid("network.vpcId", vpc):
        raise _fail(stack, "network.vpcId", "a VPC id (vpc-...)", vpc)
    allowed = schema.allowed("network.subnetIds")
    if not isinstance(subnets, list) or len(subnets) < 2:
        raise _fail(stack, "network.subnetIds", allowed, subnets)
    for subnet in subnets:
        if not schema.is_valid("network.subnetIds", [subnet, subnet]):
            raise _fail(stack, "network.subnetIds", allowed, subnet)
    return vpc, list(subnets)


def dsql_stack(
    values: Mapping[str, str],
    *,
    stack: str,
    region: str | None,
    given_keys: Collection[str] | None = None,
    secret_keys: Collection[str] = (),
) -> DsqlStack:
    """Map the namespace's config (short keys, string form) of an `engine: dsql` stack.

    `region` is the stack's `aws:region`. `given_keys` are the short keys the stack file sets:
    with them (auroractl reads the file) every Aurora-only key the stack sets is refused;
    without them (the program, which sees project defaults merged in) only Aurora-only values
    that differ from their project default are (`stackconfig.explicit_values`).
    Raises :class:`ConfigError` naming the key, the value received and what is allowed.
    """
    if values.get("engine") != "dsql":
        raise _fail(stack, "engine", "dsql for an Aurora DSQL stack", values.get("engine"))
    if given_keys is None:
        _refuse_aurora_keys(explicit_values(values), stack, secret_keys)
    else:
        given = {k: v for k, v in values.items() if k in set(given_keys)}
        _refuse_aurora_keys(given, stack, secret_keys)
    if region is None or not schema.is_valid("dsql.peerRegion", region):
        raise ConfigError(
            f"Stack '{stack}' with configuration key 'aws:region' must be an AWS Region such "
            f"as us-east-1, got {_show(region)}"
        )
    stage = values.get("stage")
    if stage not in ("dev", "staging", "prod"):
        raise _fail(stack, "stage", "one of dev, staging, prod", stage)

    spec = _dsql_object(values, stack)
    if spec.get("peerRegion") == region:
        raise _fail(stack, "dsql.peerRegion", f"a Region other than aws:region {region}", region)
    witness = spec.get("witnessRegion")
    if witness is not None and witness in (region, spec["peerRegion"]):
        raise _fail(
            stack,
            "dsql.witnessRegion",
            f"a third Region, neither {region} nor {spec['peerRegion']}",
            witness,
        )
    vpc_id, subnet_ids = _network(values, stack)
    groups = _json(values, stack, "clientSecurityGroupIds", "a list of security group ids") or []
    if not schema.is_valid("clientSecurityGroupIds", groups):
        raise _fail(
            stack, "clientSecurityGroupIds", schema.allowed("clientSecurityGroupIds"), groups
        )
    endpoint = bool(spec.get("vpcEndpoint", False))
    if endpoint and vpc_id is None:
        raise _fail(
            stack,
            "network",
            "the application VPC {vpcId, subnetIds} with dsql.vpcEndpoint",
            _value(values.get("network", "{}")),
        )
    if groups and not endpoint:
        raise _fail(
            stack, "clientSecurityGroupIds", "empty unless dsql.vpcEndpoint is true", groups
        )
    if vpc_id is not None and not endpoint:
        raise _fail(
            stack,
            "network",
            "{} unless dsql.vpcEndpoint is true (DSQL needs no VPC)",
            _value(values["network"]),
        )

    deletion = values.get("deletionProtection", "true")
    if deletion not in ("true", "false"):
        raise _fail(stack, "deletionProtection", "true or false", deletion)
    tags = _json(values, stack, "tags", "an object of string values") or {}
    if not isinstance(tags, dict) or not all(isinstance(v, str) for v in tags.values()):
        raise _fail(stack, "tags", "an object of string values", tags)

    protect = stage == "prod"
    cluster: dict[str, Any] = {
        "region": region,
        "deletion_protection": deletion == "true",
        "protect_resources": protect,
        "tags": dict(tags),
    }
    if "peerRegion" in spec:
        cluster["peer_region"] = spec["peerRegion"]
        cluster["witness_region"] = spec["witnessRegion"]
    if spec.get("applicationRoleNames"):
        cluster["application_role_names"] = list(spec["applicationRoleNames"])
    if endpoint:
        cluster["enable_vpc_endpoint"] = True
        cluster["vpc_id"] = vpc_id
        cluster["subnet_ids"] = subnet_ids
        if groups:
            cluster["client_security_group_ids"] = list(groups)
    name = platform_name(stack)
    encryption = {"protect_resources": protect, "tags": dict(tags)}
    return DsqlStack(
        name=name,
        encryption=cast("EncryptionArgs", encryption),
        cluster=cast("DsqlClusterArgs", cluster),
    )
