"""AuroraPlatform: the composed database tier an application needs.

Encryption (CMK, or an adopted ``kms_key_arn``) -> Network (created or adopted) -> AuroraCluster
-> DatabaseProxy (optional) -> Alarms. A fleet (several platforms in one stack) shares one key
and one network by giving each platform ``kms_key_arn``, ``vpc_id`` and ``subnet_ids``.
Every argument is validated before the first child is registered. The outputs are what an
application consumes, including ``env``: the variables applications already read,
with credentials by reference (DATABASE_SECRET_ARN), never by value.
"""

from typing import TypedDict

import pulumi

from ._common import type_token
from .alarms import Alarms
from .cidr import subnet_cidrs
from .cluster import AuroraCluster
from .encryption import Encryption
from .naming import child_name
from .network import DEFAULT_AZ_COUNT, DEFAULT_VPC_CIDR, Network
from .proxy import DatabaseProxy
from .validation import (
    validate_alarm_email,
    validate_allowed_cidr_blocks,
    validate_auto_pause,
    validate_backup_retention_days,
    validate_capacity,
    validate_client_pool_size,
    validate_database_name,
    validate_engine_version,
    validate_identifier,
    validate_interface_endpoints,
    validate_log_retention_days,
    validate_master_username,
    validate_monitoring_interval,
    validate_network_mode,
    validate_performance_insights_retention,
    validate_port,
    validate_proxy_capacity,
    validate_reader_count,
    validate_subnet_ids,
    validate_tags,
)

__all__ = ["MAX_PLATFORM_NAME_LENGTH", "AuroraPlatform", "AuroraPlatformArgs"]

# Children are named "<name>-<suffix>" with suffixes of up to 8 characters and must stay
# within the 40-character component-name limit.
MAX_PLATFORM_NAME_LENGTH = 32


class AuroraPlatformArgs(TypedDict, total=False):
    """Arguments of :class:`AuroraPlatform` (the stack's ``__main__.py`` builds exactly this)."""

    engine_version: str
    """Aurora PostgreSQL version "MAJOR.MINOR", e.g. "16.4". Required, no default."""
    min_capacity_acu: float
    """Minimum ACU: 0 (auto-pause; not with a proxy) or 0.5-256 in 0.5 steps. Default: 0.5."""
    max_capacity_acu: float
    """Maximum ACU: 1-256 in 0.5 steps, at least the minimum. Default: 2."""
    seconds_until_auto_pause: int
    """Idle seconds before pausing, 300-86400; only with a minimum of 0. Default: 300 then."""
    reader_count: int
    """Readers besides the writer, 0-15. Default: 0."""
    enable_proxy: bool
    """Put an RDS Proxy in front (TLS and IAM auth required). Default: False."""
    backup_retention_days: int
    """Automated backup retention, 1-35 days. Default: 7."""
    deletion_protection: bool
    """RDS deletion protection on the cluster. Default: True."""
    protect_resources: bool
    """Pulumi ``protect`` on the cluster, its instances and the KMS key. Default: True."""
    vpc_cidr: str
    """Create a network with this CIDR (/16-/24). Default: "10.40.0.0/16" when not adopting."""
    az_count: int
    """Create a network over 2 or 3 AZs. Default: 3 when not adopting."""
    vpc_id: pulumi.Input[str]
    """Adopt this VPC (with subnet_ids; excludes vpc_cidr/az_count). Default: create one."""
    subnet_ids: list[pulumi.Input[str]]
    """Adopt these subnets, at least 2 in different AZs (with vpc_id). Default: create them."""
    interface_endpoints: list[str]
    """Interface endpoints of a created network (e.g. ["secretsmanager"]). Default: none, as
    they bill per AZ-hour and the database tier needs none; not allowed when adopting."""
    client_security_group_ids: list[pulumi.Input[str]]
    """Security groups allowed to connect. Default: none, nothing can connect until named."""
    allowed_cidr_blocks: list[str]
    """Explicit IPv4 CIDRs allowed to connect (never 0.0.0.0/0). Default: none."""
    database_name: str
    """Initial database name, created with the cluster. Default: "app". Later changes are
    ignored (they would replace the cluster); the outputs report the cluster's database."""
    master_username: str
    """Master user; its password is managed by RDS in Secrets Manager. Default: "dbadmin"."""
    port: int
    """Database port. Default: 5432."""
    alarm_email: pulumi.Input[str]
    """E-mail subscribed to the alarm topic. Default: unset, a topic without subscription.
    A plain string is validated; an ``Output`` (a secret from ``Config.get_secret``) is passed
    on as it is, so the subscription's endpoint stays secret."""
    log_retention_days: int
    """Retention of the database, proxy and flow-log log groups. Default: 365."""
    monitoring_interval_seconds: int
    """Enhanced monitoring interval (0, 1, 5, 10, 15, 30, 60). Default: 60."""
    performance_insights_retention_days: int
    """Performance Insights retention (7, 731 or a multiple of 31). Default: 7."""
    client_pool_size: int
    """Application pool size, exported as DATABASE_MAX_CONNECTIONS (1-5000). Default: 10."""
    tags: dict[str, str]
    """Tags merged onto every taggable child. Default: none."""
    kms_key_arn: pulumi.Input[str]
    """Adopt this customer-managed KMS key (e.g. one shared by a fleet of platforms) for
    storage, secret, logs and alarms; its key policy must allow what ``Encryption``'s allows.
    Default: create ``<name>-kms`` (a key and the alias ``alias/<name>``)."""


