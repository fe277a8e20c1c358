"""Read the live account with boto3 paginators and convert each resource (see convert.py).

Every resource type is read by its own collector, independently: a collector that fails for any
reason (access denied, a service not offered in the Region, a throttled or unreachable
endpoint) becomes a :class:`ReadError` ("could not read X: why") and the audit goes on with the
others. Only when no collector could read anything is the failure fatal (the first error,
classified: exit 9 or 10).

The ids of the Region's default VPCs are read too (`DescribeVpcs`), so the audit can judge
default-VPC resources only where a database uses them (see run.py).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from typing import Any

import botocore.exceptions

from auroractl.ops.audit import convert
from auroractl.ops.audit.convert import LiveResource
from auroractl.ops.aws import AwsContext, classify_aws_error, error_code

RDS_ENGINES = ("aurora-postgresql", "aurora-mysql", "aurora", "postgres", "mysql", "mariadb")
"""Engines read by the audit (DocumentDB and Neptune share the RDS API and are skipped)."""


@dataclasses.dataclass(frozen=True)
class ReadError:
    """A resource type that could not be read: reported, not fatal."""

    what: str
    region: str
    code: str
    message: str


@dataclasses.dataclass
class Inventory:
    """Everything read from one region."""

    region: str
    resources: list[LiveResource] = dataclasses.field(default_factory=list)
    errors: list[ReadError] = dataclasses.field(default_factory=list)
    collected: list[str] = dataclasses.field(default_factory=list)
    default_vpcs: set[str] | None = None
    """Ids of the Region's default VPCs; `None` when they could not be read."""


def _pages(client: Any, operation: str, key: str, **kwargs: Any) -> Iterator[dict[str, Any]]:
    for page in client.get_paginator(operation).paginate(**kwargs):
        yield from page.get(key) or []


def _rds_clusters(aws: AwsContext, region: str) -> list[LiveResource]:
    rds = aws.client("rds", region=region)
    return [
        convert.cluster(c, region)
        for c in _pages(rds, "describe_db_clusters", "DBClusters")
        if str(c.get("Engine", "")).startswith(RDS_ENGINES)
    ]


def _rds_instances(aws: AwsContext, region: str) -> list[LiveResource]:
    rds = aws.client("rds", region=region)
    return [
        convert.instance(i, region)
        for i in _pages(rds, "describe_db_instances", "DBInstances")
        if str(i.get("Engine", "")).startswith(RDS_ENGINES)
    ]


def _user_parameters(rds: Any, operation: str, group_key: str, group: str) -> list[Any]:
    """The parameters set by the user in one cluster or instance parameter group."""
    return [
        p
        for p in _pages(rds, operation, "Parameters", **{group_key: group}, Source="user")
        if p.get("Source", "user") == "user"
    ]


def _rds_parameter_groups(aws: AwsContext, region: str) -> list[LiveResource]:
    rds = aws.client("rds", region=region)
    return [
        convert.cluster_parameter_group(
            g,
            _user_parameters(
                rds,
                "describe_db_cluster_parameters",
                "DBClusterParameterGroupName",
                g["DBClusterParameterGroupName"],
            ),
            region,
        )
        for g in _pages(rds, "describe_db_cluster_parameter_groups", "DBClusterParameterGroups")
    ]


def _rds_instance_parameter_groups(aws: AwsContext, region: str) -> list[LiveResource]:
    rds = aws.client("rds", region=region)
    return [
        convert.parameter_group(
            g,
            _user_parameters(
                rds, "describe_db_parameters", "DBParameterGroupName", g["DBParameterGroupName"]
            ),
            region,
        )
        for g in _pages(rds, "describe_db_parameter_groups", "DBParameterGroups")
    ]


def _rds_subnet_groups(aws: AwsContext, region: str) -> list[LiveResource]:
    rds = aws.client("rds", region=region)
    return [
        convert.subnet_group(g, region)
        for g in _pages(rds, "describe_db_subnet_groups", "DBSubnetGroups")
    ]


def _rds_proxies(aws: AwsContext, region: str) -> list[LiveResource]:
    rds = aws.client("rds", region=region)
    out = []
    for p in _pages(rds, "describe_db_proxies", "DBProxies"):
        out.append(convert.proxy(p, region))
        name = p["DBProxyName"]
        for g in _pages(rds, "describe_db_proxy_target_groups", "TargetGroups", DBProxyName=name):
            out.append(convert.proxy_target_group(g, region))
        for t in _pages(rds, "describe_db_proxy_targets", "Targets", DBProxyName=name):
            if t.get("Type") in ("TRACKED_CLUSTER", "RDS_INSTANCE"):
                out.append(convert.proxy_target(name, t, region))
    return out


def _secrets(aws: AwsContext, region: str) -> list[LiveResource]:
    sm = aws.client("secretsmanager", region=region)
    out: list[LiveResource] = []
    for s in _pages(sm, "list_secrets", "SecretList"):
        out.extend(convert.secret(s, region))
    return out


