"""sg-default-closed: every VPC's default security group has no rules."""

from pulumi_policy import Severity

from aurora_guardrails.base import GuardrailStackPolicy, Report, StackContext
from aurora_guardrails.stack import StackView
from aurora_guardrails.tokens import DEFAULT_SECURITY_GROUP, VPC


def _check(ctx: StackContext, report: Report) -> None:
    view = StackView(ctx.args.resources)
    for vpc in view.of_type(VPC):
        groups = view.referrers(vpc, (DEFAULT_SECURITY_GROUP,), "vpcId", ("id",))
        if not groups:
            report(
                "the VPC has no aws.ec2.DefaultSecurityGroup, so its default group keeps "
                "AWS's allow-within-group and allow-all-egress rules.",
                vpc.urn,
            )
        for group in groups:
            props = view.props(group)
            if props.is_set("ingress") or props.is_set("egress"):
                report(
                    f'default security group "{group.name}" declares rules, expected none.', vpc.urn
                )


POLICY = GuardrailStackPolicy(
    name="sg-default-closed",
    description="Each VPC's default security group must be managed and closed.",
    resource_types=(VPC, DEFAULT_SECURITY_GROUP),
    check=_check,
    severity=Severity.MEDIUM,
    remediation_steps="Add aws.ec2.DefaultSecurityGroup(vpcId=vpc.id) with no ingress or egress.",
    anchors=(
        "VPCDefaultSecurityGroupClosed",
        "CKV2_AWS_12",
        "vpc-default-security-group-closed",
        "EC2.2",
    ),
    checks="each `Vpc` has a `DefaultSecurityGroup` (`vpcId`) without rules.",
)
