"""sg-attached: every security group the program creates is used."""

from pulumi_policy import Severity

from aurora_guardrails.base import ADVISORY, GuardrailStackPolicy, Report, StackContext
from aurora_guardrails.stack import StackView
from aurora_guardrails.tokens import SECURITY_GROUP, SG_TYPES

_ATTACH_KEYS = ("vpcSecurityGroupIds", "securityGroupIds", "securityGroups", "vpcSecurityGroups")


def _check(ctx: StackContext, report: Report) -> None:
    view = StackView(ctx.args.resources)
    for group in view.of_type(SECURITY_GROUP):
        if not view.referenced_by(group, _ATTACH_KEYS, ("id",), SG_TYPES):
            report("no resource in the stack attaches this security group.", group.urn)


POLICY = GuardrailStackPolicy(
    name="sg-attached",
    description="Security groups should be attached to a resource.",
    resource_types=(SECURITY_GROUP,),
    check=_check,
    severity=Severity.LOW,
    remediation_steps="Attach the group (vpcSecurityGroupIds / securityGroupIds) or delete it. "
    "Client groups meant for other stacks can be exempted by setting this policy to disabled.",
    anchors=("CKV2_AWS_5", "ec2-security-group-attached-to-eni"),
    checks="each `SecurityGroup` appears in some resource's `vpcSecurityGroupIds`/"
    "`securityGroupIds`/`securityGroups` (property dependency or id). Advisory.",
    enforcement_level=ADVISORY,
)
