"""iam-no-admin: no policy grants every action on every resource."""

from pulumi_policy import Severity

from aurora_guardrails.base import GuardrailResourcePolicy, Report, ResourceContext
from aurora_guardrails.iamdoc import document_statements, policy_documents
from aurora_guardrails.props import Props
from aurora_guardrails.rules.iam._docs import PERMISSION_TYPES


def _check(props: Props, ctx: ResourceContext, report: Report) -> None:
    for path, document in policy_documents(ctx.args.resource_type, props):
        try:
            statements = document_statements(document, path)
        except ValueError as exc:
            report(f"{exc}.")
            continue
        for index, st in enumerate(statements):
            if st.allows and {"*", "*:*"} & set(st.actions) and "*" in st.resources:
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
