"""kms-no-public-principal: key policies do not allow everyone."""

from pulumi_policy import Severity

from aurora_guardrails.base import GuardrailResourcePolicy, Report, ResourceContext
from aurora_guardrails.iamdoc import document_statements
from aurora_guardrails.props import Props
from aurora_guardrails.tokens import KMS_KEYS


def _check(props: Props, ctx: ResourceContext, report: Report) -> None:
    if not props.is_set("policy"):
        return  # kms-policy-explicit reports a missing policy.
    try:
        statements = document_statements(props.raw("policy"))
    except ValueError as exc:
        report(f"{exc}.")
        return
    for index, statement in enumerate(statements):
        if statement.allows and "*" in statement.principals and not statement.condition:
            report(f'{statement.label(index)} allows principal "*" without a Condition.')


POLICY = GuardrailResourcePolicy(
    name="kms-no-public-principal",
    description="KMS key policies must not allow any principal without a condition.",
    resource_types=KMS_KEYS,
    check=_check,
    severity=Severity.CRITICAL,
    remediation_steps="Name the account root or specific roles as principals, or add a "
    "Condition (e.g. aws:PrincipalAccount, kms:ViaService).",
    anchors=("CKV_AWS_33", "KMS.5"),
    checks="`policy`: no Allow statement with principal `*` and no Condition.",
)
