"""The links the stack rules follow, named once: instance → cluster, target → cluster, …"""

from __future__ import annotations

from pulumi_policy import PolicyResource

from aurora_guardrails import tokens
from aurora_guardrails.props import is_unknown
from aurora_guardrails.stack import StackView

__all__ = [
    "CLUSTER_KEYS",
    "cluster_instances",
    "cluster_parameter_groups",
    "db_security_groups",
    "db_subnet_holders",
    "internet_gateway_routes",
    "is_postgres",
    "linked_subnets",
    "min_capacity",
    "parameter_value",
    "proxy_clusters",
    "proxy_targets",
    "rules_targeting",
    "secret_rotations",
    "subnet_findings",
    "subnet_zone",
]

CLUSTER_KEYS = ("clusterIdentifier", "id", "arn")
"""Outputs a cluster is referred to by."""


def cluster_instances(view: StackView, cluster: PolicyResource) -> list[PolicyResource]:
    """The `ClusterInstance`s whose `clusterIdentifier` is `cluster`."""
    return view.referrers(cluster, (tokens.CLUSTER_INSTANCE,), "clusterIdentifier", CLUSTER_KEYS)


def proxy_targets(view: StackView, cluster: PolicyResource) -> list[PolicyResource]:
    """The `ProxyTarget`s whose `dbClusterIdentifier` is `cluster`."""
    return view.referrers(cluster, (tokens.PROXY_TARGET,), "dbClusterIdentifier", CLUSTER_KEYS)


def proxy_clusters(view: StackView, proxy: PolicyResource) -> list[PolicyResource]:
    """The clusters the `ProxyTarget`s of `proxy` point at."""
    clusters: list[PolicyResource] = []
    targets = view.referrers(proxy, (tokens.PROXY_TARGET,), "dbProxyName", ("name", "id"))
    for target in targets:
        for cluster in view.linked(target, "dbClusterIdentifier", (tokens.CLUSTER,), CLUSTER_KEYS):
            if cluster not in clusters:
                clusters.append(cluster)
    return clusters


def secret_rotations(view: StackView, secret: PolicyResource) -> list[PolicyResource]:
    """The `SecretRotation`s whose `secretId` is `secret`."""
    return view.referrers(secret, (tokens.SECRET_ROTATION,), "secretId", ("id", "arn", "name"))


def rules_targeting(view: StackView, group: PolicyResource) -> list[PolicyResource]:
    """Standalone security group rules whose `securityGroupId` is `group`."""
    types = (tokens.SECURITY_GROUP_RULE, tokens.VPC_INGRESS_RULE, tokens.VPC_EGRESS_RULE)
    return view.referrers(group, types, "securityGroupId", ("id",))


DB_SG_HOLDERS = (
    tokens.CLUSTER,
    tokens.CLUSTER_INSTANCE,
    tokens.RDS_INSTANCE,
    tokens.PROXY,
    tokens.PROXY_ENDPOINT,
)


def db_security_groups(view: StackView) -> list[PolicyResource]:
    """Security groups attached to clusters, instances, proxies and proxy endpoints."""
    groups: list[PolicyResource] = []
    for holder in view.of_type(*DB_SG_HOLDERS):
        for group in view.linked(holder, "vpcSecurityGroupIds", (tokens.SECURITY_GROUP,), ("id",)):
            if group not in groups:
                groups.append(group)
    return groups


def db_subnet_holders(view: StackView) -> list[tuple[PolicyResource, str]]:
    """(resource, subnet key) for DB subnet groups, proxies and proxy endpoints."""
    holders = [(r, "subnetIds") for r in view.of_type(tokens.SUBNET_GROUP)]
    holders += [(r, "vpcSubnetIds") for r in view.of_type(tokens.PROXY, tokens.PROXY_ENDPOINT)]
    return holders


def linked_subnets(view: StackView, holder: PolicyResource, key: str) -> list[PolicyResource]:
    """The `Subnet`s an input (`subnetIds`, `vpcSubnetIds`) refers to."""
    return view.linked(holder, key, (tokens.SUBNET,), ("id",))


def _route_to_igw(view: StackView, route_holder: PolicyResource, gateway: str | None) -> bool:
    if isinstance(gateway, str) and gateway.startswith("igw-"):
        return True
    key = "gatewayId" if route_holder.resource_type == tokens.ROUTE else "routes"
    return any(
        dep.resource_type == tokens.INTERNET_GATEWAY
        for dep in route_holder.property_dependencies.get(key, []) or []
    )


