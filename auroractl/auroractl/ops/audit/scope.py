"""Which resources of a default VPC the audit judges: only those a database uses.

Every Region of every account has a default VPC with public subnets and an allow-all default
security group. Judged on their own they make an otherwise empty account fail the audit; they
matter only when a database sits in them. So resources whose `vpcId` is a default VPC are kept
only when a cluster, instance or proxy uses them: security groups in its `vpcSecurityGroupIds`,
subnets of its DB subnet group (or a proxy's `vpcSubnetIds`), the subnet groups themselves, and
the route tables associated with kept subnets.
"""

from __future__ import annotations

from collections.abc import Iterable

from auroractl.ops.audit import convert
from auroractl.ops.audit.convert import LiveResource

__all__ = ["used_by_databases"]

_DATABASES = (convert.CLUSTER, convert.DB_INSTANCE, convert.CLUSTER_INSTANCE, convert.PROXY)
_GROUPS = (convert.SECURITY_GROUP, convert.DEFAULT_SECURITY_GROUP)


def _strings(value: object) -> set[str]:
    if isinstance(value, str):
        return {value}
    if isinstance(value, list):
        return {v for v in value if isinstance(v, str)}
    return set()


def used_by_databases(
    resources: Iterable[LiveResource], default_vpcs: set[str]
) -> list[LiveResource]:
    """`resources` without the default-VPC resources no database uses (order kept)."""
    items = list(resources)
    if not default_vpcs:
        return items
    databases = [r for r in items if r.type in _DATABASES]
    groups: set[str] = set()
    group_names: set[str] = set()
    subnets: set[str] = set()
    for db in databases:
        groups |= _strings(db.props.get("vpcSecurityGroupIds"))
        group_names |= _strings(db.props.get("dbSubnetGroupName"))
        subnets |= _strings(db.props.get("vpcSubnetIds"))
    for group in (r for r in items if r.type == convert.SUBNET_GROUP):
        if group.props.get("name") in group_names:
            subnets |= _strings(group.props.get("subnetIds"))
    subnet_vpcs = {
        r.props.get("id"): r.props.get("vpcId") for r in items if r.type == convert.SUBNET
    }
    tables = {
        r.props.get("routeTableId")
        for r in items
        if r.type == convert.ROUTE_TABLE_ASSOCIATION and r.props.get("subnetId") in subnets
    }

    def in_default(resource: LiveResource) -> bool:
        vpc = resource.props.get("vpcId")
        if resource.type == convert.SUBNET_GROUP:
            ids = _strings(resource.props.get("subnetIds"))
            return bool(ids) and all(subnet_vpcs.get(s) in default_vpcs for s in ids)
        if resource.type == convert.ROUTE_TABLE_ASSOCIATION:
            return subnet_vpcs.get(resource.props.get("subnetId")) in default_vpcs
        return isinstance(vpc, str) and vpc in default_vpcs

    def used(resource: LiveResource) -> bool:
        rid = resource.props.get("id")
        if resource.type in _GROUPS:
            return rid in groups
        if resource.type == convert.SUBNET:
            return rid in subnets
        if resource.type == convert.SUBNET_GROUP:
            return resource.props.get("name") in group_names
        if resource.type == convert.ROUTE_TABLE:
            return rid in tables
        if resource.type == convert.ROUTE_TABLE_ASSOCIATION:
            return resource.props.get("subnetId") in subnets
        return True

    return [r for r in items if not in_default(r) or used(r)]
