"""sg-no-open-ssh: SSH is not open to the internet."""

from pulumi_policy import Severity

from aurora_guardrails.base import GuardrailResourcePolicy, Report, ResourceContext
from aurora_guardrails.netrules import sg_rules
from aurora_guardrails.props import Props
from aurora_guardrails.tokens import SG_TYPES


def _check(props: Props, ctx: ResourceContext, report: Report) -> None:
    for rule in sg_rules(ctx.args.resource_type, props):
        if rule.direction == "ingress" and rule.covers(22.0):
            for cidr in rule.world_cidrs:
                report(f"{rule.label} opens port 22 to {cidr}.")


POLICY = GuardrailResourcePolicy(
    name="sg-no-open-ssh",
    description="Security groups must not allow SSH from the internet.",
    resource_types=SG_TYPES,
    check=_check,
    severity=Severity.CRITICAL,
    remediation_steps="Use SSM Session Manager or a narrow CIDR instead of 22 from anywhere.",
    anchors=("EC2RestrictedSSH", "CKV_AWS_24", "restricted-ssh"),
    checks="no ingress rule covering port 22 from `0.0.0.0/0`/`::/0`.",
)
