"""no-default-vpc: the program does not adopt the default VPC."""

from pulumi_policy import Severity

from aurora_guardrails.base import GuardrailResourcePolicy, Report, ResourceContext
from aurora_guardrails.props import Props
from aurora_guardrails.tokens import DEFAULT_VPC


def _check(props: Props, ctx: ResourceContext, report: Report) -> None:
    report("aws.ec2.DefaultVpc manages the default VPC (public subnets); use a dedicated VPC.")


POLICY = GuardrailResourcePolicy(
    name="no-default-vpc",
    description="Programs must not use the default VPC.",
    resource_types=(DEFAULT_VPC,),
    check=_check,
    severity=Severity.MEDIUM,
    remediation_steps="Create a VPC with private subnets, or adopt an existing non-default VPC.",
    anchors=("CKV_AWS_148",),
    checks="no `aws:ec2/defaultVpc:DefaultVpc` resource.",
)
