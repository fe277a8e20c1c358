"""db-subnet-group-set: a database names its DB subnet group."""

from pulumi_policy import Severity

from aurora_guardrails.base import GuardrailResourcePolicy, Report, ResourceContext
from aurora_guardrails.engines import DB_TYPES, kind_of
from aurora_guardrails.props import Props


def _check(props: Props, ctx: ResourceContext, report: Report) -> None:
    if props.is_set("replicateSourceDb"):
        return  # a same-Region read replica uses its source's subnet group.
    if not props.is_set("dbSubnetGroupName"):
        report(
            f"dbSubnetGroupName is unset, so the {kind_of(ctx.args.resource_type).label} is "
            "placed in the default VPC's default subnets, which are public; create an "
            "aws.rds.SubnetGroup of private subnets and pass its name."
        )


POLICY = GuardrailResourcePolicy(
    name="db-subnet-group-set",
    description="Aurora clusters and RDS instances must name a DB subnet group.",
    resource_types=DB_TYPES,
    check=_check,
    severity=Severity.HIGH,
    remediation_steps="Create an aws.rds.SubnetGroup over private subnets in at least two "
    "availability zones and set dbSubnetGroupName (changing it replaces the database).",
    anchors=("beyond",),
    checks="`dbSubnetGroupName` set (computed counts as set); same-Region read replicas skipped.",
)
