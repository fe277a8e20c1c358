"""sg-no-world-ingress: no security group admits the whole internet."""

from pulumi_policy import Severity

from aurora_guardrails.base import GuardrailResourcePolicy, Report, ResourceContext
from aurora_guardrails.netrules import sg_rules
from aurora_guardrails.props import Props
from aurora_guardrails.tokens import SG_TYPES


def _check(props: Props, ctx: ResourceContext, report: Report) -> None:
    for rule in sg_rules(ctx.args.resource_type, props):
        if rule.direction == "ingress":
            for cidr in rule.world_cidrs:
                report(f"{rule.label} allows {rule.ports_text()} from {cidr}.")


POLICY = GuardrailResourcePolicy(
    name="sg-no-world-ingress",
    description="Security groups must not allow ingress from 0.0.0.0/0 or ::/0.",
    resource_types=SG_TYPES,
    check=_check,
    severity=Severity.CRITICAL,
    remediation_steps="Admit clients by security group reference (or a narrow CIDR) instead of "
    "the whole internet.",
    anchors=(
        "AwsSolutions-EC23",
        "CKV_AWS_277",
        "CKV_AWS_24",
        "CKV_AWS_25",
        "CKV_AWS_260",
        "vpc-sg-open-only-to-authorized-ports",
        "EC2.18",
    ),
    checks="no `0.0.0.0/0`/`::/0` in `ingress[].cidrBlocks`/`ipv6CidrBlocks`, ingress rule "
    "`cidrBlocks`, `cidrIpv4`/`cidrIpv6`.",
)
