"""iam-proxy-role-scoped: the proxy role trusts RDS and reads only its own secrets."""

from pulumi_policy import Severity

from aurora_guardrails.base import GuardrailStackPolicy, Report, StackContext
from aurora_guardrails.iamdoc import action_matches, document_statements
from aurora_guardrails.rules.iam._docs import proxy_role, role_documents
from aurora_guardrails.stack import StackView, known_strings
from aurora_guardrails.tokens import IAM_ROLE, PROXY


def _check(ctx: StackContext, report: Report) -> None:
    view = StackView(ctx.args.resources)
    for proxy in view.of_type(PROXY):
        auths = view.props(proxy).objs("auths")
        secret_arns = {a for auth in auths for a in known_strings(auth.raw("secretArn"))}
        for role in proxy_role(view, proxy):
            trust = document_statements(
                view.props(role).raw("assumeRolePolicy"), "assumeRolePolicy"
            )
            services = [p for st in trust if st.allows for p in st.principals]
            if "rds.amazonaws.com" not in services:
                report(f'role "{role.name}" does not trust rds.amazonaws.com.', proxy.urn)
            for label, document in role_documents(view, role):
                for index, st in enumerate(document_statements(document, label)):
                    if not st.allows:
                        continue
                    where = f"{label} {st.label(index)}"
                    if "*" in st.resources:
                        report(f'{where} grants {", ".join(st.actions)} on "*".', proxy.urn)
                        continue
                    if action_matches(st.actions, "secretsmanager:GetSecretValue") and secret_arns:
                        extra = [r for r in st.resources if r not in secret_arns]
                        if extra:
                            report(
                                f"{where} allows GetSecretValue on {', '.join(extra)}, which "
                                "the proxy does not use.",
                                proxy.urn,
                            )
                    if action_matches(st.actions, "kms:Decrypt") and not any(
                        "kms:viaservice" in str(k).lower()
                        for cond in st.condition.values()
                        if isinstance(cond, dict)
                        for k in cond
                    ):
                        report(
                            f"{where} allows kms:Decrypt without a kms:ViaService condition.",
                            proxy.urn,
                        )


POLICY = GuardrailStackPolicy(
    name="iam-proxy-role-scoped",
    description="The RDS Proxy role must trust RDS and read only the proxy's secrets.",
    resource_types=(PROXY, IAM_ROLE),
    check=_check,
    severity=Severity.HIGH,
    remediation_steps="Trust rds.amazonaws.com; allow secretsmanager:GetSecretValue on the "
    "auths[].secretArn values and kms:Decrypt on their keys with kms:ViaService = "
    'secretsmanager.<region>.amazonaws.com; nothing on "*".',
    anchors=("beyond",),
    checks="role behind `roleArn`: trust `rds.amazonaws.com`; `GetSecretValue` only on "
    "`auths[].secretArn`; `kms:Decrypt` with `kms:ViaService`; nothing on `*` (inline, "
    "RolePolicy, attached Policy).",
)
