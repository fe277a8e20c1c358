"""Aurora DSQL: one cluster, or two peered clusters sharing a witness Region.

`DsqlCluster` creates `aws.dsql.Cluster` with deletion protection and a customer managed KMS key,
an IAM managed policy that grants `dsql:DbConnect` on this cluster's ARNs only, a separate one for
`dsql:DbConnectAdmin` that is never attached by default, and optionally a second cluster in a peer
Region (joined by `aws.dsql.ClusterPeering` on each side) and an interface VPC endpoint for
PostgreSQL connections from private subnets.

Regions are chosen with the per-resource `region` argument of pulumi-aws 7 rather than with
explicit providers: the stack's default provider (credentials, assume-role, default tags) is
reused in every Region, and no provider objects become part of the component's public hierarchy.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any, TypedDict

import pulumi
import pulumi_aws as aws

from ._common import AccountContext, child_opts, merge_tags, policy_json, type_token
from .naming import child_name, validate_component_name
from .validation import validate_subnet_ids, validate_tags

__all__ = [
    "DSQL_DATABASE_NAME",
    "DSQL_MEANINGLESS_SETTINGS",
    "DSQL_PORT",
    "DsqlCluster",
    "DsqlClusterArgs",
    "dsql_endpoint",
    "validate_dsql_cluster_args",
    "validate_dsql_settings",
]

DSQL_PORT = 5432
"""PostgreSQL port of every DSQL endpoint (fixed by the service)."""

DSQL_DATABASE_NAME = "postgres"
"""The only database of a DSQL cluster."""

AWS_OWNED_KMS_KEY = "AWS_OWNED_KMS_KEY"
"""The provider's value for the service-owned key; refused: the platform encrypts with a CMK."""

KEY_DELETION_WINDOW_DAYS = 30
"""Deletion window of the peer-Region CMK this component creates."""

DSQL_MEANINGLESS_SETTINGS: dict[str, str] = {
    "minCapacity": "Aurora DSQL has no capacity units (ACU) to size",
    "maxCapacity": "Aurora DSQL has no capacity units (ACU) to size",
    "secondsUntilAutoPause": "Aurora DSQL has no instances to pause",
    "readers": "Aurora DSQL has no reader instances",
    "proxy": "Aurora DSQL has no RDS Proxy; connections authenticate with IAM tokens",
    "backupRetentionDays": "Aurora DSQL has no automated backup retention setting",
    "min_capacity_acu": "Aurora DSQL has no capacity units (ACU) to size",
    "max_capacity_acu": "Aurora DSQL has no capacity units (ACU) to size",
    "seconds_until_auto_pause": "Aurora DSQL has no instances to pause",
    "reader_count": "Aurora DSQL has no reader instances",
    "enable_proxy": "Aurora DSQL has no RDS Proxy; connections authenticate with IAM tokens",
    "backup_retention_days": "Aurora DSQL has no automated backup retention setting",
}
"""Settings (stack config keys and AuroraPlatformArgs keys) that mean nothing with engine dsql."""

_REGION = re.compile(r"[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-[0-9]{1,2}")
_ROLE_NAME = re.compile(r"[A-Za-z0-9_+=,.@-]{1,64}")
_KMS_KEY_ARN = re.compile(r"arn:(aws[a-z-]*):kms:([a-z0-9-]+):([0-9]{12}):key/[A-Za-z0-9-]+")


