"""DatabaseProxy: RDS Proxy in front of an Aurora PostgreSQL cluster.

TLS required, client IAM authentication REQUIRED, debug logging off (it records SQL text),
subnets in at least 2 AZs, its own log group on the CMK, and a least-privilege role: it may
read the cluster's master secret and nothing else, and decrypt with the CMK only through
Secrets Manager. The target is registered only after every instance exists (registration
fails while an instance is still being created); a read-only endpoint is added for readers.
"""

from typing import Any, TypedDict

import pulumi
import pulumi_aws as aws

from ._common import (
    AccountContext,
    assume_role_policy,
    child_opts,
    encrypted_log_group,
    merge_tags,
    policy_json,
    service_role,
    type_token,
)
from .naming import child_name, proxy_log_group_name, validate_component_name
from .validation import (
    validate_int_range,
    validate_log_retention_days,
    validate_tags,
)

__all__ = ["DatabaseProxy", "DatabaseProxyArgs", "proxy_role_policy_document"]

_MAX_PROXY_NAME = 60


class DatabaseProxyArgs(TypedDict, total=False):
    """Arguments of :class:`DatabaseProxy`."""

    cluster_identifier: pulumi.Input[str]
    """Identifier of the target cluster. Required."""
    secret_arn: pulumi.Input[str]
    """ARN of the secret the proxy logs in with (the RDS-managed master secret). Required."""
    kms_key_arn: pulumi.Input[str]
    """CMK of that secret, also used for the proxy log group. Required."""
    subnet_ids: list[pulumi.Input[str]]
    """Subnets in at least 2 AZs (the DB subnets). Required, at least 2."""
    security_group_ids: list[pulumi.Input[str]]
    """Security groups of the proxy. Required, at least one."""
    cluster_instances: list[aws.rds.ClusterInstance]
    """Every instance of the cluster; the target waits for all of them. Default: none."""
    enable_read_only_endpoint: bool
    """Add a READ_ONLY proxy endpoint for the readers. Default: False."""
    max_connections_percent: int
    """Pool size as a percentage of the database's max_connections, 1-100. Default: 90."""
    max_idle_connections_percent: int
    """Idle connections kept, 0 up to max_connections_percent. Default: 50."""
    connection_borrow_timeout_seconds: int
    """Wait for a pooled connection, 0-3600 s. Default: 120."""
    idle_client_timeout_seconds: int
    """Idle client connections are closed after this, 1-28800 s. Default: 1800."""
    log_retention_days: int
    """Retention of the proxy log group (a CloudWatch Logs value). Default: 365."""
    tags: dict[str, str]
    """Tags merged onto every taggable child. Default: none."""


def proxy_role_policy_document(secret_arn: str, key_arn: str, region: str) -> dict[str, Any]:
    """The proxy role's only permissions: this secret, this key via Secrets Manager."""
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "ReadTheClusterSecret",
                "Effect": "Allow",
                "Action": "secretsmanager:GetSecretValue",
                "Resource": secret_arn,
            },
            {
                "Sid": "DecryptTheSecretThroughSecretsManager",
                "Effect": "Allow",
                "Action": "kms:Decrypt",
                "Resource": key_arn,
                "Condition": {
                    "StringEquals": {"kms:ViaService": f"secretsmanager.{region}.amazonaws.com"}
                },
            },
        ],
    }


