"""sg-descriptions: groups and rules say why they exist."""

from pulumi_policy import Severity

from aurora_guardrails.base import ADVISORY, GuardrailResourcePolicy, Report, ResourceContext
from aurora_guardrails.netrules import sg_rules
from aurora_guardrails.props import Props, show
from aurora_guardrails.tokens import SECURITY_GROUP, SG_TYPES

PROVIDER_DESCRIPTION = "Managed by Pulumi"
"""What pulumi-aws fills in for an unset group description (`SecurityGroupArgs.description`)."""


def _check(props: Props, ctx: ResourceContext, report: Report) -> None:
    described = props.is_set("description") and props.raw("description") != PROVIDER_DESCRIPTION
    if ctx.args.resource_type == SECURITY_GROUP and not described:
        report(
            f"description is unset or {show(PROVIDER_DESCRIPTION)} (the provider's default); "
            "say why the group exists."
        )
    for rule in sg_rules(ctx.args.resource_type, props):
        if not rule.description:
            report(f"{rule.label} has no description.")


POLICY = GuardrailResourcePolicy(
    name="sg-descriptions",
    description="Security groups and their rules should have descriptions.",
    resource_types=SG_TYPES,
    check=_check,
    severity=Severity.LOW,
    remediation_steps="Describe each group and rule (who connects, and why).",
    anchors=("AwsSolutions-EC27", "CKV_AWS_23"),
    checks=(
        '`description` on groups (not the provider\'s default "Managed by Pulumi") and on '
        "every inline or standalone rule."
    ),
    enforcement_level=ADVISORY,
)
