"""sg-no-mixed-rules: a group's rules are either inline or standalone, never both."""

from pulumi_policy import Severity

from aurora_guardrails.base import GuardrailStackPolicy, Report, StackContext
from aurora_guardrails.links import rules_targeting
from aurora_guardrails.stack import StackView
from aurora_guardrails.tokens import SECURITY_GROUP, SECURITY_GROUP_RULE, VPC_INGRESS_RULE


def _check(ctx: StackContext, report: Report) -> None:
    view = StackView(ctx.args.resources)
    for group in view.of_type(SECURITY_GROUP):
        props = view.props(group)
        if not (props.is_set("ingress") or props.is_set("egress")):
            continue
        standalone = rules_targeting(view, group)
        if standalone:
            names = ", ".join(f'"{r.name}"' for r in standalone)
            report(
                f"the group declares inline rules and standalone rules {names} also target "
                "it; each update would remove one set.",
                group.urn,
            )


POLICY = GuardrailStackPolicy(
    name="sg-no-mixed-rules",
    description="Security groups must not mix inline and standalone rules.",
    resource_types=(SECURITY_GROUP, SECURITY_GROUP_RULE, VPC_INGRESS_RULE),
    check=_check,
    severity=Severity.MEDIUM,
    remediation_steps="Move every rule of the group to standalone SecurityGroupIngressRule / "
    "EgressRule resources (or all inline).",
    anchors=("awsguard security-group-no-rule-management-conflicts",),
    checks="a group with inline `ingress`/`egress` is not the `securityGroupId` of a "
    "standalone rule (property dependency or id).",
)