class AuroraPlatform(pulumi.ComponentResource):
    """Aurora PostgreSQL Serverless v2 behind optional RDS Proxy, secure by default."""

    writer_endpoint: pulumi.Output[str]
    """Cluster (writer) endpoint."""
    reader_endpoint: pulumi.Output[str]
    """Cluster reader endpoint."""
    proxy_endpoint: pulumi.Output[str | None]
    """Proxy read/write endpoint, None without a proxy."""
    proxy_read_only_endpoint: pulumi.Output[str | None]
    """Proxy read-only endpoint, None without a proxy or without readers."""
    port: pulumi.Output[int]
    """Database port."""
    database_name: pulumi.Output[str]
    """Initial database name."""
    secret_arn: pulumi.Output[str]
    """ARN of the RDS-managed master secret (a reference, never the value)."""
    cluster_identifier: pulumi.Output[str]
    """Cluster identifier."""
    cluster_arn: pulumi.Output[str]
    """Cluster ARN."""
    kms_key_arn: pulumi.Output[str]
    """ARN of the CMK."""
    security_group_id: pulumi.Output[str]
    """Database security group."""
    proxy_security_group_id: pulumi.Output[str | None]
    """Proxy security group, None without a proxy."""
    vpc_id: pulumi.Output[str]
    """VPC id."""
    subnet_ids: pulumi.Output[list[str]]
    """Database subnet ids."""
    env: pulumi.Output[dict[str, str]]
    """DATABASE_HOST (the proxy when there is one), DATABASE_PORT, DATABASE_NAME,
    DATABASE_SSL, DATABASE_MAX_CONNECTIONS and DATABASE_SECRET_ARN."""

    def __init__(
        self, name: str, args: AuroraPlatformArgs, opts: pulumi.ResourceOptions | None = None
    ) -> None:
        # --- validation: everything, before any child ----------------------------------
        validate_identifier("name", name, MAX_PLATFORM_NAME_LENGTH)
        engine_version = args.get("engine_version")
        if engine_version is None:
            raise ValueError('engine_version is required (for example "16.4"), got None')
        validate_engine_version(engine_version)
        min_acu = args.get("min_capacity_acu", 0.5)
        max_acu = args.get("max_capacity_acu", 2.0)
        validate_capacity(min_acu, max_acu, engine_version)
        auto_pause = validate_auto_pause(args.get("seconds_until_auto_pause"), min_acu)
        enable_proxy = args.get("enable_proxy", False)
        if not isinstance(enable_proxy, bool):
            raise ValueError(f"enable_proxy must be true or false, got {enable_proxy!r}")
        validate_proxy_capacity(enable_proxy, min_acu)
        readers = validate_reader_count(args.get("reader_count", 0))
        retention = validate_backup_retention_days(args.get("backup_retention_days", 7))
        adopt = validate_network_mode(
            args.get("vpc_id"), args.get("subnet_ids"), args.get("vpc_cidr"), args.get("az_count")
        )
        endpoints = validate_interface_endpoints(args.get("interface_endpoints", []))
        if adopt:
            validate_subnet_ids(args.get("subnet_ids"))
            if endpoints:
                raise ValueError(
                    "interface_endpoints are only created with a new network; an adopted VPC "
                    f"manages its own endpoints, got {endpoints!r}"
                )
        else:
            subnet_cidrs(
                args.get("vpc_cidr", DEFAULT_VPC_CIDR), args.get("az_count", DEFAULT_AZ_COUNT)
            )
        cidr_blocks = validate_allowed_cidr_blocks(args.get("allowed_cidr_blocks", []))
        database_name = validate_database_name(args.get("database_name", "app"))
        username = validate_master_username(args.get("master_username", "dbadmin"))
        port = validate_port(args.get("port", 5432))
        email_arg = args.get("alarm_email")
        email = (
            email_arg if isinstance(email_arg, pulumi.Output) else validate_alarm_email(email_arg)
        )
        log_retention = validate_log_retention_days(args.get("log_retention_days", 365))
        monitoring = validate_monitoring_interval(args.get("monitoring_interval_seconds", 60))
        pi_retention = validate_performance_insights_retention(
            args.get("performance_insights_retention_days", 7)
        )
        pool_size = validate_client_pool_size(args.get("client_pool_size", 10))
        tags = validate_tags(args.get("tags", {}))
        protect = bool(args.get("protect_resources", True))
        client_groups = list(args.get("client_security_group_ids", []))

        super().__init__(type_token("platform", "AuroraPlatform"), name, None, opts)

        # --- children -------------------------------------------------------------------
        key_arn: pulumi.Input[str]
        adopted_key = args.get("kms_key_arn")
        if adopted_key is not None:
            key_arn = adopted_key
        else:
            key_arn = Encryption(
                child_name(name, "kms"),
                {"alias_name": f"alias/{name}", "protect_resources": protect, "tags": tags},
                opts=pulumi.ResourceOptions(parent=self),
            ).key_arn
        network_args: dict[str, object] = {
            "port": port,
            "client_security_group_ids": client_groups,
            "allowed_cidr_blocks": cidr_blocks,
            "enable_proxy": enable_proxy,
            "tags": tags,
        }
        if adopt:
            network_args.update(vpc_id=args["vpc_id"], subnet_ids=list(args["subnet_ids"]))
        else:
            network_args.update(
                vpc_cidr=args.get("vpc_cidr", DEFAULT_VPC_CIDR),
                az_count=args.get("az_count", DEFAULT_AZ_COUNT),
                interface_endpoints=endpoints,
                kms_key_arn=key_arn,
                flow_log_retention_days=log_retention,
            )
        network = Network(
            child_name(name, "network"),
            network_args,  # type: ignore[arg-type]
            opts=pulumi.ResourceOptions(parent=self),
        )
        cluster = AuroraCluster(
            child_name(name, "aurora"),
            {
                "engine_version": engine_version,
                "cluster_identifier": name,
                "min_capacity_acu": min_acu,
                "max_capacity_acu": max_acu,
                **({"seconds_until_auto_pause": auto_pause} if auto_pause is not None else {}),
                "reader_count": readers,
                "backup_retention_days": retention,
                "deletion_protection": bool(args.get("deletion_protection", True)),
                "protect_resources": protect,
                "database_name": database_name,
                "master_username": username,
                "port": port,
                "kms_key_arn": key_arn,
                "subnet_group_name": network.subnet_group_name,
                "security_group_ids": [network.security_group_id],
                "log_retention_days": log_retention,
                "monitoring_interval_seconds": monitoring,
                "performance_insights_retention_days": pi_retention,
                "tags": tags,
            },
            opts=pulumi.ResourceOptions(parent=self),
        )
        proxy: DatabaseProxy | None = None
        if enable_proxy:
            proxy = DatabaseProxy(
                child_name(name, "proxy"),
                {
                    "cluster_identifier": cluster.cluster_identifier,
                    "secret_arn": cluster.secret_arn,
                    "kms_key_arn": key_arn,
                    "subnet_ids": network.subnet_id_inputs,
                    "security_group_ids": [network.proxy_security_group_id.apply(_require_str)],
                    "cluster_instances": cluster.instances,
                    "enable_read_only_endpoint": readers > 0,
                    "log_retention_days": log_retention,
                    "tags": tags,
                },
                opts=pulumi.ResourceOptions(parent=self),
            )
        Alarms(
            child_name(name, "alarms"),
            {
                "cluster_identifier": cluster.cluster_identifier,
                "kms_key_arn": key_arn,
                "min_capacity_acu": min_acu,
                "max_capacity_acu": max_acu,
                "cluster_log_group_name": cluster.log_group_name,
                **({"proxy_name": proxy.proxy_name} if proxy is not None else {}),
                **({"alarm_email": email} if email is not None else {}),
                "tags": tags,
            },
            opts=pulumi.ResourceOptions(parent=self),
        )

        # --- outputs --------------------------------------------------------------------
        none: pulumi.Output[str | None] = pulumi.Output.from_input(None)
        self.writer_endpoint = cluster.endpoint
        self.reader_endpoint = cluster.reader_endpoint
        self.proxy_endpoint = proxy.endpoint if proxy is not None else none
        self.proxy_read_only_endpoint = proxy.read_only_endpoint if proxy is not None else none
        self.port = pulumi.Output.from_input(port)
        self.database_name = cluster.database_name
        self.secret_arn = cluster.secret_arn
        self.cluster_identifier = cluster.cluster_identifier
        self.cluster_arn = cluster.arn
        self.kms_key_arn = pulumi.Output.from_input(key_arn)
        self.security_group_id = network.security_group_id
        self.proxy_security_group_id = network.proxy_security_group_id
        self.vpc_id = network.vpc_id
        self.subnet_ids = network.subnet_ids
        host = proxy.endpoint if proxy is not None else cluster.endpoint
        self.env = pulumi.Output.all(host, cluster.secret_arn, cluster.database_name).apply(
            lambda values: {
                "DATABASE_HOST": values[0],
                "DATABASE_PORT": str(port),
                "DATABASE_NAME": values[2],
                "DATABASE_SSL": "true",
                "DATABASE_MAX_CONNECTIONS": str(pool_size),
                "DATABASE_SECRET_ARN": values[1],
            }
        )
        self.register_outputs(
            {
                "writer_endpoint": self.writer_endpoint,
                "reader_endpoint": self.reader_endpoint,
                "proxy_endpoint": self.proxy_endpoint,
                "proxy_read_only_endpoint": self.proxy_read_only_endpoint,
                "port": self.port,
                "database_name": self.database_name,
                "secret_arn": self.secret_arn,
                "cluster_identifier": self.cluster_identifier,
                "cluster_arn": self.cluster_arn,
                "kms_key_arn": self.kms_key_arn,
                "security_group_id": self.security_group_id,
                "proxy_security_group_id": self.proxy_security_group_id,
                "vpc_id": self.vpc_id,
                "subnet_ids": self.subnet_ids,
                "env": self.env,
            }
        )


def _require_str(value: str | None) -> str:
    if value is None:
        raise ValueError("the network returned no proxy security group although a proxy is on")
    return value
