"""aurora-security-groups: the database (cluster or RDS instance) has its own security groups."""

from pulumi_policy import Severity

from aurora_guardrails.base import GuardrailResourcePolicy, Report, ResourceContext
from aurora_guardrails.engines import DB_TYPES, kind_of
from aurora_guardrails.props import Props


def _check(props: Props, ctx: ResourceContext, report: Report) -> None:
    if not props.is_set("vpcSecurityGroupIds"):
        report(
            f"vpcSecurityGroupIds is unset, so the {kind_of(ctx.args.resource_type).label} "
            "gets the VPC's default security group; attach a dedicated group."
        )


POLICY = GuardrailResourcePolicy(
    name="aurora-security-groups",
    description="Aurora clusters and RDS instances must name their VPC security groups.",
    resource_types=DB_TYPES,
    check=_check,
    severity=Severity.HIGH,
    remediation_steps="Create a dedicated security group and pass it in vpcSecurityGroupIds.",
    anchors=("beyond",),
    checks="`vpcSecurityGroupIds` non-empty.",
)
