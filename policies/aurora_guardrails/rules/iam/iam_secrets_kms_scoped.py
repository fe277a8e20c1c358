"""iam-secrets-kms-scoped: secret and key permissions name their resources."""

from pulumi_policy import Severity

from aurora_guardrails.base import GuardrailResourcePolicy, Report, ResourceContext
from aurora_guardrails.iamdoc import allow_statements
from aurora_guardrails.props import Props
from aurora_guardrails.rules.iam._docs import PERMISSION_TYPES

ACCOUNT_LEVEL = frozenset(
    {
        "secretsmanager:getrandompassword",
        "secretsmanager:listsecrets",
        "secretsmanager:batchgetsecretvalue",
        "kms:listkeys",
        "kms:listaliases",
        "kms:createkey",
        "kms:generaterandom",
        "kms:describecustomkeystores",
    }
)
"""Actions that only work on Resource "*" (no resource-level permissions)."""


def _check(props: Props, ctx: ResourceContext, report: Report) -> None:
    for path, index, st in allow_statements(ctx.args.resource_type, props, report):
        if "*" not in st.resources:
            continue
        scoped = [
            a
            for a in st.actions
            if a.lower().split(":")[0] in ("secretsmanager", "kms")
            and a.lower() not in ACCOUNT_LEVEL
        ]
        if scoped:
            report(
                f'{path} {st.label(index)} allows {", ".join(scoped)} on "*"; name the '
                "secrets or keys."
            )


POLICY = GuardrailResourcePolicy(
    name="iam-secrets-kms-scoped",
    description="IAM policies must scope Secrets Manager and KMS actions to named resources.",
    resource_types=PERMISSION_TYPES,
    check=_check,
    severity=Severity.HIGH,
    remediation_steps="List the secret ARNs / key ARNs in Resource (add kms:ViaService for "
    "kms:Decrypt through Secrets Manager).",
    anchors=("beyond",),
    checks="no Allow of `secretsmanager:*`/`kms:*` resource-level actions on Resource `*` "
    "(account-level actions such as GetRandomPassword exempt).",
)