class DsqlClusterArgs(TypedDict, total=False):
    """Arguments of `DsqlCluster`."""

    region: str
    """Region of the primary cluster, e.g. "us-east-1". Required, no default: it is part of the
    endpoint and of the ARNs; pass the stack's `aws:region`."""

    kms_key_arn: pulumi.Input[str]
    """ARN of the customer managed KMS key (in `region`) that encrypts the primary cluster.
    Required, no default: `AWS_OWNED_KMS_KEY` is refused. Its key policy must let
    `dsql.amazonaws.com` use it."""

    peer_region: str
    """Region of a second, peered cluster. Default: none, a single-Region cluster. Requires
    `witness_region`."""

    witness_region: str
    """Witness Region shared by both clusters of a multi-Region pair; it holds no endpoint. Only
    with `peer_region`, and different from both cluster Regions. Default: none."""

    peer_kms_key_arn: pulumi.Input[str]
    """CMK in `peer_region` for the peer cluster (KMS keys are regional). Only with `peer_region`.
    Default: the component creates one in `peer_region` (rotation on, 30-day deletion window,
    key policy for the account and `dsql.amazonaws.com` only)."""

    deletion_protection: bool
    """`deletion_protection_enabled` on every cluster. Default True. `force_destroy` is never
    set."""

    protect_resources: bool
    """Pulumi `protect` on the clusters and on the peer key created here. Default True."""

    application_role_names: list[str]
    """IAM role names to attach the `dsql:DbConnect` policy to. Default []: the policy is created
    but attached to nothing. The admin policy is never attached by this component."""

    enable_vpc_endpoint: bool
    """Create an interface VPC endpoint for PostgreSQL connections to the primary cluster (its
    PrivateLink service `vpcEndpointServiceName`) with private DNS and its own security group.
    Default False: clients reach the public endpoint over TLS with IAM tokens."""

    vpc_id: pulumi.Input[str]
    """VPC of the endpoint. Required with `enable_vpc_endpoint`, refused without it."""

    subnet_ids: list[pulumi.Input[str]]
    """Private subnets for the endpoint's network interfaces. Required (non-empty) with
    `enable_vpc_endpoint`, refused without it."""

    client_security_group_ids: list[pulumi.Input[str]]
    """Security groups allowed to reach the endpoint on 5432. Only with `enable_vpc_endpoint`.
    Default []: the endpoint's group has no ingress, nothing can connect until one is named."""

    tags: dict[str, str]
    """Tags merged onto every taggable child. Default {}."""


def dsql_endpoint(identifier: str, region: str) -> str:
    """Return the PostgreSQL endpoint of a DSQL cluster: `<identifier>.dsql.<region>.on.aws`."""
    return f"{identifier}.dsql.{region}.on.aws"


def validate_dsql_settings(settings: Mapping[str, Any]) -> None:
    """Refuse settings that mean nothing for Aurora DSQL (ACU, auto-pause, readers, proxy,
    backup retention) instead of silently ignoring them.

    `settings` maps stack config keys (`minCapacity`, `readers`, ...) or AuroraPlatformArgs keys
    (`min_capacity_acu`, ...) to values; keys whose value is None are treated as absent.
    """
    for key in settings:
        value = settings[key]
        if key in DSQL_MEANINGLESS_SETTINGS and value is not None:
            raise ValueError(
                f"{key} is not allowed with engine dsql, got {value!r}: "
                f"{DSQL_MEANINGLESS_SETTINGS[key]}; remove {key}"
            )


def _validate_region(key: str, value: object) -> str:
    if not isinstance(value, str) or not _REGION.fullmatch(value):
        raise ValueError(f"{key} must be an AWS Region name such as 'us-east-1', got {value!r}")
    return value


def _validate_kms_key(key: str, value: object, region: str) -> None:
    if value is None:
        raise ValueError(
            f"{key} is required: the ARN of a customer managed KMS key in {region}, got None"
        )
    if not isinstance(value, str):
        return  # an Output wired from another resource: checked by the dsql-cmk policy
    if value == AWS_OWNED_KMS_KEY:
        raise ValueError(
            f"{key} must be a customer managed KMS key ARN, got {value!r}: "
            "the platform does not use AWS owned keys"
        )
    match = _KMS_KEY_ARN.fullmatch(value)
    if match is None:
        raise ValueError(
            f"{key} must be a KMS key ARN 'arn:<partition>:kms:<region>:<account>:key/<id>', "
            f"got {value!r}"
        )
    if match.group(2) != region:
        raise ValueError(
            f"{key} must be a key in {region} (KMS keys are regional), got a key in "
            f"{match.group(2)}: {value!r}"
        )


def _validate_list(key: str, value: object) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise ValueError(f"{key} must be a list, got {value!r}")
    return value


