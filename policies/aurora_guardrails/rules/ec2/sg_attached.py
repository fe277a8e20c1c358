"""sg-attached: every security group the program creates is used.

A group is attached when some resource other than a security group names it in a top-level input
(`vpcSecurityGroupIds`, `securityGroupIds`, `securityGroups`, `vpcSecurityGroups`) or inside a
network block: ECS services' `networkConfiguration.securityGroups`, Lambda functions' and EKS
clusters' `vpcConfig.securityGroupIds`, EC2 instances' and launch templates'
`networkInterfaces[].securityGroups`, OpenSearch domains' `vpcOptions.securityGroupIds`, Batch
compute environments' `computeResources.securityGroupIds`. Inside a block the property dependency
on the group (preview) or its id among the block's values (update) counts.
"""

from pulumi_policy import Severity

from aurora_guardrails.base import ADVISORY, GuardrailStackPolicy, Report, StackContext
from aurora_guardrails.stack import StackView
from aurora_guardrails.tokens import SECURITY_GROUP, SG_TYPES

_ATTACH_KEYS = (
    "vpcSecurityGroupIds",
    "securityGroupIds",
    "securityGroups",
    "vpcSecurityGroups",
    "networkConfiguration",
    "vpcConfig",
    "networkInterfaces",
    "vpcOptions",
    "computeResources",
)


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
    "`securityGroupIds`/`securityGroups` or network block (ECS `networkConfiguration`, "
    "`vpcConfig`, `networkInterfaces`, `vpcOptions`, `computeResources`), by property "
    "dependency or id. Advisory.",
    enforcement_level=ADVISORY,
)
