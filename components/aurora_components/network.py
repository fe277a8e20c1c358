"""Network: the private network the database tier lives in, created or adopted.

Create mode builds a VPC (DNS support and hostnames on) with one isolated private subnet per
availability zone (2 or 3), a route table with no route besides the implicit local one (no
internet gateway, no NAT), the VPC's default security group emptied, VPC flow logs into a
CMK-encrypted log group, and the interface endpoints asked for (with their own security
group and private DNS). Adopt mode takes an existing ``vpc_id`` and ``subnet_ids``.

Both modes create the DB subnet group and the database security group: ingress only on the
database port and only from the named client security groups (or explicit CIDR blocks), no
egress rule at all (security groups are stateful, replies are allowed). With a proxy, the
clients reach the proxy security group and only the proxy reaches the database group.
All rules are standalone ``aws.vpc`` rule resources; no group carries inline rules.
"""

from typing import TypedDict

import pulumi
import pulumi_aws as aws

from ._common import (
    AccountContext,
    assume_role_policy,
    child_opts,
    encrypted_log_group,
    invoke_opts,
    merge_tags,
    policy_json,
    service_role,
    type_token,
)
from .cidr import subnet_cidrs
from .naming import child_name, validate_component_name
from .validation import (
    validate_allowed_cidr_blocks,
    validate_interface_endpoints,
    validate_log_retention_days,
    validate_network_mode,
    validate_port,
    validate_subnet_ids,
    validate_tags,
)

__all__ = ["DEFAULT_AZ_COUNT", "DEFAULT_VPC_CIDR", "Network", "NetworkArgs"]

DEFAULT_VPC_CIDR = "10.40.0.0/16"
DEFAULT_AZ_COUNT = 3
_FLOW_LOG_TRAFFIC_TYPES = ("ALL", "REJECT", "ACCEPT")


class NetworkArgs(TypedDict, total=False):
    """Arguments of :class:`Network`. Give ``vpc_id`` and ``subnet_ids`` to adopt, else create."""

    vpc_cidr: str
    """Create mode: VPC CIDR, /16 to /24. Default: "10.40.0.0/16"."""
    az_count: int
    """Create mode: availability zones (one private subnet each), 2 or 3. Default: 3."""
    vpc_id: pulumi.Input[str]
    """Adopt mode: an existing VPC id. Default: unset, a VPC is created."""
    subnet_ids: list[pulumi.Input[str]]
    """Adopt mode: at least 2 private subnets in different AZs. Default: unset (created)."""
    interface_endpoints: list[str]
    """Create mode: interface endpoints by short service name (e.g. "secretsmanager"), with
    private DNS. Default: none; they bill per AZ-hour and the database tier itself needs none
    (RDS and RDS Proxy reach Secrets Manager and KMS on the AWS network). Add
    "secretsmanager" when clients run inside this isolated VPC."""
    port: int
    """Database port opened to clients. Default: 5432."""
    client_security_group_ids: list[pulumi.Input[str]]
    """Security groups allowed to connect on the port. Default: none, nothing can connect."""
    allowed_cidr_blocks: list[str]
    """Explicit IPv4 CIDRs allowed to connect (never 0.0.0.0/0). Default: none."""
    enable_proxy: bool
    """Create the proxy security group (clients -> proxy -> database). Default: False."""
    kms_key_arn: pulumi.Input[str]
    """Create mode: CMK for the flow-log log group. Required when creating."""
    flow_log_retention_days: int
    """Create mode: flow-log retention in days (a CloudWatch Logs value). Default: 365."""
    flow_log_traffic_type: str
    """Create mode: ALL, REJECT or ACCEPT. Default: "ALL"."""
    tags: dict[str, str]
    """Tags merged onto every taggable child. Default: none."""
    database_tier: bool
    """Create the DB subnet group and the database (and proxy) security groups. Default: True.
    False (create mode only, without port clients or proxy) builds only the VPC, subnets, flow
    logs and endpoints: a network shared by several AuroraPlatforms that adopt it and each
    create their own tier; ``security_group_id`` and ``subnet_group_name`` are then ""."""