def internet_gateway_routes(view: StackView, subnet: PolicyResource) -> list[PolicyResource]:
    """Route tables / routes sending `0.0.0.0/0` or `::/0` of `subnet`'s route tables to an IGW."""
    found: list[PolicyResource] = []
    associations = view.referrers(subnet, (tokens.ROUTE_TABLE_ASSOCIATION,), "subnetId", ("id",))
    for assoc in associations:
        for table in view.linked(assoc, "routeTableId", (tokens.ROUTE_TABLE,), ("id",)):
            for route in view.props(table).objs("routes"):
                default = (
                    route.raw("cidrBlock") == "0.0.0.0/0" or route.raw("ipv6CidrBlock") == "::/0"
                )
                if default and _route_to_igw(view, table, route.raw("gatewayId")):
                    found.append(table)
                    break
            for route_res in view.referrers(table, (tokens.ROUTE,), "routeTableId", ("id",)):
                rprops = view.props(route_res)
                default = (
                    rprops.raw("destinationCidrBlock") == "0.0.0.0/0"
                    or rprops.raw("destinationIpv6CidrBlock") == "::/0"
                )
                if default and _route_to_igw(view, route_res, rprops.raw("gatewayId")):
                    found.append(route_res)
    return found


def cluster_parameter_groups(view: StackView, cluster: PolicyResource) -> list[PolicyResource]:
    """The `ClusterParameterGroup`s a cluster's `dbClusterParameterGroupName` refers to."""
    return view.linked(
        cluster, "dbClusterParameterGroupName", (tokens.CLUSTER_PARAMETER_GROUP,), ("name", "id")
    )


def parameter_value(view: StackView, group: PolicyResource, name: str) -> str | None:
    """The value a parameter group sets for `name` (numbers without `.0`), `None` if unset."""
    for parameter in view.props(group).objs("parameters"):
        if parameter.str_("name") == name:
            return parameter.str_("value")
    return None


def min_capacity(view: StackView, cluster: PolicyResource) -> float | None:
    """`serverlessv2ScalingConfiguration.minCapacity` of a cluster, `None` when unset."""
    scaling = view.props(cluster).obj("serverlessv2ScalingConfiguration")
    return scaling.num("minCapacity") if scaling is not None else None


def is_postgres(view: StackView, cluster: PolicyResource) -> bool:
    """True for aurora-postgresql clusters."""
    return "postgresql" in (view.props(cluster).str_("engine") or "")


def subnet_zone(view: StackView, subnet: PolicyResource) -> str | None:
    """A subnet's known availability zone (name or id), `None` when unknown or unset."""
    props = view.props(subnet)
    for key in ("availabilityZone", "availabilityZoneId"):
        value = props.raw(key)
        if isinstance(value, str) and value and not is_unknown(value):
            return value
    return None


def subnet_findings(
    view: StackView, holder: PolicyResource, key: str, *, private: bool, zones: bool
) -> list[str]:
    """Problems with the subnets in `holder`'s `key`: count/zones and/or public addressing."""
    problems: list[str] = []
    subnets = linked_subnets(view, holder, key)
    listed = view.props(holder).list_(key) or subnets
    if zones:
        if len(listed) < 2:
            problems.append(f"{key} lists {len(listed)} subnet(s), expected at least 2.")
        else:
            known = [subnet_zone(view, s) for s in subnets]
            if len(subnets) >= len(listed) and all(known) and len(set(known)) < 2:
                problems.append(
                    f"{key} subnets are all in availability zone {known[0]}, "
                    "expected at least 2 zones."
                )
    if private:
        for subnet in subnets:
            sprops = view.props(subnet)
            for flag in ("mapPublicIpOnLaunch", "assignIpv6AddressOnCreation"):
                if sprops.bool_(flag) is True:
                    problems.append(f'subnet "{subnet.name}" in {key} has {flag} true.')
            for route in internet_gateway_routes(view, subnet):
                problems.append(
                    f'subnet "{subnet.name}" in {key} routes 0.0.0.0/0 to an '
                    f'internet gateway ("{route.name}").'
                )
    return problems