def validate_dsql_cluster_args(args: Mapping[str, Any]) -> None:
    """Validate `DsqlClusterArgs` synchronously; raise ValueError naming the argument."""
    region = _validate_region("region", args.get("region"))
    _validate_kms_key("kms_key_arn", args.get("kms_key_arn"), region)

    peer_region = args.get("peer_region")
    witness_region = args.get("witness_region")
    if peer_region is None:
        if witness_region is not None:
            raise ValueError(
                f"witness_region is only allowed with peer_region, got witness_region "
                f"{witness_region!r} and no peer_region"
            )
        if args.get("peer_kms_key_arn") is not None:
            raise ValueError(
                "peer_kms_key_arn is only allowed with peer_region, got a key and no peer_region"
            )
    else:
        peer = _validate_region("peer_region", peer_region)
        if peer == region:
            raise ValueError(f"peer_region must differ from region {region!r}, got {peer!r}")
        if witness_region is None:
            raise ValueError(
                f"witness_region is required with peer_region {peer!r}: a multi-Region DSQL pair "
                "needs a third Region as witness, got None"
            )
        witness = _validate_region("witness_region", witness_region)
        if witness in (region, peer):
            raise ValueError(
                f"witness_region must differ from region {region!r} and peer_region {peer!r}, "
                f"got {witness!r}"
            )
        peer_key = args.get("peer_kms_key_arn")
        if peer_key is not None:
            _validate_kms_key("peer_kms_key_arn", peer_key, peer)

    for flag in ("deletion_protection", "protect_resources", "enable_vpc_endpoint"):
        flag_value = args.get(flag)
        if flag_value is not None and not isinstance(flag_value, bool):
            raise ValueError(f"{flag} must be true or false, got {flag_value!r}")

    for role in _validate_list("application_role_names", args.get("application_role_names")):
        if not isinstance(role, str) or not _ROLE_NAME.fullmatch(role):
            raise ValueError(
                "application_role_names entries must be IAM role names (1-64 characters of "
                f"letters, digits and +=,.@_-), got {role!r}"
            )

    subnet_ids = _validate_list("subnet_ids", args.get("subnet_ids"))
    client_groups = _validate_list(
        "client_security_group_ids", args.get("client_security_group_ids")
    )
    if args.get("enable_vpc_endpoint", False):
        if args.get("vpc_id") is None:
            raise ValueError("vpc_id is required with enable_vpc_endpoint, got None")
        validate_subnet_ids(subnet_ids)
    else:
        for key, present in (
            ("vpc_id", args.get("vpc_id") is not None),
            ("subnet_ids", bool(subnet_ids)),
            ("client_security_group_ids", bool(client_groups)),
        ):
            if present:
                raise ValueError(
                    f"{key} is only used by the VPC endpoint: set enable_vpc_endpoint to true "
                    f"or remove {key}, got {args.get(key)!r}"
                )

    validate_tags(args.get("tags", {}))


def _connect_policy_document(action: str, arns: Sequence[str]) -> str:
    return policy_json(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Sid": action.split(":")[1],
                    "Effect": "Allow",
                    "Action": action,
                    "Resource": sorted(arns),
                }
            ],
        }
    )


def _peer_key_policy(account: str, partition: str, peer_region: str) -> str:
    """Key policy of the peer-Region CMK: the account (the KMS default) and DSQL on its behalf."""
    clusters = f"arn:{partition}:dsql:{peer_region}:{account}:cluster/*"
    return policy_json(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Sid": "AccountAdministers",
                    "Effect": "Allow",
                    "Principal": {"AWS": f"arn:{partition}:iam::{account}:root"},
                    "Action": "kms:*",
                    "Resource": "*",
                },
                {
                    "Sid": "DsqlUsesKey",
                    "Effect": "Allow",
                    "Principal": {"Service": "dsql.amazonaws.com"},
                    "Action": [
                        "kms:Decrypt",
                        "kms:Encrypt",
                        "kms:GenerateDataKey",
                        "kms:ReEncryptFrom",
                        "kms:ReEncryptTo",
                    ],
                    "Resource": "*",
                    "Condition": {
                        "StringEquals": {"aws:SourceAccount": account},
                        "ArnLike": {"aws:SourceArn": clusters},
                    },
                },
                {
                    "Sid": "DsqlDescribesKey",
                    "Effect": "Allow",
                    "Principal": {"Service": "dsql.amazonaws.com"},
                    "Action": "kms:DescribeKey",
                    "Resource": "*",
                    "Condition": {
                        "StringEquals": {"aws:SourceAccount": account},
                        "ArnLike": {"aws:SourceArn": clusters},
                    },
                },
            ],
        }
    )