class Network(pulumi.ComponentResource):
    """VPC and subnets (created or adopted), DB subnet group and security groups."""

    vpc_id: pulumi.Output[str]
    """The VPC id (created or adopted)."""
    subnet_ids: pulumi.Output[list[str]]
    """The database subnets."""
    availability_zones: pulumi.Output[list[str]]
    """Create mode: the AZs of the subnets, in subnet order. Adopt mode: empty."""
    security_group_id: pulumi.Output[str]
    """The database security group."""
    proxy_security_group_id: pulumi.Output[str | None]
    """The proxy security group, None without a proxy."""
    subnet_group_name: pulumi.Output[str]
    """Name of the DB subnet group."""

    def __init__(
        self, name: str, args: NetworkArgs, opts: pulumi.ResourceOptions | None = None
    ) -> None:
        validate_component_name(name)
        adopt = validate_network_mode(
            args.get("vpc_id"), args.get("subnet_ids"), args.get("vpc_cidr"), args.get("az_count")
        )
        if adopt:
            validate_subnet_ids(args.get("subnet_ids"))
        else:
            cidrs = subnet_cidrs(
                args.get("vpc_cidr", DEFAULT_VPC_CIDR), args.get("az_count", DEFAULT_AZ_COUNT)
            )
            if args.get("kms_key_arn") is None:
                raise ValueError(
                    "kms_key_arn is required when creating a network (the flow-log log group "
                    "is encrypted with it), got None"
                )
            validate_log_retention_days(
                args.get("flow_log_retention_days", 365), "flow_log_retention_days"
            )
            traffic = args.get("flow_log_traffic_type", "ALL")
            if traffic not in _FLOW_LOG_TRAFFIC_TYPES:
                raise ValueError(
                    f"flow_log_traffic_type must be one of ALL, REJECT, ACCEPT, got {traffic!r}"
                )
        endpoints = validate_interface_endpoints(args.get("interface_endpoints", []))
        if adopt and endpoints:
            raise ValueError(
                "interface_endpoints are only created with a new network; an adopted VPC "
                f"manages its own endpoints, got {endpoints!r}"
            )
        port = validate_port(args.get("port", 5432))
        cidr_blocks = validate_allowed_cidr_blocks(args.get("allowed_cidr_blocks", []))
        client_groups = list(args.get("client_security_group_ids", []))
        tags = validate_tags(args.get("tags", {}))
        enable_proxy = bool(args.get("enable_proxy", False))
        database_tier = args.get("database_tier", True)
        if not isinstance(database_tier, bool):
            raise ValueError(f"database_tier must be true or false, got {database_tier!r}")
        if not database_tier:
            if adopt:
                raise ValueError(
                    "database_tier=False only applies when creating a network (an adopted "
                    "network without a database tier creates nothing), got vpc_id"
                )
            extras = [
                key
                for key in ("client_security_group_ids", "allowed_cidr_blocks", "enable_proxy")
                if args.get(key)
            ]
            if extras:
                raise ValueError(
                    f"{extras[0]} configures the database tier and needs database_tier=True, "
                    f"got {args.get(extras[0])!r}"
                )

        super().__init__(type_token("network", "Network"), name, None, opts)

        subnet_inputs: list[pulumi.Input[str]]
        if adopt:
            vpc_id: pulumi.Input[str] = args["vpc_id"]
            subnet_inputs = list(args["subnet_ids"])
            self.availability_zones = pulumi.Output.from_input([])
        else:
            vpc_id, subnet_inputs = self._create_network(name, args, cidrs, endpoints, tags)
        self.subnet_id_inputs: list[pulumi.Input[str]] = subnet_inputs
        """The subnet ids one by one, for children that need a Python list (the proxy)."""
        self.vpc_id = pulumi.Output.from_input(vpc_id)
        self.subnet_ids = pulumi.Output.all(*subnet_inputs)
        if database_tier:
            self._create_database_tier(
                name, vpc_id, subnet_inputs, port, client_groups, cidr_blocks, enable_proxy, tags
            )
        else:
            self.security_group_id = pulumi.Output.from_input("")
            self.proxy_security_group_id = pulumi.Output.from_input(None)
            self.subnet_group_name = pulumi.Output.from_input("")
        self.register_outputs(
            {
                "vpc_id": self.vpc_id,
                "subnet_ids": self.subnet_ids,
                "availability_zones": self.availability_zones,
                "security_group_id": self.security_group_id,
                "proxy_security_group_id": self.proxy_security_group_id,
                "subnet_group_name": self.subnet_group_name,
            }
        )

    def _create_database_tier(
        self,
        name: str,
        vpc_id: pulumi.Input[str],
        subnet_inputs: list[pulumi.Input[str]],
        port: int,
        client_groups: list[pulumi.Input[str]],
        cidr_blocks: list[str],
        enable_proxy: bool,
        tags: dict[str, str],
    ) -> None:
        # --- security groups (both modes) -----------------------------------------------
        db_sg = aws.ec2.SecurityGroup(
            child_name(name, "db-sg"),
            vpc_id=vpc_id,
            description=f"Aurora PostgreSQL ({name}): port {port} from named clients only",
            revoke_rules_on_delete=True,
            tags=merge_tags(tags, Name=child_name(name, "db")),
            opts=child_opts(self),
        )
        proxy_sg: aws.ec2.SecurityGroup | None = None
        if enable_proxy:
            proxy_sg = aws.ec2.SecurityGroup(
                child_name(name, "proxy-sg"),
                vpc_id=vpc_id,
                description=f"RDS Proxy ({name}): port {port} from named clients only",
                revoke_rules_on_delete=True,
                tags=merge_tags(tags, Name=child_name(name, "proxy")),
                opts=child_opts(self),
            )
        front = proxy_sg if proxy_sg is not None else db_sg
        front_label = "proxy" if proxy_sg is not None else "database"
        for index, group in enumerate(client_groups, start=1):
            aws.vpc.SecurityGroupIngressRule(
                child_name(name, f"client-sg-{index}"),
                security_group_id=front.id,
                referenced_security_group_id=group,
                ip_protocol="tcp",
                from_port=port,
                to_port=port,
                description=f"PostgreSQL from client security group {index} to the {front_label}",
                tags=merge_tags(tags),
                opts=child_opts(self),
            )
        for index, block in enumerate(cidr_blocks, start=1):
            aws.vpc.SecurityGroupIngressRule(
                child_name(name, f"client-cidr-{index}"),
                security_group_id=front.id,
                cidr_ipv4=block,
                ip_protocol="tcp",
                from_port=port,
                to_port=port,
                description=f"PostgreSQL from {block} to the {front_label}",
                tags=merge_tags(tags),
                opts=child_opts(self),
            )
        if proxy_sg is not None:
            aws.vpc.SecurityGroupIngressRule(
                child_name(name, "db-from-proxy"),
                security_group_id=db_sg.id,
                referenced_security_group_id=proxy_sg.id,
                ip_protocol="tcp",
                from_port=port,
                to_port=port,
                description="PostgreSQL from the RDS Proxy to the database",
                tags=merge_tags(tags),
                opts=child_opts(self),
            )
            aws.vpc.SecurityGroupEgressRule(
                child_name(name, "proxy-to-db"),
                security_group_id=proxy_sg.id,
                referenced_security_group_id=db_sg.id,
                ip_protocol="tcp",
                from_port=port,
                to_port=port,
                description="RDS Proxy to the database on the PostgreSQL port only",
                tags=merge_tags(tags),
                opts=child_opts(self),
            )

        subnet_group = aws.rds.SubnetGroup(
            child_name(name, "subnet-group"),
            name=name,
            description=f"Private subnets of the Aurora cluster ({name})",
            subnet_ids=subnet_inputs,
            tags=merge_tags(tags),
            opts=child_opts(self),
        )

        self.security_group_id = db_sg.id
        self.proxy_security_group_id = (
            proxy_sg.id if proxy_sg is not None else pulumi.Output.from_input(None)
        )
        self.subnet_group_name = subnet_group.name

    def _create_network(
        self,
        name: str,
        args: NetworkArgs,
        cidrs: list[str],
        endpoints: list[str],
        tags: dict[str, str],
    ) -> tuple[pulumi.Output[str], list[pulumi.Input[str]]]:
        vpc_cidr = args.get("vpc_cidr", DEFAULT_VPC_CIDR)
        zones = aws.get_availability_zones_output(state="available", opts=invoke_opts(self))

        def pick(index: int) -> pulumi.Output[str]:
            def choose(names: list[str]) -> str:
                if index >= len(names):
                    raise ValueError(
                        f"az_count must not exceed the {len(names)} available availability "
                        f"zones of the region, got {len(cidrs)}"
                    )
                return names[index]

            return zones.names.apply(choose)

        vpc = aws.ec2.Vpc(
            child_name(name, "vpc"),
            cidr_block=vpc_cidr,
            enable_dns_support=True,
            enable_dns_hostnames=True,
            tags=merge_tags(tags, Name=child_name(name, "vpc")),
            opts=child_opts(self),
        )
        aws.ec2.DefaultSecurityGroup(
            child_name(name, "default-sg"),
            vpc_id=vpc.id,
            ingress=[],
            egress=[],
            revoke_rules_on_delete=True,
            tags=merge_tags(tags, Name=child_name(name, "default-closed")),
            opts=child_opts(self),
        )
        route_table = aws.ec2.RouteTable(
            child_name(name, "private-rt"),
            vpc_id=vpc.id,
            routes=[],
            tags=merge_tags(tags, Name=child_name(name, "private")),
            opts=child_opts(self),
        )
        subnet_ids: list[pulumi.Input[str]] = []
        azs: list[pulumi.Output[str]] = []
        for index, block in enumerate(cidrs):
            az = pick(index)
            subnet = aws.ec2.Subnet(
                child_name(name, f"private-{index + 1}"),
                vpc_id=vpc.id,
                cidr_block=block,
                availability_zone=az,
                map_public_ip_on_launch=False,
                assign_ipv6_address_on_creation=False,
                tags=merge_tags(
                    tags, Name=child_name(name, f"private-{index + 1}"), Tier="private"
                ),
                opts=child_opts(self),
            )
            aws.ec2.RouteTableAssociation(
                child_name(name, f"private-rt-{index + 1}"),
                subnet_id=subnet.id,
                route_table_id=route_table.id,
                opts=child_opts(self),
            )
            subnet_ids.append(subnet.id)
            azs.append(az)
        self.availability_zones = pulumi.Output.all(*azs)

        self._create_flow_logs(name, args, vpc, tags)
        if endpoints:
            self._create_endpoints(name, vpc, vpc_cidr, subnet_ids, endpoints, tags)
        return vpc.id, subnet_ids

    def _create_flow_logs(
        self, name: str, args: NetworkArgs, vpc: aws.ec2.Vpc, tags: dict[str, str]
    ) -> None:
        ctx = AccountContext(self)
        log_group = encrypted_log_group(
            self,
            child_name(name, "flow-logs"),
            name=f"/aws/vpc/flow-logs/{name}",
            retention_in_days=args.get("flow_log_retention_days", 365),
            kms_key_id=args["kms_key_arn"],
            tags=tags,
        )
        role = service_role(
            self,
            child_name(name, "flow-logs-role"),
            description=f"VPC flow logs of {name} into their log group",
            assume_role_policy=ctx.account_id.apply(
                lambda account: assume_role_policy("vpc-flow-logs.amazonaws.com", account)
            ),
            tags=tags,
        )
        role_policy = aws.iam.RolePolicy(
            child_name(name, "flow-logs-policy"),
            role=role.id,
            policy=log_group.arn.apply(
                lambda arn: policy_json(
                    {
                        "Version": "2012-10-17",
                        "Statement": [
                            {
                                "Effect": "Allow",
                                "Action": [
                                    "logs:CreateLogStream",
                                    "logs:PutLogEvents",
                                    "logs:DescribeLogGroups",
                                    "logs:DescribeLogStreams",
                                ],
                                "Resource": [arn, f"{arn}:*"],
                            }
                        ],
                    }
                )
            ),
            opts=child_opts(self),
        )
        aws.ec2.FlowLog(
            child_name(name, "flow-log"),
            vpc_id=vpc.id,
            traffic_type=args.get("flow_log_traffic_type", "ALL"),
            log_destination_type="cloud-watch-logs",
            log_destination=log_group.arn,
            iam_role_arn=role.arn,
            max_aggregation_interval=600,
            tags=merge_tags(tags),
            opts=child_opts(self, depends_on=[role_policy]),
        )

    def _create_endpoints(
        self,
        name: str,
        vpc: aws.ec2.Vpc,
        vpc_cidr: str,
        subnet_ids: list[pulumi.Input[str]],
        endpoints: list[str],
        tags: dict[str, str],
    ) -> None:
        ctx = AccountContext(self)
        endpoint_sg = aws.ec2.SecurityGroup(
            child_name(name, "endpoints-sg"),
            vpc_id=vpc.id,
            description=f"Interface endpoints ({name}): HTTPS from inside the VPC only",
            revoke_rules_on_delete=True,
            tags=merge_tags(tags, Name=child_name(name, "endpoints")),
            opts=child_opts(self),
        )
        aws.vpc.SecurityGroupIngressRule(
            child_name(name, "endpoints-https"),
            security_group_id=endpoint_sg.id,
            cidr_ipv4=vpc_cidr,
            ip_protocol="tcp",
            from_port=443,
            to_port=443,
            description="HTTPS to the interface endpoints from inside the VPC",
            tags=merge_tags(tags),
            opts=child_opts(self),
        )
        for service in endpoints:
            aws.ec2.VpcEndpoint(
                child_name(name, f"{service.replace('.', '-')}-endpoint"),
                vpc_id=vpc.id,
                service_name=pulumi.Output.concat(
                    ctx.reverse_dns_prefix, ".", ctx.region, ".", service
                ),
                vpc_endpoint_type="Interface",
                private_dns_enabled=True,
                subnet_ids=subnet_ids,
                security_group_ids=[endpoint_sg.id],
                tags=merge_tags(tags, Name=child_name(name, service)),
                opts=child_opts(self),
            )
