"""iam-no-admin: no policy grants every action on every resource."""

from pulumi_policy import Severity

from aurora_guardrails.base import GuardrailResourcePolicy, Report, ResourceContext
from aurora_guardrails.iamdoc import allow_statements
from aurora_guardrails.props import Props
from aurora_guardrails.rules.iam._docs import PERMISSION_TYPES


def _check(props: Props, ctx: ResourceContext, report: Report) -> None:
    for path, index, st in allow_statements(ctx.args.resource_type, props, report):
        if {"*", "*:*"} & set(st.actions) and "*" in st.resources:
            report(f'{path} {st.label(index)} allows "*" on "*".')


POLICY = GuardrailResourcePolicy(
    name="iam-no-admin",
    description="IAM policies must not grant full administrative access.",
    resource_types=PERMISSION_TYPES,
    check=_check,
    severity=Severity.CRITICAL,
    remediation_steps="Grant only the actions and resources the principal needs.",
    anchors=("iam-policy-no-statements-with-admin-access", "AwsSolutions-IAM5", "CKV_AWS_355"),
    checks="no Allow statement with Action `*` and Resource `*` (roles' inline policies, role, "
    "user, group and managed policies).",
)
