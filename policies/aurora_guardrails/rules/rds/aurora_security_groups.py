"""aurora-security-groups: the cluster has its own security groups."""

from pulumi_policy import Severity

from aurora_guardrails.base import GuardrailResourcePolicy, Report, ResourceContext
from aurora_guardrails.props import Props
from aurora_guardrails.tokens import CLUSTER


def _check(props: Props, ctx: ResourceContext, report: Report) -> None:
    if not props.is_set("vpcSecurityGroupIds"):
        report(
            "vpcSecurityGroupIds is unset, so the cluster gets the VPC's default security "
            "group; attach a dedicated group."
        )


POLICY = GuardrailResourcePolicy(
    name="aurora-security-groups",
    description="Aurora clusters must name their VPC security groups.",
    resource_types=(CLUSTER,),
    check=_check,
    severity=Severity.HIGH,
    remediation_steps="Create a dedicated security group and pass it in vpcSecurityGroupIds.",
    anchors=("beyond",),
    checks="`vpcSecurityGroupIds` non-empty.",
)