def _kms_keys(aws: AwsContext, region: str) -> list[LiveResource]:
    kms = aws.client("kms", region=region)
    out = []
    for k in _pages(kms, "list_keys", "Keys"):
        meta = kms.describe_key(KeyId=k["KeyId"])["KeyMetadata"]
        if meta.get("KeyManager") == "AWS" or meta.get("KeyState") == "PendingImport":
            continue
        rotation: dict[str, Any] | None = None
        spec = meta.get("KeySpec") or meta.get("CustomerMasterKeySpec")
        if spec in (None, "SYMMETRIC_DEFAULT") and meta.get("Origin", "AWS_KMS") == "AWS_KMS":
            try:
                rotation = kms.get_key_rotation_status(KeyId=k["KeyId"])
            except botocore.exceptions.ClientError as exc:
                if error_code(exc) != "KMSInvalidStateException":  # e.g. pending deletion
                    raise
        policy = kms.get_key_policy(KeyId=k["KeyId"], PolicyName="default").get("Policy")
        out.append(convert.kms_key(meta, rotation, convert.policy_json(policy), region))
    return out


def _security_groups(aws: AwsContext, region: str) -> list[LiveResource]:
    ec2 = aws.client("ec2", region=region)
    return [
        convert.security_group(g, region)
        for g in _pages(ec2, "describe_security_groups", "SecurityGroups")
    ]


def _subnets(aws: AwsContext, region: str) -> list[LiveResource]:
    ec2 = aws.client("ec2", region=region)
    return [convert.subnet(s, region) for s in _pages(ec2, "describe_subnets", "Subnets")]


def _route_tables(aws: AwsContext, region: str) -> list[LiveResource]:
    ec2 = aws.client("ec2", region=region)
    out: list[LiveResource] = []
    for t in _pages(ec2, "describe_route_tables", "RouteTables"):
        out.extend(convert.route_table(t, region))
    return out


def _dsql_clusters(aws: AwsContext, region: str) -> list[LiveResource]:
    dsql = aws.client("dsql", region=region)
    out = []
    for summary in _pages(dsql, "list_clusters", "clusters"):
        ident = summary["identifier"]
        cluster = dsql.get_cluster(identifier=ident)
        cluster.pop("ResponseMetadata", None)
        out.append(convert.dsql_cluster(cluster, region))
        try:
            policy = dsql.get_cluster_policy(identifier=ident).get("policy")
        except botocore.exceptions.ClientError as exc:
            if error_code(exc) != "ResourceNotFoundException":
                raise
            policy = None
        if policy:
            arn = str(cluster.get("arn") or ident)
            out.append(convert.dsql_cluster_policy(ident, arn, policy, region))
    return out


COLLECTORS: dict[str, Callable[[AwsContext, str], list[LiveResource]]] = {
    "rds:clusters": _rds_clusters,
    "rds:instances": _rds_instances,
    "rds:cluster-parameter-groups": _rds_parameter_groups,
    "rds:parameter-groups": _rds_instance_parameter_groups,
    "rds:subnet-groups": _rds_subnet_groups,
    "rds:proxies": _rds_proxies,
    "secretsmanager:secrets": _secrets,
    "kms:keys": _kms_keys,
    "ec2:security-groups": _security_groups,
    "ec2:subnets": _subnets,
    "ec2:route-tables": _route_tables,
    "dsql:clusters": _dsql_clusters,
}
"""Resource readers by name (``--only`` takes these names)."""


def _message(exc: Exception) -> tuple[str, str]:
    if isinstance(exc, botocore.exceptions.ClientError):
        message = str(exc.response.get("Error", {}).get("Message", "")).strip()
        return error_code(exc), message or str(exc)
    return type(exc).__name__, str(exc)


def _default_vpcs(aws: AwsContext, region: str) -> set[str]:
    ec2 = aws.client("ec2", region=region)
    vpcs = _pages(
        ec2, "describe_vpcs", "Vpcs", Filters=[{"Name": "is-default", "Values": ["true"]}]
    )
    return {str(v["VpcId"]) for v in vpcs if v.get("IsDefault")}


def collect(aws: AwsContext, region: str, only: list[str] | None = None) -> Inventory:
    """Run every collector (or those named in ``only``) against ``region``, each on its own.

    A collector that fails becomes a :class:`ReadError`; when none could read anything, the first
    failure is raised as :class:`~auroractl.ops.errors.OpsError` (access denied: 9, else 10).
    """
    inventory = Inventory(region=region)
    first: tuple[str, Exception] | None = None
    for name, reader in COLLECTORS.items():
        if only and name not in only:
            continue
        try:
            inventory.resources.extend(reader(aws, region))
            inventory.collected.append(name)
        except (botocore.exceptions.ClientError, botocore.exceptions.BotoCoreError) as exc:
            code, message = _message(exc)
            inventory.errors.append(ReadError(name, region, code, message))
            first = first or (name, exc)
    if not inventory.collected and first is not None:
        failed, error = first
        raise classify_aws_error(error, f"{failed} in {region}") from None
    try:
        inventory.default_vpcs = _default_vpcs(aws, region)
    except (botocore.exceptions.ClientError, botocore.exceptions.BotoCoreError) as exc:
        code, message = _message(exc)
        inventory.errors.append(ReadError("ec2:default-vpcs", region, code, message))
    return inventory