class DsqlCluster(pulumi.ComponentResource):
    """An Aurora DSQL cluster (optionally a peered multi-Region pair) with scoped IAM policies."""

    identifier: pulumi.Output[str]
    """Identifier of the primary cluster."""
    arn: pulumi.Output[str]
    """ARN of the primary cluster."""
    endpoint: pulumi.Output[str]
    """PostgreSQL endpoint of the primary cluster, `<identifier>.dsql.<region>.on.aws`."""
    region: pulumi.Output[str]
    """Region of the primary cluster."""
    port: pulumi.Output[int]
    """PostgreSQL port (5432)."""
    database_name: pulumi.Output[str]
    """Database name ("postgres")."""
    peer_identifier: pulumi.Output[str] | None
    """Identifier of the peer cluster; None for a single-Region cluster."""
    peer_arn: pulumi.Output[str] | None
    """ARN of the peer cluster; None for a single-Region cluster."""
    peer_endpoint: pulumi.Output[str] | None
    """Endpoint of the peer cluster; None for a single-Region cluster."""
    peer_kms_key_arn: pulumi.Output[str] | None
    """CMK of the peer cluster (given or created); None for a single-Region cluster."""
    connect_policy_arn: pulumi.Output[str]
    """IAM managed policy granting `dsql:DbConnect` on the cluster ARNs only."""
    admin_policy_arn: pulumi.Output[str]
    """IAM managed policy granting `dsql:DbConnectAdmin` on the cluster ARNs; never attached
    here."""
    vpc_endpoint_id: pulumi.Output[str] | None
    """Interface VPC endpoint id; None without `enable_vpc_endpoint`."""
    endpoint_security_group_id: pulumi.Output[str] | None
    """Security group of the VPC endpoint; None without `enable_vpc_endpoint`."""
    env: pulumi.Output[dict[str, str]]
    """Application environment: DATABASE_HOST, DATABASE_PORT, DATABASE_NAME, DATABASE_SSL,
    DATABASE_AUTH ("iam") and DATABASE_REGION (for the token signer)."""

    def __init__(
        self,
        name: str,
        args: DsqlClusterArgs,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        validate_component_name(name)
        validate_dsql_cluster_args(args)
        super().__init__(type_token("dsql", "DsqlCluster"), name, None, opts)

        self._name = name
        region = args["region"]
        peer_region = args.get("peer_region")
        witness_region = args.get("witness_region")
        tags = merge_tags(args.get("tags"))
        protect = args.get("protect_resources", True)
        deletion_protection = args.get("deletion_protection", True)
        child = child_opts(self)
        protected = child_opts(self, protect=protect)

        multi_region = (
            aws.dsql.ClusterMultiRegionPropertiesArgs(witness_region=witness_region)
            if witness_region is not None
            else None
        )

        # ---- clusters ---------------------------------------------------------------------
        primary = aws.dsql.Cluster(
            child_name(name, "cluster"),
            region=region,
            deletion_protection_enabled=deletion_protection,
            kms_encryption_key=args["kms_key_arn"],
            multi_region_properties=multi_region,
            tags=tags,
            opts=protected,
        )
        cluster_arns: list[pulumi.Output[str]] = [primary.arn]

        self.peer_identifier = None
        self.peer_arn = None
        self.peer_endpoint = None
        self.peer_kms_key_arn = None
        if peer_region is not None and witness_region is not None:
            peer_key_arn: pulumi.Input[str]
            given_peer_key = args.get("peer_kms_key_arn")
            if given_peer_key is not None:
                peer_key_arn = given_peer_key
            else:
                ctx = AccountContext(self)
                peer_key = aws.kms.Key(
                    child_name(name, "peer-key"),
                    region=peer_region,
                    description=f"Encrypts the Aurora DSQL cluster {name} in {peer_region}",
                    enable_key_rotation=True,
                    deletion_window_in_days=KEY_DELETION_WINDOW_DAYS,
                    policy=pulumi.Output.all(ctx.account_id, ctx.partition).apply(
                        lambda v: _peer_key_policy(v[0], v[1], peer_region)
                    ),
                    tags=tags,
                    opts=protected,
                )
                peer_key_arn = peer_key.arn
            peer = aws.dsql.Cluster(
                child_name(name, "peer-cluster"),
                region=peer_region,
                deletion_protection_enabled=deletion_protection,
                kms_encryption_key=peer_key_arn,
                multi_region_properties=aws.dsql.ClusterMultiRegionPropertiesArgs(
                    witness_region=witness_region
                ),
                tags=tags,
                opts=protected,
            )
            aws.dsql.ClusterPeering(
                child_name(name, "peering"),
                region=region,
                identifier=primary.identifier,
                clusters=[peer.arn],
                witness_region=witness_region,
                opts=child,
            )
            aws.dsql.ClusterPeering(
                child_name(name, "peer-peering"),
                region=peer_region,
                identifier=peer.identifier,
                clusters=[primary.arn],
                witness_region=witness_region,
                opts=child,
            )
            cluster_arns.append(peer.arn)
            self.peer_identifier = peer.identifier
            self.peer_arn = peer.arn
            self.peer_endpoint = peer.identifier.apply(lambda i: dsql_endpoint(i, peer_region))
            self.peer_kms_key_arn = pulumi.Output.from_input(peer_key_arn)

        # ---- IAM: connect and admin policies, scoped to the cluster ARNs -------------------
        arns = pulumi.Output.all(*cluster_arns)
        connect_policy = aws.iam.Policy(
            child_name(name, "connect-policy"),
            description=f"dsql:DbConnect on the Aurora DSQL cluster(s) of {name} only",
            policy=arns.apply(lambda a: _connect_policy_document("dsql:DbConnect", a)),
            tags=tags,
            opts=child,
        )
        admin_policy = aws.iam.Policy(
            child_name(name, "admin-policy"),
            description=(
                f"dsql:DbConnectAdmin on the Aurora DSQL cluster(s) of {name} only; "
                "for operators, never for application roles"
            ),
            policy=arns.apply(lambda a: _connect_policy_document("dsql:DbConnectAdmin", a)),
            tags=tags,
            opts=child,
        )
        self._connect_policy = connect_policy
        for role_name in args.get("application_role_names") or []:
            self.grant_connect(role_name)

        # ---- optional interface VPC endpoint ----------------------------------------------
        self.vpc_endpoint_id = None
        self.endpoint_security_group_id = None
        if args.get("enable_vpc_endpoint", False):
            client_groups = list(args.get("client_security_group_ids") or [])
            group = aws.ec2.SecurityGroup(
                child_name(name, "endpoint-sg"),
                region=region,
                vpc_id=args["vpc_id"],
                description=f"Aurora DSQL VPC endpoint of {name}: PostgreSQL from named groups",
                ingress=[
                    aws.ec2.SecurityGroupIngressArgs(
                        description="PostgreSQL from an application security group",
                        protocol="tcp",
                        from_port=DSQL_PORT,
                        to_port=DSQL_PORT,
                        security_groups=[group_id],
                    )
                    for group_id in client_groups
                ],
                tags=merge_tags(tags, Name=child_name(name, "endpoint-sg")),
                opts=child,
            )
            vpc_endpoint = aws.ec2.VpcEndpoint(
                child_name(name, "endpoint"),
                region=region,
                vpc_id=args["vpc_id"],
                service_name=primary.vpc_endpoint_service_name,
                vpc_endpoint_type="Interface",
                private_dns_enabled=True,
                subnet_ids=list(args["subnet_ids"]),
                security_group_ids=[group.id],
                tags=merge_tags(tags, Name=child_name(name, "endpoint")),
                opts=child,
            )
            self.vpc_endpoint_id = vpc_endpoint.id
            self.endpoint_security_group_id = group.id

        # ---- outputs ------------------------------------------------------------------------
        self.identifier = primary.identifier
        self.arn = primary.arn
        self.endpoint = primary.identifier.apply(lambda i: dsql_endpoint(i, region))
        self.region = pulumi.Output.from_input(region)
        self.port = pulumi.Output.from_input(DSQL_PORT)
        self.database_name = pulumi.Output.from_input(DSQL_DATABASE_NAME)
        self.connect_policy_arn = connect_policy.arn
        self.admin_policy_arn = admin_policy.arn
        self.env = self.endpoint.apply(
            lambda host: {
                "DATABASE_HOST": host,
                "DATABASE_PORT": str(DSQL_PORT),
                "DATABASE_NAME": DSQL_DATABASE_NAME,
                "DATABASE_SSL": "true",
                "DATABASE_AUTH": "iam",
                "DATABASE_REGION": region,
            }
        )
        self.register_outputs(
            {
                "identifier": self.identifier,
                "arn": self.arn,
                "endpoint": self.endpoint,
                "region": self.region,
                "port": self.port,
                "database_name": self.database_name,
                "peer_identifier": self.peer_identifier,
                "peer_arn": self.peer_arn,
                "peer_endpoint": self.peer_endpoint,
                "peer_kms_key_arn": self.peer_kms_key_arn,
                "connect_policy_arn": self.connect_policy_arn,
                "admin_policy_arn": self.admin_policy_arn,
                "vpc_endpoint_id": self.vpc_endpoint_id,
                "endpoint_security_group_id": self.endpoint_security_group_id,
                "env": self.env,
            }
        )

    def grant_connect(self, role_name: str) -> aws.iam.RolePolicyAttachment:
        """Attach the `dsql:DbConnect` policy to the IAM role `role_name` (a plain role name)."""
        if not isinstance(role_name, str) or not _ROLE_NAME.fullmatch(role_name):
            raise ValueError(
                "role_name must be an IAM role name (1-64 characters of letters, digits and "
                f"+=,.@_-), got {role_name!r}"
            )
        return aws.iam.RolePolicyAttachment(
            child_name(self._name, f"connect-{role_name}"),
            role=role_name,
            policy_arn=self._connect_policy.arn,
            opts=child_opts(self),
        )