class DatabaseProxy(pulumi.ComponentResource):
    """RDS Proxy with its role, log group, target group, target and read-only endpoint."""

    endpoint: pulumi.Output[str]
    """Read/write proxy endpoint (routes to the writer)."""
    read_only_endpoint: pulumi.Output[str | None]
    """Read-only proxy endpoint, None without one."""
    proxy_name: pulumi.Output[str]
    """Name of the proxy (the ProxyName metric dimension)."""
    arn: pulumi.Output[str]
    """Proxy ARN."""
    role_arn: pulumi.Output[str]
    """ARN of the proxy's role."""

    def __init__(
        self, name: str, args: DatabaseProxyArgs, opts: pulumi.ResourceOptions | None = None
    ) -> None:
        validate_component_name(name)
        for required in ("cluster_identifier", "secret_arn", "kms_key_arn"):
            if args.get(required) is None:
                raise ValueError(f"{required} is required, got None")
        subnets = args.get("subnet_ids")
        if not isinstance(subnets, list) or len(subnets) < 2:
            raise ValueError(
                "subnet_ids must list at least 2 subnets in different availability zones, "
                f"got {subnets!r}"
            )
        groups = args.get("security_group_ids")
        if not groups:
            raise ValueError(f"security_group_ids must name at least one group, got {groups!r}")
        max_pct = validate_int_range(
            "max_connections_percent", args.get("max_connections_percent", 90), 1, 100
        )
        idle_pct = validate_int_range(
            "max_idle_connections_percent", args.get("max_idle_connections_percent", 50), 0, max_pct
        )
        borrow = validate_int_range(
            "connection_borrow_timeout_seconds",
            args.get("connection_borrow_timeout_seconds", 120),
            0,
            3600,
        )
        idle_client = validate_int_range(
            "idle_client_timeout_seconds", args.get("idle_client_timeout_seconds", 1800), 1, 28800
        )
        retention = validate_log_retention_days(args.get("log_retention_days", 365))
        tags = validate_tags(args.get("tags", {}))
        instances = list(args.get("cluster_instances", []))

        super().__init__(type_token("proxy", "DatabaseProxy"), name, None, opts)

        ctx = AccountContext(self)
        secret_arn = pulumi.Output.from_input(args["secret_arn"])
        key_arn = pulumi.Output.from_input(args["kms_key_arn"])

        log_group = encrypted_log_group(
            self,
            child_name(name, "logs"),
            name=proxy_log_group_name(name),
            retention_in_days=retention,
            kms_key_id=key_arn,
            tags=tags,
        )
        role = service_role(
            self,
            child_name(name, "role"),
            description=f"RDS Proxy {name}: read the cluster secret only",
            assume_role_policy=assume_role_policy("rds.amazonaws.com"),
            tags=tags,
        )
        role_policy = aws.iam.RolePolicy(
            child_name(name, "role-policy"),
            role=role.id,
            policy=pulumi.Output.all(secret_arn, key_arn, ctx.region).apply(
                lambda v: policy_json(proxy_role_policy_document(v[0], v[1], v[2]))
            ),
            opts=child_opts(self),
        )
        proxy = aws.rds.Proxy(
            child_name(name, "proxy"),
            name=name,
            engine_family="POSTGRESQL",
            require_tls=True,
            debug_logging=False,
            idle_client_timeout=idle_client,
            role_arn=role.arn,
            vpc_subnet_ids=subnets,
            vpc_security_group_ids=list(groups),
            auths=[
                aws.rds.ProxyAuthArgs(
                    auth_scheme="SECRETS",
                    secret_arn=secret_arn,
                    iam_auth="REQUIRED",
                    client_password_auth_type="POSTGRES_SCRAM_SHA_256",
                    description="RDS-managed master secret; clients authenticate with IAM",
                )
            ],
            tags=merge_tags(tags),
            opts=child_opts(self, depends_on=[log_group, role_policy]),
        )
        target_group = aws.rds.ProxyDefaultTargetGroup(
            child_name(name, "target-group"),
            db_proxy_name=proxy.name,
            connection_pool_config=aws.rds.ProxyDefaultTargetGroupConnectionPoolConfigArgs(
                max_connections_percent=max_pct,
                max_idle_connections_percent=idle_pct,
                connection_borrow_timeout=borrow,
            ),
            opts=child_opts(self),
        )
        aws.rds.ProxyTarget(
            child_name(name, "target"),
            db_proxy_name=proxy.name,
            target_group_name=target_group.name,
            db_cluster_identifier=args["cluster_identifier"],
            opts=child_opts(self, depends_on=list(instances) or None),
        )
        read_only: aws.rds.ProxyEndpoint | None = None
        if args.get("enable_read_only_endpoint", False):
            read_only = aws.rds.ProxyEndpoint(
                child_name(name, "read-only"),
                db_proxy_name=proxy.name,
                db_proxy_endpoint_name=child_name(name, "ro"),
                target_role="READ_ONLY",
                vpc_subnet_ids=subnets,
                vpc_security_group_ids=list(groups),
                tags=merge_tags(tags),
                opts=child_opts(self),
            )

        self.endpoint = proxy.endpoint
        self.read_only_endpoint = (
            read_only.endpoint if read_only is not None else pulumi.Output.from_input(None)
        )
        self.proxy_name = proxy.name
        self.arn = proxy.arn
        self.role_arn = role.arn
        self.register_outputs(
            {
                "endpoint": self.endpoint,
                "read_only_endpoint": self.read_only_endpoint,
                "proxy_name": self.proxy_name,
                "arn": self.arn,
                "role_arn": self.role_arn,
            }
        )
